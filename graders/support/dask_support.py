"""Test-side helpers for 06_dask: evidence of when and where dask ran the work.

Everything a test sends to a dask worker lives here (test files are not importable there).
dask is imported inside functions only, so a missing dask ends as not-gradable.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

WAIT = 20.0  # seconds a probe waits at a meeting before it gives up

# --- dask's own threads belong to dask, not to the kata ----------------------------------------


def start_session_pool() -> Any:
    """Create dask's default threaded-scheduler pool now, with all its threads started.

    A `.compute()` inside a kata runs on dask's threaded scheduler unless a Client is the
    default. dask creates that pool lazily, on the first such compute, and keeps its
    threads, which the plugin would then blame on the kata as threads it left running.
    Created here, before any test, they are the session's. (Not through the `pool`
    setting: dask sends its settings to cluster workers, and a pool cannot travel.)
    """
    from dask import threaded
    from dask.system import CPU_COUNT

    executor = getattr(threaded, "ContextAwareThreadPoolExecutor", ThreadPoolExecutor)
    with threaded.pools_lock:
        if threaded.default_pool is None:
            threaded.default_pool = executor(CPU_COUNT)
        pool = threaded.default_pool
    ready = threading.Barrier(pool._max_workers)
    for _ in range(pool._max_workers):  # each blocked task makes the pool start a thread
        pool.submit(ready.wait, 30)
    return pool


# --- calls recorded in the test process (local schedulers) -------------------------------------


class PhasedLog:
    """A callable wrapper that records each call's argument, phase and thread.

    The test sets `.phase` ("build", then "compute"); each call is recorded with the phase
    it happened in, so a test can tell work done while building a graph from work done by
    the scheduler.
    """

    def __init__(self, fn: Callable) -> None:
        self.fn = fn
        self.phase = "build"
        self.calls: list[tuple[str, Any, int]] = []
        self.lock = threading.Lock()
        self.__name__ = getattr(fn, "__name__", "work")

    def __call__(self, item: Any) -> Any:
        with self.lock:
            self.calls.append((self.phase, item, threading.get_ident()))
        return self.fn(item)

    def items(self, phase: str) -> list:
        return [item for when, item, _ in self.calls if when == phase]

    def threads(self, phase: str) -> set[int]:
        return {thread for when, _, thread in self.calls if when == phase}


class ComputePhase:
    """`with ComputePhase(log):` lets dask itself set `log.phase` (a PhasedLog): "compute"
    from the moment a local scheduler starts running a graph until it finishes, "build"
    otherwise. A call made before dask computes anything (work called eagerly while a graph
    is built, even inside the kata's own function) is then recorded as "build", however the
    test set the phase.
    """

    def __init__(self, log: PhasedLog) -> None:
        from dask.callbacks import Callback

        self.log = log
        self.callback = Callback(start=self._start, finish=self._finish)

    def _start(self, dsk) -> None:
        self.log.phase = "compute"

    def _finish(self, dsk, state, errored) -> None:
        self.log.phase = "build"

    def __enter__(self) -> ComputePhase:
        self.log.phase = "build"
        self.callback.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.callback.__exit__(*exc)


class Meeting:
    """`Meeting(k)(fn)`: a wrapper whose first k calls must run at the same time.

    The first k calls wait for each other (up to `timeout` seconds); later calls pass
    through. `met` tells whether k calls were ever inside at once: proof that the work ran
    concurrently, without any clock. A serial run waits once, then gives up.
    """

    def __init__(self, k: int, timeout: float = 20.0) -> None:
        self.k = k
        self.barrier = threading.Barrier(k, timeout=timeout)
        self.met = False

    def __call__(self, fn: Callable) -> Callable:
        def wrapper(item: Any) -> Any:
            if not self.barrier.broken:
                try:
                    self.barrier.wait()
                    self.met = True
                except threading.BrokenBarrierError:
                    pass
            return fn(item)

        wrapper.__name__ = getattr(fn, "__name__", "work")
        return wrapper


# --- probes that run on the cluster's workers ---------------------------------------------------


def new_meeting(client: Any, k: int) -> str:
    """A cluster-wide meeting point that opens when `k` probe calls are inside at once.

    Its state lives on the scheduler (a Lock, a Variable and an Event named after it), so
    it works across worker processes and machines. Returns the name to put in the items.
    """
    import uuid

    from distributed import Variable

    name = f"meeting-{uuid.uuid4().hex}"
    Variable(name, client=client).set({"k": k, "inside": 0, "met": False})
    return name


def meeting_met(client: Any, name: str) -> bool:
    """Whether the meeting's k calls were ever inside at once."""
    from distributed import Variable

    return bool(Variable(name, client=client).get(timeout=30)["met"])


def _enter_or_leave(name: str, step: int) -> bool:
    """Count a call in (+1) or out (-1); True when this call completed the meeting."""
    from distributed import Lock, Variable

    with Lock(name):
        variable = Variable(name)
        state = variable.get(timeout=30)
        state["inside"] += step
        completed = step > 0 and not state["met"] and state["inside"] >= state["k"]
        state["met"] = state["met"] or completed
        variable.set(state)
    return completed


def meet_then(item: tuple) -> tuple[Any, int, float]:
    """A probe for cluster tasks: (value, seconds, meeting name) -> (value, pid, end time).

    Waits at the meeting until its k calls are inside at once (a serial run gives up after
    WAIT seconds and lets every later call through), then sleeps `seconds`, so that the test
    decides the finishing order, and returns.
    """
    from distributed import Event

    value, seconds, name = item
    event = Event(name)
    if _enter_or_leave(name, +1):
        event.set()
    if not event.wait(timeout=WAIT):
        event.set()  # nobody came: do not make the later calls wait as well
    _enter_or_leave(name, -1)
    time.sleep(seconds)
    return value, os.getpid(), time.time()


# --- data the kata has never seen ------------------------------------------------------------


CITIES = ["Lagos", "Berlin", "Zagreb", "Auckland", "Quito", "Oslo", "Hanoi"]


def write_sales(folder: str, seed: int, parts: int = 4, rows: int = 300) -> Any:
    """Write `parts` Parquet files of sales drawn from `seed`; return the whole table.

    The data is unfriendly: amounts with cents, zeros and refunds (negative), missing
    amounts, a city that appears in one file only, and a city whose every amount is
    missing (its total is 0.0, as in pandas).
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    cities = rng.permutation(CITIES)
    frames = []
    for part in range(parts):
        common = cities[:4]
        names = np.concatenate([common, cities[4:5]]) if part == 1 else common
        city = names[rng.integers(0, len(names), rows)]
        amount = np.round(rng.normal(50, 40, rows), 2)
        amount[rng.random(rows) < 0.1] = 0.0
        amount[rng.random(rows) < 0.1] = np.nan
        city[-3:] = cities[5]
        amount[-3:] = np.nan
        frame = pd.DataFrame({"city": city, "amount": amount,
                              "quantity": rng.integers(1, 5, rows)})
        frame.to_parquet(os.path.join(folder, f"part-{part:03d}.parquet"), index=False)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def totals(table: Any) -> dict[str, float]:
    """{city: sum of the known amounts}, rounded to cents."""
    return {city: round(float(v), 6) for city, v in
            table.groupby("city")["amount"].sum().items()}
