#!/usr/bin/python3
"""Regenerates the reference arrays listed in tests/data/manifest.json.

Each manifest entry names the call that produced its file and that call's parameters; this
script makes exactly that call for every entry and writes the array (float64, complex results
with a last axis of 2 holding real and imaginary parts, as README.md describes):

    windows/*              scipy.signal.get_window(window, Nx, fftbins=True)
    librosa/stft_*         librosa.stft(y, dtype=np.complex128, **params)
    librosa/mel_filterbank librosa.filters.mel(dtype=np.float64, **params)
    librosa/melspectrogram librosa.feature.melspectrogram(y=y, **params)
    librosa/power_to_db    librosa.power_to_db(<the melspectrogram entry named by "input">, **params)
    librosa/mfcc_*         librosa.feature.mfcc(y=y, **params)
    librosa/cqt_*, vqt_0   librosa.cqt / librosa.vqt(y=y, **params)
    librosa/wavelet_*      librosa.filters.wavelet(**params) -> (basis, lengths)
    nnaudio/gammatone_*    nnAudio.librosa_functions.get_gammatone(**params)
    nnaudio/gammatonegram  nnAudio.features.Gammatonegram(**params).double()(y[None])[0]
    nnaudio/cfp_*          nnAudio.features.Combined_Frequency_Periodicity(**params).double()(y[None]),
                           the output the entry names (forward returns Z, tfrL0, tfrLF, tfrLQ)
    signals/tones_16000    librosa.resample(tones_44100, orig_sr=44100, target_sr=16000,
                           res_type="soxr_hq")

Versions (manifest "produced_by"): librosa 0.11.0, numpy 1.24.2, scipy 1.10.1, nnAudio 0.3.3 on
torch 1.13. THIS SCRIPT CANNOT RUN IN THE PROJECT'S BUILD ENVIRONMENT: librosa and nnAudio are
not installed there (Debian packages only, no network). Run it where those versions are
installed (`pip install librosa==0.11.0 nnAudio==0.3.3 scipy==1.10.1 numpy==1.24.2 torch==1.13`),
from the repository root: `python3 tests/data/generate_fixtures.py [--check]`. With --check it
compares with the committed files instead of writing them.

The input signals (signals/*.npy) are inputs, not outputs: noise_16000 is
0.1 * numpy.random.default_rng(0).standard_normal(16000) (checked against the file); the recipes
of chirp_22050 (an exponential sweep of amplitude 0.5 from about 55 Hz over 2 s, with low-level
noise) and tones_44100 (a sum of tones near 98, 220, 440 and 523 Hz) were not recorded, so the
script reads the committed files rather than invent a recipe that might differ.

The project's own generated fixtures (generated/, numpy only) come from
generate_griffinlim.py, which does run here.
"""

import argparse
import json
import os

import numpy as np

DATA = os.path.dirname(os.path.abspath(__file__))


def signal(name):
    return np.load(os.path.join(DATA, "signals", name + ".npy"))


def signal_rate(entry):
    """The sample rate of an entry's input signal (its manifest entry's "sr")."""
    with open(os.path.join(DATA, "manifest.json")) as manifest_file:
        files = json.load(manifest_file)["files"]
    return next(e["sr"] for e in files if e["file"] == "signals/" + entry["signal"] + ".npy")


def as_real(array):
    """Complex arrays get a last axis of 2: (..., real, imag)."""
    array = np.asarray(array)
    if np.iscomplexobj(array):
        return np.stack([array.real, array.imag], axis=-1)
    return array


def window_of(spec):
    return tuple(spec) if isinstance(spec, list) else spec


