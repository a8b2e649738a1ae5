"""The GIL is released while the C++ code computes: another Python thread keeps running."""

import threading
import time

import torch

from nnaudio_cpp import features


def test_python_threads_run_while_a_transform_computes():
    mel = features.MelSpectrogram(sr=16000, n_fft=2048, hop_length=128, n_mels=128)
    # Long enough to tell on a fast machine too: 8 clips of 4 s took 0.011 s on the quiet
    # development VM and 0.05 s in CI's Debian 13 run; these 64 of 16 s take ~0.35 s there.
    x = torch.randn(64, 16000 * 16)
    call = {}

    def work():
        call["begin"] = time.perf_counter()
        mel(x)
        call["end"] = time.perf_counter()

    worker = threading.Thread(target=work)
    stamps = []
    worker.start()
    while worker.is_alive():  # a pure-Python loop: it only advances while it has the GIL
        stamps.append(time.perf_counter())
    worker.join()
    begin, end = call["begin"], call["end"]
    inside = [t for t in stamps if begin <= t <= end]
    # Holding the GIL for the whole call, the C++ code would stop this loop from just after
    # `begin` (at most one 5 ms switch interval later) to `end`: one gap as long as the call.
    # Released, the loop runs throughout and its longest pause is a scheduler's time slice,
    # whatever the machine's load (measured: calls of 0.73 - 0.83 s, longest gaps 12 - 20 ms,
    # on 2 cores shared with another build).
    # The test depends on no speed: only on the longest gap against the call's own duration.
    assert end - begin > 0.05, "the call is too short to tell"
    edges = [begin] + inside + [end]
    longest_gap = max(b - a for a, b in zip(edges, edges[1:]))
    assert longest_gap < 0.5 * (end - begin), (longest_gap, end - begin)
