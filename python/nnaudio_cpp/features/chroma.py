"""Chromagrams and PCEN with librosa's argument names (nnaudio::ChromaSTFT, ChromaCQT,
ChromaCENS, PCEN)."""

import math

from torch import Tensor

from .._transform import MAX_KERNEL_BYTES, Transform, as_batch, window_name

__all__ = ["ChromaSTFT", "ChromaCQT", "ChromaCENS", "PCEN"]


def _values(window):
    """chroma_cqt's ``window``: None, or values convolved along the CQT axis of the fold."""
    return {} if window is None else {"window": [float(v) for v in window]}


def _chroma_cqt_options(sr, hop_length, fmin, tuning, n_chroma, n_octaves, bins_per_octave,
                        cqt_mode, window, algorithm, trainable_CQT):
    return dict(sr=sr, hop_length=hop_length, fmin=fmin, tuning=tuning, n_chroma=n_chroma,
                n_octaves=n_octaves, bins_per_octave=bins_per_octave, cqt_mode=cqt_mode,
                algorithm=algorithm, trainable_CQT=trainable_CQT, **_values(window))


class ChromaSTFT(Transform):
    """librosa.feature.chroma_stft with a given ``tuning`` (0 by default; librosa estimates it
    when given None, which is not offered): (L), (B, L), (B, 1, L) or any (..., L) in,
    (B, n_chroma, frames) out. ``norm`` (inf: each frame's maximum; None: none) and
    ``threshold`` are librosa.util.normalize's; ``ctroct``, ``octwidth`` and ``base_c`` go to
    the filter bank (librosa.filters.chroma). ``power`` (2) is the spectrogram's exponent."""

    def __init__(self, sr=22050, n_fft=2048, hop_length=512, win_length=None, window="hann",
                 center=True, pad_mode="constant", tuning=0.0, n_chroma=12, norm=math.inf,
                 threshold=None, ctroct=5.0, octwidth=2, base_c=True, power=2.0,
                 chroma_dtype="float32", trainable_chroma=False, trainable_STFT=False,
                 max_kernel_bytes=MAX_KERNEL_BYTES):
        super().__init__("ChromaSTFT", dict(
            sr=sr, n_fft=n_fft, hop_length=hop_length, win_length=win_length,
            window=window_name(window), center=center, pad_mode=pad_mode, tuning=tuning,
            n_chroma=n_chroma, norm=norm, threshold=threshold, ctroct=ctroct,
            octwidth=octwidth, base_c=base_c, power=power, chroma_dtype=chroma_dtype,
            trainable_chroma=trainable_chroma, trainable_STFT=trainable_STFT,
            max_kernel_bytes=max_kernel_bytes))

    def forward(self, x: Tensor) -> Tensor:
        return self._run("forward", as_batch(x))[0]


class ChromaCQT(Transform):
    """librosa.feature.chroma_cqt with a given ``tuning``: |CQT| (n_octaves * bins_per_octave
    bins from fmin, C1 by default) folded onto n_chroma pitch classes, values below
    ``threshold`` zeroed, each frame normalised by ``norm``. ``cqt_mode="hybrid"`` folds a
    HybridCQT (librosa.hybrid_cqt) instead. ``algorithm`` picks the CQT's algorithm (see CQT)."""

    def __init__(self, sr=22050, hop_length=512, fmin=None, norm=math.inf, threshold=0.0,
                 tuning=0.0, n_chroma=12, n_octaves=7, window=None, bins_per_octave=36,
                 cqt_mode="full", algorithm="auto", trainable_CQT=False):
        super().__init__("ChromaCQT", dict(
            norm=norm, threshold=threshold, **_chroma_cqt_options(
                sr, hop_length, fmin, tuning, n_chroma, n_octaves, bins_per_octave, cqt_mode,
                window, algorithm, trainable_CQT)))

    def forward(self, x: Tensor) -> Tensor:
        return self._run("forward", as_batch(x))[0]


class ChromaCENS(Transform):
    """librosa.feature.chroma_cens with a given ``tuning``: chroma_cqt, L1 normalisation,
    quantisation, smoothing over ``win_len_smooth`` frames (None: none) with a symmetric
    ``smoothing_window``, normalisation by ``norm``. The quantisation is a step function: the
    output carries no gradient."""

    def __init__(self, sr=22050, hop_length=512, fmin=None, tuning=0.0, n_chroma=12,
                 n_octaves=7, bins_per_octave=36, cqt_mode="full", window=None, norm=2,
                 win_len_smooth=41, smoothing_window="hann", algorithm="auto",
                 trainable_CQT=False):
        if isinstance(smoothing_window, Tensor):
            raise ValueError("smoothing_window must be a window name (or scipy's tuple form)")
        super().__init__("ChromaCENS", dict(
            norm=norm, win_len_smooth=win_len_smooth,
            smoothing_window=window_name(smoothing_window), **_chroma_cqt_options(
                sr, hop_length, fmin, tuning, n_chroma, n_octaves, bins_per_octave, cqt_mode,
                window, algorithm, trainable_CQT)))

    def forward(self, x: Tensor) -> Tensor:
        return self._run("forward", as_batch(x))[0]


class PCEN(Transform):
    """librosa.pcen of a magnitude spectrogram (..., freq, frames) along its frames (librosa's
    axis=-1); ``max_axis`` (None: the frequency axis, -2) is the axis of the maximum filter when
    ``max_size`` > 1. ``trainable=True`` makes gain, bias, power and the smoothing coefficient b
    parameters (LEAF's sPCEN), one per channel when ``channels`` is given, else shared."""

    def __init__(self, sr=22050, hop_length=512, gain=0.98, bias=2.0, power=0.5,
                 time_constant=0.4, eps=1e-6, b=None, max_size=1, max_axis=None,
                 trainable=False, channels=None):
        super().__init__("PCEN", dict(
            sr=sr, hop_length=hop_length, gain=gain, bias=bias, power=power,
            time_constant=time_constant, eps=eps, b=b, max_size=max_size,
            max_axis=-2 if max_axis is None else max_axis, trainable=trainable,
            channels=channels))

    def forward(self, S: Tensor) -> Tensor:
        return self._run("forward", S)[0]
