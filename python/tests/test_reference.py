"""The transforms give the reference numbers of tests/data (librosa 0.11, nnAudio 0.3.3) to the
tolerances the C++ tests hold the C++ modules to."""

import importlib.util
import json
import os

import numpy as np
import pytest
import torch

from conftest import DATA, entry, load, relative_error, signal_of
from nnaudio_cpp import features

STFT_CASES = {
    "librosa/stft_0": dict(n_fft=2048, hop_length=512, window="hann", pad_mode="constant"),
    "librosa/stft_1": dict(n_fft=1024, win_length=512, hop_length=256, window="hamming",
                           pad_mode="reflect"),
    "librosa/stft_2": dict(n_fft=512, hop_length=128, window="blackman", center=False),
    "librosa/stft_3": dict(n_fft=400, hop_length=160, window="hann", pad_mode="constant"),
}


@pytest.mark.parametrize("name", sorted(STFT_CASES))
@pytest.mark.parametrize("trainable", [False, True], ids=["fft", "conv"])
def test_stft_matches_librosa(name, trainable):
    stft = features.STFT(**STFT_CASES[name], trainable=trainable)
    signal = signal_of(name)
    expected = load(name)
    assert relative_error(stft(signal)[0], expected) <= 1e-12
    assert relative_error(stft(signal.float())[0], expected) <= 1e-6


def test_stft_formats_follow_the_complex_output():
    stft = features.STFT(n_fft=512, hop_length=128)
    x = signal_of("librosa/stft_0")
    spectrum = torch.view_as_complex(stft(x).contiguous())
    assert relative_error(stft(x, output_format="Magnitude"), spectrum.abs()) <= 1e-15
    assert relative_error(stft(x, output_format="Power"), spectrum.abs() ** 2) <= 1e-15
    assert relative_error(stft(x, output_format="Phase"), spectrum.angle()) <= 1e-12


def test_mel_spectrogram_matches_librosa():
    params = entry("librosa/melspectrogram_0")["params"]
    mel = features.MelSpectrogram(sr=params["sr"], n_fft=params["n_fft"],
                                  hop_length=params["hop_length"], n_mels=params["n_mels"],
                                  pad_mode="constant")
    signal = signal_of("librosa/melspectrogram_0")
    expected = load("librosa/melspectrogram_0")
    assert relative_error(mel(signal)[0], expected) <= 1e-10
    assert relative_error(mel(signal.float())[0], expected) <= 1e-5


def test_mfcc_matches_librosa():
    mfcc = features.MFCC(sr=22050, n_mfcc=20, n_fft=2048, hop_length=512, n_mels=128,
                         pad_mode="constant")
    assert relative_error(mfcc(signal_of("librosa/mfcc_0"))[0], load("librosa/mfcc_0")) <= 1e-10


def test_mfcc_with_htk_mels_and_lifter_matches_librosa():
    mfcc = features.MFCC(sr=16000, n_mfcc=13, n_fft=512, hop_length=160, n_mels=40, htk=True,
                         fmin=20.0, fmax=7600.0, lifter=22)
    assert relative_error(mfcc(signal_of("librosa/mfcc_1"))[0], load("librosa/mfcc_1")) <= 1e-10


def test_amplitude_to_db_matches_librosa():
    to_db = features.AmplitudeToDB(stype="power", ref=1.0, amin=1e-10, top_db=80.0)
    actual = to_db(load("librosa/melspectrogram_0"))
    assert relative_error(actual, load("librosa/power_to_db_0")) <= 1e-10


def test_gammatonegram_matches_nnaudio():
    gammatone = features.Gammatonegram(sr=44100, n_fft=2048, n_bins=64, hop_length=512,
                                       fmin=20.0)
    actual = gammatone(signal_of("nnaudio/gammatonegram_0"))[0]
    # nnAudio rounds its kernels to float32 (README: 1.8e-8 relative).
    assert relative_error(actual, load("nnaudio/gammatonegram_0")) <= 1e-7


def test_cfp_is_nnaudio_with_the_papers_conventions():
    cfp = features.Combined_Frequency_Periodicity()
    outputs = cfp(signal_of("nnaudio/cfp_Z_0"))
    # The documented departures from nnAudio 0.3.3 (python/README.md) move the results by
    # about 1.1 % (Z, tfrL0, tfrLF) and 2.2 % (tfrLQ).
    for name, actual, bound in zip(["Z", "tfrL0", "tfrLF", "tfrLQ"], outputs,
                                   [0.015, 0.015, 0.015, 0.03]):
        assert relative_error(actual[0], load(f"nnaudio/cfp_{name}_0")) <= bound, name
    assert torch.equal(features.CFP()(signal_of("nnaudio/cfp_Z_0")), outputs[0])


def _manifests():
    """Every manifest of tests/data: the copied reference arrays and the project's own."""
    entries = []
    for relative in ("manifest.json", os.path.join("generated", "manifest.json")):
        with open(os.path.join(DATA, relative)) as manifest_file:
            entries += json.load(manifest_file)["files"]
    return entries


def test_the_manifests_describe_exactly_the_fixture_files():
    """Each listed file exists, is a little-endian float64 C-order .npy of the listed shape,
    and no .npy under tests/data is unlisted (generate_fixtures.py and
    generate_griffinlim.py regenerate what is listed)."""
    listed = {}
    for item in _manifests():
        assert item["file"] not in listed, f"{item['file']} is listed twice"
        listed[item["file"]] = item
    on_disk = {os.path.relpath(os.path.join(folder, name), DATA)
               for folder, _, names in os.walk(DATA) for name in names if name.endswith(".npy")}
    assert on_disk - set(listed) == set(), "files no manifest lists"
    assert set(listed) - on_disk == set(), "listed files that are missing"
    for name, item in listed.items():
        array = np.load(os.path.join(DATA, name))
        assert array.dtype == np.dtype("<f8"), name
        assert array.flags.c_contiguous, name
        assert list(array.shape) == item["shape"], name


def test_the_griffinlim_fixture_is_what_its_generator_produces():
    """generate_griffinlim.py is numpy only: rerun it here and compare with the committed file
    (measured 0 with numpy 1.24, which made it; 1.3e-11 of the peak with Debian 13's numpy 2,
    whose FFT rounds differently: bound 1e-10)."""
    spec = importlib.util.spec_from_file_location(
        "generate_griffinlim", os.path.join(DATA, "generate_griffinlim.py"))
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    signal = np.load(os.path.join(DATA, "signals", "chirp_22050.npy"))[:generator.SAMPLES]
    window = generator.hann(generator.N_FFT)
    magnitude = np.abs(generator.stft(signal, window))
    y = generator.griffinlim(magnitude, window, None)
    committed = np.load(os.path.join(DATA, "generated", "griffinlim_0.npy"))
    assert np.abs(y - committed).max() <= 1e-10 * np.abs(committed).max()
    committed_magnitude = np.load(os.path.join(DATA, "generated", "griffinlim_magnitude_0.npy"))
    assert np.abs(magnitude - committed_magnitude).max() <= 1e-12 * committed_magnitude.max()
