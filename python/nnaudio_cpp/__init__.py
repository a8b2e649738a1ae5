"""nnaudio-cpp's transforms as PyTorch modules: ``from nnaudio_cpp import features``.

The computation is the C++ library's (the same code and numbers as a C++ program using
nnaudio::STFT, nnaudio::MelSpectrogram, ...); ``features`` has nnAudio's class names and
arguments.
"""

import os

import torch

# The operator library: registers torch.classes.nnaudio.Engine and torch.ops.nnaudio.run.
torch.ops.load_library(os.path.join(os.path.dirname(__file__), "_nnaudio_ops.so"))

# The C++ library's version (CMake's project() version, NNAUDIO_VERSION_STRING).
__version__: str = torch.ops.nnaudio.version()

from . import features  # noqa: E402  (needs the operators)
from ._transform import Transform, _Kernels  # noqa: E402


def _transform_classes():
    found, pending = [_Kernels], [Transform]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


# PyTorch 2.6 made torch.load(weights_only=True) the default: it refuses classes it does not
# know, so a module saved whole with torch.save(module) would not load back. These classes
# pickle as their options and tensors (see Transform.__getstate__) and build nothing else when
# loaded, so they are safe to allow. A file that holds other classes (nn.Sequential, your own
# model) needs those allowed too: torch.serialization.add_safe_globals, or weights_only=False
# for a file you trust.
if hasattr(torch.serialization, "add_safe_globals"):
    torch.serialization.add_safe_globals(_transform_classes())



def set_max_call_bytes(bytes_: int) -> None:
    """Sets the ceiling on what one call of a transform may allocate (its output and its
    largest temporary, estimated before anything is allocated; default: the machine's physical
    memory). A call above it raises ValueError saying its size. Process-wide, as in C++
    (nnaudio::set_max_call_bytes)."""
    torch.ops.nnaudio.set_max_call_bytes(int(bytes_))


def max_call_bytes() -> int:
    """The ceiling set by set_max_call_bytes, else the machine's physical memory."""
    return int(torch.ops.nnaudio.max_call_bytes())


CITATION = """\
@article{cheuk2020nnaudio,
  author  = {Cheuk, Kin Wai and Anderson, Hans and Agres, Kat and Herremans, Dorien},
  title   = {nnAudio: An on-the-Fly {GPU} Audio to Spectrogram Conversion Toolbox Using
             {1D} Convolutional Neural Networks},
  journal = {IEEE Access},
  volume  = {8},
  pages   = {161981--162003},
  year    = {2020},
  doi     = {10.1109/ACCESS.2020.3019084}
}"""


def cite() -> str:
    """The BibTeX entry of the nnAudio paper (Cheuk et al., IEEE Access 2020), whose
    transforms and API this package implements; cite it when you use them."""
    return CITATION


__all__ = ["features", "__version__", "set_max_call_bytes", "max_call_bytes", "cite"]
