"""Kata shared_sum: what the lesson says the kata proves, and the test that checks each claim.

- result: the exact sum of int64 arrays of 0, 2, 1,000 and 100,003 items over 2 and 3
  workers, with values a float64 sum gets wrong (2**62 + 1), negatives, zeros, and fewer
  items than workers; and of int32 and uint16 arrays (the workers read the array's own
  dtype, not a fixed one) -> test_sum_is_exact
- no pickling: the bytes multiprocessing pickles in this process (every task, queue, pipe
  and process argument), counted where the kata cannot reach, stay far below the array's
  size -> test_array_is_not_pickled
- where: `workers` contiguous parts (slices, not strides) of about n / workers items each
  (fewer than `workers` items off) that cover the array, each summed in a worker process
  started by the asked method (proven in each worker), all at once in `workers` different
  processes (each part waits until every part has started)
  -> test_parts_are_summed_in_workers_started_the_way_asked
- cleanup: every segment created is unlinked afterwards, also when a part fails (opening it
  by name raises FileNotFoundError) -> test_segment_is_unlinked
"""

import math
import numbers
import os

import numpy as np
import pytest
from shared_sum import parallel_sum_shared

from graders.support.parallel import process_context, start_methods
from graders.support.shared_memory_support import (
    PartLog,
    count_pickled_bytes,
    parts_summed,
    segments_created,
    still_exists,
)

CASES = [(method, 2 + i % 2) for i, method in enumerate(start_methods())]
IDS = [f"{method}-{workers}workers" for method, workers in CASES]


