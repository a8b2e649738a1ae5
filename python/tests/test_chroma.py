"""The chroma transforms and PCEN from Python: librosa's numbers (the tolerances of
tests/test_chroma.cpp and tests/test_pcen.cpp), librosa's argument names, parameters that learn
and errors raised as ValueError."""

import math

import pytest
import torch

from conftest import load, signal_of
from nnaudio_cpp import features


def max_error(actual, expected):
    """max |a - b| / max |b|, as the C++ tests measure the chroma and PCEN fixtures."""
    assert actual.shape == expected.shape, f"shapes differ: {actual.shape} vs {expected.shape}"
    actual = actual.detach().to(torch.float64)
    return ((actual - expected).abs().max() / expected.abs().max()).item()


def test_chroma_stft_matches_librosa():
    chroma = features.ChromaSTFT(sr=44100, n_fft=2048, hop_length=512)
    assert max_error(chroma(signal_of("librosa/chroma_stft_0"))[0],
                     load("librosa/chroma_stft_0")) <= 1e-12
    chroma = features.ChromaSTFT(sr=22050, n_fft=1024, hop_length=256, n_chroma=24, norm=None,
                                 pad_mode="reflect")
    assert max_error(chroma(signal_of("librosa/chroma_stft_1").float())[0],
                     load("librosa/chroma_stft_1")) <= 1e-5


def test_chroma_cqt_and_cens_match_librosa():
    signal = signal_of("librosa/chroma_cqt_0")
    chroma = features.ChromaCQT(sr=44100, hop_length=512, fmin=32.7)
    # The CQT's own distance from librosa at 44.1 kHz (see tests/test_chroma.cpp): 1.8e-7.
    assert max_error(chroma(signal)[0], load("librosa/chroma_cqt_0")) <= 1e-5
    cens = features.ChromaCENS(sr=44100, hop_length=512, fmin=32.7)
    assert max_error(cens(signal)[0], load("librosa/chroma_cens_0")) <= 1e-5


def test_hybrid_chroma_cqt_folds_librosa_hybrid_cqt():
    # librosa.feature.chroma_cqt(C=|hybrid_cqt_0|, bins_per_octave=12): bin k is pitch class
    # k mod 12 (fmin C1), max normalised (tests/test_chroma.cpp: 2e-5 while the chirp is in
    # range, frames 0-72).
    magnitude = load("librosa/hybrid_cqt_0")  # librosa.hybrid_cqt's magnitudes
    folded = magnitude.reshape(7, 12, -1).sum(0)
    expected = folded / folded.amax(0, keepdim=True)
    chroma = features.ChromaCQT(sr=22050, fmin=32.7, bins_per_octave=12, cqt_mode="hybrid")
    actual = chroma(signal_of("librosa/hybrid_cqt_0"))[0]
    assert max_error(actual[:, :73], expected[:, :73]) <= 2e-5


def test_pcen_matches_librosa_and_learns():
    spectrogram = load("librosa/pcen_input_0") * 2.0**31
    pcen = features.PCEN(sr=22050, hop_length=256, gain=0.8, bias=10.0, power=0.25,
                         time_constant=0.06, max_size=3)
    assert max_error(pcen(spectrogram), load("librosa/pcen_1")) <= 1e-10
    trainable = features.PCEN(sr=22050, hop_length=256, trainable=True, channels=64)
    assert max_error(trainable(spectrogram), load("librosa/pcen_0")) <= 1e-10
    assert sorted(name for name, _ in trainable.named_parameters()) == [
        "b", "bias", "gain", "power"]
    trainable(spectrogram).mean().backward()
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in trainable.parameters())


def test_trainable_chroma_bank_gets_gradients():
    chroma = features.ChromaSTFT(sr=8000, n_fft=256, hop_length=64, trainable_chroma=True)
    chroma(torch.randn(2, 2000, dtype=torch.float64)).sum().backward()
    assert chroma.chroma_basis.grad.abs().sum() > 0


@pytest.mark.parametrize("make, fragment", [
    (lambda: features.ChromaSTFT(n_chroma=0), "n_chroma=0"),
    (lambda: features.ChromaSTFT(norm=-1), "norm=-1"),
    (lambda: features.ChromaCQT(bins_per_octave=30), "multiple of n_chroma=12"),
    (lambda: features.ChromaCQT(cqt_mode="half"), "cqt_mode='half'"),
    (lambda: features.ChromaCQT(sr=8000, cqt_mode="hybrid"), "Nyquist"),
    (lambda: features.ChromaCENS(win_len_smooth=0), "win_len_smooth=0"),
    (lambda: features.PCEN(time_constant=0), "time_constant=0"),
    (lambda: features.PCEN(bogus=1), "bogus"),
])
def test_invalid_options_raise_value_error(make, fragment):
    with pytest.raises((ValueError, TypeError), match=fragment):
        make()


def test_norm_spellings():
    x = torch.randn(3000, dtype=torch.float64)
    maximum = features.ChromaSTFT(sr=8000, n_fft=256, hop_length=64)(x)
    assert torch.allclose(maximum.amax(dim=-2), torch.ones(1, dtype=torch.float64))
    euclidean = features.ChromaSTFT(sr=8000, n_fft=256, hop_length=64, norm=2)(x)
    assert torch.allclose(euclidean.norm(dim=-2), torch.ones(1, dtype=torch.float64))
    assert not math.isinf(features.ChromaSTFT(norm=None)(x).max().item())
