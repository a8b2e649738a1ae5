"""float16 and bfloat16 inputs: computed in float32, returned in the input's precision.

Against the float32 result of the same float32 signal the error is the rounding of the input
and of the output (relative steps 4.9e-4 for float16, 3.9e-3 for bfloat16): bound 1e-2 of the
largest value, as the C++ suite (tests/test_half_precision.cpp)."""

import math

import pytest
import torch

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


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
@pytest.mark.parametrize("name", list(layers()))
def test_half_precision_input_gives_its_dtype_close_to_float32(name, dtype):
    layer = layers()[name]
    x = chord()
    expected = layer(x)
    actual = layer(x.to(dtype))
    assert actual.dtype == dtype
    assert actual.shape == expected.shape
    assert max_relative_error(actual, expected) <= 1e-2


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
