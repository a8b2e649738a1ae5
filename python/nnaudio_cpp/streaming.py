"""Streaming: a layer's frames computed chunk by chunk as the audio arrives, equal to the layer's
output for the whole signal (the C++ ``nnaudio::Stream``).

    mel = features.MelSpectrogram(sr=16000, n_fft=512, hop_length=160, n_mels=64)
    stream = streaming.Stream(mel)
    for chunk in chunks:            # (L), (B, L) or (B, 1, L), any number of samples
        frames = stream.push(chunk)  # (B, n_mels, frames completed by this chunk)
    frames = stream.flush()          # the last frames (centring's end padding)

Streams the layers of STFT (every output format), MelSpectrogram, MFCC (with ``top_db=None``;
clipping to the maximum needs the whole signal), Gammatonegram and every CQT (CQT1992,
CQT1992v2, and the multirate CQT2010, CQT2010v2, CQT and VQT with each octave's own state).

The inverse direction streams too: ``Stream(iSTFT(...))`` takes frames of a one-sided spectrum
(``(B, n_fft // 2 + 1, frames)`` complex or ``(B, n_fft // 2 + 1, frames, 2)``) and returns the
overlap-added samples that no later frame can change, ``flush()`` the rest (the centring trim
and the layer's output length as offline).
"""

from typing import List

import torch
from torch import Tensor

from ._transform import Transform, as_batch

__all__ = ["Stream"]

_STREAMABLE = ("STFT", "MelSpectrogram", "MFCC", "Gammatonegram", "CQT", "iSTFT")


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
                             "layers: STFT, MelSpectrogram, MFCC, Gammatonegram, the CQTs, "
                             "iSTFT")
        self._layer = layer
        # An inverse layer takes spectrum frames as they are; the others (..., samples).
        self._inverse = kind == "iSTFT"
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
        """The frames ``chunk`` completes, in the layer's layout (possibly none); for iSTFT,
        the samples the frames in ``chunk`` complete."""
        chunk = chunk if self._inverse else as_batch(chunk)
        return self._layout(self._stream.push(chunk, self._layer._state()))

    def flush(self) -> Tensor:
        """Ends the signal: the remaining frames. ``reset()`` starts a new signal."""
        return self._layout(self._stream.flush(self._layer._state()))

    def reset(self) -> None:
        """Forgets the signal; the next push starts a new one."""
        self._stream.reset()

    @property
    def latency(self) -> int:
        """Samples to push before the first frame comes out (iSTFT: frames before the first
        samples)."""
        return self._stream.latency()

    def state(self) -> List[Tensor]:
        """The stream's position as tensors (``torch.save`` them); ``load_state`` resumes it."""
        return self._stream.state()

    def load_state(self, state: List[Tensor]) -> None:
        self._stream.load_state(list(state))
