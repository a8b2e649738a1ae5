"""Invalid arguments and inputs raise ValueError (TypeError for a wrong dtype) carrying the C++
message; nothing crashes."""

import math

import pytest
import torch

from nnaudio_cpp import features


@pytest.mark.parametrize("make, message", [
    (lambda: features.STFT(n_fft=0), "n_fft=0 must be positive"),
    (lambda: features.STFT(n_fft=256, hop_length=0), "hop_length"),
    (lambda: features.STFT(n_fft=256, win_length=512), "win_length"),
    (lambda: features.STFT(window="triangle-ish"), "window"),
    (lambda: features.STFT(window=("kaiser",)), "window"),
    (lambda: features.STFT(pad_mode="circular"), "pad_mode='circular' is not supported"),
    (lambda: features.STFT(freq_scale="mel"), "freq_scale"),
    (lambda: features.STFT(output_format="Complex64"), "output_format='Complex64'"),
    (lambda: features.STFT(n_fft="big"), "n_fft=big is not an integer"),
    (lambda: features.STFT(hop_length=12.5), "hop_length=12.5 is not an integer"),
    (lambda: features.MelSpectrogram(sr=16000, fmax=9000.0), "fmax"),
    (lambda: features.MelSpectrogram(power=-1.0), "power=-1"),
    (lambda: features.MelSpectrogram(norm="area"), "norm='area'"),
    (lambda: features.MFCC(n_mfcc=200), "n_mfcc"),
    (lambda: features.MFCC(amin=0.0), "amin"),
    (lambda: features.MFCC(norm="l2"), "norm='l2'"),
    (lambda: features.iSTFT(freq_scale="log"), "freq_scale"),
    (lambda: features.Griffin_Lim(n_fft=256, momentum=1.5), "momentum"),
    (lambda: features.Gammatonegram(n_bins=0), "n_bins"),
    (lambda: features.CFP(g=[0.24]), "g"),
    (lambda: features.AmplitudeToDB(top_db=-1.0), "top_db"),
])
def test_invalid_options_raise_value_error_with_the_cpp_message(make, message):
    with pytest.raises(ValueError) as error:
        make()
    assert message in str(error.value)


def test_unknown_arguments_raise_type_error():
    with pytest.raises(TypeError):
        features.STFT(n_fft=256, hop=64)
    with pytest.raises(TypeError):
        features.MFCC(n_fft=256, bogus=1)


def test_invalid_inputs_raise_instead_of_crashing():
    stft = features.STFT(n_fft=256, hop_length=64)
    with pytest.raises(ValueError, match="reflect"):
        stft(torch.randn(1, 100))  # shorter than the reflect padding
    with pytest.raises(TypeError, match="floating-point"):
        stft(torch.ones(1, 1000, dtype=torch.int64))
    with pytest.raises(ValueError, match="bins"):
        features.iSTFT(n_fft=256)(torch.randn(1, 100, 10, 2), onesided=True)
    with pytest.raises(ValueError, match="Complex64"):
        stft(torch.randn(1, 1000), output_format="Complex64")
    with pytest.raises(ValueError, match="state tensors"):
        torch.ops.nnaudio.run(stft._engine, "forward", torch.randn(1, 1000), [], None, None,
                              None, None)
    with pytest.raises(ValueError, match="no method"):
        torch.ops.nnaudio.run(stft._engine, "features", torch.randn(1, 1000), stft._state(),
                              None, None, None, None)


def test_nan_in_gives_nan_out():
    x = torch.randn(1, 2000, dtype=torch.float64)
    x[0, 1000] = math.nan
    out = features.MelSpectrogram(sr=16000, n_fft=256, hop_length=64, n_mels=16)(x)
    assert torch.isnan(out).any() and torch.isfinite(out[..., :2]).all()
