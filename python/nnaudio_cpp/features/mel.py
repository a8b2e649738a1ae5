"""Mel spectrogram, MFCC and decibels with nnAudio's signatures (nnaudio::MelSpectrogram, MFCC,
AmplitudeToDB)."""

import numbers

from torch import Tensor

from .._transform import MAX_KERNEL_BYTES, Transform, as_batch, window_name

__all__ = ["MelSpectrogram", "MFCC", "AmplitudeToDB"]


def _mel_norm(norm) -> object:
    """nnAudio's norm=1 is Slaney's area normalisation; None leaves the triangles' peaks at 1;
    another number p divides each filter by its p-norm (librosa >= 0.7)."""
    if norm is None:
        return "none"
    if norm == 1 or norm == "slaney":
        return "slaney"
    if isinstance(norm, numbers.Real) and not isinstance(norm, bool):
        return float(norm)
    raise ValueError(f"norm={norm!r} is not supported; allowed: 1 or 'slaney', None, or a number p")


def _reference(ref) -> object:
    """ref: a positive number, or 'max' (also numpy's/torch's max functions): each example's
    maximum."""
    if ref == "max" or getattr(ref, "__name__", None) in ("max", "amax"):
        return "max"
    if isinstance(ref, numbers.Real) and not isinstance(ref, bool):
        return abs(float(ref))
    raise ValueError(f"ref={ref!r} is not supported; allowed: a number or 'max'")


def _mel_options(sr=22050, n_fft=2048, win_length=None, n_mels=128, hop_length=512,
                 window="hann", center=True, pad_mode="reflect", power=2.0, htk=False, fmin=0.0,
                 fmax=None, norm=1, trainable_mel=False, trainable_STFT=False, verbose=True,
                 max_kernel_bytes=MAX_KERNEL_BYTES):
    """nnAudio MelSpectrogram's arguments (and defaults) as C++ options."""
    return dict(sr=sr, n_fft=n_fft, win_length=win_length, n_mels=n_mels,
                hop_length=hop_length, window=window_name(window), center=center,
                pad_mode=pad_mode, power=power, htk=htk, fmin=fmin, fmax=fmax,
                norm=_mel_norm(norm), trainable_mel=trainable_mel,
                trainable_STFT=trainable_STFT, max_kernel_bytes=max_kernel_bytes)


class MelSpectrogram(Transform):
    """Mel spectrogram, nnAudio's ``MelSpectrogram``: (L), (B, L), (B, 1, L) or any (..., L)
    in,
    (B, n_mels, frames) out. ``verbose`` has no effect."""

    def __init__(self, sr=22050, n_fft=2048, win_length=None, n_mels=128, hop_length=512,
                 window="hann", center=True, pad_mode="reflect", power=2.0, htk=False,
                 fmin=0.0, fmax=None, norm=1, trainable_mel=False, trainable_STFT=False,
                 verbose=True, max_kernel_bytes=MAX_KERNEL_BYTES):
        super().__init__("MelSpectrogram", _mel_options(
            sr=sr, n_fft=n_fft, win_length=win_length, n_mels=n_mels, hop_length=hop_length,
            window=window, center=center, pad_mode=pad_mode, power=power, htk=htk, fmin=fmin,
            fmax=fmax, norm=norm, trainable_mel=trainable_mel, trainable_STFT=trainable_STFT,
            max_kernel_bytes=max_kernel_bytes))

    def forward(self, x: Tensor) -> Tensor:
        return self._run("forward", as_batch(x))[0]


class MFCC(Transform):
    """MFCC, nnAudio's ``MFCC``: (L), (B, L), (B, 1, L) or any (..., L) in, (B, n_mfcc, frames)
    out.

    ``norm`` is the DCT's ('ortho' or None); the other keyword arguments are MelSpectrogram's
    (its norm is then always 1). ``top_db`` clips each example to its own maximum, as nnAudio.
    ``lifter`` (not in nnAudio) is librosa's cepstral liftering; 0: none.
    """

    def __init__(self, sr=22050, n_mfcc=20, norm="ortho", verbose=True, ref=1.0, amin=1e-10,
                 top_db=80.0, lifter=0, **kwargs):
        if norm not in ("ortho", None):
            raise ValueError(f"norm={norm!r} is not supported; allowed: 'ortho', None")
        options = _mel_options(sr=sr, **kwargs)
        if options.pop("power") != 2.0:
            raise ValueError("MFCC: power must be 2 (the cepstrum of the mel power spectrogram)")
        options.update(n_mfcc=n_mfcc, ortho=norm == "ortho", ref=_reference(ref), amin=amin,
                       top_db=top_db, lifter=lifter)
        super().__init__("MFCC", options)

    def forward(self, x: Tensor) -> Tensor:
        return self._run("forward", as_batch(x))[0]


class AmplitudeToDB(Transform):
    """Power (``stype='power'``) or amplitude (``'magnitude'``) spectrogram to decibels, as
    librosa.power_to_db / amplitude_to_db, with ``ref='max'`` and ``top_db`` per example (the
    last two dims). Not an nnAudio class; any shape in, the same shape out. ``amin`` None:
    1e-10 for power, 1e-5 for magnitude."""

    def __init__(self, stype="power", ref=1.0, amin=None, top_db=80.0):
        super().__init__("AmplitudeToDB",
                         dict(stype=stype, ref=_reference(ref), amin=amin, top_db=top_db))

    def forward(self, S: Tensor) -> Tensor:
        return self._run("forward", S)[0]
