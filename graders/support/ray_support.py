"""Test-side helpers for 07_ray: evidence of where, when and how many Ray tasks ran.

Everything a Ray task runs lives here (test files are not importable in Ray workers).
Coordination goes through small named actors, so it works across worker processes and
machines, and does not depend on how fast the machine is. Ray is imported inside functions.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graders.support.ecosystem import most_at_once, timed_sleep

WAIT = 20.0  # seconds a probe waits for the others before it gives up


class _Meeting:
    """An async actor: `arrive()` waits until `k` callers are inside at once, or the test
    calls `open()`, or `timeout` passes; it returns whether it was released in time.
    `peak()` is the most callers that were ever inside at once."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.inside = 0
        self.most = 0
        self.released = False
        self.event = asyncio.Event()
        self.notes: list[Any] = []

    async def arrive(self, timeout: float) -> bool:
        self.inside += 1
        self.most = max(self.most, self.inside)
        if self.inside >= self.k:
            self.open()
        try:
            await asyncio.wait_for(self.event.wait(), timeout)
        except TimeoutError:
            self.event.set()  # one gave up: the others need not wait as long
        self.inside -= 1
        return self.released

    def open(self) -> None:
        self.released = True
        self.event.set()

    def peak(self) -> int:
        return self.most

    def note(self, entry: Any) -> None:
        self.notes.append(entry)

    def noted(self) -> list[Any]:
        return self.notes


@contextlib.contextmanager
def meeting(k: int, name: str = "") -> Iterator[tuple[str, Any]]:
    """A named meeting actor (no CPU of its own) that k probe calls must reach at once.

    Yields (name, handle); the actor is killed on the way out, whatever happened.
    """
    import ray

    name = name or f"meeting-{uuid.uuid4().hex}"
    actor = ray.remote(num_cpus=0, max_concurrency=1000)(_Meeting)
    handle = actor.options(name=name).remote(k)
    try:
        yield name, handle
    finally:
        ray.kill(handle)


def gate() -> contextlib.AbstractContextManager[tuple[str, Any]]:
    """A named actor that holds every `wait_at_gate` call until the test calls `.open`."""
    return meeting(k=10**9)


def meet_then(item: tuple) -> tuple[Any, float, float, int]:
    """Probe: (value, seconds, meeting name) -> (value, start, end, pid).

    Arrives at the named meeting (all the batch's tasks must be running at once for it to
    open), then sleeps `seconds`, so the test decides the finishing order.
    """
    import ray

    value, seconds, name = item
    start = time.time()
    ray.get(ray.get_actor(name).arrive.remote(WAIT))
    time.sleep(seconds)
    return value, start, time.time(), os.getpid()


def wait_at_gate(item: tuple) -> tuple[Any, bool, int]:
    """Probe: (value, gate name) -> (value, whether the gate was opened in time, pid)."""
    import ray

    value, name = item
    opened = ray.get(ray.get_actor(name).arrive.remote(WAIT))
    return value, opened, os.getpid()


def actor_handle_types(ray: Any) -> tuple[type, ...]:
    """What `ray.remote(Cls).remote()` returns: an ActorHandle, or through Ray Client
    (`RAY_ADDRESS=ray://...`) a ClientActorHandle."""
    types: tuple[type, ...] = (ray.actor.ActorHandle,)
    with contextlib.suppress(ImportError):
        from ray.util.client.common import ClientActorHandle

        types += (ClientActorHandle,)
    return types


PID_LOG = "kata-ray-pids"  # the named actor that the noting probes below report to


class TracedValue(float):
    """A probe's result that, unpickled in a process, is noted there in
    VALUES_UNPICKLED_HERE (and arrives as a plain float): a task that hands it straight
    to an actor never sends it to the driver."""

    def __reduce__(self):
        return (_unpickle_traced, (float(self),))


VALUES_UNPICKLED_HERE: list[float] = []  # the TracedValues unpickled in this process


def _unpickle_traced(value: float) -> float:
    VALUES_UNPICKLED_HERE.append(value)
    return value


def affine_noting_pid(x: float) -> TracedValue:
    """Probe: 3x - 1 as a TracedValue, after noting this process's pid at the actor PID_LOG."""
    import ray

    ray.get(ray.get_actor(PID_LOG).note.remote(os.getpid()))
    return TracedValue(3 * x - 1)


def note_where() -> None:
    """Note (this process's pid, this Ray task's id: None in a driver) at PID_LOG."""
    import ray

    task = ray.get_runtime_context().get_task_id()
    ray.get(ray.get_actor(PID_LOG).note.remote((os.getpid(), task)))


