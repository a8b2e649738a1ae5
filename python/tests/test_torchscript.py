"""torch.jit.trace and torch.jit.script compile the transforms (the C++ computation is the
operator nnaudio::run); saved and loaded, they compute the same."""

import io
import os
import subprocess
import sys

import pytest
import torch

import nnaudio_cpp
from nnaudio_cpp import features


def round_trip(module):
    buffer = io.BytesIO()
    torch.jit.save(module, buffer)
    buffer.seek(0)
    return torch.jit.load(buffer)


MODULES = {
    "STFT": lambda: features.STFT(n_fft=256, hop_length=64, trainable=True),
    "MelSpectrogram": lambda: features.MelSpectrogram(sr=16000, n_fft=256, hop_length=64,
                                                      n_mels=16, trainable_mel=True),
    "MFCC": lambda: features.MFCC(sr=16000, n_mfcc=13, n_fft=256, hop_length=64, n_mels=20),
    "Gammatonegram": lambda: features.Gammatonegram(sr=16000, n_fft=256, hop_length=64,
                                                    n_bins=16),
    "CFP": lambda: features.Combined_Frequency_Periodicity(fs=8000, hop_length=256,
                                                           window_size=1025),
    "CQT2010v2": lambda: features.CQT2010v2(sr=8000, hop_length=64, fmin=110.0, n_bins=36),
}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_script_and_trace_compute_the_same(name):
    module = MODULES[name]()
    x = torch.randn(2, 4000)
    y = torch.randn(3, 4000)
    expected = module(y)
    for compiled in (torch.jit.script(module), torch.jit.trace(module, x)):
        for candidate in (compiled, round_trip(compiled)):
            actual = candidate(y)
            if isinstance(expected, tuple):
                assert all(torch.equal(a, e) for a, e in zip(actual, expected))
            else:
                assert torch.equal(actual, expected)


def test_scripted_forward_keeps_the_optional_arguments():
    stft = torch.jit.script(features.STFT(n_fft=256, hop_length=64))
    x = torch.randn(4000)
    assert stft(x, "Magnitude").shape == (1, 129, 63)
    with pytest.raises(Exception, match="output_format='Bad'"):
        stft(x, "Bad")


def test_scripted_module_trains_its_parameters():
    mel = torch.jit.script(MODULES["MelSpectrogram"]())
    mel(torch.randn(2, 4000)).sum().backward()
    assert mel.mel_basis.grad is not None and mel.mel_basis.grad.abs().sum() > 0


def test_a_saved_model_needs_only_the_operator_library(tmp_path):
    # What a C++ program does: load _nnaudio_ops.so, then the model (no nnaudio_cpp Python).
    model = torch.jit.script(MODULES["MelSpectrogram"]())
    torch.jit.save(model, str(tmp_path / "model.pt"))
    x = torch.randn(2, 4000)
    torch.save(x, tmp_path / "x.pt")
    torch.save(model(x), tmp_path / "expected.pt")
    library = os.path.join(os.path.dirname(nnaudio_cpp.__file__), "_nnaudio_ops.so")
    script = (
        "import sys, torch\n"
        f"torch.ops.load_library({library!r})\n"
        f"model = torch.jit.load({str(tmp_path / 'model.pt')!r})\n"
        f"out = model(torch.load({str(tmp_path / 'x.pt')!r}))\n"
        "assert 'nnaudio_cpp' not in sys.modules\n"
        f"assert torch.equal(out, torch.load({str(tmp_path / 'expected.pt')!r}))\n")
    subprocess.run([sys.executable, "-c", script], check=True, env={**os.environ,
                                                                       "PYTHONPATH": ""})
