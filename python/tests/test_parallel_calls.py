"""Calls on one module from several threads run at once and give the serial results, also when
replicas with different state share the engine (what DataParallel makes)."""

import threading

import pytest
import torch

from nnaudio_cpp import features


def run_together(calls):
    """Runs every call on its own thread, all released at once; returns their results."""
    results = [None] * len(calls)
    errors = []
    start = threading.Barrier(len(calls))

    def work(i):
        try:
            start.wait()
            for _ in range(3):  # several rounds, so that the calls overlap
                results[i] = calls[i]()
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.mark.parametrize("make", [
    lambda: features.MelSpectrogram(sr=16000, n_fft=1024, hop_length=256),
    lambda: features.CQT2010v2(sr=16000, hop_length=256),
    lambda: features.STFT(n_fft=512, trainable=True, output_format="Magnitude"),
])
def test_threads_share_one_module_and_get_the_serial_results(make):
    module = make()
    torch.manual_seed(0)
    inputs = [torch.randn(2, 16000) for _ in range(4)]
    serial = [module(x) for x in inputs]
    together = run_together([lambda x=x: module(x) for x in inputs])
    for got, expected in zip(together, serial):
        torch.testing.assert_close(got, expected, rtol=0, atol=0)
    # The calls overlapped: the engine built a C++ module for each call running at once.
    assert module._engine.transforms_built() > 1


def test_replicas_with_their_own_state_share_the_engine_without_racing():
    # DataParallel's replicas are shallow copies (one engine) with the state moved to their
    # device; here float32 and float64 copies stand for two devices. The multirate CQT's
    # low-pass filter was the member two replicas used to overwrite for each other.
    cqt = features.CQT2010v2(sr=16000, hop_length=256)
    replica32 = cqt._replicate_for_data_parallel()
    replica64 = cqt._replicate_for_data_parallel()
    for name, tensor in list(replica32._buffers.items()):
        replica32._buffers[name] = tensor.float()
    assert replica64._engine is replica32._engine
    assert replica64.lowpass.dtype != replica32.lowpass.dtype
    torch.manual_seed(1)
    x = torch.randn(2, 16000)
    expected32 = replica32(x)
    expected64 = replica64(x.double())
    calls = [lambda: replica32(x), lambda: replica64(x.double())] * 2
    results = run_together(calls)
    for got in results[0::2]:
        torch.testing.assert_close(got, expected32, rtol=0, atol=0)
    for got in results[1::2]:
        torch.testing.assert_close(got, expected64, rtol=0, atol=0)
    assert cqt._engine.transforms_built() > 1
