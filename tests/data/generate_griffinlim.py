#!/usr/bin/python3
"""Generates tests/data/generated/griffinlim_*.npy: the reference for nnaudio's Griffin-Lim.

librosa is not installed where the project is built, so this is an independent float64 numpy
implementation of librosa 0.11's `librosa.griffinlim` with `init=None` (zero initial phase, hence
deterministic), written from its documented algorithm (the fast Griffin-Lim of Perraudin, Balazs
& Sondergaard 2013), not copied from librosa:

    angles = 1;  tprev = 0
    repeat n_iter times:
        rebuilt = stft(istft(S * angles, length))
        angles  = rebuilt - momentum / (1 + momentum) * tprev
        angles /= |angles| + tiny;  tprev = rebuilt
    y = istft(S * angles, length)

with librosa's conventions: a periodic Hann window (scipy's get_window(fftbins=True)),
`center=True` with `pad_mode="constant"` (n_fft // 2 zeros on each side), and an inverse that
overlap-adds the windowed inverse FFTs, divides by the sum of the squared windows where that sum
exceeds the smallest normal float64 and drops the n_fft // 2 centring samples at both ends
(`length=None`, librosa's default: hop * (frames - 1) samples; with a length, librosa passes it
to every inner inverse too, which istft() here supports).

The input magnitude is |stft| of the first 11025 samples of signals/chirp_22050.npy (n_fft 512,
hop 128); it is stored too, so that the test does not depend on nnaudio's STFT.

Run from anywhere: `/usr/bin/python3 tests/data/generate_griffinlim.py` (numpy only). It rewrites
the files and tests/data/generated/manifest.json.
"""

import json
import os

import numpy as np

DATA = os.path.dirname(os.path.abspath(__file__))
N_FFT, HOP, SAMPLES, N_ITER, MOMENTUM = 512, 128, 11025, 32, 0.99


def hann(n):
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)


def stft(y, window):
    padded = np.pad(y, N_FFT // 2, mode="constant")
    frames = 1 + (len(padded) - N_FFT) // HOP
    framed = np.stack([padded[t * HOP:t * HOP + N_FFT] for t in range(frames)], axis=1)
    return np.fft.rfft(framed * window[:, None], axis=0)


def istft(spectrum, window, length):
    frames = spectrum.shape[1]
    total = N_FFT + HOP * (frames - 1)
    y, norm = np.zeros(total), np.zeros(total)
    pieces = np.fft.irfft(spectrum, n=N_FFT, axis=0) * window[:, None]
    for t in range(frames):
        y[t * HOP:t * HOP + N_FFT] += pieces[:, t]
        norm[t * HOP:t * HOP + N_FFT] += window**2
    nonzero = norm > np.finfo(np.float64).tiny
    y[nonzero] /= norm[nonzero]
    if length is None:  # librosa: drop the centring pads at both ends
        return y[N_FFT // 2:len(y) - N_FFT // 2]
    y = y[N_FFT // 2:]
    return np.pad(y, (0, max(0, length - len(y))))[:length]


def griffinlim(magnitude, window, length):
    angles = np.ones(magnitude.shape, dtype=np.complex128)
    tprev = np.zeros_like(angles)
    tiny = np.finfo(np.float64).tiny
    for _ in range(N_ITER):
        rebuilt = stft(istft(magnitude * angles, window, length), window)
        angles = rebuilt - (MOMENTUM / (1 + MOMENTUM)) * tprev
        angles /= np.abs(angles) + tiny
        tprev = rebuilt
    return istft(magnitude * angles, window, length)


def main():
    signal = np.load(os.path.join(DATA, "signals", "chirp_22050.npy"))[:SAMPLES]
    window = hann(N_FFT)
    magnitude = np.abs(stft(signal, window))
    y = griffinlim(magnitude, window, None)
    # With a length (SAMPLES: the signal's own, 17 more than hop * (frames - 1)), which every
    # inner inverse gets too.
    y_length = griffinlim(magnitude, window, SAMPLES)
    folder = os.path.join(DATA, "generated")
    os.makedirs(folder, exist_ok=True)
    params = {"n_fft": N_FFT, "hop_length": HOP, "window": "hann", "center": True,
              "pad_mode": "constant", "n_iter": N_ITER, "momentum": MOMENTUM, "init": None,
              "length": None}
    files = [("griffinlim_magnitude_0.npy", magnitude,
              {"function": "abs(librosa.stft) (numpy, this script)", "signal": "chirp_22050",
               "samples": SAMPLES, "params": {k: params[k] for k in
                                              ("n_fft", "hop_length", "window", "center",
                                               "pad_mode")}}),
             ("griffinlim_0.npy", y,
              {"function": "librosa.griffinlim (numpy re-implementation, this script)",
               "input": "griffinlim_magnitude_0", "params": params}),
             ("griffinlim_length_0.npy", y_length,
              {"function": "librosa.griffinlim (numpy re-implementation, this script)",
               "input": "griffinlim_magnitude_0", "params": dict(params, length=SAMPLES)})]
    entries = []
    for name, array, description in files:
        np.save(os.path.join(folder, name), np.ascontiguousarray(array, dtype=np.float64))
        entries.append({"file": "generated/" + name, "shape": list(array.shape), **description})
    manifest = {"produced_by": {"script": "tests/data/generate_griffinlim.py",
                                "numpy": np.__version__},
                "files": entries}
    with open(os.path.join(folder, "manifest.json"), "w") as out:
        json.dump(manifest, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
