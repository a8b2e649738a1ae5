"""The CQT family: librosa's numbers with librosa's settings (to the C++ tests' tolerances),
nnAudio's forward arguments and layouts, trainable kernels, dtype casts of the multirate state,
and the inverse."""

import pytest
import torch

from conftest import entry, load, max_row_error, relative_error, signal_of
from nnaudio_cpp import features

LIBROSA = dict(filter_lengths="librosa", pad_mode="constant", output_format="Complex")


def rows(name, actual):
    """The worst bin of a (F, T, 2) result against its fixture, as complex rows."""
    def as_complex(t):
        return torch.view_as_complex(t.contiguous())
    return max_row_error(as_complex(actual), as_complex(load(name)))


def librosa_options(name):
    params = dict(entry(name)["params"])
    params.pop("gamma", None)
    return dict(params, **LIBROSA)


@pytest.mark.parametrize("name", ["librosa/cqt_0", "librosa/cqt_1"])
def test_cqt2010_matches_librosa(name):
    cqt = features.CQT2010(**librosa_options(name))
    out = cqt(signal_of(name))[0]
    assert relative_error(out, load(name)) <= 1e-3
    assert rows(name, out) <= 0.05  # worst bin, as in C++: measured 2.7e-6 and 0.021


def test_vqt_matches_librosa():
    name = "librosa/vqt_0"
    vqt = features.VQT(gamma=entry(name)["params"]["gamma"], **librosa_options(name))
    out = vqt(signal_of(name))[0]
    assert relative_error(out, load(name)) <= 1e-3
    assert rows(name, out) <= 0.05  # worst bin, as in C++: measured 5.8e-7


@pytest.mark.parametrize("cls, bound, row_bound", [(features.CQT2010v2, 1e-2, 0.05),
                                                   (features.CQT1992v2, 2e-2, 0.15),
                                                   (features.CQT1992, 2e-2, 0.15)])
def test_the_other_algorithms_stay_near_librosa(cls, bound, row_bound):
    # Without librosa's approximations (C++ tests: 0.55 % for 2010v2, 1.1 - 1.5 % for 1992;
    # worst bin on cqt_0 0.015 for 2010v2, 0.072 for 1992 and 1992v2).
    name = "librosa/cqt_0"
    cqt = cls(**librosa_options(name))
    out = cqt(signal_of(name))[0]
    assert relative_error(out, load(name)) <= bound
    assert rows(name, out) <= row_bound


def small(cls=features.CQT2010v2, **kwargs):
    return cls(sr=8000, hop_length=64, fmin=110.0, n_bins=36, bins_per_octave=12, **kwargs)


def test_forward_arguments_and_layouts():
    x = torch.randn(2, 4000, dtype=torch.float64)
    cqt = small()
    magnitude = cqt(x)
    assert magnitude.shape == (2, 36, 63)
    spectrum = cqt(x, output_format="Complex")
    assert spectrum.shape == (2, 36, 63, 2)
    assert relative_error(spectrum.norm(dim=-1), magnitude) <= 1e-14
    phase = cqt(x, output_format="Phase")
    assert relative_error(phase * magnitude.unsqueeze(-1), spectrum) <= 1e-12
    wrap = cqt(x, normalization_type="wrap")
    assert relative_error(wrap, 2 * cqt(x, normalization_type="convolutional")) <= 1e-14
    with pytest.raises(ValueError, match="normalization_type='unit'"):
        cqt(x, normalization_type="unit")
    assert features.CQT is not features.CQT1992v2 and issubclass(features.CQT,
                                                                 features.CQT1992v2)


def test_trainable_kernels_get_gradients():
    cqt = small(features.CQT1992v2, trainable=True)
    assert sorted(name for name, _ in cqt.named_parameters()) == ["kernel_imag_0",
                                                                  "kernel_real_0"]
    cqt(torch.randn(1, 2000)).sum().backward()
    assert cqt.kernel_real_0.grad.abs().sum() > 0
    assert small(features.CQT2010, trainable_CQT=True).kernel_real_0.requires_grad


def test_multirate_state_follows_dtype_casts():
    x = torch.randn(1, 4000, dtype=torch.float64)
    cqt = small(features.CQT2010)
    reference = cqt(x)
    cqt.float()
    assert cqt.lowpass.dtype == torch.float32
    assert relative_error(cqt(x.float()), reference) <= 1e-5
    cqt.double()
    assert relative_error(cqt(x), reference) <= 1e-6  # the kernels were rounded to float32


def test_icqt_inverts_the_cqt_in_band():
    t = torch.arange(4000, dtype=torch.float64) / 8000
    x = (torch.sin(2 * torch.pi * 300 * t) + 0.5 * torch.sin(2 * torch.pi * 600 * t))[None]
    spectrum = small(output_format="Complex")(x)  # bins from 110 to 780 Hz
    y = small(features.iCQT, n_iter=16, algorithm="2010v2")(spectrum, length=4000)
    assert y.shape == (1, 4000)
    assert relative_error(y[:, 500:-500], x[:, 500:-500]) <= 0.02


def test_invalid_cqt_arguments_raise_value_error():
    with pytest.raises(ValueError, match="Nyquist"):
        features.CQT(sr=8000, fmin=32.7, n_bins=120)
    with pytest.raises(ValueError, match="trainable_STFT"):
        features.CQT1992(trainable_STFT=True)
    with pytest.raises(ValueError, match="needs at least"):
        small()(torch.randn(1, 100))
    with pytest.raises(ValueError, match="output_format='Power'"):
        small(output_format="Power")
