"""Probes for the 10_bounds kata apply_fix: calls that say where they ran, and how many at once.

- `compute(job)` burns CPU time; `wait(job)` waits on a socket; `mixed(job)` burns some CPU
  time, then waits. Each returns `job.value`.
- Every call writes a record file (its pid, its thread, how long it took in CPU and wall
  time, the most calls it saw inside at once, the threads alive in its process when it left
  the meeting, by `alive()`) into the job's folder, which the test reads:
  the kata returns only the values, so it cannot change what the records say.
- A call made in the test's own thread (the kata measuring one item) only works. Any other
  call waits at a meeting point until `job.gather` calls are inside at once, or gives up
  after a timeout; one that gives up tells the others, so a serial run costs one timeout.
  It then does a tenth of the work (POOLED_SHARE): only the measured call's amount matters.
  The meeting works alike for threads and processes: it counts files in a folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

THREAD_TIMEOUT = 3.0  # seconds the meeting waits for threads of the test's process
PROCESS_TIMEOUT = 10.0  # for other processes: they may start seconds apart on a busy machine
POOLED_SHARE = 0.1  # a call away from the test's thread does this share of the work: the
# evidence there is where it ran and with whom, so its work only needs to be real, not long
POLL = 0.01  # seconds between two looks at the meeting point


@dataclass(frozen=True)
class Job:
    """One item: the work to do, the value to return, and where to meet and record."""

    index: int
    value: int
    folder: str
    gather: int  # calls the meeting waits for
    seconds: float  # CPU time to burn (compute) or time to wait (wait, mixed)
    caller: tuple[int, int]  # (pid, thread) of the test: calls there do not meet
    burn: float = 0.0  # CPU time to burn before waiting (mixed)


@dataclass(frozen=True)
class Call:
    """What one call recorded of itself."""

    index: int
    pid: int
    thread: int
    cpu: float
    wall: float
    most_inside: int
    threads: list[str]  # alive() in the call's process when it left the meeting

    @property
    def cpu_share(self) -> float:
        return self.cpu / self.wall if self.wall > 0 else 0.0


def compute(job: Job) -> int:
    """CPU-bound: meet, then burn `job.seconds` of this thread's CPU time (measured)."""
    return _recorded(job, lambda share: _burn(share * job.seconds))


def wait(job: Job) -> int:
    """IO-bound: meet, then wait `job.seconds` on a socket that never answers (measured)."""
    return _recorded(job, lambda share: wait_on_socket(share * job.seconds))


def mixed(job: Job) -> int:
    """Both: meet, then burn `job.burn` of CPU time and wait `job.seconds` (measured); its
    bound is the share of CPU time in its wall time, not either amount."""
    def work(share: float) -> None:
        _burn(share * job.burn)
        wait_on_socket(share * job.seconds)
    return _recorded(job, work)


def wait_on_socket(seconds: float) -> None:
    """Wait for data that never comes, as a program waiting on the network does. It lives
    here, away from NumPy (whose BLAS threads spin for a while after import, CPU time that a
    measured waiting call would be charged); bounds_support uses it too."""
    if seconds <= 0:
        return  # a timeout of 0 would make the socket non-blocking, not wait
    quiet, other = socket.socketpair()
    with quiet, other:
        quiet.settimeout(seconds)
        with contextlib.suppress(TimeoutError):
            quiet.recv(1)


def _burn(seconds: float) -> None:
    start = time.thread_time()
    while time.thread_time() - start < seconds:
        sum(range(1000))


def _recorded(job: Job, work: Callable[[float], None]) -> int:
    here = (os.getpid(), threading.get_ident())
    measured = here == job.caller
    most = 0 if measured else _meet(job)
    threads = alive()
    # The process's CPU time, as the kata measures it: other threads of the test's process
    # count too, and the test must judge the share the kata saw.
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    work(1.0 if measured else POOLED_SHARE)
    call = Call(job.index, *here, time.process_time() - cpu_start,
                time.perf_counter() - wall_start, most, threads)
    (Path(job.folder) / f"call-{job.index}-{os.getpid()}-{threading.get_ident()}").write_text(
        json.dumps(asdict(call)))
    return job.value


def _meet(job: Job) -> int:
    """Wait until `job.gather` calls are inside at once (or the meeting gave up); return the
    most calls seen inside."""
    folder = Path(job.folder)
    inside = folder / f"inside-{job.index}"
    inside.touch()
    in_process = os.getpid() == job.caller[0]
    deadline = time.monotonic() + (THREAD_TIMEOUT if in_process else PROCESS_TIMEOUT)
    most = 0
    try:
        while not (folder / "met").exists() and not (folder / "gave-up").exists():
            most = max(most, len(list(folder.glob("inside-*"))))
            if most >= job.gather:
                (folder / "met").touch()
            elif time.monotonic() > deadline:
                (folder / "gave-up").touch()
            else:
                time.sleep(POLL)
        return max(most, len(list(folder.glob("inside-*"))))
    finally:
        inside.unlink()


def alive() -> list[str]:
    """The threads alive in this process, each named by its ident and its name: an ident
    may be reused after a thread ends, a default name (from a counter) is not."""
    return sorted(f"{thread.ident}:{thread.name}" for thread in threading.enumerate())


def calls(folder: Path) -> list[Call]:
    """Every call's record, in the order of the items."""
    records = [Call(**json.loads(path.read_text())) for path in folder.glob("call-*")]
    return sorted(records, key=lambda call: call.index)


def met(folder: Path) -> bool:
    return (folder / "met").exists()