def nnaudio_output(entry, y):
    """nnAudio's layers run in float64 (manifest README: "on torch 1.13, float64")."""
    import torch
    from nnAudio import features

    x = torch.from_numpy(y)[None]  # (1, time) float64
    if entry["function"] == "nnAudio.features.Gammatonegram":
        return features.Gammatonegram(**entry["params"]).double()(x)[0].numpy()
    layer = features.Combined_Frequency_Periodicity(**entry["params"]).double()
    z, tfr_l0, tfr_lf, tfr_lq = layer(x)  # nnAudio 0.3.3's order
    outputs = {"Z": z, "tfrL0": tfr_l0, "tfrLF": tfr_lf, "tfrLQ": tfr_lq}
    return outputs[entry["output"]][0].numpy()


def produce(entry, by_name):
    import librosa
    import scipy.signal

    function = entry.get("function")
    params = dict(entry.get("params", {}))
    y = signal(entry["signal"]) if "signal" in entry else None
    if function is None:  # an input signal
        if entry["file"] == "signals/tones_16000.npy":
            return librosa.resample(signal("tones_44100"), orig_sr=44100, target_sr=16000,
                                    res_type="soxr_hq")
        if entry["file"] == "signals/noise_16000.npy":
            return 0.1 * np.random.default_rng(0).standard_normal(16000)
        return signal(entry["what"])  # recipe not recorded (see the docstring)
    if function == "scipy.signal.get_window":
        return scipy.signal.get_window(window_of(entry["window"]), entry["Nx"], fftbins=True)
    if function == "librosa.stft":
        return librosa.stft(y, dtype=np.complex128, **params)
    if function == "librosa.filters.mel":
        return librosa.filters.mel(dtype=np.float64, **params)
    if function == "librosa.feature.melspectrogram":
        return librosa.feature.melspectrogram(y=y, **params)
    if function == "librosa.power_to_db":
        return librosa.power_to_db(by_name[entry["input"]], **params)
    if function == "librosa.feature.mfcc":
        return librosa.feature.mfcc(y=y, **params)
    if function == "librosa.cqt":
        return librosa.cqt(y=y, **params)
    if function == "librosa.vqt":
        return librosa.vqt(y=y, **params)
    if function == "librosa.filters.wavelet":
        return librosa.filters.wavelet(**params)[0]
    if function == "librosa.filters.wavelet (lengths)":
        return librosa.filters.wavelet(**params)[1]
    if function == "librosa.filters.chroma":
        return librosa.filters.chroma(dtype=np.float64, **params)
    if function in ("librosa.feature.chroma_stft", "librosa.feature.chroma_cqt",
                    "librosa.feature.chroma_cens"):
        return getattr(librosa.feature, function.split(".")[-1])(y=y, sr=signal_rate(entry),
                                                                 **params)
    if function.startswith("librosa.pcen (input pcen_input_0"):
        return librosa.pcen(by_name["pcen_input_0"] * 2**31, **params)
    if function == "nnAudio.librosa_functions.get_gammatone":
        from nnAudio.librosa_functions import get_gammatone
        return get_gammatone(**params)
    if function.startswith("nnAudio.features."):
        return nnaudio_output(entry, y)
    raise ValueError(f"{entry['file']}: no recipe for {function!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing them")
    args = parser.parse_args()
    with open(os.path.join(DATA, "manifest.json")) as manifest_file:
        manifest = json.load(manifest_file)
    by_name = {}
    worst = 0.0
    for entry in manifest["files"]:
        array = np.ascontiguousarray(as_real(produce(entry, by_name)), dtype=np.float64)
        name = os.path.splitext(os.path.basename(entry["file"]))[0]
        by_name[name] = array
        assert list(array.shape) == entry["shape"], (entry["file"], array.shape)
        path = os.path.join(DATA, entry["file"])
        if args.check:
            committed = np.load(path)
            error = np.linalg.norm(array - committed) / max(np.linalg.norm(committed), 1e-300)
            worst = max(worst, error)
            print(f"{entry['file']}: relative difference {error:.2e}")
        else:
            np.save(path, array)
    if args.check:
        print(f"worst relative difference {worst:.2e}")


if __name__ == "__main__":
    main()
