"""The base of every transform: a torch.nn.Module around a C++ engine.

The engine (``torch.classes.nnaudio.Engine``) builds the C++ module from the options and hands
out the tensors it built (kernels, windows, filter banks) once. This module registers them as its
own parameters (trainable) or buffers under the C++ names, so that ``state_dict()``, ``.to()``,
optimizers and ``DataParallel`` see them, and passes its current tensors to every call of the
operator ``torch.ops.nnaudio.run``. The engine keeps no tensor between calls, so this module is
the only owner of the state and autograd reaches its parameters.
"""

import linecache
import numbers
import warnings
from typing import Dict, List, Optional, Tuple

import torch
from torch import Tensor, nn

__all__ = ["Transform", "as_batch", "window_name"]


def _encode(value) -> str:
    """An option value as the text the C++ option reader parses."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return repr(float(value))
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return ",".join(_encode(float(item)) for item in value)
    raise TypeError(f"option value {value!r} of type {type(value).__name__} is not supported")


# nnaudio::kDefaultMaxKernelBytes: building a transform's kernels, banks and window may take at
# most this many bytes unless its ``max_kernel_bytes`` argument says otherwise.
MAX_KERNEL_BYTES = 1 << 30


_EXPONENTIAL_NAMES = ("exponential", "poisson")


def window_name(window):
    """scipy's window spec as the C++ name: 'hann' and scipy's other names as they are,
    ('kaiser', 14.0) as 'kaiser:14.0', ('hann',) as 'hann', a number as a Kaiser beta (as
    scipy.signal.get_window reads it), ('exponential', None, tau) as 'exponential:tau'; a tensor
    of window values is passed on as it is (Transform installs it). The C++ side checks the names
    and parameters."""
    if isinstance(window, (str, Tensor)):
        return window
    if isinstance(window, numbers.Real) and not isinstance(window, bool):
        return f"kaiser:{_encode(float(window))}"
    if isinstance(window, tuple) and window and isinstance(window[0], str):
        name, args = window[0], window[1:]
        if name in _EXPONENTIAL_NAMES:
            return _exponential_name(window)
        if not args:
            return name
        if len(args) == 1 and isinstance(args[0], numbers.Real) and not isinstance(args[0], bool):
            return f"{name}:{_encode(float(args[0]))}"
    raise ValueError(
        f"window={window!r} is not supported: give a name ('hann'), a (name, parameter) tuple "
        "('kaiser', 14.0), a number (a Kaiser beta), ('exponential', None, tau) or a tensor"
    )


def _exponential_name(window: tuple) -> str:
    """scipy's ('exponential'[, center[, tau]]) with center None (the centred window)."""
    name, args = window[0], window[1:]
    center = args[0] if args else None
    tau = args[1] if len(args) > 1 else None
    if len(args) > 2 or center is not None or (
            tau is not None and (not isinstance(tau, numbers.Real) or isinstance(tau, bool))):
        raise ValueError(
            f"window={window!r} is not supported: the exponential window is built centred "
            f"(scipy's center=None): give '{name}', ('{name}', None) or ('{name}', None, tau)"
        )
    return name if tau is None else f"{name}:{_encode(float(tau))}"


def as_batch(x: Tensor) -> Tensor:
    """nnAudio's input shapes (L) and (B, 1, L) as (1, L) and (B, L), so that the output is
    nnAudio's (B, F, T); any other (..., L) is passed on as it is and the output keeps its
    leading dims: (B, L) gives (B, F, T), (B, C, L) with C > 1 gives (B, C, F, T)."""
    if x.dim() == 0:
        raise ValueError("expected input of shape (..., L), got a 0-dim tensor")
    if x.dim() == 1:
        return x.unsqueeze(0)
    if x.dim() == 3 and x.size(1) == 1:
        return x.squeeze(1)
    return x


_SCRIPTABLE: Dict[Tuple[type, Tuple[str, ...]], type] = {}


def _scriptable_class(cls: type, names: Tuple[str, ...]) -> type:
    """A subclass of ``cls`` whose ``_state`` lists the state tensors by attribute, as
    TorchScript needs (it cannot look attributes up by name). The source is generated and
    registered with linecache so that TorchScript can read it, as torch.fx does."""
    key = (cls, names)
    if key not in _SCRIPTABLE:
        filename = f"<nnaudio_cpp scriptable {cls.__qualname__} {len(_SCRIPTABLE)}>"
        source = ("def _state(self) -> List[Tensor]:\n"
                  f"    return [{', '.join('self.' + name for name in names)}]\n")
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        namespace = {"List": List, "Tensor": Tensor}
        exec(compile(source, filename, "exec"), namespace)
        _SCRIPTABLE[key] = type(cls.__name__, (cls,), {
            "_state": namespace["_state"], "__module__": cls.__module__,
            "__qualname__": cls.__qualname__})
    return _SCRIPTABLE[key]


