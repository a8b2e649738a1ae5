"""PseudoCQT and HybridCQT against librosa's fixtures and an independent numpy float64 pseudo
CQT (librosa.pseudo_cqt's definition written out)."""

import numpy as np
import pytest
import torch

from conftest import load, max_row_error, relative_error, signal_of
from nnaudio_cpp import features


def test_pseudo_cqt_matches_librosa():
    name = "librosa/pseudo_cqt_0"
    out = features.PseudoCQT(sr=22050, hop_length=512, fmin=32.7, n_bins=84)(signal_of(name))
    # Measured 2.4e-8: the same float64 definition.
    assert relative_error(out[0], load(name)) <= 1e-6
    assert max_row_error(out[0], load(name)) <= 1e-5


def test_hybrid_cqt_matches_librosa():
    name = "librosa/hybrid_cqt_0"
    out = features.HybridCQT(sr=22050, hop_length=512, fmin=32.7, n_bins=84)(signal_of(name))
    # The full bins carry the multirate CQT's distance from librosa (2e-5 on cqt_0).
    assert relative_error(out[0], load(name)) <= 1e-3


def numpy_pseudo_cqt(y, sr, hop, fmin, n_bins, bins_per_octave, filter_scale, norm, sparsity):
    """librosa.pseudo_cqt in numpy float64: the wavelets' |FFT| (scaled by length / n_fft,
    sparsified) times |STFT| of a Hann window of n_fft, / sqrt(n_fft)."""
    freqs = fmin * 2.0 ** (np.arange(n_bins) / bins_per_octave)
    r = 2.0 ** (2.0 / bins_per_octave)
    lengths = filter_scale / ((r - 1) / (r + 1)) * sr / freqs
    n_fft = max(int(2 ** np.ceil(np.log2(lengths.max()))), int(2 ** (1 + np.ceil(np.log2(hop)))))
    basis = np.zeros((n_bins, n_fft), complex)
    for k, (f, length) in enumerate(zip(freqs, lengths)):
        n = np.arange(np.floor(-length / 2), np.floor(length / 2))
        window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n.size) / n.size)
        filt = np.exp(2j * np.pi * f * n / sr) * window
        filt /= np.sum(np.abs(filt) ** norm) ** (1.0 / norm)
        basis[k, :n.size] = filt * length / n_fft
    spectra = np.fft.fft(basis, axis=1)[:, :n_fft // 2 + 1]
    magnitude = np.abs(spectra)
    for row in magnitude:
        ordered = np.sort(row)
        threshold = ordered[np.searchsorted(np.cumsum(ordered / row.sum()), sparsity)]
        row[row < threshold] = 0
    padded = np.pad(y, n_fft // 2)
    frames = 1 + (padded.size - n_fft) // hop
    framed = np.stack([padded[t * hop:t * hop + n_fft] for t in range(frames)], 1)
    hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)
    stft = np.abs(np.fft.rfft(framed * hann[:, None], axis=0))
    return magnitude @ stft / np.sqrt(n_fft)


@pytest.mark.parametrize("norm,filter_scale", [(1, 1.0), (2, 1.5)])
def test_pseudo_cqt_matches_numpy(norm, filter_scale):
    y = np.random.default_rng(0).standard_normal(8000)
    options = dict(sr=16000, hop=256, fmin=110.0, n_bins=48, bins_per_octave=12,
                   filter_scale=filter_scale, norm=norm, sparsity=0.01)
    expected = torch.from_numpy(numpy_pseudo_cqt(y, **options))
    module = features.PseudoCQT(sr=16000, hop_length=256, fmin=110.0, n_bins=48,
                                filter_scale=filter_scale, norm=norm)
    assert relative_error(module(torch.from_numpy(y))[0], expected) <= 1e-10


def test_trainable_bank_state_and_script():
    pseudo = features.PseudoCQT(sr=8000, hop_length=64, fmin=500, n_bins=24, trainable=True)
    assert [name for name, _ in pseudo.named_parameters()] == ["cqt_basis"]
    x = torch.randn(2, 1000, dtype=torch.float64)
    pseudo(x).sum().backward()
    assert pseudo.cqt_basis.grad.abs().sum() > 0
    hybrid = features.HybridCQT(sr=8000, hop_length=256, fmin=250, n_bins=36)
    names = set(hybrid.state_dict())
    assert "pseudo_cqt.cqt_basis" in names and "cqt.kernel_real_0" in names
    scripted = torch.jit.script(hybrid)
    assert relative_error(scripted(x), hybrid(x)) <= 1e-15


def test_invalid_arguments_raise_value_error():
    with pytest.raises(ValueError, match="n_bins=0"):
        features.PseudoCQT(n_bins=0)
    with pytest.raises(ValueError, match="Nyquist"):
        features.HybridCQT(sr=8000, n_bins=84)
    with pytest.raises(ValueError, match="tuning=None"):
        features.HybridCQT(tuning=None)
    with pytest.raises(ValueError, match="normalization_type='ortho'"):
        features.PseudoCQT(normalization_type="ortho")
