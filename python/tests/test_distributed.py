"""DistributedDataParallel on CPU (gloo, two processes): gradients of a trainable front end are
averaged across the processes."""

import copy
import socket

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn

from nnaudio_cpp import features

from conftest import relative_error


def _libuv_refused():
    """True where PyTorch asks for libuv's TCPStore by default (2.4+) but was built without it
    (Debian 13's 2.6): init_process_group then fails unless told use_libuv=0, as python/README.md
    tells users."""
    try:
        store = dist.TCPStore("127.0.0.1", 0, is_master=True, wait_for_workers=False,
                              use_libuv=True)
    except TypeError:  # before 2.4: no libuv option
        return False
    except RuntimeError as error:
        return "libuv" in str(error)
    del store
    return False


def _worker(rank, world_size, init_method, folder):
    dist.init_process_group("gloo", init_method=init_method, rank=rank, world_size=world_size)
    torch.manual_seed(0)  # the same initial model in every process
    model = nn.Sequential(
        features.MelSpectrogram(sr=16000, n_fft=256, hop_length=64, n_mels=16,
                                trainable_mel=True),
        nn.Flatten(), nn.Linear(16 * 47, 2))
    torch.manual_seed(1 + rank)  # different data in every process
    x = torch.randn(4, 3000)
    # This process's own gradient, from a copy outside DDP: what DDP must average.
    local = copy.deepcopy(model)
    local(x).sum().backward()
    ddp = nn.parallel.DistributedDataParallel(model)
    ddp(x).sum().backward()
    torch.save({"ddp": model[0].mel_basis.grad, "local": local[0].mel_basis.grad},
               f"{folder}/{rank}.pt")
    dist.destroy_process_group()


def test_distributed_data_parallel_averages_the_kernel_gradients(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    init_method = f"tcp://127.0.0.1:{port}" + ("?use_libuv=0" if _libuv_refused() else "")
    mp.spawn(_worker, args=(2, init_method, str(tmp_path)), nprocs=2, join=True)
    first, second = torch.load(tmp_path / "0.pt"), torch.load(tmp_path / "1.pt")
    assert first["local"].abs().sum() > 0
    # Different data: different local gradients (measured 69 % apart), so equal DDP gradients
    # are not a coincidence.
    assert relative_error(first["local"], second["local"]) > 1e-3
    assert torch.equal(first["ddp"], second["ddp"])
    # The all-reduce's float32 sum of two, halved: measured 0 (exact); 1e-6 allows another
    # backend's summation order.
    average = (first["local"] + second["local"]) / 2
    assert relative_error(first["ddp"], average) < 1e-6
