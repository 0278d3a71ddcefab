"""Which processes and threads a test started, and how to stop them.

Engines that session fixtures started before the test (a Spark JVM, a Ray raylet, a dask
cluster) may start workers of their own during a test; those are theirs, not the test's.
So "started by the test" means: new children of this process (with everything below them)
and new workers of multiprocessing's fork server.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading

import psutil

FORK_SERVER = "forkserver"
SERVICES = ("resource_tracker", FORK_SERVER)  # serve the whole run and exit with it
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _cmdline(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except psutil.Error:
        return ""


def descendants() -> set[int]:
    """Pids of every process below this one."""
    try:
        return {p.pid for p in psutil.Process().children(recursive=True)}
    except psutil.Error:
        return set()


def started_since(before: set[int]) -> list[psutil.Process]:
    """The processes started since `before` was taken (see the module's docstring)."""
    found: list[psutil.Process] = []
    try:
        children = psutil.Process().children()
    except psutil.Error:
        return found
    for child in children:
        command = _cmdline(child)
        try:
            if FORK_SERVER in command:
                found.extend(p for p in child.children(recursive=True) if p.pid not in before)
            elif child.pid not in before and not any(s in command for s in SERVICES):
                found.extend([child, *child.children(recursive=True)])
        except psutil.Error:
            continue
    return found


def kill(processes: list[psutil.Process]) -> int:
    """Kill these processes; return how many there were."""
    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(processes, timeout=3)
    return len(processes)


def own_memory() -> int:
    """Resident memory of this process in bytes: a single read of /proc where it exists."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * PAGE
    except OSError:
        return psutil.Process().memory_info().rss


def memory(processes: list[psutil.Process]) -> int:
    """Memory in bytes that `processes` hold of their own (unique set size; resident size
    where the OS will not tell). Forked children share their parent's pages: their summed
    resident sizes would count those pages once per child."""
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            total += _own_memory_of(process)
    return total


def _own_memory_of(process: psutil.Process) -> int:
    try:
        return process.memory_full_info().uss
    except (psutil.AccessDenied, AttributeError, NotImplementedError):
        return process.memory_info().rss


def thread_cpu_seconds() -> dict[int, float]:
    """CPU seconds so far of each thread of this process, by native thread id ({} where the
    OS will not say)."""
    try:
        return {t.id: t.user_time + t.system_time for t in psutil.Process().threads()}
    except psutil.Error:
        return {}


def running_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.is_alive()}


def _worker_pids(owner: object) -> set[int]:
    """Pids of the worker processes a pool, executor or dask cluster owns."""
    pool = getattr(owner, "_pool", None)  # multiprocessing.Pool
    if isinstance(pool, list):
        return {getattr(p, "pid", None) for p in pool}
    processes = getattr(owner, "_processes", None)  # ProcessPoolExecutor
    if isinstance(processes, dict):
        return set(processes)
    workers = getattr(owner, "workers", None)  # a dask SpecCluster's nannies
    if isinstance(workers, dict):
        return {getattr(getattr(getattr(w, "process", None), "process", None), "pid", None)
                for w in workers.values()}
    return set()


def shut_down_owners(pids: set[int]) -> None:
    """Close the pools, executors and dask clusters whose workers are these processes.

    Killing a pool's workers is not enough: the pool starts new ones, which the next test
    would be blamed for (and a worker killed holding the pool's lock hangs its shutdown).
    """
    closers = {
        "Pool": lambda pool: pool.terminate(),
        "ProcessPoolExecutor": lambda pool: pool.shutdown(wait=False, cancel_futures=True),
        "LocalCluster": lambda cluster: cluster.close(),
        "SpecCluster": lambda cluster: cluster.close(),
    }
    for owner in gc.get_objects():
        close = closers.get(type(owner).__name__)
        if close and _worker_pids(owner) & pids:
            with contextlib.suppress(Exception):
                close(owner)
