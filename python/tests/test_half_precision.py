"""float16 and bfloat16 inputs: computed in float32, returned in the input's precision.

On the same (rounded) samples the result differs from the float32 one only by its own rounding
(unit roundoff 4.9e-4 for float16, 3.9e-3 for bfloat16); against the float32 result of the
unrounded signal float16 stays within 1e-2 of the largest value. The reasoning and the
bfloat16 noise floor are in tests/test_half_precision.cpp."""

import math

import pytest
import torch

from conftest import DEVICES
from nnaudio_cpp import features

SR = 22050


def chord(samples=SR):
    t = torch.arange(samples, dtype=torch.float32) / SR
    one = 0.01 * (torch.sin(2 * math.pi * 440 * t) + 0.5 * torch.sin(2 * math.pi * 1375 * t))
    return torch.stack([one, 0.5 * one.flip(0)])


def layers():
    return {
        "STFT": features.STFT(n_fft=1024, hop_length=256, output_format="Magnitude"),
        "MelSpectrogram": features.MelSpectrogram(sr=SR, n_fft=1024, n_mels=64),
        "MFCC": features.MFCC(sr=SR, n_mfcc=20),
        "CQT": features.CQT(sr=SR, n_bins=48, hop_length=256),
        "CQT2010v2": features.CQT2010v2(sr=SR, n_bins=60, hop_length=256),
        "Gammatonegram": features.Gammatonegram(sr=SR, n_fft=1024, n_bins=48),
    }


def max_relative_error(actual, expected):
    actual, expected = actual.double(), expected.double()
    return ((actual - expected).abs().max() / expected.abs().max()).item()


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
@pytest.mark.parametrize("name", list(layers()))
def test_half_precision_input_gives_its_dtype_close_to_float32(name, dtype, device):
    layer = layers()[name].to(device)
    x = chord().to(device)
    rounded = x.to(dtype)
    actual = layer(rounded)
    same_samples = layer(rounded.float())
    assert actual.dtype == (torch.complex64 if same_samples.is_complex() else dtype)
    assert actual.shape == same_samples.shape
    real = torch.view_as_real if actual.is_complex() else (lambda t: t)
    # Only the output's own rounding: one unit roundoff (eps / 2) of the largest value, x2.
    assert max_relative_error(real(actual), real(same_samples)) <= torch.finfo(dtype).eps
    if dtype == torch.float16:
        assert max_relative_error(real(actual), real(layer(x))) <= 1e-2


def test_float16_gradient_reaches_the_input_in_float16():
    layer = features.MelSpectrogram(sr=SR, n_fft=1024, n_mels=32)
    full = chord().requires_grad_()
    layer(full).sum().backward()
    half = chord().half().requires_grad_()
    layer(half).float().sum().backward()
    assert half.grad.dtype == torch.float16
    assert max_relative_error(half.grad, full.grad) <= 1e-2


def test_float16_overflow_is_an_error_not_inf():
    # A magnitude near 1.5e4 fits float16; its square summed by the mel bank does not.
    magnitude = features.STFT(n_fft=2048, output_format="Magnitude")
    loud = (chord(8192) * 3000).half()
    layer = features.MelSpectrogram(sr=SR, n_fft=2048, power=2.0)
    with pytest.raises(ValueError, match="65504"):
        layer(loud)
    assert torch.isfinite(magnitude(loud)).all()
