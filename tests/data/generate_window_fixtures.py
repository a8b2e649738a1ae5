"""Writes the window fixtures added with scipy's window names (tests/data/windows/) and their
entries in tests/data/manifest.json.

Each file is scipy.signal.get_window(window, Nx, fftbins=True) -- the periodic window STFT uses --
as float64 .npy. The files were made with scipy 1.10.1 and numpy 1.24.2 (Debian 12's
python3-scipy and python3-numpy); run from the repository root:

    /usr/bin/python3 tests/data/generate_window_fixtures.py

The script refuses another scipy version unless given --any-scipy (other versions may differ in
round-off, and scipy 1.11+ changed which names get_window accepts). It rewrites only the files and
manifest entries it owns (those whose "generator" is this script); the older window fixtures
(hann_512.npy, kaiser_14_401.npy, ...) came from the seed's generator and are left alone.
"""

import json
import os
import sys

import numpy as np
import scipy
from scipy.signal import get_window

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = "tests/data/generate_window_fixtures.py"
LENGTHS = (7, 64, 400)

# (file stem, the window spec as get_window takes it). The stems follow the older fixtures:
# the name, then the parameter where there is one.
WINDOWS = [
    ("triang", "triang"),
    ("cosine", "cosine"),
    ("flattop", "flattop"),
    ("nuttall", "nuttall"),
    ("parzen", "parzen"),
    ("bohman", "bohman"),
    ("barthann", "barthann"),
    ("lanczos", "lanczos"),
    ("tukey_default", "tukey"),
    ("general_hamming_0.7", ("general_hamming", 0.7)),
    ("exponential_default", "exponential"),
    ("exponential_20", ("exponential", None, 20.0)),
    ("chebwin_100", ("chebwin", 100.0)),
    ("chebwin_50", ("chebwin", 50.0)),
    ("dpss_3", ("dpss", 3.0)),
    ("dpss_1.5", ("dpss", 1.5)),
]


def main() -> None:
    if scipy.__version__ != "1.10.1" and "--any-scipy" not in sys.argv:
        sys.exit(f"made with scipy 1.10.1, this is scipy {scipy.__version__} (--any-scipy to go on)")
    manifest_path = os.path.join(HERE, "manifest.json")
    with open(manifest_path) as manifest_file:
        manifest = json.load(manifest_file)
    files = [entry for entry in manifest["files"] if entry.get("generator") != GENERATOR]
    for stem, window in WINDOWS:
        for length in LENGTHS:
            name = f"windows/{stem}_{length}.npy"
            values = np.asarray(get_window(window, length, fftbins=True), dtype="<f8")
            np.save(os.path.join(HERE, name), values)
            files.append({
                "file": name,
                "shape": [length],
                "function": "scipy.signal.get_window",
                "window": list(window) if isinstance(window, tuple) else window,
                "Nx": length,
                "fftbins": True,
                "generator": GENERATOR,
                "scipy": scipy.__version__,
            })
    manifest["files"] = files
    with open(manifest_path, "w") as manifest_file:
        json.dump(manifest, manifest_file, indent=1)
        manifest_file.write("\n")


if __name__ == "__main__":
    main()
