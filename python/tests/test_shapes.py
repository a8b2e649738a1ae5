"""nnAudio's input shapes (L), (B, L), (B, 1, L) and output layouts."""

import pytest
import torch

from nnaudio_cpp import features

L = 4096


def transforms():
    return {
        "STFT": (features.STFT(n_fft=256, hop_length=64), (129, 65, 2)),
        "STFT-Magnitude": (features.STFT(n_fft=256, hop_length=64, output_format="Magnitude"),
                           (129, 65)),
        "MelSpectrogram": (features.MelSpectrogram(sr=16000, n_fft=256, hop_length=64,
                                                   n_mels=20), (20, 65)),
        "MFCC": (features.MFCC(sr=16000, n_mfcc=13, n_fft=256, hop_length=64, n_mels=20),
                 (13, 65)),
        "Gammatonegram": (features.Gammatonegram(sr=16000, n_fft=256, hop_length=64, n_bins=24),
                          (24, 65)),
        "CFP": (features.CFP(fs=8000, hop_length=256, window_size=1025), None),
    }


@pytest.mark.parametrize("name", list(transforms()))
def test_the_three_input_shapes_give_the_same_batched_output(name):
    transform, shape = transforms()[name]
    x = torch.randn(3, L, dtype=torch.float64)
    batched = transform(x)
    assert batched.shape[0] == 3
    if shape is not None:
        assert batched.shape[1:] == shape
    assert torch.equal(transform(x.unsqueeze(1)), batched)
    single = transform(x[1])
    assert single.shape == (1,) + batched.shape[1:]
    assert torch.allclose(single[0], batched[1], rtol=0, atol=1e-12 * batched.abs().max())


def test_a_0_dim_input_is_refused():
    # Any (..., L) is accepted (tests/test_nnaudio_parity.py); a scalar has no time axis.
    stft = features.STFT(n_fft=256)
    with pytest.raises(ValueError, match=r"expected input of shape \(\.\.\., L\)"):
        stft(torch.randn(()))


def test_complex_output_has_a_last_axis_of_two_and_inverts():
    x = torch.randn(2, L, dtype=torch.float64)
    stft = features.STFT(n_fft=256, hop_length=64)
    spectrum = stft(x)
    assert spectrum.shape == (2, 129, 65, 2)
    assert torch.allclose(stft.inverse(spectrum, length=L), x, atol=1e-10)
    istft = features.iSTFT(n_fft=256, hop_length=64)
    assert torch.allclose(istft(spectrum, onesided=True, length=L), x, atol=1e-10)
    full = torch.cat([spectrum, spectrum[:, 1:-1].flip(1) * torch.tensor([1.0, -1.0])], 1)
    assert torch.allclose(istft(full, length=L), x, atol=1e-10)


def test_griffin_lim_returns_waveforms_of_the_spectrograms_length():
    x = torch.randn(2, L, dtype=torch.float64)
    magnitude = features.STFT(n_fft=256, hop_length=64, output_format="Magnitude")(x)
    y = features.Griffin_Lim(n_fft=256, hop_length=64, n_iter=4)(magnitude)
    assert y.shape == (2, 64 * 64)
