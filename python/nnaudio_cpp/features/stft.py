"""STFT, iSTFT and Griffin-Lim with nnAudio's signatures (nnaudio::STFT, ISTFT, GriffinLim)."""

from typing import Optional

from torch import Tensor

from .._transform import MAX_KERNEL_BYTES, Transform, as_batch, window_name

__all__ = ["STFT", "iSTFT", "Griffin_Lim", "format_name"]


def format_name(output_format: str) -> str:
    """nnAudio's output_format as the C++ name; 'Complex' is nnAudio's (..., 2) layout."""
    if output_format == "Complex":
        return "realimag"
    if output_format == "Magnitude":
        return "magnitude"
    if output_format == "Phase":
        return "phase"
    if output_format == "Power":
        return "power"
    raise ValueError(
        "output_format='" + output_format + "' is not supported; allowed: Complex, Magnitude, "
        "Phase, Power"
    )


class STFT(Transform):
    """Short-time Fourier transform, nnAudio's ``STFT``: (L), (B, L), (B, 1, L) or any (..., L)
    in,
    (B, freq_bins, frames) out ((B, freq_bins, frames, 2) for ``Complex``).

    ``iSTFT`` and ``verbose`` are accepted for compatibility: ``inverse`` always works and
    nothing is printed.
    """

    def __init__(self, n_fft=2048, win_length=None, freq_bins=None, hop_length=None,
                 window="hann", freq_scale="no", center=True, pad_mode="reflect", iSTFT=False,
                 fmin=50, fmax=6000, sr=22050, trainable=False, output_format="Complex",
                 verbose=True, max_kernel_bytes=MAX_KERNEL_BYTES):
        super().__init__("STFT", dict(
            n_fft=n_fft, win_length=win_length, freq_bins=freq_bins, hop_length=hop_length,
            window=window_name(window), freq_scale=freq_scale, center=center,
            pad_mode=pad_mode, fmin=fmin, fmax=fmax, sr=sr, trainable=trainable,
            output_format=format_name(output_format), max_kernel_bytes=max_kernel_bytes))
        self.n_fft = n_fft
        self.output_format = output_format

    def forward(self, x: Tensor, output_format: Optional[str] = None) -> Tensor:
        name: Optional[str] = None
        if output_format is not None:
            name = format_name(output_format)
        return self._run("forward", as_batch(x), output_format=name)[0]

    def inverse(self, X: Tensor, onesided: bool = True, length: Optional[int] = None,
                refresh_win: bool = True) -> Tensor:
        """Waveforms (B, L) from a ``Complex`` output (B, F, T, 2) of this module (or a
        complex tensor). ``onesided=False``: X has all n_fft bins (the upper half is ignored).
        ``refresh_win`` has no effect (nothing is cached)."""
        if not onesided:  # the frequency axis: (..., F, T) complex or (..., F, T, 2)
            X = X.narrow(-2 if X.is_complex() else -3, 0, self.n_fft // 2 + 1)
        return self._run("inverse", X, length=length)[0]


class iSTFT(Transform):
    """Inverse STFT, nnAudio's ``iSTFT``: (B, F, T, 2) (or complex (B, F, T)) in, (B, L) out.

    ``freq_bins``, ``fmin``, ``fmax`` and ``sr`` only matter for ``freq_scale`` other than
    'no', which cannot be inverted by overlap-add and is refused; ``refresh_win`` and
    ``verbose`` have no effect.
    """

    def __init__(self, n_fft=2048, win_length=None, freq_bins=None, hop_length=None,
                 window="hann", freq_scale="no", center=True, fmin=50, fmax=6000, sr=22050,
                 trainable_kernels=False, trainable_window=False, verbose=True,
                 refresh_win=True, max_kernel_bytes=MAX_KERNEL_BYTES):
        super().__init__(
            "iSTFT",
            dict(n_fft=n_fft, win_length=win_length, hop_length=hop_length,
                 window=window_name(window), freq_scale=freq_scale, center=center,
                 trainable=trainable_kernels, max_kernel_bytes=max_kernel_bytes),
            trainable=dict(window=trainable_window, kernel_cos=trainable_kernels,
                           kernel_sin=trainable_kernels))

    def forward(self, X: Tensor, onesided: bool = False, length: Optional[int] = None,
                refresh_win: Optional[bool] = None) -> Tensor:
        return self._run("forward", X, length=length, onesided=onesided)[0]


class Griffin_Lim(Transform):
    """Griffin-Lim phase reconstruction, nnAudio's ``Griffin_Lim``: magnitudes
    (B, n_fft/2 + 1, T) in, waveforms (B, L) out. The initial phases come from a fixed seed
    (``seed``), so the result is reproducible."""

    def __init__(self, n_fft, n_iter=32, hop_length=None, win_length=None, window="hann",
                 center=True, pad_mode="reflect", momentum=0.99, device="cpu", seed=0,
                 max_kernel_bytes=MAX_KERNEL_BYTES):
        super().__init__("Griffin_Lim", dict(
            n_fft=n_fft, n_iter=n_iter, hop_length=hop_length, win_length=win_length,
            window=window_name(window), center=center, pad_mode=pad_mode, momentum=momentum,
            seed=seed, max_kernel_bytes=max_kernel_bytes))
        self.to(device)

    def forward(self, S: Tensor, length: Optional[int] = None) -> Tensor:
        return self._run("forward", S, length=length)[0]
