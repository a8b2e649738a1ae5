"""Streaming: a layer's frames computed chunk by chunk as the audio arrives, equal to the layer's
output for the whole signal (the C++ ``nnaudio::Stream``).

    mel = features.MelSpectrogram(sr=16000, n_fft=512, hop_length=160, n_mels=64)
    stream = streaming.Stream(mel)
    for chunk in chunks:            # (L), (B, L) or (B, 1, L), any number of samples
        frames = stream.push(chunk)  # (B, n_mels, frames completed by this chunk)
    frames = stream.flush()          # the last frames (centring's end padding)

Streams the layers of STFT (every output format), MelSpectrogram, MFCC (with ``top_db=None``;
clipping to the maximum needs the whole signal), Gammatonegram and the full-rate CQTs
(CQT1992, CQT1992v2); the multirate CQTs and the inverse transforms are refused.
"""

from typing import List

import torch
from torch import Tensor

from ._transform import Transform, as_batch

__all__ = ["Stream"]

_STREAMABLE = ("STFT", "MelSpectrogram", "MFCC", "Gammatonegram", "CQT")


class Stream:
    """Pushes chunks of a signal through ``layer`` (a ``nnaudio_cpp.features`` transform).

    The stream computes with the layer's current tensors at every call, so trained kernels
    stream as they are and gradients reach them and the chunks. Every chunk of a signal has the
    leading dims and dtype of the first and lies on the layer's device; a chunk that breaks this
    raises ``ValueError`` / ``TypeError`` and leaves the stream as it was.
    """

    def __init__(self, layer: Transform):
        if not isinstance(layer, Transform):
            raise TypeError(f"Stream needs an nnaudio_cpp transform, got {type(layer).__name__}")
        kind = layer._engine.kind()
        if kind not in _STREAMABLE:
            raise ValueError(f"Stream: {type(layer).__name__} does not stream; streamable "
                             "layers: STFT, MelSpectrogram, MFCC, Gammatonegram, CQT1992, "
                             "CQT1992v2")
        self._layer = layer
        # The CQT layers name their output format and normalisation at each call (_CQTBase).
        output_format, normalization = None, None
        self._phase = kind == "CQT" and layer.output_format == "Phase"
        if kind == "CQT":
            output_format = {"Magnitude": "magnitude", "Phase": "phase"}.get(
                layer.output_format, "realimag")
            normalization = "librosa"
        self._stream = torch.classes.nnaudio.Stream(layer._engine, output_format, normalization)

    def _layout(self, frames: Tensor) -> Tensor:
        # nnAudio's 'Phase': (cosine, sine) of the phase as a last axis of 2.
        return torch.stack((torch.cos(frames), torch.sin(frames)), -1) if self._phase else frames

    def push(self, chunk: Tensor) -> Tensor:
        """The frames ``chunk`` completes, in the layer's layout (possibly none)."""
        return self._layout(self._stream.push(as_batch(chunk), self._layer._state()))

    def flush(self) -> Tensor:
        """Ends the signal: the remaining frames. ``reset()`` starts a new signal."""
        return self._layout(self._stream.flush(self._layer._state()))

    def reset(self) -> None:
        """Forgets the signal; the next push starts a new one."""
        self._stream.reset()

    @property
    def latency(self) -> int:
        """Samples to push before the first frame comes out."""
        return self._stream.latency()

    def state(self) -> List[Tensor]:
        """The stream's position as tensors (``torch.save`` them); ``load_state`` resumes it."""
        return self._stream.state()

    def load_state(self, state: List[Tensor]) -> None:
        self._stream.load_state(list(state))