class _Kernels(nn.Module):
    """Holds the tensors of a C++ child module (``stft.window`` lives in ``self.stft``)."""

    def extra_repr(self) -> str:
        tensors = list(self._parameters.items()) + list(self._buffers.items())
        return ", ".join(f"{name}: {tuple(tensor.shape)}" for name, tensor in tensors)


class Transform(nn.Module):
    """A transform computed by the C++ module of kind ``kind`` built from ``options``.

    Subclasses give nnAudio's constructor and forward signatures and call ``_run``.
    ``trainable`` overrides, by state name, whether a tensor is a parameter.
    """

    def __init__(self, kind: str, options: Dict[str, object],
                 trainable: Optional[Dict[str, bool]] = None):
        super().__init__()
        custom_window = options.get("window")
        if isinstance(custom_window, Tensor):
            # Built with a named window of the right length, then given the user's values.
            options = dict(options, window="hann")
        else:
            custom_window = None
        encoded = {name: _encode(value) for name, value in options.items()}
        self._engine = torch.classes.nnaudio.Engine(kind, encoded)
        for message in self._engine.warnings():
            warnings.warn(message, UserWarning, stacklevel=3)
        self._engine_args: Tuple[str, Dict[str, str]] = (kind, encoded)  # what pickles
        names = self._engine.state_names()
        flags = self._engine.trainable()
        tensors = self._engine.take_initial_state()
        for name, flag, tensor in zip(names, flags, tensors):
            owner, leaf = self._owner(name)
            if (trainable or {}).get(name, flag):
                owner.register_parameter(leaf, nn.Parameter(tensor))
            else:
                owner.register_buffer(leaf, tensor)
        self._state_names: List[str] = list(names)
        if custom_window is not None:
            self._install_window(custom_window)

    def _install_window(self, values: Tensor) -> None:
        """Replaces every window state tensor by ``values`` (same length, dtype and role)."""
        names = [name for name in self._state_names if name.split(".")[-1] == "window"]
        if not names:
            raise ValueError(
                f"{type(self).__name__}: a window tensor is not supported here (each filter "
                "has a window of its own length); give a window name or (name, parameter)")
        for name in names:
            owner, leaf = self._owner(name)
            current = getattr(owner, leaf)
            if values.dim() != 1 or values.numel() != current.numel() or values.is_complex() \
                    or not values.is_floating_point():
                raise ValueError(
                    f"{type(self).__name__}: the window tensor must be a real floating-point "
                    f"1-D tensor of win_length={current.numel()} values, got "
                    f"{values.dtype} of shape {tuple(values.shape)}")
            copy = values.detach().to(current.device, current.dtype).clone()
            if isinstance(current, nn.Parameter):
                owner.register_parameter(leaf, nn.Parameter(copy))
            else:
                owner.register_buffer(leaf, copy)

    def _owner(self, name: str):
        """The module that holds state tensor ``name`` and its attribute name there."""
        *path, leaf = name.split(".")
        owner: nn.Module = self
        for part in path:
            if part not in owner._modules:
                owner.add_module(part, _Kernels())
            owner = owner._modules[part]
        return owner, leaf

    def _state(self) -> List[Tensor]:
        tensors = []
        for name in self._state_names:
            owner, leaf = self._owner(name)
            tensors.append(getattr(owner, leaf))
        return tensors

    def _run(self, method: str, x: Tensor, output_format: Optional[str] = None,
             normalization: Optional[str] = None, length: Optional[int] = None,
             onesided: Optional[bool] = None, value: Optional[float] = None) -> List[Tensor]:
        return torch.ops.nnaudio.run(self._engine, method, x, self._state(), output_format,
                                     normalization, length, onesided, value)

    def extra_repr(self) -> str:
        return self._engine.describe()

    def __getstate__(self):
        """Pickling (``torch.save(module)``, ``pickle``, ``copy.deepcopy``) keeps the engine's
        kind and options, not the engine object: ``__setstate__`` builds it again. The pickle
        then holds only this package's classes and plain data, which ``torch.load`` with
        ``weights_only=True`` (PyTorch 2.6's default) accepts, because importing nnaudio_cpp
        allowlists those classes."""
        state = self.__dict__.copy()
        del state["_engine"]
        return state

    def __setstate__(self, state):
        kind, options = state["_engine_args"]
        super().__setstate__(dict(state, _engine=torch.classes.nnaudio.Engine(kind, options)))

    def __prepare_scriptable__(self):
        """torch.jit.script compiles a shallow copy (sharing the engine) whose ``_state`` it can
        compile."""
        cls = _scriptable_class(type(self), tuple(self._state_names))
        twin = cls.__new__(cls)
        twin.__dict__.update(self.__dict__)
        return twin
