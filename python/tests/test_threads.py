"""The GIL is released while the C++ code computes: another Python thread keeps running."""

import threading
import time

import torch

from nnaudio_cpp import features


def test_python_threads_run_while_a_transform_computes():
    mel = features.MelSpectrogram(sr=16000, n_fft=2048, hop_length=128, n_mels=128)
    x = torch.randn(8, 16000 * 4)
    done = threading.Event()
    started = threading.Event()

    def work():
        started.set()
        mel(x)
        done.set()

    worker = threading.Thread(target=work)
    worker.start()
    started.wait()
    begin, ticks = time.perf_counter(), 0
    while not done.is_set():  # a pure-Python loop: it only advances while it has the GIL
        ticks += 1
    elapsed = time.perf_counter() - begin
    worker.join()
    # Holding the GIL, the C++ call would let this loop run only in the switch intervals
    # (5 ms) around it; released, the loop spins for the whole call (millions of ticks/s).
    assert elapsed > 0.02
    assert ticks / elapsed > 1e5
