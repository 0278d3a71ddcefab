"""Kata granularity: what the lesson says the kata proves, and the test that checks each claim.

- chunk_size_for: at least min_task_seconds of work per chunk (rounded up, never down)
  -> test_chunks_carry_enough_work; at most ceil(n_items / workers) items, so that no
  worker sits idle -> test_chunks_leave_no_worker_idle; all the work below one task's worth
  is one chunk -> test_tiny_work_is_one_chunk (each over several values of every parameter)
- map_in_chunks: the results in input order, from exactly ceil(len(items) / chunk_size)
  tasks (counted by the pickles of fn), run in worker processes started by the asked method,
  never more processes than `workers` (one pool for all the chunks, not a pool per chunk)
  -> test_one_task_per_chunk; one chunk runs here with no pool at all
  -> test_a_single_chunk_needs_no_pool
"""

import os

import pytest
from granularity import chunk_size_for, map_in_chunks

from graders.support.parallel import CountedProbe, process_context, start_methods


@pytest.mark.parametrize(("n_items", "workers", "seconds_per_item", "min_task", "expected"), [
    (10_000, 2, 0.0001, 0.05, 500),
    (90_000, 3, 0.0003, 0.05, 167),  # 166.7 items make 50 ms: round up, never down
    (5_000, 4, 0.002, 0.5, 250),
    (60_000, 2, 0.00015, 0.05, 334),  # 333.3: round() and int() both come out short
    (10, 2, 0.1, 0.0, 1),  # no minimum: one item per chunk, never an empty chunk
])
def test_chunks_carry_enough_work(n_items, workers, seconds_per_item, min_task, expected):
    got = chunk_size_for(n_items, workers, seconds_per_item, min_task)
    assert got == expected, (
        f"chunk_size_for({n_items} items of {seconds_per_item * 1000:g} ms, {workers} workers, "
        f"{min_task * 1000:g} ms per task) gave {got}; expected {expected}: the smallest chunk "
        f"with at least {min_task * 1000:g} ms of work, ceil(min_task_seconds / "
        "seconds_per_item), and at least 1 item (no minimum: one item per chunk). int() "
        "and round() can round down and leave the chunk short."
    )


@pytest.mark.parametrize(("n_items", "workers", "seconds_per_item", "min_task", "expected"), [
    (100, 4, 0.01, 0.5, 25),
    (101, 4, 0.01, 0.5, 26),  # 25.25 items per worker: round up, or a 5th chunk is left over
    (90, 3, 0.02, 1.0, 30),
    (4, 2, 0.25, 1.0, 2),  # exactly one task's worth of work is not "less": it is split
    (3, 3, 1.0, 0.5, 1),
])
def test_chunks_leave_no_worker_idle(n_items, workers, seconds_per_item, min_task, expected):
    got = chunk_size_for(n_items, workers, seconds_per_item, min_task)
    assert got == expected, (
        f"chunk_size_for({n_items} items of {seconds_per_item * 1000:g} ms, {workers} workers, "
        f"{min_task:g} s per task) gave {got}; expected {expected}: a chunk with "
        f"{min_task:g} s of work would leave some of the {workers} workers with nothing. Cap "
        "the chunk at ceil(n_items / workers)."
    )


@pytest.mark.parametrize(("n_items", "workers", "seconds_per_item", "min_task", "expected"), [
    (1000, 2, 1e-6, 0.05, 1000),
    (37, 3, 1e-4, 0.01, 37),
    (0, 2, 1e-3, 0.05, 1),  # no items: still a valid chunk size
])
def test_tiny_work_is_one_chunk(n_items, workers, seconds_per_item, min_task, expected):
    got = chunk_size_for(n_items, workers, seconds_per_item, min_task)
    assert got == expected, (
        f"chunk_size_for({n_items} items of {seconds_per_item * 1e6:g} us, {workers} workers, "
        f"{min_task * 1000:g} ms per task) gave {got}; all the work together is less than "
        f"one task's worth, so expected {expected}: one chunk of everything (at least 1), "
        "no pool at all."
    )


CASES = [(method, *shape) for method, shape in
         zip(start_methods(), [(40, 10, 2), (23, 5, 3), (30, 4, 2)], strict=False)]


@pytest.mark.parametrize(("start_method", "n_items", "chunk_size", "workers"), CASES,
                         ids=[f"{m}-{n}items-chunks_of_{c}" for m, n, c, _ in CASES])
def test_one_task_per_chunk(start_method, n_items, chunk_size, workers):
    CountedProbe.reset()
    items = [(7 * i) % n_items for i in range(n_items)]  # every item, not in sorted order
    visits = map_in_chunks(CountedProbe(), items, workers=workers, chunk_size=chunk_size,
                           mp_context=process_context(start_method))
    sent = CountedProbe.tasks_sent()
    tasks = -(-n_items // chunk_size)
    assert [v.item for v in visits] == items, (
        f"map_in_chunks gave the results of {[v.item for v in visits]}; expected them in the "
        f"order of the items, {items}."
    )
    assert sent == tasks, (
        f"{n_items} items in chunks of {chunk_size} were sent to the pool as {sent} task(s); "
        f"expected {tasks}. Each task costs a round trip: pass chunksize=chunk_size to "
        "`pool.map`."
    )
    seen = sorted({v.method for v in visits})
    assert seen == [start_method] and os.getpid() not in {v.pid for v in visits}, (
        f"asked for {start_method} workers, the chunks ran in processes started by {seen} "
        "('main' is this process). Pass mp_context on: ProcessPoolExecutor(max_workers="
        "workers, mp_context=mp_context)."
    )
    pids = {v.pid for v in visits}
    assert len(pids) <= workers, (
        f"the {tasks} chunks ran in {len(pids)} different processes with workers={workers}; "
        f"expected at most {workers}: one pool of `workers` processes for all the chunks. A "
        "pool per chunk (or a pool of another size) starts more processes, and each start "
        "costs more than the chunking saves."
    )


@pytest.mark.parametrize(("n_items", "chunk_size"), [(5, 5), (3, 8)])
def test_a_single_chunk_needs_no_pool(n_items, chunk_size):
    CountedProbe.reset()
    items = list(range(n_items, 0, -1))
    visits = map_in_chunks(CountedProbe(), items, workers=2, chunk_size=chunk_size)
    sent = CountedProbe.tasks_sent()
    assert [v.item for v in visits] == items, (
        f"map_in_chunks gave the results of {[v.item for v in visits]}; expected {items}."
    )
    assert sent == 0 and {v.pid for v in visits} == {os.getpid()}, (
        f"{n_items} items with chunk_size {chunk_size} were sent to worker processes as "
        f"{sent} task(s); expected none: when everything fits in one chunk, starting a pool "
        "only adds cost. Compute it right here."
    )
