"""Constant-Q and variable-Q transforms and the inverse CQT with nnAudio's signatures
(nnaudio::CQT with its algorithms, nnaudio::ICQT).

Every class defaults to nnAudio's conventions: reflect padding and nnAudio's filter lengths
(Q = filter_scale / (2^(1/B) - 1), lengths rounded up). ``filter_lengths='librosa'`` and
``pad_mode='constant'`` give librosa.cqt's numbers.
"""

import math
from typing import Optional

import torch
from torch import Tensor

from .._transform import MAX_KERNEL_BYTES, Transform, as_batch, window_name

__all__ = ["CQT1992", "CQT1992v2", "CQT2010", "CQT2010v2", "CQT", "VQT", "iCQT"]


def _basis_norm(norm) -> str:
    """nnAudio's kernel normalisation: 1 (L1, librosa's), 2 (L2), inf (max) or None."""
    if norm is None or norm is False or norm == 0:
        return "none"
    if norm == math.inf:
        return "inf"
    if norm in (1, 2):
        return str(int(norm))
    raise ValueError(f"norm={norm!r} is not supported; allowed: 1, 2, inf or None")


def _cqt_options(algorithm, sr, hop_length, fmin, fmax, n_bins, bins_per_octave, filter_scale,
                 basis_norm, window, center, pad_mode, earlydownsample, trainable, gamma=0.0,
                 filter_lengths="nnaudio", max_kernel_bytes=MAX_KERNEL_BYTES):
    return dict(algorithm=algorithm, sr=sr, hop_length=hop_length, fmin=fmin, fmax=fmax,
                n_bins=n_bins, bins_per_octave=bins_per_octave, filter_scale=filter_scale,
                norm=_basis_norm(basis_norm), window=window_name(window), center=center,
                pad_mode=pad_mode, earlydownsample=earlydownsample, trainable=trainable,
                gamma=gamma, filter_lengths=filter_lengths, max_kernel_bytes=max_kernel_bytes,
                # nnAudio computes a top filter whose band passes Nyquist; so do these classes,
                # warning (the C++ default refuses it, as librosa).
                allow_above_nyquist=True)


def _check_format(output_format: str) -> str:
    if output_format not in ["Magnitude", "Complex", "Phase"]:
        raise ValueError("output_format='" + output_format +
                         "' is not supported; allowed: Magnitude, Complex, Phase")
    return output_format


class _CQTBase(Transform):
    """forward(x, output_format=None, normalization_type='librosa'): (L), (B, L) or (B, 1, L)
    in; (B, n_bins, frames) for 'Magnitude', (B, n_bins, frames, 2) for 'Complex' (real,
    imaginary) and 'Phase' (cosine, sine of the phase), as nnAudio; any other (..., L) gives
    (..., n_bins, frames[, 2])."""

    def __init__(self, options, output_format: str):
        fmt = _check_format(output_format)
        super().__init__("CQT", options)
        self.output_format = fmt

    def min_input_length(self) -> int:
        """The fewest samples ``forward`` accepts: one without centring's or reflect padding's
        needs, else the lowest filters' frame (center=False) or more than their half frame
        (pad_mode='reflect'), as the C++ ``CQTImpl::min_input_length``; a shorter input raises
        ``ValueError`` saying the same."""
        return int(self._run("min_input_length", torch.zeros(1))[0].item())

    def forward(self, x: Tensor, output_format: Optional[str] = None,
                normalization_type: str = "librosa") -> Tensor:
        fmt = self.output_format if output_format is None else _check_format(output_format)
        if fmt == "Phase":
            phase = self._run("forward", as_batch(x), "phase", normalization_type)[0]
            return torch.stack((torch.cos(phase), torch.sin(phase)), -1)
        name = "magnitude" if fmt == "Magnitude" else "realimag"
        return self._run("forward", as_batch(x), name, normalization_type)[0]


class CQT1992(_CQTBase):
    """Brown & Puckette's algorithm: frequency-domain kernels applied to an FFT of each frame.
    ``trainable_CQT`` makes the kernels parameters; ``trainable_STFT`` is refused (the frames
    are transformed by an FFT, which has no kernels)."""

    def __init__(self, sr=22050, hop_length=512, fmin=220, fmax=None, n_bins=84,
                 trainable_STFT=False, trainable_CQT=False, bins_per_octave=12, filter_scale=1,
                 output_format="Magnitude", norm=1, window="hann", center=True,
                 pad_mode="reflect", filter_lengths="nnaudio",
                 max_kernel_bytes=MAX_KERNEL_BYTES):
        if trainable_STFT:
            raise ValueError("CQT1992: trainable_STFT is not supported (the frames go through "
                             "an FFT); use trainable_CQT")
        super().__init__(_cqt_options("1992", sr, hop_length, fmin, fmax, n_bins,
                                      bins_per_octave, filter_scale, norm, window, center,
                                      pad_mode, False, trainable_CQT,
                                      filter_lengths=filter_lengths,
                                      max_kernel_bytes=max_kernel_bytes), output_format)


