"""Kata locked_counter: what the lesson says it proves, and the test that checks each claim.

The test's cell keeps a ledger of every read and write that the kata cannot bypass: which
thread wrote, and whether each write was exactly one more than that thread's last read.

- Result: no update is lost, for several thread and increment counts, and at most one
  thread is ever between read() and write(): test_no_update_is_lost.
- Each increment is the cell's own read-modify-write (no total written at once):
  test_every_increment_is_a_read_then_a_write.
- Where, how concurrent: exactly `n_threads` threads other than the caller each made
  `n_increments` increments (the first increments wait until `n_threads` threads are alive,
  so a pool of `n_threads` workers never hands a task to a thread already done):
  test_the_work_is_shared_by_threads.
- The threads run at the same time: the first increment is held back until all
  `n_threads` threads are alive, which threads started and joined one by one never are
  (and, never racing, they would hide a missing lock): test_the_threads_run_at_the_same_time.
- Every thread has ended when the kata returns: test_every_thread_has_ended_on_return.
  The test holds back the first thread it starts, before it runs, until the kata joins it
  (or waits in `threading` without joining another thread), so that thread ends last: a
  kata that joins only the last thread, or sleeps a while instead of joining, returns
  while it still runs.
"""

import sys
import threading

import pytest
from locked_counter import increment_concurrently

from graders.support.threading_support import HoldFirstThread, LedgerCell

SIZES = [(4, 200), (3, 150)]


@pytest.fixture
def switch_often():
    """Make the interpreter switch threads very often, so unprotected races show every time."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def _started_by(call) -> set[threading.Thread]:
    """Call `call()`; return the threads it started that are still running after it returned."""
    before = set(threading.enumerate())
    call()
    return {t for t in threading.enumerate() if t not in before and t.is_alive()}


def _run(n_threads: int, n_increments: int, together: int = 0) -> LedgerCell:
    """Run the kata, then wait for any thread it left running (its own test checks that).
    With `together`, the first increments wait until that many threads are alive."""
    cell = LedgerCell(together=together)
    for thread in _started_by(lambda: increment_concurrently(cell, n_threads, n_increments)):
        thread.join(timeout=10)
    return cell


@pytest.mark.parametrize(("n_threads", "n_increments"), SIZES)
def test_no_update_is_lost(switch_often, n_threads, n_increments):
    cell = _run(n_threads, n_increments)
    expected = n_threads * n_increments
    assert cell.value <= expected, (
        f"{n_threads} threads x {n_increments} increments gave {cell.value}, more than "
        f"{expected}: start `n_threads` threads, each adding 1 `n_increments` times."
    )
    assert cell.value == expected, (
        f"{n_threads} threads x {n_increments} increments gave {cell.value}, expected "
        f"{expected}: {expected - cell.value} updates were lost because two threads read the "
        "same value before either wrote. Hold one `threading.Lock`, shared by all threads, "
        "around the whole `cell.write(cell.read() + 1)`."
    )
    assert cell.most_inside == 1, (
        f"up to {cell.most_inside} threads were between read() and write() at once; with a "
        "lock around the read-modify-write there is only ever one."
    )


def test_every_increment_is_a_read_then_a_write(switch_often):
    cell = _run(3, 40)
    made = sum(cell.increments.values())
    assert cell.other_writes == 0 and made == 120, (
        f"{cell.other_writes} write(s) were not one more than the same thread's last read, "
        f"and {made} were; expected 120 increments, each `cell.write(cell.read() + 1)`. "
        "Do not compute a total and write it at once."
    )


@pytest.mark.parametrize(("n_threads", "n_increments"), [(4, 50), (6, 20)])
def test_the_work_is_shared_by_threads(switch_often, n_threads, n_increments):
    # Held until all are alive, no thread finishes early: a pool of n_threads workers, one
    # task each, then never hands a second task to a thread that is already done.
    cell = _run(n_threads, n_increments, together=n_threads)
    per_thread = sorted(cell.increments.values())
    assert per_thread == [n_increments] * n_threads, (
        f"the increments were made by {len(per_thread)} thread(s), {per_thread} each; "
        f"expected {n_threads} threads making {n_increments} each. Start `n_threads` "
        "threading.Thread objects, each looping `n_increments` times, then join them all."
    )
    assert threading.current_thread() not in cell.threads, (
        "some increments ran in the caller's own thread; every increment belongs to one of "
        "the threads you start."
    )


def test_the_threads_run_at_the_same_time():
    cell = LedgerCell(together=4)
    increment_concurrently(cell, 4, 30)
    assert cell.alive_together == 4, (
        f"only {cell.alive_together} of the 4 threads were alive at once (the test held back "
        "the first increment until all 4 had started); expected all 4 together. "
        "`thread.start(); thread.join()` in the same loop runs the threads one after another, "
        "so they never race and the lock is never put to the test: start every thread "
        "first, then join them all."
    )


def test_every_thread_has_ended_on_return(switch_often):
    cell = LedgerCell()
    with HoldFirstThread() as hold:
        running = _started_by(lambda: increment_concurrently(cell, 4, 100))
        names = sorted(t.name for t in running)
        first = hold.held
    for thread in running:  # released on leaving the block
        thread.join(timeout=10)
    held = f" (among them the first thread started, {first.name}, which the test held back " \
        "until it was joined)" if first in running else ""
    assert not running, (
        f"{len(running)} thread(s) were still running when increment_concurrently returned: "
        f"{names}{held}. Threads do not end in the order they started: start every thread, "
        "then `join()` every thread before returning, not only the last one and not a sleep."
    )
