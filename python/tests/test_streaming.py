"""nnaudio_cpp.streaming.Stream: the frames of a signal pushed in chunks equal the layer's
output for the whole signal; reset, state, gradients and refusals."""

import io

import pytest
import torch

from nnaudio_cpp import features, streaming


def layers():
    return {
        "stft": features.STFT(n_fft=256, hop_length=64, output_format="Complex"),
        "stft_magnitude_constant": features.STFT(n_fft=255, hop_length=50, pad_mode="constant",
                                                 output_format="Magnitude"),
        "mel": features.MelSpectrogram(sr=16000, n_fft=512, hop_length=160, n_mels=40),
        "mfcc": features.MFCC(sr=16000, n_mfcc=13, n_fft=400, hop_length=160, n_mels=40,
                              top_db=None),
        "gammatone": features.Gammatonegram(sr=16000, n_fft=512, hop_length=128, n_bins=32),
        "mel_uncentred": features.MelSpectrogram(sr=16000, n_fft=512, hop_length=160,
                                                 n_mels=40, center=False),
        "cqt1992v2": features.CQT1992v2(sr=8000, fmin=200, n_bins=24, hop_length=128,
                                        output_format="Magnitude"),
        "cqt1992_complex": features.CQT1992(sr=8000, fmin=200, n_bins=24, hop_length=100,
                                           output_format="Complex"),
        "cqt1992v2_phase": features.CQT1992v2(sr=8000, fmin=200, n_bins=24, hop_length=128,
                                              output_format="Phase"),
        "cqt2010_magnitude": features.CQT2010(sr=8000, fmin=150, n_bins=30, hop_length=64,
                                              output_format="Magnitude"),
        "cqt2010v2_complex": features.CQT2010v2(sr=8000, fmin=150, n_bins=30, hop_length=64,
                                                output_format="Complex"),
    }


def partition(total, seed):
    """Chunk lengths: 1-sample chunks, then lengths around a hop and a frame."""
    generator = torch.Generator().manual_seed(seed)
    lengths, used = [], 0
    choices = [1, 2, 63, 64, 65, 255, 256, 257, 700]
    while used < total:
        length = 1 if used < 400 else choices[torch.randint(len(choices), (1,), generator=generator)]
        length = min(length, total - used)
        lengths.append(length)
        used += length
    return lengths


def stream_through(stream, x, lengths):
    frames, start = [], 0
    for length in lengths:
        frames.append(stream.push(x[..., start:start + length]))
        start += length
    frames.append(stream.flush())
    return frames


def joined(frames, like):
    # Complex STFT: (B, F, T); RealImag layers would join on -2.
    return torch.cat(frames, -1 if like.dim() == 3 or like.is_complex() else -2)


def max_relative_error(actual, expected):
    if actual.is_complex():
        actual, expected = torch.view_as_real(actual), torch.view_as_real(expected)
    return ((actual - expected).abs().max() / expected.abs().max()).item()


@pytest.mark.parametrize("name", list(layers()))
@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_the_stream_equals_the_whole_signal(name, dtype):
    layer = layers()[name].to(dtype)
    torch.manual_seed(0)
    x = torch.randn(3, 2000, dtype=dtype)
    expected = layer(x)
    stream = streaming.Stream(layer)
    for seed in (1, 2):
        stream.reset()
        actual = joined(stream_through(stream, x, partition(2000, seed)), expected)
        assert actual.shape == expected.shape
        assert max_relative_error(actual, expected) <= (1e-12 if dtype == torch.float64 else 1e-5)


def test_layouts_follow_the_layer_and_latency_counts_samples():
    mel = features.MelSpectrogram(sr=16000, n_fft=512, hop_length=160, n_mels=40)
    stream = streaming.Stream(mel)
    assert stream.latency == 257  # nnAudio's reflect padding mirrors x[256] .. x[1]
    assert stream.push(torch.randn(256)).shape == (1, 40, 0)  # (L) in: (1, n_mels, T) out
    assert stream.push(torch.randn(1)).shape == (1, 40, 1)
    stream.reset()
    assert stream.push(torch.randn(4, 1, 400)).shape == (4, 40, 1)  # nnAudio's (B, 1, L)


def test_saved_state_resumes_and_gradients_reach_trained_kernels():
    mel = features.MelSpectrogram(sr=16000, n_fft=256, hop_length=64, n_mels=16,
                                  trainable_mel=True).double()
    x = torch.randn(2, 1000, dtype=torch.float64)
    first = streaming.Stream(mel)
    before = first.push(x[:, :300])
    buffer = io.BytesIO()
    torch.save(first.state(), buffer)
    buffer.seek(0)
    resumed = streaming.Stream(mel)
    resumed.load_state(torch.load(buffer))
    after = torch.cat([resumed.push(x[:, 300:]), resumed.flush()], -1)
    streamed = torch.cat([before, after], -1)
    expected = mel(x)
    assert torch.allclose(streamed, expected, rtol=0, atol=1e-12 * expected.abs().max().item())
    weights = torch.randn_like(expected)
    offline_grad, = torch.autograd.grad((expected * weights).sum(), mel.mel_basis)
    stream_grad, = torch.autograd.grad((streamed * weights).sum(), mel.mel_basis)
    assert max_relative_error(stream_grad, offline_grad) <= 1e-12


def test_refusals_leave_the_stream_usable():
    with pytest.raises(ValueError, match="top_db"):
        streaming.Stream(features.MFCC(sr=16000))
    with pytest.raises(ValueError, match="does not stream"):
        streaming.Stream(features.Griffin_Lim(n_fft=256))
    with pytest.raises(TypeError, match="nnaudio_cpp transform"):
        streaming.Stream(torch.nn.Linear(2, 2))
    stft = features.STFT(n_fft=256, hop_length=64, output_format="Magnitude")
    stream = streaming.Stream(stft)
    x = torch.randn(2, 1000)
    first = stream.push(x[:, :500])
    with pytest.raises(TypeError, match="Double"):
        stream.push(torch.randn(2, 10, dtype=torch.float64))
    with pytest.raises(ValueError, match="leading dims"):
        stream.push(torch.randn(3, 10))
    rest = torch.cat([stream.push(x[:, 500:]), stream.flush()], -1)
    expected = stft(x)
    assert max_relative_error(torch.cat([first, rest], -1), expected) <= 1e-5
    with pytest.raises(ValueError, match="push after flush"):
        stream.push(x)


def test_istft_frames_in_samples_out():
    istft = features.iSTFT(n_fft=256, hop_length=64)
    spectrum = torch.randn(2, 129, 30, dtype=torch.complex128)
    expected = istft(spectrum, onesided=True)
    stream = streaming.Stream(istft)
    assert stream.latency == 3
    pieces = [stream.push(spectrum[..., :1]), stream.push(spectrum[..., 1:7]),
              stream.push(spectrum[..., 7:]), stream.flush()]
    assert max_relative_error(torch.cat(pieces, -1), expected) <= 1e-12
