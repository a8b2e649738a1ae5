"""The pseudo and hybrid constant-Q transforms with librosa's argument names and defaults
(librosa.pseudo_cqt, librosa.hybrid_cqt; nnaudio::PseudoCQT, nnaudio::HybridCQT).

Both return magnitudes, as librosa. librosa's ``scale=True`` is ``normalization_type='librosa'``
(the default); 'convolutional' divides each bin by the square root of its filter length and
'wrap' doubles that, as for the CQT classes.
"""

from torch import Tensor

from .._transform import MAX_KERNEL_BYTES, Transform, as_batch, window_name
from .cqt import _basis_norm

__all__ = ["PseudoCQT", "HybridCQT"]

# librosa's fmin=None: C1.
_C1 = 32.70319566257483


def _options(sr, hop_length, fmin, n_bins, bins_per_octave, tuning, filter_scale, norm,
             sparsity, window, center, pad_mode, normalization_type, trainable, max_kernel_bytes):
    if tuning is None:
        raise ValueError("tuning=None (librosa's estimate from the signal) is not supported; "
                         "give the tuning in fractions of a bin (0.0 by default)")
    return dict(sr=sr, hop_length=hop_length, fmin=_C1 if fmin is None else fmin, n_bins=n_bins,
                bins_per_octave=bins_per_octave, tuning=tuning, filter_scale=filter_scale,
                norm=_basis_norm(norm), sparsity=sparsity, window=window_name(window),
                center=center, pad_mode=pad_mode, normalization_type=normalization_type,
                trainable=trainable, max_kernel_bytes=max_kernel_bytes)


class PseudoCQT(Transform):
    """librosa.pseudo_cqt: the magnitude of one Hann-windowed STFT (n_fft: a power of two
    holding the longest filter and two hops) through the magnitudes of the CQT filters'
    spectra. forward(y): (L), (B, L) or (B, 1, L) in, (B, n_bins, frames) out; any other
    (..., L) gives (..., n_bins, frames). ``trainable`` makes the filter bank a parameter."""

    def __init__(self, sr=22050, hop_length=512, fmin=None, n_bins=84, bins_per_octave=12,
                 tuning=0.0, filter_scale=1, norm=1, sparsity=0.01, window="hann",
                 pad_mode="constant", center=True, normalization_type="librosa",
                 trainable=False, max_kernel_bytes=MAX_KERNEL_BYTES):
        super().__init__("PseudoCQT", _options(
            sr, hop_length, fmin, n_bins, bins_per_octave, tuning, filter_scale, norm, sparsity,
            window, center, pad_mode, normalization_type, trainable, max_kernel_bytes))

    def forward(self, y: Tensor) -> Tensor:
        return self._run("forward", as_batch(y))[0]


class HybridCQT(Transform):
    """librosa.hybrid_cqt: the pseudo CQT for the bins whose filters (padded to a power of
    two) are shorter than two hops, the magnitude of the CQT (``algorithm``, librosa's
    multirate one by default) of the other bins. Shapes as PseudoCQT; ``trainable`` makes
    both parts' kernels parameters."""

    def __init__(self, sr=22050, hop_length=512, fmin=None, n_bins=84, bins_per_octave=12,
                 tuning=0.0, filter_scale=1, norm=1, sparsity=0.01, window="hann",
                 pad_mode="constant", center=True, normalization_type="librosa",
                 algorithm="auto", trainable=False, max_kernel_bytes=MAX_KERNEL_BYTES):
        options = _options(sr, hop_length, fmin, n_bins, bins_per_octave, tuning, filter_scale,
                           norm, sparsity, window, center, pad_mode, normalization_type,
                           trainable, max_kernel_bytes)
        super().__init__("HybridCQT", dict(options, algorithm=algorithm))

    def forward(self, y: Tensor) -> Tensor:
        return self._run("forward", as_batch(y))[0]
