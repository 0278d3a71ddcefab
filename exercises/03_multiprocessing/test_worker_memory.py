"""Kata worker_memory: what the lesson says the kata proves, and the test that checks each claim.

- tree_memory: on a tree of three processes holding 30 MB each (forked where the OS allows,
  so they share pages), the sum matches the grader's own measurement of the same tree, taken
  just before and after, within 10% both ways: a root alone, a tree without its grandchild,
  RSS (shared pages counted once per process) and, on Linux, USS (shared pages left out)
  all miss -> test_tree_memory_matches_the_graders_measurement
- extra_memory: for 3 threads, 2 processes started the default way and 3 started by fork
  (or spawn where fork is the default or missing), the number returned matches the grader's
  measurement of the same tree, taken by a thread of the test while every worker was alive
  inside the warm-up probe (kept in the test's memory, out of the kata's reach)
  (half to twice, give or take 1 MB), and the workers were what was asked for (threads of
  this process, or processes started by the asked method). Each warm-up call also holds a
  ballast of 6 to 10 MB, different in each case, so a thread pool costs megabytes too and no
  number from the lesson (0 for threads, so many MB a process) fits ->
  test_extra_memory_is_what_the_grader_measured
Not gradable where psutil cannot read a process's USS.
"""

import os
from pathlib import Path

import pytest
from worker_memory import extra_memory, tree_memory

from graders.support.memory_support import (
    MB,
    MeetAndWait,
    TreeWatch,
    arrivals,
    held_tree,
    measure_tree,
    release_ballast,
    require_memory_info,
)
from graders.support.parallel import default_start_method, process_context, start_methods

# Threads, the default start method, and one that starts workers differently (fork shares
# the parent's pages, spawn shares nothing): each costs its own amount of memory.
OTHER = [m for m in ("fork", "spawn") if m in start_methods() and m != default_start_method()]
# Each case's warm-up calls also hold a ballast of their own size: no constant fits them all.
CASES = [("threads", None, 3, 6 * MB), ("processes", default_start_method(), 2, 10 * MB)] + [
    ("processes", method, 3, 8 * MB) for method in OTHER[:1]]
IDS = [f"{kind}-{method or 'none'}-{workers}workers" for kind, method, workers, _ in CASES]


@pytest.fixture
def ballast_released():
    yield
    release_ballast()


def test_tree_memory_matches_the_graders_measurement(tmp_path):
    require_memory_info()
    with held_tree(tmp_path) as root:
        before = measure_tree(root)
        got = tree_memory(root)
        after = measure_tree(root)
    low, high = 0.9 * min(before, after), 1.1 * max(before, after)
    assert isinstance(got, int), f"tree_memory returned {got!r}; expected a number of bytes."
    assert got >= low, (
        f"tree_memory of a root, its child and its grandchild (30 MB each) gave "
        f"{got / MB:.1f} MB; the grader measured {before / MB:.1f} MB. Your sum misses memory "
        "the tree holds: add every descendant (psutil.Process(pid).children(recursive=True)), "
        "and on Linux use memory_full_info().pss, which counts a page the processes share "
        "once, split between them (USS leaves shared pages out)."
    )
    assert got <= high, (
        f"tree_memory of a root, its child and its grandchild (30 MB each) gave "
        f"{got / MB:.1f} MB; the grader measured {before / MB:.1f} MB. A forked process "
        "shares its parent's pages, and RSS counts them again in every process: use "
        "memory_full_info().pss where it exists, else .uss, and count each process once."
    )


@pytest.mark.parametrize(("kind", "method", "workers", "ballast"), CASES, ids=IDS)
def test_extra_memory_is_what_the_grader_measured(kind, method, workers, ballast, tmp_path,
                                                  ballast_released):
    require_memory_info()
    context = process_context(method) if method else None
    warm = MeetAndWait(str(tmp_path), workers, ballast)
    before = measure_tree(os.getpid())
    with TreeWatch(tmp_path, workers, processes=kind == "processes") as watch:
        got = extra_memory(kind, workers, warm, context)
    during = watch.during
    _assert_workers_were(kind, method, workers, tmp_path)
    assert during is not None, (
        f"the grader never saw {workers} workers inside warm at the same time "
        f"({arrivals(tmp_path)} called it in all); a warm call returns only once {workers} "
        "calls run at once. Submit warm(i) for every i in range(workers) to one pool of "
        "`workers` workers, and measure before the pool shuts down."
    )
    expected = during - before
    call = f"extra_memory({kind!r}, {workers}, warm{', ' + method if method else ''})"
    assert isinstance(got, int), f"{call} returned {got!r}; expected a number of bytes."
    assert 0.5 * expected - MB <= got <= 2 * expected + MB, (
        f"{call} returned {got / MB:.2f} MB; with every worker alive the grader measured "
        f"{expected / MB:.2f} MB more than before the call (expected half to twice that, "
        "give or take 1 MB). Measure tree_memory(os.getpid()) (your workers are your "
        "children) before creating the pool, and again after every warm(i) has returned "
        "but before the pool shuts down (inside its `with` block); return the difference."
    )


def _assert_workers_were(kind: str, method: str | None, workers: int, folder: Path) -> None:
    """The warm-up ran in `workers` threads of this process, or processes started by `method`."""
    callers = [path.name.split("-")[1:] for path in folder.glob("arrived-*")]
    pids = {int(pid) for pid, _, _ in callers}
    methods = sorted({started_by for _, _, started_by in callers})
    if kind == "threads":
        assert pids == {os.getpid()}, (
            f"asked for threads, warm ran in processes {sorted(pids)}, not only in this one "
            f"({os.getpid()}): use concurrent.futures.ThreadPoolExecutor(max_workers=workers)."
        )
    else:
        assert os.getpid() not in pids and methods == [method], (
            f"asked for processes started by {method}, warm ran in processes started by "
            f"{methods} ('main' is this process). Use ProcessPoolExecutor(max_workers="
            "workers, mp_context=mp_context)."
        )
