"""DistributedDataParallel on CPU (gloo, two processes): gradients of a trainable front end are
averaged across the processes."""

import socket

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn

from nnaudio_cpp import features


def _worker(rank, world_size, port, folder):
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank,
                            world_size=world_size)
    torch.manual_seed(0)  # the same initial model in every process
    model = nn.Sequential(
        features.MelSpectrogram(sr=16000, n_fft=256, hop_length=64, n_mels=16,
                                trainable_mel=True),
        nn.Flatten(), nn.Linear(16 * 47, 2))
    ddp = nn.parallel.DistributedDataParallel(model)
    torch.manual_seed(1 + rank)  # different data in every process
    ddp(torch.randn(4, 3000)).sum().backward()
    torch.save(model[0].mel_basis.grad, f"{folder}/{rank}.pt")
    dist.destroy_process_group()


def test_distributed_data_parallel_averages_the_kernel_gradients(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mp.spawn(_worker, args=(2, port, str(tmp_path)), nprocs=2, join=True)
    first, second = torch.load(tmp_path / "0.pt"), torch.load(tmp_path / "1.pt")
    assert first.abs().sum() > 0
    assert torch.equal(first, second)
