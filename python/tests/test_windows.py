"""Window specs as scipy.signal.get_window takes them (nnAudio passes its `window` there): every
name, alias and tuple form gives scipy's window as the module's window buffer; the forms scipy
refuses, or that are not built here, raise ValueError saying what is allowed."""

import pytest
import torch

from conftest import MANIFEST, load
from nnaudio_cpp import features

GENERATOR = "tests/data/generate_window_fixtures.py"
FIXTURES = sorted(name[:-len(".npy")] for name, entry in MANIFEST.items()
                  if entry.get("generator") == GENERATOR)


def spec_of(entry):
    """The manifest's window (a JSON list for a tuple) as get_window got it."""
    window = entry["window"]
    return tuple(window) if isinstance(window, list) else window


def window_of(window, n_fft=64):
    """The window buffer of an STFT built with `window`, as float64."""
    return features.STFT(n_fft=n_fft, window=window).window.detach().to(torch.float64)


def test_the_fixtures_are_there():
    assert len(FIXTURES) == 48


# chebwin and dpss at 400 samples differ from scipy by 6e-13 and 4e-13: scipy's own values are
# that far from a 40-digit computation (see tests/test_window_names.cpp); the closed forms agree
# to round-off.
@pytest.mark.parametrize("name", FIXTURES)
def test_every_new_window_matches_scipy(name):
    entry = MANIFEST[name + ".npy"]
    expected = load(name)
    actual = window_of(spec_of(entry), n_fft=entry["Nx"])
    tolerance = 2e-12 if name.startswith(("windows/dpss", "windows/chebwin")) else 1e-15
    assert (actual - expected).abs().max().item() <= tolerance


# (scipy spec, the same window by its canonical name)
ALIASES = [
    ("ones", "boxcar"), ("box", "boxcar"), ("rect", "boxcar"), ("rectangular", "boxcar"),
    ("han", "hann"), (("hann",), "hann"), ("hamm", "hamming"), ("ham", "hamming"),
    ("black", "blackman"), ("blk", "blackman"), ("blackharr", "blackmanharris"),
    ("bkh", "blackmanharris"), ("bart", "bartlett"), ("brt", "bartlett"),
    ("triangle", "triang"), ("tri", "triang"), ("halfcosine", "cosine"), ("flat", "flattop"),
    ("flt", "flattop"), ("nutl", "nuttall"), ("nut", "nuttall"), ("parz", "parzen"),
    ("par", "parzen"), ("bman", "bohman"), ("bmn", "bohman"), ("brthan", "barthann"),
    ("bth", "barthann"), ("sinc", "lanczos"),
    (("ksr", 14.0), ("kaiser", 14.0)), (14.0, ("kaiser", 14.0)), (14, ("kaiser", 14.0)),
    (("gauss", 7.0), ("gaussian", 7.0)), (("gss", 7), ("gaussian", 7.0)),
    ("tukey", ("tukey", 0.5)), ("tuk", ("tukey", 0.5)), (("tuk", 0.25), ("tukey", 0.25)),
    (("general hamming", 0.7), ("general_hamming", 0.7)),
    ("exponential", ("exponential", None, 1.0)), (("exponential",), ("exponential", None, 1.0)),
    (("exponential", None), ("exponential", None, 1.0)),
    (("poisson", None, 3.0), ("exponential", None, 3.0)), (("cheb", 80), ("chebwin", 80.0)),
    (("dpss", 3), ("dpss", 3.0)),
]


@pytest.mark.parametrize("alias, canonical", ALIASES, ids=[repr(a) for a, _ in ALIASES])
def test_every_scipy_alias_gives_its_canonical_window(alias, canonical):
    assert torch.equal(window_of(alias), window_of(canonical))


def test_other_classes_take_the_names_too():
    mel = features.MelSpectrogram(n_fft=64, window=("cheb", 100))
    torch.testing.assert_close(mel.stft.window.detach().double(),
                               load("windows/chebwin_100_64"), atol=2e-12, rtol=0)
    cqt = features.CQT1992v2(sr=8000, fmin=200, n_bins=12, window="ones")
    assert cqt(torch.randn(8000)).isfinite().all()


@pytest.mark.parametrize("window, message", [
    ("hanning", "window='hanning' is not supported (scipy's get_window calls it 'hann'); "
                "allowed: hann (han), hamming (hamm, ham)"),
    ("nope", "exponential[:<tau>] (poisson), chebwin:<at> (cheb), dpss:<NW>, or a custom tensor"),
    ("taylor", "scipy's 'taylor' window is not built here"),
    (("kbd", 3.0), "only as a symmetric window"),
    ("kaiser", "kaiser needs a parameter beta"),
    (("dpss", 40.0), "NW=40 must be less than the window length / 2 = 32"),
    (("exponential", 2.0), "the exponential window is built centred (scipy's center=None)"),
    (("exponential", None, 1.0, 2.0), "give 'exponential', ('exponential', None)"),
    (("kaiser", 1.0, 2.0), "give a name ('hann'), a (name, parameter) tuple"),
    (("kaiser", "big"), "give a name ('hann')"),
    (("kaiser", None), "give a name ('hann')"),
    (True, "give a name ('hann')"),
    ((), "give a name ('hann')"),
])
def test_refused_windows_say_what_is_allowed(window, message):
    with pytest.raises(ValueError) as error:
        features.STFT(n_fft=64, window=window)
    assert message in str(error.value)
