"""Combined Frequency and Periodicity with nnAudio's signatures (nnaudio::CFP)."""

from typing import Tuple

from torch import Tensor

from .._transform import MAX_KERNEL_BYTES, Transform, as_batch

__all__ = ["Combined_Frequency_Periodicity", "CFP"]


class Combined_Frequency_Periodicity(Transform):
    """CFP (Su & Yang 2015), nnAudio's ``Combined_Frequency_Periodicity``: (L), (B, L) or any
    (..., L) in,
    ``(Z, tfrL0, tfrLF, tfrLQ)`` out, each (B, bands, frames) with the STFT's first and last
    frames dropped. Follows the paper where nnAudio departs from it (python/README.md)."""

    def __init__(self, fr=2, fs=16000, hop_length=320, window_size=2049, fc=80, tc=1 / 1000,
                 g=(0.24, 0.6, 1), NumPerOct=48, max_kernel_bytes=MAX_KERNEL_BYTES):
        super().__init__("CFP", dict(fr=fr, fs=fs, hop_length=hop_length,
                                     window_size=window_size, fc=fc, tc=tc, g=list(g),
                                     NumPerOct=NumPerOct, max_kernel_bytes=max_kernel_bytes))

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor, Tensor, Tensor]:
        features = self._run("features", as_batch(x))
        return features[0], features[1], features[2], features[3]


class CFP(Combined_Frequency_Periodicity):
    """nnAudio's ``CFP``: ``Z`` of Combined_Frequency_Periodicity only, (B, bands, frames).
    nnAudio's CFP keeps the first and last frames; this one drops them, as
    Combined_Frequency_Periodicity does (the C++ module computes that form)."""

    def forward(self, x: Tensor) -> Tensor:  # type: ignore[override]
        return self._run("forward", as_batch(x))[0]
