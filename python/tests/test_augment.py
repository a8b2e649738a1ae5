"""FrequencyMasking, TimeMasking and TimeStretch: torchaudio's names and numbers (its
phase_vocoder and TimeStretch where torchaudio imports), an independent numpy float64 phase
vocoder (librosa.phase_vocoder written out), seeds, eval mode, gradients."""

import math

import numpy as np
import pytest
import torch

from conftest import relative_error
from nnaudio_cpp import features

try:
    import torchaudio
except ImportError:  # the comparisons with torchaudio skip
    torchaudio = None


def numpy_phase_vocoder(D, rate, hop_length):
    """librosa.phase_vocoder in numpy float64 for one (n_freq, frames) complex array."""
    n_freq, frames = D.shape
    steps = np.arange(0, frames, rate, dtype=np.float64)
    padded = np.pad(D, [(0, 0), (0, 2)])
    advance = np.linspace(0, np.pi * hop_length, n_freq)
    phase = np.angle(D[:, 0])
    out = np.zeros((n_freq, steps.size), complex)
    for t, step in enumerate(steps):
        columns = padded[:, int(step):int(step) + 2]
        alpha = np.mod(step, 1.0)
        magnitude = (1.0 - alpha) * np.abs(columns[:, 0]) + alpha * np.abs(columns[:, 1])
        out[:, t] = magnitude * np.exp(1j * phase)
        delta = np.angle(columns[:, 1]) - np.angle(columns[:, 0]) - advance
        delta -= 2.0 * np.pi * np.round(delta / (2.0 * np.pi))
        phase += advance + delta
    return out


def complex_error(actual, expected):
    """relative_error of complex tensors, real and imaginary parts together."""
    return relative_error(torch.view_as_real(actual), torch.view_as_real(expected))


def complex_spectrogram(*shape):
    generator = torch.Generator().manual_seed(0)
    return torch.complex(torch.randn(*shape, dtype=torch.float64, generator=generator),
                         torch.randn(*shape, dtype=torch.float64, generator=generator))


@pytest.mark.parametrize("rate", [0.6, 1.3, 2.0])
def test_time_stretch_matches_numpy(rate):
    x = complex_spectrogram(2, 65, 40)
    out = features.TimeStretch(hop_length=32, n_freq=65, fixed_rate=rate)(x)
    assert out.shape[-1] == math.ceil(40 / rate)
    for item in range(2):
        expected = torch.from_numpy(numpy_phase_vocoder(x[item].numpy(), rate, 32))
        assert complex_error(out[item], expected) <= 1e-12


@pytest.mark.skipif(torchaudio is None, reason="torchaudio is not installed")
def test_time_stretch_matches_torchaudio():
    x = complex_spectrogram(3, 2, 201, 30)
    ours = features.TimeStretch(n_freq=201, fixed_rate=1.25)
    theirs = torchaudio.transforms.TimeStretch(n_freq=201, fixed_rate=1.25).to(torch.float64)
    # The accumulated phases reach ~1e4 rad (200 pi per frame at the top bin): 1e-16 of that.
    assert complex_error(ours(x), theirs(x)) <= 1e-10
    advance = torch.linspace(0, math.pi * 64, 201, dtype=torch.float64)[..., None]
    # Dyadic rates: torchaudio's torch.arange and librosa's i * rate then read the same frames
    # (torch.arange(0, 25, 0.7)[30] is 20.999999999999996 where numpy, as librosa, has 21.0).
    expected = torchaudio.functional.phase_vocoder(x, 0.75, advance)
    stretched = features.TimeStretch(hop_length=64, n_freq=201)(x, 0.75)
    assert complex_error(stretched, expected) <= 1e-10


def test_eval_mode_is_the_identity():
    x = torch.randn(2, 40, 50)
    modules = [features.FrequencyMasking(20, seed=0), features.TimeMasking(20, seed=0),
               features.TimeStretch(n_freq=40, fixed_rate=1.5)]
    for module in modules:
        module.eval()
        data = x if not isinstance(module, features.TimeStretch) else torch.complex(x, x)
        assert module(data) is data
    modules[1].train()
    assert not torch.equal(modules[1](x), x)


def masked_columns(out):
    """Per item of a (..., F, T) output of ones: which frames are fully masked."""
    return (out == 0).all(-2)


def test_masks_follow_the_seed_and_torchs_generator():
    x = torch.ones(6, 3, 20, 60)
    first = features.TimeMasking(30, iid_masks=True, seed=5)(x)
    assert torch.equal(first, features.TimeMasking(30, iid_masks=True, seed=5)(x))
    widths = masked_columns(first).sum(-1)
    assert widths.max() < 30 and len(set(widths.flatten().tolist())) > 3
    # Without a seed: torch's global CPU generator.
    unseeded = features.FrequencyMasking(15, iid_masks=True)
    torch.manual_seed(1)
    a = unseeded(x)
    torch.manual_seed(1)
    assert torch.equal(unseeded(x), a)
    # One band for every item without iid_masks, at the forward's mask_value.
    shared = features.TimeMasking(30, seed=2)(x, mask_value=-1.0)
    assert ((shared == 1) | (shared == -1)).all()
    assert (shared == shared[0, 0]).all()


def test_proportion_probability_and_errors():
    x = torch.ones(100, 20, 60)
    limited = features.TimeMasking(50, iid_masks=True, p=0.1, seed=0)(x)
    assert masked_columns(limited).sum(-1).max() <= 5
    never = features.FrequencyMasking(10, probability=0.0, seed=0)
    assert torch.equal(never(x), x)
    with pytest.raises(ValueError, match="mask_param=30 is larger than the 20 bins"):
        features.FrequencyMasking(30)(x)
    with pytest.raises(ValueError, match="p=2"):
        features.TimeMasking(3, p=2.0)
    with pytest.raises(ValueError, match="n_freq=201"):
        features.TimeStretch(fixed_rate=2.0)(complex_spectrogram(100, 10))


def test_gradients_pass_through_unmasked_cells_and_the_stretch():
    x = torch.randn(4, 30, 40, dtype=torch.float64, requires_grad=True)
    out = features.FrequencyMasking(12, iid_masks=True, seed=3)(x)
    out.sum().backward()
    assert torch.equal(x.grad, (out == x).to(torch.float64))
    spec = torch.randn(9, 7, 2, dtype=torch.float64, requires_grad=True)
    stretch = features.TimeStretch(hop_length=4, n_freq=9, fixed_rate=0.8)
    assert torch.autograd.gradcheck(lambda s: stretch(s), (spec,))


def test_scripted_modules_keep_the_training_switch():
    masking = torch.jit.script(features.TimeMasking(10, seed=4))
    x = torch.ones(2, 8, 30)
    masking.eval()
    assert torch.equal(masking(x), x)
    stretch = torch.jit.script(features.TimeStretch(n_freq=8, fixed_rate=2.0))
    assert stretch(torch.complex(x, x)).shape[-1] == 15
