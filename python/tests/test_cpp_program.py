"""The Python module and a C++ program using nnaudio::STFT give the same numbers: the
example program (examples/stft_example.cpp) against features.STFT with its settings."""

import os
import subprocess
import wave

import numpy as np
import pytest
import torch

from conftest import relative_error
from nnaudio_cpp import features

PROGRAM = os.environ.get("NNAUDIO_STFT_EXAMPLE")
RECORDING = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "data",
                         "chromatic.wav")


@pytest.mark.skipif(not PROGRAM or not os.path.exists(PROGRAM),
                    reason="the C++ example program was not built (NNAUDIO_STFT_EXAMPLE)")
def test_stft_equals_the_cpp_example_program(tmp_path):
    output = tmp_path / "stft.npy"
    subprocess.run([PROGRAM, RECORDING, str(output)], check=True, capture_output=True)
    expected = torch.from_numpy(np.load(output))
    with wave.open(RECORDING) as recording:  # 16-bit PCM mono, read as libsndfile scales it
        pcm = np.frombuffer(recording.readframes(recording.getnframes()), dtype="<i2")
    audio = torch.from_numpy(pcm.astype(np.float32) / 32768.0)
    stft = features.STFT(n_fft=2048, hop_length=512, pad_mode="constant", sr=22050,
                         output_format="Magnitude")
    actual = stft(audio)[0]
    assert actual.shape == expected.shape
    assert relative_error(actual, expected) <= 1e-6
    print(f"max abs difference {(actual - expected).abs().max().item():.3g}, "
          f"relative {relative_error(actual, expected):.3g}")
