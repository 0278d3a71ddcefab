"""Test-side helpers for topic 09_gpu: CuPy where it exists, and a pretend device with
CuPy's rules where it does not.

The pretend device follows what CuPy really does:

- its arrays stay on the device through operators, the namespace's functions, their own
  methods, and NumPy's functions (`np.exp(x)`, `np.mean(x)` dispatch to the device, as
  NumPy's `__array_ufunc__` and `__array_function__` protocols do for CuPy);
- reductions give 0-d device arrays, never Python numbers (`count_nonzero` included);
- converting one to NumPy implicitly (`np.asarray`, `np.array`) raises TypeError, and so
  does mixing a NumPy array into device arithmetic;
- data crosses only explicitly: `xp.asarray(host)` (and `xp.frombuffer`, `xp.fromiter`)
  copies to the device; `float()`, `int()`, `bool()`, `.item()`, `.get()`, `.tolist()`,
  `xp.asnumpy`, printing copy back;
- its random generators draw other numbers than NumPy's for the same seed, as CuPy's do
  (another bit generator), so a result drawn on the host shows.
- unlike CuPy, a test may have it change every array copied to it (`arriving`), so that an
  answer computed from the host's data shows.

Every crossing and every element the device computes is written to a `Ledger` that the
test holds. The kata's arrays carry only a closure that adds to it: no counter is an
attribute the kata is handed (in-process code can still dig it out; that is tampering,
not a mistake).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

# --- CuPy, where an NVIDIA GPU exists --------------------------------------------------


def cupy_or_not_gradable() -> Any:
    """The cupy module when an NVIDIA GPU and CuPy are usable here; else not-gradable."""
    from graders import not_gradable
    from graders.capabilities import check_need

    missing = check_need("gpu")
    if missing is not None:
        not_gradable(f"needs {missing.what}", missing.fix)
    import cupy

    return cupy


def best_time(fn: Callable[[], Any], sync: Callable[[], Any], repeat: int = 5) -> float:
    """The fastest of `repeat` runs of fn(), each followed by sync() (a GPU runs async)."""
    fn()
    sync()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        sync()
        times.append(time.perf_counter() - start)
    return min(times)


# --- what the tests say about a returned value ------------------------------------------


def kind(value: Any) -> str:
    """A name for what a kata returned that tells a list from an array, host from device."""
    if isinstance(value, DeviceArray):
        return f"a device array of shape {value.shape}"
    if isinstance(value, np.ndarray):
        return f"a NumPy array of shape {value.shape}"
    if isinstance(value, np.generic):
        return f"a NumPy scalar ({type(value).__name__})"
    if isinstance(value, (list, tuple)):
        return (f"a Python {type(value).__name__} (not an array, although it prints like "
                "one: list vs array)")
    return f"a {type(value).__name__}"


# --- the pretend device ---------------------------------------------------------------


class Ledger:
    """What crossed between host and the pretend device, and how much the device computed."""

    def __init__(self) -> None:
        self.to_device = 0
        self.to_host = 0
        self.device_elements = 0  # elements of every array a device operation produced


class DeviceRefusal(TypeError):
    """What CuPy raises when device data would silently become host data."""


IMPLICIT = ("Implicit conversion to a NumPy array is not allowed. Please use `.get()` to "
            "construct a NumPy array explicitly.")
MIXED = ("a NumPy (host) array was mixed with device arrays; CuPy refuses it. Move it to "
         "the device once with xp.asarray, or compute it on the device")
HOST_ONLY = {"data", "ctypes", "base", "flat", "tofile", "dump", "dumps", "tostring",
             "__array_interface__", "__array_struct__", "__array_priority__"}


class DeviceArray:
    """An array on a pretend device (see the module's docstring for its rules)."""

    __slots__ = ("__host", "__space")

    def __init__(self, host: np.ndarray, space: CountingDevice) -> None:
        self.__host = host
        self.__space = space

    # the array API and NumPy's dispatch protocols
    def __array_namespace__(self, api_version: str | None = None) -> CountingDevice:
        return self.__space

    def __array__(self, dtype=None, copy=None):
        raise DeviceRefusal(IMPLICIT)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return self.__space._run(getattr(ufunc, method), inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return self.__space._run(func, args, kwargs)

    # reading on the host: an explicit copy back, counted
    def _read(self) -> np.ndarray:
        self.__space._record("to_host", 1)
        return self.__host

    def __float__(self) -> float:
        return float(self._read())

    def __int__(self) -> int:
        return int(self._read())

    def __complex__(self) -> complex:
        return complex(self._read())

    def __bool__(self) -> bool:
        return bool(self._read())

    def __index__(self) -> int:
        return int(self._read())

    def __repr__(self) -> str:
        return f"device_array({self._read()!r})"

    def __str__(self) -> str:
        return str(self._read())

    def __format__(self, spec: str) -> str:
        return format(self._read(), spec)

    def item(self, *args) -> Any:
        return self._read().item(*args)

    def get(self) -> np.ndarray:
        return self._read().copy()

    def tolist(self) -> Any:
        return self._read().tolist()

    def tobytes(self, *args, **kwargs) -> bytes:
        return self._read().tobytes(*args, **kwargs)

    # no copy: shape and friends live with the array's handle on the host
    def __len__(self) -> int:
        return len(self.__host)

    def __iter__(self):
        for index in range(len(self)):
            yield self[index]

    def __setitem__(self, key, value) -> None:
        if isinstance(value, np.ndarray):
            self.__space._record("to_device", 1)
        else:
            value = self.__space._unwrap(value)
        self.__host[self.__space._unwrap(key)] = value

    def __getattr__(self, name: str) -> Any:
        if name in HOST_ONLY:
            raise AttributeError(f"`{name}` would expose device memory to the host; "
                                 "copy explicitly with .get() if you need host data")
        return self.__space._wrap(getattr(self.__host, name))


def _operator(name: str) -> Callable:
    def method(self: DeviceArray, *others):
        return self.__array_namespace__()._run(getattr(np.ndarray, name), (self, *others), {})

    method.__name__ = name
    return method


for _name in ["add", "radd", "sub", "rsub", "mul", "rmul", "truediv", "rtruediv", "floordiv",
              "rfloordiv", "mod", "rmod", "pow", "rpow", "matmul", "rmatmul", "lt", "le", "gt",
              "ge", "eq", "ne", "and", "rand", "or", "ror", "xor", "rxor", "invert", "neg",
              "pos", "abs", "getitem"]:
    setattr(DeviceArray, f"__{_name}__", _operator(f"__{_name}__"))


class CountingDevice:
    """A NumPy namespace that pretends to be a GPU, as CuPy is: `xp.asarray(host)` copies
    to the device, every other function computes there."""

    ndarray = DeviceArray
    _CREATE_FROM_HOST = {"asarray", "array", "asanyarray", "ascontiguousarray", "frombuffer",
                         "fromiter", "asfortranarray"}

    def __init__(self, record: Callable[[str, int], None],
                 arriving: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        self._record = record
        self._arriving = arriving

    def _unwrap(self, value: Any) -> Any:
        if isinstance(value, DeviceArray):
            return value._DeviceArray__host
        if isinstance(value, _OnDevice):
            return value._target
        if isinstance(value, np.ndarray):
            raise DeviceRefusal(MIXED)
        if isinstance(value, (list, tuple)):
            return type(value)(self._unwrap(v) for v in value)
        if isinstance(value, dict):
            return {k: self._unwrap(v) for k, v in value.items()}
        return value

    def _wrap(self, value: Any) -> Any:
        if isinstance(value, (np.ndarray, np.generic)):
            array = np.asarray(value)
            self._record("device_elements", array.size)
            return DeviceArray(array, self)
        if isinstance(value, (tuple, list)):
            return type(value)(self._wrap(v) for v in value)
        if value is None or isinstance(value, (type, int, float, complex, str, bytes,
                                               np.dtype, slice)):
            return value
        return _OnDevice(value, self)  # functions, submodules, random Generators

    def _run(self, fn: Callable, args: Any, kwargs: dict) -> Any:
        """fn on the device: device arrays in, device arrays out (Python numbers computed
        from device arrays become 0-d device arrays, as in CuPy)."""
        on_device = any(isinstance(a, DeviceArray) for a in (*args, *kwargs.values()))
        result = fn(*self._unwrap(tuple(args)), **self._unwrap(kwargs))
        if on_device and isinstance(result, (bool, int, float, complex)):
            result = np.asarray(result)
        return self._wrap(result)

    def _from_host(self, name: str) -> Callable:
        def create(value: Any, *args, **kwargs) -> DeviceArray:
            if isinstance(value, DeviceArray):
                return self._run(getattr(np, name), (value, *args), kwargs)
            self._record("to_device", 1)
            copy = getattr(np, name)(value, *args, **kwargs)
            return DeviceArray(self._arriving(copy) if self._arriving else copy, self)

        return create

    def asnumpy(self, value: DeviceArray) -> np.ndarray:
        return value.get()

    def __getattr__(self, name: str) -> Any:
        if name in self._CREATE_FROM_HOST:
            return self._from_host(name)
        if name == "random":
            return _OnDevice(_DeviceRandom(), self)
        return self._wrap(getattr(np, name))


DEVICE_STREAM = 0x6E0  # mixed into an int seed: the device's numbers are not NumPy's


def device_rng(seed: int) -> np.random.Generator:
    """The generator `xp.random.default_rng(seed)` gives on the pretend device (on the host)."""
    return np.random.default_rng([seed, DEVICE_STREAM])


class _DeviceRandom:
    """`xp.random` on the pretend device: NumPy's, but `default_rng(int)` draws a stream of
    its own, as CuPy's generator does."""

    def default_rng(self, seed: Any = None) -> np.random.Generator:
        if isinstance(seed, int) and not isinstance(seed, bool):
            return device_rng(seed)
        return np.random.default_rng(seed)

    def __getattr__(self, name: str) -> Any:
        return getattr(np.random, name)


class _OnDevice:
    """A namespace member (function, submodule, random Generator) that works on the device."""

    def __init__(self, target: Any, space: CountingDevice) -> None:
        self._target = target
        self._space = space

    def __call__(self, *args, **kwargs):
        return self._space._run(self._target, args, kwargs)

    def __getattr__(self, name: str) -> Any:
        return self._space._wrap(getattr(self._target, name))


def pretend_device(arriving: Callable[[np.ndarray], np.ndarray] | None = None,
                   ) -> tuple[CountingDevice, Ledger]:
    """A fresh pretend device and the ledger of what crossed and what it computed.

    `arriving`, when given, changes every array copied to the device: an answer computed
    from the device's copy then differs from one computed from the host's data, which shows
    where the work was done."""
    ledger = Ledger()

    def record(what: str, amount: int) -> None:
        setattr(ledger, what, getattr(ledger, what) + amount)

    return CountingDevice(record, arriving), ledger


def place(device: CountingDevice, host: np.ndarray) -> DeviceArray:
    """Put test data on the device without counting it: the test's set-up, not the kata's."""
    return DeviceArray(np.array(host), device)


def peek(array: DeviceArray) -> np.ndarray:
    """A device array's values, read by the test without counting a transfer."""
    return array._DeviceArray__host.copy()


def call_on_device(fn: Callable, *args, **kwargs) -> Any:
    """Call a kata function with device arrays; what CuPy would refuse becomes a teaching
    failure instead of a raw TypeError."""
    try:
        return fn(*args, **kwargs)
    except DeviceRefusal as error:
        raise AssertionError(
            f"{fn.__name__} failed on a (pretend) GPU device: {error}. "
            "Expected it to run unchanged there, as on CuPy: NumPy's functions and the "
            "array's own namespace (`xp = x.__array_namespace__()`) both compute on the "
            "device, but turning a device array into a NumPy one (np.asarray, np.array) or "
            "mixing a NumPy array into device arithmetic is refused."
        ) from error
