"""Spectrogram augmentation with torchaudio's class and argument names (nnaudio::
FrequencyMasking, nnaudio::TimeMasking, nnaudio::TimeStretch), on any (..., freq, frames) input.

Active in training mode only: in eval mode (``module.eval()``) each returns its input. This
differs from torchaudio's TimeStretch, which stretches in either mode. Random draws come from
the module's own generator when ``seed`` is given (it restarts when the module is copied or
loaded), else from torch's global CPU generator (``torch.manual_seed``).
"""

from typing import Optional

from torch import Tensor

from .._transform import Transform

__all__ = ["FrequencyMasking", "TimeMasking", "TimeStretch"]


class _AxisMasking(Transform):
    """forward(specgram, mask_value=0.0): masks one band of cells along the axis (one band for
    all items, or one per item of the leading dims with ``iid_masks``), width
    floor(u * mask_param); ``p`` caps it at that proportion of the axis (torchaudio's p);
    ``probability`` is the chance that each band is applied. Differentiable: the masked cells
    get no gradient."""

    def __init__(self, kind: str, mask_param: int, iid_masks: bool, p: float, probability: float,
                 seed: Optional[int]):
        super().__init__(kind, dict(mask_param=mask_param, iid_masks=iid_masks, p=p,
                                    probability=probability, seed=seed))

    def forward(self, specgram: Tensor, mask_value: float = 0.0) -> Tensor:
        if not self.training:
            return specgram
        return self._run("forward", specgram, value=mask_value)[0]


class FrequencyMasking(_AxisMasking):
    """torchaudio.transforms.FrequencyMasking: masks bins (dim -2)."""

    def __init__(self, freq_mask_param: int, iid_masks: bool = False, p: float = 1.0,
                 probability: float = 1.0, seed: Optional[int] = None):
        super().__init__("FrequencyMasking", freq_mask_param, iid_masks, p, probability, seed)


class TimeMasking(_AxisMasking):
    """torchaudio.transforms.TimeMasking: masks frames (dim -1)."""

    def __init__(self, time_mask_param: int, iid_masks: bool = False, p: float = 1.0,
                 probability: float = 1.0, seed: Optional[int] = None):
        super().__init__("TimeMasking", time_mask_param, iid_masks, p, probability, seed)


class TimeStretch(Transform):
    """torchaudio.transforms.TimeStretch: stretches complex spectrograms (..., n_freq, frames)
    by phase vocoding (librosa.phase_vocoder's numbers) to ceil(frames / rate) frames. The
    rate is forward's ``overriding_rate``, else ``fixed_rate``, else drawn uniformly from
    [min_rate, max_rate] at each call. ``hop_length`` defaults to n_fft // 2 = n_freq - 1.
    Real (..., n_freq, frames, 2) input is read as (real, imaginary) and returned so."""

    def __init__(self, hop_length: Optional[int] = None, n_freq: int = 201,
                 fixed_rate: Optional[float] = None, min_rate: float = 0.8,
                 max_rate: float = 1.25, seed: Optional[int] = None):
        super().__init__("TimeStretch", dict(hop_length=hop_length, n_freq=n_freq,
                                             fixed_rate=fixed_rate, min_rate=min_rate,
                                             max_rate=max_rate, seed=seed))

    def forward(self, complex_specgrams: Tensor,
                overriding_rate: Optional[float] = None) -> Tensor:
        if not self.training:
            return complex_specgrams
        return self._run("forward", complex_specgrams, value=overriding_rate)[0]
