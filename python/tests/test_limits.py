"""Memory limits reach Python (max_kernel_bytes on every class, set_max_call_bytes), and the
STFT-based classes take a window tensor."""

import pytest
import torch

import nnaudio_cpp
from nnaudio_cpp import features


@pytest.mark.parametrize("make", [
    lambda limit: features.STFT(n_fft=4096, trainable=True, max_kernel_bytes=limit),
    lambda limit: features.iSTFT(n_fft=4096, trainable_kernels=True, max_kernel_bytes=limit),
    lambda limit: features.Griffin_Lim(n_fft=1 << 20, max_kernel_bytes=limit),
    lambda limit: features.MelSpectrogram(n_fft=1 << 16, max_kernel_bytes=limit),
    lambda limit: features.MFCC(n_fft=1 << 16, max_kernel_bytes=limit),
    lambda limit: features.Gammatonegram(n_fft=1 << 16, max_kernel_bytes=limit),
    lambda limit: features.CFP(fr=0.05, max_kernel_bytes=limit),
    lambda limit: features.CQT(fmin=16.0, max_kernel_bytes=limit),
    lambda limit: features.CQT1992(fmin=16.0, max_kernel_bytes=limit),
    lambda limit: features.VQT(fmin=16.0, max_kernel_bytes=limit),
    lambda limit: features.iCQT(fmin=16.0, algorithm="1992v2", max_kernel_bytes=limit),
])
def test_every_class_takes_max_kernel_bytes(make):
    with pytest.raises(ValueError, match=r"MiB to build, above max_kernel_bytes = 0\.50 MiB"):
        make(1 << 19)
    make(1 << 30)  # the default ceiling, which these fit


def test_set_max_call_bytes_refuses_a_large_call_before_allocating():
    stft = features.STFT(n_fft=2048, output_format="Magnitude")
    signal = torch.zeros(4, 1_000_000)
    previous = nnaudio_cpp.max_call_bytes()
    nnaudio_cpp.set_max_call_bytes(8 << 20)
    try:
        assert nnaudio_cpp.max_call_bytes() == 8 << 20
        with pytest.raises(ValueError, match=r"STFT: this call would allocate .* above the limit "
                                             r"of 8 MiB .*set_max_call_bytes"):
            stft(signal)
        assert stft(signal[:, :50_000]).shape == (4, 1025, 98)
    finally:
        nnaudio_cpp.set_max_call_bytes(previous)
    with pytest.raises(ValueError, match="must be positive"):
        nnaudio_cpp.set_max_call_bytes(0)


@pytest.mark.parametrize("make", [
    lambda w: features.STFT(n_fft=512, win_length=400, window=w, output_format="Magnitude"),
    lambda w: features.MelSpectrogram(n_fft=512, win_length=400, window=w),
    lambda w: features.Gammatonegram(sr=16000, n_fft=512, win_length=400, window=w),
])
def test_a_window_tensor_is_used_as_given(make):
    torch.manual_seed(0)
    values = torch.rand(400, dtype=torch.float64)
    custom = make(values)
    x = torch.randn(2, 8000)
    # The same transform with a named window and then that buffer replaced by hand.
    reference = make("hann")
    for name, buffer in reference.named_buffers():
        if name.split(".")[-1] == "window":
            buffer.copy_(values)
    torch.testing.assert_close(custom(x), reference(x), rtol=0, atol=0)
    assert not torch.equal(custom(x), make("hann")(x))


def test_a_trainable_window_tensor_stays_a_parameter():
    values = torch.hann_window(256) ** 2
    stft = features.iSTFT(n_fft=256, window=values, trainable_window=True)
    assert isinstance(stft.window, torch.nn.Parameter)
    torch.testing.assert_close(stft.window.detach(), values, check_dtype=False)


@pytest.mark.parametrize("make, message", [
    (lambda: features.STFT(n_fft=512, window=torch.ones(511)),
     "window tensor must be a real floating-point 1-D tensor of win_length=512 values"),
    (lambda: features.STFT(n_fft=512, window=torch.ones(2, 256)), "of shape \\(2, 256\\)"),
    (lambda: features.STFT(n_fft=512, window=torch.ones(512, dtype=torch.int64)), "int64"),
    (lambda: features.CQT(window=torch.ones(512)), "each filter has a window of its own length"),
])
def test_a_wrong_window_tensor_says_what_is_wanted(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("make", [features.CQT2010v2, features.VQT, features.STFT])
def test_a_module_on_the_meta_device_says_so(make):
    module = make().to("meta")
    for x in (torch.zeros(1, 22050), torch.zeros(1, 22050, device="meta")):
        with pytest.raises(ValueError, match="is on the meta device, which holds no values"):
            module(x)
