"""nnaudio-cpp's transforms as PyTorch modules: ``from nnaudio_cpp import features``.

The computation is the C++ library's (the same code and numbers as a C++ program using
nnaudio::STFT, nnaudio::MelSpectrogram, ...); ``features`` has nnAudio's class names and
arguments.
"""

import os

import torch

__version__ = "0.1.0"

# The operator library: registers torch.classes.nnaudio.Engine and torch.ops.nnaudio.run.
torch.ops.load_library(os.path.join(os.path.dirname(__file__), "_nnaudio_ops.so"))

from . import features  # noqa: E402  (needs the operators)

__all__ = ["features", "__version__"]