class CQT1992v2(_CQTBase):
    """Time-domain kernels at the full rate (nnAudio's ``CQT``)."""

    def __init__(self, sr=22050, hop_length=512, fmin=32.70, fmax=None, n_bins=84,
                 bins_per_octave=12, filter_scale=1, norm=1, window="hann", center=True,
                 pad_mode="reflect", trainable=False, output_format="Magnitude", verbose=True,
                 filter_lengths="nnaudio", max_kernel_bytes=MAX_KERNEL_BYTES):
        super().__init__(_cqt_options("1992v2", sr, hop_length, fmin, fmax, n_bins,
                                      bins_per_octave, filter_scale, norm, window, center,
                                      pad_mode, False, trainable,
                                      filter_lengths=filter_lengths,
                                      max_kernel_bytes=max_kernel_bytes), output_format)


class CQT(CQT1992v2):
    """nnAudio's abbreviation for CQT1992v2."""


class CQT2010(_CQTBase):
    """Multirate (octave by octave) with frequency-domain kernels, librosa's algorithm.
    ``norm`` (a bool in nnAudio) has no effect: ``normalization_type`` scales the result;
    ``basis_norm`` normalises the kernels. ``trainable_STFT`` is refused, as for CQT1992."""

    def __init__(self, sr=22050, hop_length=512, fmin=32.70, fmax=None, n_bins=84,
                 bins_per_octave=12, norm=True, basis_norm=1, window="hann",
                 pad_mode="reflect", trainable_STFT=False, filter_scale=1, trainable_CQT=False,
                 output_format="Magnitude", earlydownsample=True, verbose=True, center=True,
                 filter_lengths="nnaudio", max_kernel_bytes=MAX_KERNEL_BYTES):
        if trainable_STFT:
            raise ValueError("CQT2010: trainable_STFT is not supported (the frames go through "
                             "an FFT); use trainable_CQT")
        super().__init__(_cqt_options("2010", sr, hop_length, fmin, fmax, n_bins,
                                      bins_per_octave, filter_scale, basis_norm, window,
                                      center, pad_mode, earlydownsample, trainable_CQT,
                                      filter_lengths=filter_lengths,
                                      max_kernel_bytes=max_kernel_bytes), output_format)


class CQT2010v2(_CQTBase):
    """Multirate with time-domain kernels. ``norm`` has no effect (see CQT2010)."""

    def __init__(self, sr=22050, hop_length=512, fmin=32.70, fmax=None, n_bins=84,
                 filter_scale=1, bins_per_octave=12, norm=True, basis_norm=1, window="hann",
                 pad_mode="reflect", earlydownsample=True, trainable=False,
                 output_format="Magnitude", verbose=True, center=True,
                 filter_lengths="nnaudio", max_kernel_bytes=MAX_KERNEL_BYTES):
        super().__init__(_cqt_options("2010v2", sr, hop_length, fmin, fmax, n_bins,
                                      bins_per_octave, filter_scale, basis_norm, window,
                                      center, pad_mode, earlydownsample, trainable,
                                      filter_lengths=filter_lengths,
                                      max_kernel_bytes=max_kernel_bytes), output_format)


class VQT(_CQTBase):
    """Variable-Q transform: the CQT with librosa.vqt's bandwidth offset ``gamma`` (Hz; 0 is
    the CQT), computed by the multirate algorithm. ``norm`` has no effect (see CQT2010)."""

    def __init__(self, sr=22050, hop_length=512, fmin=32.70, fmax=None, n_bins=84,
                 filter_scale=1, bins_per_octave=12, norm=True, basis_norm=1, gamma=0,
                 window="hann", pad_mode="reflect", earlydownsample=True, trainable=False,
                 output_format="Magnitude", verbose=True, center=True,
                 filter_lengths="nnaudio", max_kernel_bytes=MAX_KERNEL_BYTES):
        super().__init__(_cqt_options("2010", sr, hop_length, fmin, fmax, n_bins,
                                      bins_per_octave, filter_scale, basis_norm, window,
                                      center, pad_mode, earlydownsample, trainable,
                                      gamma=gamma, filter_lengths=filter_lengths,
                                      max_kernel_bytes=max_kernel_bytes),
                         output_format)


class iCQT(Transform):
    """Inverse CQT: waveforms (B, L) whose CQT (with these options) is closest to X, a
    'Complex' output (B, n_bins, frames, 2) or a complex (B, n_bins, frames) tensor, by
    ``n_iter`` conjugate-gradient iterations. ``normalization_type`` must be the one X was
    computed with. ``algorithm`` is the forward model ('auto', '1992', '1992v2', '2010',
    '2010v2')."""

    def __init__(self, sr=22050, hop_length=512, fmin=32.70, fmax=None, n_bins=84,
                 bins_per_octave=12, filter_scale=1, norm=1, window="hann", center=True,
                 pad_mode="reflect", earlydownsample=True, normalization_type="librosa",
                 n_iter=32, algorithm="auto", trainable=False, verbose=True,
                 filter_lengths="nnaudio", max_kernel_bytes=MAX_KERNEL_BYTES):
        options = _cqt_options(algorithm, sr, hop_length, fmin, fmax, n_bins, bins_per_octave,
                               filter_scale, norm, window, center, pad_mode, earlydownsample,
                               trainable, filter_lengths=filter_lengths,
                               max_kernel_bytes=max_kernel_bytes)
        options.update(normalization_type=normalization_type, n_iter=n_iter)
        super().__init__("iCQT", options)

    def forward(self, X: Tensor, length: Optional[int] = None) -> Tensor:
        return self._run("forward", X, length=length)[0]
