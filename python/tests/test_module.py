"""The transforms behave as torch.nn.Modules: parameters, state_dict, copies, dtypes, devices,
containers and DataParallel."""

import copy
import io
import pickle

import pytest
import torch
from torch import nn

from conftest import DEVICES, relative_error
from nnaudio_cpp import features


def small_mel(**kwargs):
    return features.MelSpectrogram(sr=16000, n_fft=256, hop_length=64, n_mels=16, **kwargs)


def test_frozen_kernels_are_buffers_and_trainable_ones_parameters():
    frozen = small_mel()
    assert list(frozen.parameters()) == []
    assert sorted(name for name, _ in frozen.named_buffers()) == ["mel_basis", "stft.window"]
    learned = small_mel(trainable_mel=True, trainable_STFT=True)
    assert sorted(name for name, _ in learned.named_parameters()) == [
        "mel_basis", "stft.kernel_cos", "stft.kernel_sin", "stft.window"]
    assert learned.mel_basis.shape == (16, 129)


def test_istft_trains_the_window_and_the_kernels_separately():
    window_only = features.iSTFT(n_fft=64, trainable_window=True)
    assert [name for name, _ in window_only.named_parameters()] == ["window"]
    kernels_only = features.iSTFT(n_fft=64, trainable_kernels=True)
    assert sorted(name for name, _ in kernels_only.named_parameters()) == [
        "kernel_cos", "kernel_sin"]


def test_state_dict_round_trip_carries_trained_kernels():
    x = torch.randn(2, 4000, dtype=torch.float64)
    trained = small_mel(trainable_mel=True)
    with torch.no_grad():
        trained.mel_basis.mul_(1.5)
    buffer = io.BytesIO()
    torch.save(trained.state_dict(), buffer)
    buffer.seek(0)
    fresh = small_mel(trainable_mel=True)
    assert relative_error(fresh(x), trained(x)) > 0.1
    fresh.load_state_dict(torch.load(buffer))
    assert torch.equal(fresh(x), trained(x))


def test_the_computation_uses_the_modules_current_tensors():
    x = torch.randn(3000, dtype=torch.float64)
    mel = small_mel()
    before = mel(x)
    mel.mel_basis = mel.mel_basis * 2.0  # a new tensor object, as load_state_dict(assign=True)
    assert relative_error(mel(x), 2.0 * before) <= 1e-14


def test_deepcopy_and_pickle_give_independent_modules():
    x = torch.randn(3000, dtype=torch.float64)
    mel = small_mel(trainable_mel=True)
    copies = [copy.deepcopy(mel), pickle.loads(pickle.dumps(mel))]
    with torch.no_grad():
        mel.mel_basis.mul_(3.0)
    for duplicate in copies:
        assert relative_error(mel(x), 3.0 * duplicate(x)) <= 1e-14
    whole = io.BytesIO()
    torch.save(mel, whole)
    whole.seek(0)
    assert torch.equal(torch.load(whole)(x), mel(x))
    if hasattr(torch.serialization, "add_safe_globals"):  # 2.4+; 2.6 makes it the default
        whole.seek(0)
        assert torch.equal(torch.load(whole, weights_only=True)(x), mel(x))


def test_double_and_float_cast_the_state():
    mel = small_mel()
    assert mel.mel_basis.dtype == torch.float64
    mel.float()
    assert mel.mel_basis.dtype == torch.float32
    x = torch.randn(2, 3000)
    assert mel(x).dtype == torch.float32
    assert relative_error(mel(x), mel.double()(x.double())) <= 1e-5


@pytest.mark.parametrize("device", DEVICES)
def test_to_device_moves_the_state(device):
    mel = small_mel(trainable_STFT=True).to(device)
    assert all(p.device.type == device for p in mel.parameters())
    x = torch.randn(2, 3000, device=device)
    out = mel(x)
    assert out.device.type == device
    assert relative_error(out.cpu(), small_mel(trainable_STFT=True)(x.cpu())) <= 1e-5


def test_sequential_with_other_layers():
    model = nn.Sequential(small_mel(), nn.Flatten(), nn.Linear(16 * 47, 3))
    assert model(torch.randn(4, 3000)).shape == (4, 3)


def test_data_parallel_on_cpu_gives_the_same_result_and_gradients():
    x = torch.randn(4, 3000, dtype=torch.float64)
    mel = small_mel(trainable_mel=True)
    parallel = nn.DataParallel(mel)
    out = parallel(x)
    assert torch.equal(out, mel(x))
    out.sum().backward()
    assert mel.mel_basis.grad is not None and mel.mel_basis.grad.abs().sum() > 0


@pytest.mark.skipif(torch.cuda.device_count() < 2, reason="needs two CUDA devices")
def test_data_parallel_on_two_gpus():
    mel = small_mel(trainable_mel=True).cuda()
    x = torch.randn(4, 3000, device="cuda")
    out = nn.DataParallel(mel)(x)
    assert relative_error(out, mel(x)) <= 1e-6
    out.sum().backward()
    assert mel.mel_basis.grad is not None


def test_repr_shows_the_cpp_options():
    text = repr(features.STFT(n_fft=512, hop_length=128))
    assert "n_fft=512" in text and "hop_length=128" in text