def adversarial(n: int, seed: int, dtype: str = "int64") -> np.ndarray:
    """int64 values whose exact sum a float64 loses: a 2**62 beside small odd numbers; for
    another integer dtype, values spread over its whole range."""
    rng = np.random.default_rng(seed)
    if dtype != "int64":
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max, size=n, dtype=dtype, endpoint=True)
    values = rng.integers(-(2**40), 2**40, size=n, dtype=np.int64)
    if n >= 4:
        values[0], values[n // 2], values[-1] = 2**62, 0, -(2**61) + 1
    return values


def call(array, workers, tmp_path, context=None, **options):
    """parallel_sum_shared, with the classic mistakes (a segment for an empty array, a view
    of a fixed dtype) explained."""
    try:
        return parallel_sum_shared(array, workers, context or process_context(),
                                   part_sum=PartLog(str(tmp_path), **options))
    except ValueError as error:
        if len(array) or "size" not in str(error):
            raise
        raise AssertionError(
            f"parallel_sum_shared of an empty array raised {error!r}: a SharedMemory segment "
            "cannot have size 0. An empty array sums to 0: return 0 before creating one."
        ) from None
    except TypeError as error:
        if "buffer is too small" not in str(error):
            raise
        raise AssertionError(
            f"parallel_sum_shared of {len(array)} {array.dtype} values raised {error!r}: a "
            "view asked for more bytes than the segment holds. Build every view with the "
            "array's own length and dtype (len(array) items of array.dtype.str, passed to "
            "the workers), not a fixed dtype such as int64."
        ) from None


@pytest.mark.parametrize(("n", "workers", "dtype"), [
    (0, 2, "int64"), (2, 3, "int64"), (1_000, 3, "int64"), (100_003, 2, "int64"),
    (1_001, 2, "int32"), (999, 3, "uint16")])
def test_sum_is_exact(n, workers, dtype, tmp_path):
    array = adversarial(n, seed=n, dtype=dtype)
    got = call(array, workers, tmp_path)
    expected = sum(int(x) for x in array)
    assert got == expected, (
        f"parallel_sum_shared of {n} {dtype} values with {workers} workers gave {got!r}; "
        f"expected exactly {expected}. Keep the array's own dtype in the segment and tell "
        "the workers (array.dtype.str; a float64 sum loses 2**62 + 1), cover every item "
        "exactly once with `workers` parts that meet (n * i // workers for i in "
        "0..workers), and sum the parts' totals."
    )


def test_array_is_not_pickled(tmp_path):
    array = adversarial(200_000, seed=7)
    with count_pickled_bytes() as pickled:
        got = call(array, 3, tmp_path)
    expected = sum(int(x) for x in array)
    # Only proof that the work was done: an inexact sum loses test_sum_is_exact, not this.
    assert isinstance(got, numbers.Real) and math.isclose(got, expected, rel_tol=1e-6), (
        f"parallel_sum_shared returned {got!r}, not even close to {expected}; see "
        "test_sum_is_exact."
    )
    assert pickled.total < array.nbytes / 10, (
        f"multiprocessing pickled {pickled.total:,} bytes to send the work of summing a "
        f"{array.nbytes:,}-byte array; a task should carry only the segment's name and its "
        "part's bounds (a few hundred bytes). Do not send the array or its slices to the "
        "workers (nor through initargs): copy it once into SharedMemory(create=True, "
        "size=array.nbytes) and let each worker attach it by name."
    )


@pytest.mark.parametrize(("start_method", "workers"), CASES, ids=IDS)
def test_parts_are_summed_in_workers_started_the_way_asked(start_method, workers, tmp_path):
    n = 1_001
    call(adversarial(n, seed=3), workers, tmp_path, process_context(start_method),
         meet=workers)
    parts = parts_summed(str(tmp_path))
    assert parts, (
        "the part_sum you were given was never called: each worker returns "
        "part_sum(its part) (sum_part), so that the grader can see where it ran."
    )
    where = sorted({p.method for p in parts})
    assert os.getpid() not in {p.pid for p in parts} and where == [start_method], (
        f"asked for {start_method} workers, the parts were summed in processes started by "
        f"{where} ('main' is this process). Call part_sum in the workers of "
        "ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)."
    )
    sizes = sorted(p.size for p in parts)
    fair = all(abs(size - n / workers) < workers for size in sizes)
    assert len(parts) == workers and sum(sizes) == n and fair, (
        f"{n} items with {workers} workers were summed as {len(parts)} parts of sizes "
        f"{sizes}; expected {workers} parts, one task each, that together cover the {n} "
        f"items exactly once, about n / workers = {n / workers:.0f} items each (edges "
        "n * i // workers)."
    )
    assert all(p.contiguous for p in parts), (
        f"{sum(not p.contiguous for p in parts)} of the {workers} parts were strided views "
        "(every k-th item), not runs of neighbouring items: give each worker a contiguous "
        "slice array[start:stop] with start, stop = n * i // workers, n * (i + 1) // workers."
    )
    pids = {p.pid for p in parts}
    assert len(pids) == workers, (
        f"the {workers} parts were summed in {len(pids)} process(es), although each part "
        f"waited until all {workers} had started; expected {workers} processes at once: "
        "ProcessPoolExecutor(max_workers=workers, ...), not a fixed size."
    )


@pytest.mark.parametrize("fails", [False, True], ids=["ok", "a-part-fails"])
def test_segment_is_unlinked(fails, tmp_path):
    array = adversarial(1_000, seed=5)
    with segments_created() as names:
        got, raised = None, None
        try:
            got = call(array, 2, tmp_path, fail_size=500 if fails else None)
        except NotImplementedError:
            raise
        except Exception as error:  # the failing part's error, which must reach the caller
            if not fails:
                raise
            raised = error
    left = [name for name in names if still_exists(name)]
    assert names, (
        "no multiprocessing.shared_memory.SharedMemory segment was created: copy the array "
        "into SharedMemory(create=True, size=array.nbytes) for the workers to attach."
    )
    assert not left, (
        f"{len(left)} of {len(names)} shared memory segment(s) still existed after "
        f"parallel_sum_shared returned{' with a failing part' if fails else ''}: "
        "close() only unmaps it here; unlink() frees it. Call segment.close() and "
        "segment.unlink() in a `finally:` block, so a failing part frees it too."
    )
    if fails:
        assert raised is not None, (
            f"a part raised ValueError, yet parallel_sum_shared returned {got!r}: let the "
            "task's error reach the caller (future.result() re-raises it)."
        )
