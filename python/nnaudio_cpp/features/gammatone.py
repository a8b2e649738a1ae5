"""Gammatonegram with nnAudio's signature (nnaudio::Gammatonegram)."""

from torch import Tensor

from .._transform import MAX_KERNEL_BYTES, Transform, as_batch, window_name

__all__ = ["Gammatonegram"]


class Gammatonegram(Transform):
    """Gammatone spectrogram, nnAudio's ``Gammatonegram``: (L), (B, L), (B, 1, L) or any
    (..., L) in,
    (B, n_bins, frames) out.

    ``htk``, ``norm`` and ``verbose`` are accepted for compatibility and, as in nnAudio, have
    no effect on the bank.
    """

    def __init__(self, sr=44100, n_fft=2048, n_bins=64, hop_length=512, window="hann",
                 center=True, pad_mode="reflect", power=2.0, htk=False, fmin=20.0, fmax=None,
                 norm=1, trainable_bins=False, trainable_STFT=False, verbose=True,
                 win_length=None, max_kernel_bytes=MAX_KERNEL_BYTES):
        super().__init__("Gammatonegram", dict(
            sr=sr, n_fft=n_fft, win_length=win_length, n_bins=n_bins, hop_length=hop_length,
            window=window_name(window), center=center, pad_mode=pad_mode, power=power,
            fmin=fmin, fmax=fmax, trainable_bins=trainable_bins,
            trainable_STFT=trainable_STFT, max_kernel_bytes=max_kernel_bytes))

    def forward(self, x: Tensor) -> Tensor:
        return self._run("forward", as_batch(x))[0]
