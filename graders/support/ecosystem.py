"""Test-side helpers for the ecosystem topics (06_dask, 07_ray, 08_spark, 09_gpu).

Everything a test sends to a worker process (a task function, a probe) lives here, because
test files are not importable on workers. Engines are imported inside functions only.
"""

from __future__ import annotations

import contextlib
import io
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import psutil

# --- probes that run on workers ----------------------------------------------------------------


def square(x: int) -> int:
    return x * x


def double(x: int) -> int:
    return 2 * x


def square_and_pid(x: int) -> tuple[int, int]:
    """x squared and the pid of the process that computed it."""
    return x * x, os.getpid()


def sleep_then_return(seconds: float) -> float:
    """Sleep, then return the argument: a task whose finishing order the test controls."""
    time.sleep(seconds)
    return seconds


def timed_sleep(seconds: float) -> tuple[float, float, int]:
    """Sleep; return (start, end, pid): the evidence of when and where a task ran."""
    start = time.time()
    time.sleep(seconds)
    return start, time.time(), os.getpid()


def most_at_once(intervals: list[tuple[float, float]]) -> int:
    """The largest number of (start, end) intervals that overlap at one moment."""
    events = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals])
    running = best = 0
    for _, step in events:
        running += step
        best = max(best, running)
    return best


class CallLog:
    """A callable wrapper that counts calls (thread-safe); for local schedulers only."""

    def __init__(self, fn: Callable) -> None:
        self.fn = fn
        self.calls: list[Any] = []
        self.lock = threading.Lock()
        self.__name__ = getattr(fn, "__name__", "work")

    def __call__(self, *args):
        with self.lock:
            self.calls.append(args[0] if len(args) == 1 else args)
        return self.fn(*args)


# --- dask --------------------------------------------------------------------------------------


@contextlib.contextmanager
def dask_local_scheduler() -> Iterator[None]:
    """Run dask computes in this block on a threaded scheduler whose 2 threads end with it.

    (dask's default threaded scheduler keeps a global pool alive, which the kata machinery
    would report as threads the kata left running.)
    """
    import dask

    with ThreadPoolExecutor(2) as pool, dask.config.set(scheduler="threads", pool=pool):
        yield


@contextlib.contextmanager
def dask_compute_counter() -> Iterator[Any]:
    """Count `compute` calls and executed tasks on dask's local threaded scheduler.

    Yields an object with `.computes` and `.tasks`. A distributed Client would bypass local
    callbacks, so the block also selects the threaded scheduler.
    """
    from dask.callbacks import Callback

    class Counting(Callback):
        def __init__(self) -> None:
            super().__init__()
            self.computes = 0
            self.tasks = 0

        def _start(self, dsk) -> None:
            self.computes += 1

        def _pretask(self, key, dsk, state) -> None:
            self.tasks += 1

    with dask_local_scheduler(), Counting() as counter:
        yield counter


