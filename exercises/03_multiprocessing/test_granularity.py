import multiprocessing

import pytest
from granularity import chunk_size_for, map_in_chunks

from graders.support.parallel import CountedSquare, start_methods


def test_chunks_carry_enough_work():
    got = chunk_size_for(10_000, workers=2, seconds_per_item=0.0001, min_task_seconds=0.05)
    assert got == 500, (
        f"chunk_size_for(10_000 items of 0.1 ms, 2 workers, 50 ms per task) gave {got}; "
        "expected 500: the smallest chunk with at least 50 ms of work (ceil(0.05 / 0.0001))."
    )


def test_chunks_leave_no_worker_idle():
    got = chunk_size_for(100, workers=4, seconds_per_item=0.01, min_task_seconds=0.5)
    assert got == 25, (
        f"chunk_size_for(100 items of 10 ms, 4 workers, 0.5 s per task) gave {got}; expected "
        "25: 50 items would reach 0.5 s, but then 2 of the 4 workers would get nothing. Cap "
        "the chunk at ceil(n_items / workers)."
    )


def test_tiny_work_is_one_chunk():
    got = chunk_size_for(1000, workers=2, seconds_per_item=1e-6, min_task_seconds=0.05)
    assert got == 1000, (
        f"chunk_size_for(1000 items of 1 us) gave {got}; all the work together (1 ms) is less "
        "than one task's worth (50 ms), so expected 1000: one chunk, no pool at all."
    )


@pytest.mark.parametrize("start_method", start_methods())
def test_one_task_per_chunk(start_method):
    CountedSquare.reset()
    context = multiprocessing.get_context(start_method)
    got = map_in_chunks(CountedSquare(), list(range(40)), workers=2, chunk_size=10,
                        mp_context=context)
    sent = CountedSquare.tasks_sent()
    assert got == [x * x for x in range(40)], f"map_in_chunks gave {got!r}."
    assert sent == 4, (
        f"40 items in chunks of 10 were sent to the pool as {sent} task(s); expected 4. "
        "Each task costs a round trip: pass chunksize=chunk_size to `pool.map`."
    )


def test_a_single_chunk_needs_no_pool():
    CountedSquare.reset()
    got = map_in_chunks(CountedSquare(), list(range(5)), workers=2, chunk_size=5)
    sent = CountedSquare.tasks_sent()
    assert got == [x * x for x in range(5)], f"map_in_chunks gave {got!r}."
    assert sent == 0, (
        f"5 items with chunk_size 5 were sent to worker processes as {sent} task(s); "
        "expected none: when everything fits in one chunk, starting a pool only adds cost. "
        "Compute it right here."
    )
