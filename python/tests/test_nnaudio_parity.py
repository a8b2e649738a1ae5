"""What nnAudio users expect beyond the three input shapes: any leading dims, nnAudio's own
top-of-range configurations, VQT(gamma=0) as the CQT, iCQT inverting CQT1992v2, the minimum
input length, the version and the citation."""

import math
import os
import re

import pytest
import torch

import nnaudio_cpp
from nnaudio_cpp import features

SR = 16000

ANALYSIS = {
    "STFT": lambda: features.STFT(n_fft=256, hop_length=64, output_format="Magnitude"),
    "STFT complex": lambda: features.STFT(n_fft=256, hop_length=64),
    "MelSpectrogram": lambda: features.MelSpectrogram(sr=SR, n_fft=512, n_mels=40),
    "MFCC": lambda: features.MFCC(sr=SR, n_fft=512, n_mels=40, n_mfcc=13),
    "Gammatonegram": lambda: features.Gammatonegram(sr=SR, n_fft=512, n_bins=32),
    "CFP": lambda: features.CFP(fs=SR, hop_length=160),
    "CQT1992v2": lambda: features.CQT1992v2(sr=SR, fmin=65.4, n_bins=60),
    "CQT2010v2": lambda: features.CQT2010v2(sr=SR, fmin=65.4, n_bins=60),
    "VQT": lambda: features.VQT(sr=SR, fmin=65.4, n_bins=60, gamma=5.0),
}


@pytest.mark.parametrize("name", list(ANALYSIS))
def test_channels_give_one_output_per_channel(name):
    module = ANALYSIS[name]()
    torch.manual_seed(0)
    x = torch.randn(2, 3, 8000)
    out = module(x)
    per_channel = torch.stack([module(x[:, c]) for c in range(3)], dim=1)
    assert out.shape == per_channel.shape
    assert out.shape[:2] == (2, 3)
    torch.testing.assert_close(out, per_channel, rtol=0, atol=0)


@pytest.mark.parametrize("name", ["STFT", "MelSpectrogram", "CQT2010v2"])
def test_any_leading_dims_and_nnaudios_three_shapes(name):
    module = ANALYSIS[name]()
    torch.manual_seed(1)
    x = torch.randn(2, 2, 3, 8000)
    out = module(x)
    assert out.shape[:3] == (2, 2, 3)
    torch.testing.assert_close(out[1, 0], module(x[1, 0]), rtol=0, atol=0)
    # nnAudio's shapes: (L) -> (1, F, T), (B, 1, L) -> (B, F, T).
    single = module(x[0, 0, 0])
    assert single.shape == (1,) + tuple(out.shape[3:])
    assert module(x[0, 0].unsqueeze(1)).shape == module(x[0, 0]).shape == out.shape[2:]


def test_features_of_several_channels_keep_them():
    cfp = features.Combined_Frequency_Periodicity(fs=SR, hop_length=160)
    x = torch.randn(2, 3, 8000)
    for together, one in zip(cfp(x), cfp(x[:, 1])):
        torch.testing.assert_close(together[:, 1], one, rtol=0, atol=0)


def test_nnaudios_own_top_of_range_test_computes_with_a_warning():
    # nnAudio 0.3.3's test: the top filter's band reaches 22,191 Hz, past 22,050.
    with pytest.warns(UserWarning, match="above the Nyquist frequency 22050 Hz"):
        cqt = features.CQT1992(sr=44100, fmin=220, n_bins=160, bins_per_octave=24)
    out = cqt(torch.randn(1, 44100))
    assert out.shape[1] == 160 and bool(torch.isfinite(out).all())
    # A centre above Nyquist stays an error: there is nothing to compute.
    with pytest.raises(ValueError, match="above the Nyquist"):
        features.CQT1992(sr=44100, fmin=220, n_bins=200, bins_per_octave=24)


def test_vqt_with_gamma_zero_is_the_cqt_it_names():
    vqt = features.VQT(sr=SR, fmin=65.4, n_bins=60, gamma=0)
    cqt = features.CQT2010(sr=SR, fmin=65.4, n_bins=60)
    x = torch.randn(2, 8000)
    torch.testing.assert_close(vqt(x), cqt(x), rtol=0, atol=0)


def test_icqt_inverts_cqt1992v2_within_the_well_sampled_range():
    # nnAudio2's promise: iCQT(...)(CQT1992v2(...)(x)) gives x back. Content between fmin and
    # the top bin (A2 .. A5 with fmin C2, 60 bins to C7), away from the ends of the clip.
    sr, hop = 22050, 256
    t = torch.arange(2 * sr, dtype=torch.float64) / sr
    x = sum(torch.sin(2 * math.pi * f * t + f) for f in (110.0, 220.0, 440.0, 880.0))
    x = x.unsqueeze(0)
    options = dict(sr=sr, hop_length=hop, fmin=65.41, n_bins=60)
    cqt = features.CQT1992v2(output_format="Complex", **options).double()
    icqt = features.iCQT(**options).double()
    y = icqt(cqt(x), length=x.shape[-1])
    middle = slice(sr // 4, -sr // 4)
    error = (y[0, middle] - x[0, middle]).pow(2).sum()
    snr = 10 * math.log10(x[0, middle].pow(2).sum().item() / error.item())
    assert snr > 30, snr


def test_min_input_length_is_what_forward_accepts():
    cqt = features.CQT1992v2(sr=SR, fmin=65.4, n_bins=60)  # nnAudio: reflect padding
    minimum = cqt.min_input_length()
    assert minimum > 1000
    assert cqt(torch.zeros(1, minimum)).shape[0] == 1
    with pytest.raises(ValueError, match=f"needs at least {minimum}"):
        cqt(torch.zeros(1, minimum - 1))


def test_version_comes_from_the_build_and_cite_names_the_paper():
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    with open(os.path.join(root, "CMakeLists.txt")) as cmake:
        version = re.search(r"project\(nnaudio VERSION ([0-9.]+)", cmake.read()).group(1)
    assert nnaudio_cpp.__version__ == version
    assert "10.1109/ACCESS.2020.3019084" in nnaudio_cpp.cite()