class PeakMemory:
    """Sample this process's resident memory every 5 ms; `.growth` is the peak increase."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.start = self.peak = self.process.memory_info().rss
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.005)

    def __enter__(self) -> PeakMemory:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def growth(self) -> int:
        return self.peak - self.start


def write_sales_parquet(folder: str, parts: int = 4, rows_per_part: int = 500) -> Any:
    """Write a partitioned Parquet dataset of sales; return the whole table (pandas)."""
    import pandas as pd

    rng = np.random.default_rng(6)
    cities = np.array(["Berlin", "Auckland", "London", "Sheffield"])
    frames = []
    for part in range(parts):
        frame = pd.DataFrame({
            "city": cities[rng.integers(0, len(cities), rows_per_part)],
            "amount": rng.integers(1, 100, rows_per_part).astype("float64"),
            "quantity": rng.integers(1, 5, rows_per_part),
        })
        frame.to_parquet(os.path.join(folder, f"part-{part:03d}.parquet"), index=False)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


# --- ray ---------------------------------------------------------------------------------------


class CountedArray(np.ndarray):
    """A NumPy array that counts how often it is serialised (pickled) in this process.

    Passing it to a Ray task serialises it once per call; `ray.put` serialises it once.
    Workers receive a plain `numpy.ndarray`.
    """

    pickles = 0

    def __reduce_ex__(self, protocol):
        CountedArray.pickles += 1
        return self.view(np.ndarray).__reduce_ex__(protocol)


# --- Spark -----------------------------------------------------------------------

SALES = [
    ("Berlin", "books", 12.0), ("London", "books", 30.0), ("Berlin", "music", 8.0),
    ("Auckland", "books", 20.0), ("London", "music", 5.0), ("Sheffield", "books", 7.5),
    ("London", "books", 11.0), ("Berlin", "books", 4.0), ("Auckland", "music", 16.0),
    ("Sheffield", "music", None), ("London", "games", -3.0), ("Berlin", "games", 40.0),
]
SALES_SCHEMA = "city string, category string, amount double"
CITY_COUNTRY = [
    ("Berlin", "Germany"), ("London", "United Kingdom"), ("Auckland", "New Zealand"),
    ("Sheffield", "United Kingdom"),
]


def revenue_reference(rows: list[tuple]) -> dict[str, tuple[float, int]]:
    """{city: (sum of the known amounts, number of rows)}: the groupby katas' answer."""
    totals: dict[str, tuple[float, int]] = {}
    for city, _, amount in rows:
        revenue, orders = totals.get(city, (0.0, 0))
        totals[city] = (revenue + (amount or 0.0), orders + 1)
    return totals


def rows_by_city(frame: Any) -> dict[str, tuple[float, int]]:
    """{city: (revenue, orders)} from a collected revenue DataFrame."""
    return {row["city"]: (float(row["revenue"]), int(row["orders"])) for row in frame.collect()}