def noting_window_sum(data: Any, start: int, width: int) -> float:
    """Probe standing in for ray_put's `window_sum`: notes where it ran, then sums."""
    note_where()
    return float(data[start:start + width].sum())


def quarter_circle_count(samples: int, seed: int) -> int:
    """The ray_pi recipe: points of `default_rng(seed)` (x, then y) with x*x + y*y <= 1."""
    import numpy as np

    rng = np.random.default_rng(seed)
    x = rng.random(samples)
    y = rng.random(samples)
    return int(np.count_nonzero(x * x + y * y <= 1.0))


def noting_count_inside(samples: int, seed: int) -> int:
    """Probe standing in for ray_pi's `count_inside`: notes where it ran, then counts."""
    note_where()
    return quarter_circle_count(samples, seed)


# --- fair timing of a batch of sleeping tasks -------------------------------------------------

ROUNDS = 3
PARALLEL_SHARE = 0.75  # a batch is parallel when its tasks span < 3/4 of the serial sum


@dataclass
class Batch:
    """One timed batch: the wall time of the call, and what the tasks' own clocks say."""

    wall: float
    span: float  # first task start to last task end
    spread: float  # first task start to last task start
    most: int  # the most tasks running at one moment


def run_batch(run: Callable[[Callable, list], list], sleeps: list[float]) -> Batch:
    start = time.perf_counter()
    results = run(timed_sleep, sleeps)
    wall = time.perf_counter() - start
    intervals = [(begin, end) for begin, end, _ in results]
    starts = [begin for begin, _ in intervals]
    span = max(end for _, end in intervals) - min(starts)
    return Batch(wall, span, max(starts) - min(starts), most_at_once(intervals))


def reference_run(fn: Callable, items: list) -> list:
    import ray

    remote = ray.remote(fn)
    return ray.get([remote.remote(item) for item in items])


@dataclass
class Timing:
    verdict: str  # "passed", "failed" or "not-gradable"
    message: str


def compare(candidate: Callable[[Callable, list], list], sleeps: list[float],
            rounds: int = ROUNDS) -> Timing:
    """Time the candidate against the reference on the same warm workers, interleaved.

    Both run once untimed first (Ray starts and reuses the same worker processes for
    both). Then `rounds` rounds, alternating which goes first. The verdict needs the best
    round and the median round to agree; when the reference itself is not parallel in most
    rounds, the machine cannot show the effect and the verdict is not-gradable.
    """
    run_batch(candidate, sleeps)
    run_batch(reference_run, sleeps)
    mine: list[Batch] = []
    theirs: list[Batch] = []
    for round_ in range(rounds):
        pair = [(candidate, mine), (reference_run, theirs)]
        for run, batches in pair if round_ % 2 == 0 else reversed(pair):
            batches.append(run_batch(run, sleeps))
    return judge(mine, theirs, sleeps)


def judge(mine: list[Batch], theirs: list[Batch], sleeps: list[float]) -> Timing:
    """The verdict on the candidate's rounds, beside the reference's rounds of the same run."""
    serial = sum(sleeps)
    bound = PARALLEL_SHARE * serial
    rounds = len(mine)
    summary = (f"your tasks spanned {', '.join(f'{b.span:.1f}' for b in mine)} s in {rounds} "
               f"rounds, the reference's {', '.join(f'{b.span:.1f}' for b in theirs)} s, for "
               f"{len(sleeps)} tasks sleeping {serial:.0f} s in total")
    if sum(b.span < bound for b in theirs) <= rounds // 2:
        return Timing("not-gradable", f"even the reference's tasks were not parallel in most "
                      f"rounds here ({summary})")
    # A round whose tasks all ran at one moment proves they were all submitted first.
    parallel = sorted(b.span < bound or b.most == len(sleeps) for b in mine)
    by_best, by_median = parallel[-1], parallel[len(parallel) // 2]
    if by_best != by_median:
        return Timing("not-gradable", f"the rounds disagree, so the machine was too noisy to "
                      f"tell right now ({summary})")
    if by_best:
        return Timing("passed", summary)
    most = max(b.most for b in mine)
    spread = min(b.spread for b in mine)
    if most == 1:
        cause = ("at most one task ran at any moment: they ran one after another, as when "
                 "ray.get is called inside the submission loop. Submit every task first, "
                 "then call ray.get once on the list of refs")
    else:
        cause = (f"at most {most} of the {len(sleeps)} tasks ran at the same moment, and their "
                 f"starts were spread over at least {spread:.1f} s. Submit every task before "
                 "waiting for any; if you use actors, create them once, since each new actor "
                 "takes time to start")
    return Timing("failed", f"expected the tasks to span well under {serial:.0f} s; "
                  f"{summary}. Measured: {cause}.")
