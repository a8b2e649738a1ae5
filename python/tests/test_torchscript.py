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


LIBRARY = os.path.join(os.path.dirname(nnaudio_cpp.__file__), "_nnaudio_ops.so")
PROGRAM = os.environ.get("NNAUDIO_LOAD_SCRIPTED")


def same_up_to_fft_planning(actual, expected):
    """Another process may plan its FFTs (FFTW) differently: equal to float32 round-off."""
    return ((actual - expected).norm() / expected.norm()).item() <= 1e-6


def saved_model(folder):
    """A scripted MelSpectrogram saved in `folder` with an input; returns the paths of both and
    the expected output."""
    model = torch.jit.script(MODULES["MelSpectrogram"]())
    x = torch.randn(2, 4000)
    torch.jit.save(model, str(folder / "model.pt"))
    torch.save(x, folder / "x.pt")
    return str(folder / "model.pt"), str(folder / "x.pt"), model(x)


def test_a_saved_model_needs_only_the_operator_library(tmp_path):
    # What a C++ program does: load _nnaudio_ops.so, then the model (no nnaudio_cpp Python).
    model, x, expected = saved_model(tmp_path)
    script = (
        "import sys, torch\n"
        f"torch.ops.load_library({LIBRARY!r})\n"
        f"out = torch.jit.load({model!r})(torch.load({x!r}))\n"
        "assert 'nnaudio_cpp' not in sys.modules\n"
        f"torch.save(out, {str(tmp_path / 'out.pt')!r})\n")
    subprocess.run([sys.executable, "-c", script], check=True,
                   env={**os.environ, "PYTHONPATH": ""})
    assert same_up_to_fft_planning(torch.load(tmp_path / "out.pt"), expected)


@pytest.mark.skipif(not PROGRAM or not os.path.exists(PROGRAM),
                    reason="the C++ loader was not built (NNAUDIO_LOAD_SCRIPTED)")
def test_a_cpp_program_runs_the_saved_model(tmp_path):
    model, x, expected = saved_model(tmp_path)
    output = str(tmp_path / "out.pt")
    subprocess.run([PROGRAM, LIBRARY, model, x, output], check=True)
    assert same_up_to_fft_planning(torch.load(output), expected)