def plan_of(frame: Any) -> str:
    """The physical plan Spark would run for a DataFrame (what `explain()` prints)."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        frame.explain()
    return buffer.getvalue()


def jobs_started_by(spark: Any, fn: Callable, *args) -> tuple[Any, int]:
    """Call fn(*args); return its result and how many Spark jobs it ran (an action runs one)."""
    context = spark.sparkContext
    group = f"kata-{time.monotonic_ns()}"
    context.setJobGroup(group, "jobs started by a kata function")
    try:
        result = fn(*args)
    finally:
        context.setLocalProperty("spark.jobGroup.id", None)
    return result, len(context.statusTracker().getJobIdsForGroup(group))


# --- GPU: CuPy where it exists, and a pretend device that counts transfers ---


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


# --- the pretend device -------------------------------------------------


class Transfers:
    """How many times data crossed between host and (pretend) device."""

    def __init__(self) -> None:
        self.to_device = 0
        self.to_host = 0


class DeviceArray:
    """An array that lives on a pretend device, with CuPy's rules.

    Arithmetic and the namespace's functions keep it on the device. Reading it on the host
    (`float()`, `.item()`, `.get()`, `.tolist()`, `xp.asnumpy`) counts a transfer.
    NumPy functions refuse it, as NumPy refuses a CuPy array.
    """

    __array_priority__ = 1000

    def __init__(self, data: np.ndarray, space: CountingDevice) -> None:
        self._data = data
        self._space = space

    def __array_namespace__(self, api_version: str | None = None) -> CountingDevice:
        return self._space

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            "Implicit conversion to a NumPy array is not allowed (as on a GPU): this array is "
            "on the device. Use the array's own namespace, xp = x.__array_namespace__()."
        )

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return NotImplemented

    def __array_function__(self, func, types, args, kwargs):
        return NotImplemented

    def _read(self) -> np.ndarray:
        self._space.transfers.to_host += 1
        return self._data

    def __float__(self) -> float:
        return float(self._read())

    def __int__(self) -> int:
        return int(self._read())

    def __bool__(self) -> bool:
        return bool(self._read())

    def __index__(self) -> int:
        return int(self._read())

    def item(self) -> Any:
        return self._read().item()

    def get(self) -> np.ndarray:
        return self._read().copy()

    def tolist(self) -> Any:
        return self._read().tolist()

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"DeviceArray(shape={self._data.shape}, dtype={self._data.dtype})"

    def __getattr__(self, name: str) -> Any:
        return self._space._wrap(getattr(self._data, name))


def _operator(name: str) -> Callable:
    def method(self: DeviceArray, *others):
        values = [self._space._unwrap(other) for other in others]
        return self._space._wrap(getattr(self._data, name)(*values))

    method.__name__ = name
    return method


for _name in ["add", "radd", "sub", "rsub", "mul", "rmul", "truediv", "rtruediv", "floordiv",
              "rfloordiv", "mod", "pow", "rpow", "matmul", "lt", "le", "gt", "ge", "eq", "ne",
              "and", "or", "xor", "invert", "neg", "pos", "abs", "getitem"]:
    setattr(DeviceArray, f"__{_name}__", _operator(f"__{_name}__"))


class CountingDevice:
    """A NumPy namespace that pretends to be a GPU: arrays made by it stay 'on the device'.

    `xp.asarray(host_data)` counts a transfer to the device; reading a result on the host
    counts a transfer back. Every other NumPy function works on device arrays and returns
    device arrays, like CuPy's.
    """

    def __init__(self, module: Any = np, transfers: Transfers | None = None) -> None:
        self._module = module
        self.transfers = transfers or Transfers()

    def _unwrap(self, value: Any) -> Any:
        if isinstance(value, DeviceArray):
            return value._data
        if isinstance(value, _OnDevice):
            return value._target
        if isinstance(value, np.ndarray):
            raise TypeError(
                "a host (NumPy) array was mixed with a device array; move it to the device "
                "once with xp.asarray, or compute it on the device"
            )
        if isinstance(value, (list, tuple)):
            return type(value)(self._unwrap(v) for v in value)
        return value

    def _wrap(self, value: Any) -> Any:
        if isinstance(value, (np.ndarray, np.generic)):
            return DeviceArray(np.asarray(value), self)
        if isinstance(value, (tuple, list)):
            return type(value)(self._wrap(v) for v in value)
        if value is None or isinstance(value, (int, float, complex, str, bytes, np.dtype)):
            return value
        return _OnDevice(value, self)  # functions, submodules, random Generators

    def asarray(self, value: Any, dtype: Any = None, **kwargs) -> DeviceArray:
        if isinstance(value, DeviceArray):
            return value if dtype is None else self._wrap(value._data.astype(dtype))
        self.transfers.to_device += 1
        return DeviceArray(np.array(value, dtype=dtype), self)

    def asnumpy(self, value: DeviceArray) -> np.ndarray:
        return value.get()

    def __getattr__(self, name: str) -> Any:
        return self._wrap(getattr(self._module, name))


class _OnDevice:
    """A namespace member (function, submodule, random Generator) that works on the device."""

    def __init__(self, target: Any, space: CountingDevice) -> None:
        self._target = target
        self._space = space

    def __call__(self, *args, **kwargs):
        args = [self._space._unwrap(a) for a in args]
        kwargs = {k: self._space._unwrap(v) for k, v in kwargs.items()}
        return self._space._wrap(self._target(*args, **kwargs))

    def __getattr__(self, name: str) -> Any:
        return self._space._wrap(getattr(self._target, name))


def call_on_device(fn: Callable, *args, **kwargs) -> Any:
    """Call a kata function with pretend-GPU arrays; a NumPy leak becomes a teaching failure."""
    try:
        return fn(*args, **kwargs)
    except TypeError as error:
        raise AssertionError(
            f"{fn.__name__} failed on arrays that live on a (pretend) GPU device: {error}. "
            "Expected it to run unchanged there, as on CuPy. Did you call a NumPy function "
            "(np.exp, np.sqrt...) or mix in a NumPy array? Use the array's own namespace, "
            "`xp = x.__array_namespace__()`, or the `xp` you were given."
        ) from error
