"""Kata cpu_speedup: what the lesson says the kata proves, and the test that checks each claim.

- result: count_primes_parallel gives the number of primes below any limit, for any number
  of chunks -> test_counts_primes_chunk_by_chunk_in_the_pool
- where, and the work done: every one of `chunks` ranges is counted exactly once, by the
  given `count`, in a worker process of the pool -> test_counts_primes_chunk_by_chunk_in_the_pool
- start method: make_pool's workers are started by the asked method (proven in each worker)
  -> test_pool_starts_workers_the_way_asked
- how concurrent: make_pool(workers) runs exactly `workers` processes at once (2 and 3)
  -> test_pool_has_all_its_workers
- speed: on CPU-bound work the pool beats serial and threads by at least half the
  reference's gain, measured in the same run on varied limits; it fails only at a fifth of
  that gain or less (between the two, the run cannot tell: not gradable); a gain above what
  the usable cores allow is impossible and fails -> test_processes_beat_serial_and_threads
"""

import os
import sys
from functools import partial

import cpu_speedup
import pytest
from cpu_speedup import count_primes_parallel, make_pool

from graders import not_gradable
from graders.support import speedup
from graders.support.parallel import (
    PROCESS_BARRIER_TIMEOUT,
    WorkLog,
    barrier_probe,
    process_context,
    start_methods,
    where_probe,
    work_done,
)

CASES = [(method, 2 + i % 2) for i, method in enumerate(start_methods())]
IDS = [f"{method}-{workers}workers" for method, workers in CASES]


@pytest.mark.parametrize(("limit", "chunks"), [(10_007, 7), (4_000, 3)])
def test_counts_primes_chunk_by_chunk_in_the_pool(limit, chunks, tmp_path):
    pool = make_pool(2, process_context())
    try:
        got = count_primes_parallel(limit, chunks, pool, count=WorkLog(str(tmp_path)))
    finally:
        pool.shutdown()
    expected = speedup.serial_count(limit, 1)
    assert got == expected, (
        f"count_primes_parallel({limit}, {chunks}, pool) gave {got}; expected {expected}."
    )
    done = work_done(str(tmp_path))
    ranges = [(c.start, c.stop) for c in done]
    assert ranges == speedup.split_range(limit, chunks), (
        f"count_primes_parallel({limit}, {chunks}, pool, count) called count on {ranges}; "
        f"expected each of the {chunks} ranges of split_range(limit, chunks) once. Map the "
        "given `count` (not your own function) over the chunks: "
        "`pool.map(count, starts, stops)`."
    )
    in_parent = [(c.start, c.stop) for c in done if c.pid == os.getpid()]
    assert not in_parent, (
        f"the chunks {in_parent} were counted in this process, not in the pool; expected "
        "every chunk to go to the pool: `pool.map(count, starts, stops)`, not a loop here."
    )


@pytest.mark.parametrize("start_method", start_methods())
def test_pool_starts_workers_the_way_asked(start_method):
    pool = make_pool(2, process_context(start_method))
    try:
        visits = list(pool.map(where_probe, range(4)))
    finally:
        pool.shutdown()
    seen = sorted({v.method for v in visits})
    assert seen == [start_method], (
        f"make_pool(2, multiprocessing.get_context({start_method!r})) ran tasks in "
        f"processes started by {seen} ('main' is this process, as with threads). Return "
        "ProcessPoolExecutor(max_workers=workers, mp_context=mp_context): a thread pool "
        "cannot speed up CPU-bound Python (the GIL), and without mp_context you get the "
        "platform's default start method."
    )


@pytest.mark.parametrize(("start_method", "workers"), CASES, ids=IDS)
def test_pool_has_all_its_workers(start_method, workers):
    with process_context("spawn").Manager() as manager:
        barrier = manager.Barrier(workers)
        pool = make_pool(workers, process_context(start_method))
        probe = partial(barrier_probe, barrier, timeout=PROCESS_BARRIER_TIMEOUT)
        try:
            visits = list(pool.map(probe, range(3 * workers)))
        finally:
            pool.shutdown()
    pids = {v.pid for v in visits}
    assert all(v.met for v in visits) and len(pids) == workers, (
        f"make_pool({workers}) ran {3 * workers} tasks in {len(pids)} process(es), and "
        f"{'all' if all(v.met for v in visits) else 'not all'} of them met {workers} at "
        f"once; expected exactly {workers} worker processes running at the same time. "
        "Pass max_workers=workers."
    )


@pytest.mark.timing
def test_processes_beat_serial_and_threads():
    outcome = speedup.grade(cpu_speedup, process_context())
    if outcome.verdict == "not-gradable":
        not_gradable(outcome.message, "rerun when the machine is idle: `kata check cpu_speedup`")
    assert outcome.verdict == "passed", outcome.message
    print(f"speedup {outcome.message} on Python {sys.version.split()[0]}")
