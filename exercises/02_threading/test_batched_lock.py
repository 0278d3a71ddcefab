"""Kata batched_lock: what the lesson says it proves, and the test that checks each claim.

The test's lock counts its acquisitions and knows its holder; the test's cell lets another
thread run inside read() and keeps a ledger of every update's step, of stale writes and of
reads and writes made without the lock (graders/support/fairness_support.py). Counts only,
never a duration.

- Result: the total is exact, with no lost update, for several shares and batch sizes:
  test_the_total_is_exact (a lost update, a stale write, is told apart from numbers never
  added: a skipped last batch, or threads still running on return).
- Overhead: the lock is taken once per batch, and each update adds one batch's subtotal
  (not once per number, not once per thread): test_the_lock_is_taken_once_per_batch.
- Every read and write of the cell happens while the thread holds the lock:
  test_every_update_holds_the_lock.
- The batch is summed privately: no number of a share is read while holding the lock:
  test_the_batch_is_summed_outside_the_lock.
- One thread per share did the updates, never the caller, and all have ended on return (the
  first thread started is held back until the caller joins it, so joining only the last
  thread leaves it running): test_one_thread_per_share.
- The threads run at the same time: each thread's first update is held back until every
  busy thread has asked for the lock, which threads started and joined one by one never
  do: test_the_threads_run_at_the_same_time.
"""

import math
import sys
import threading

import pytest
from batched_lock import add_in_batches

from graders.support.fairness_support import CountingLock, GuardedCell, Share
from graders.support.threading_support import HoldFirstThread

CASES = [([list(range(1, 11)), list(range(20, 27)), [5, 6, 7]], 4),
         ([list(range(100, 125)), list(range(7, 40)), list(range(3)), []], 6)]


@pytest.fixture
def switch_often():
    """Make the interpreter switch threads very often, so a missing lock shows every time."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def _run(shares: list[list[int]], batch: int) -> tuple[CountingLock, GuardedCell]:
    lock = CountingLock()
    cell = GuardedCell(lock)
    add_in_batches(cell, lock, shares, batch)
    return lock, cell


def _batch_sums(shares: list[list[int]], batch: int) -> list[int]:
    return sorted(sum(share[i:i + batch]) for share in shares for i in range(0, len(share), batch))


@pytest.mark.parametrize(("shares", "batch"), CASES)
def test_the_total_is_exact(switch_often, shares, batch):
    _, cell = _run(shares, batch)
    expected = sum(map(sum, shares))
    assert cell.stale == 0, (
        f"the shared total is {cell.value}, expected {expected}; {cell.stale} update(s) were "
        "lost because another thread wrote between a read and its write. Hold the lock "
        "around the whole `cell.write(cell.read() + subtotal)`."
    )
    fewer = cell.value < expected
    assert cell.value == expected, (
        f"the shared total was {cell.value} when add_in_batches returned, expected "
        f"{expected}, although no update was lost (every write built on the value before "
        f"it): {'less' if fewer else 'more'} was added than the shares hold. "
        + ("Possible causes: a last, shorter batch skipped (`range(0, len(share), batch)` "
           "reaches it, and a slice may run past the end of the list), a share left out, or "
           "threads still running when add_in_batches returned (join every thread, not "
           "only the last)." if fewer else
           "Possible causes: batches that overlap, or a number or a share added twice.")
    )


@pytest.mark.parametrize(("shares", "batch"), CASES)
def test_the_lock_is_taken_once_per_batch(switch_often, shares, batch):
    lock, cell = _run(shares, batch)
    batches = sum(math.ceil(len(share) / batch) for share in shares)
    numbers = sum(map(len, shares))
    assert lock.acquisitions == batches and sorted(cell.steps) == _batch_sums(shares, batch), (
        f"{numbers} numbers in batches of {batch} took the lock {lock.acquisitions} times "
        f"and made updates of {sorted(cell.steps)}; expected {batches} acquisitions, one "
        f"per batch, adding {_batch_sums(shares, batch)} (counted when add_in_batches "
        "returned). Once per number pays the lock's cost for every number; once per thread "
        "shows no progress until a thread is done; fewer updates than batches also come "
        "from a skipped last, shorter batch or from threads still running on return. Sum "
        "each batch privately (no lock), then add its subtotal under the lock, and join "
        "every thread."
    )


@pytest.mark.parametrize(("shares", "batch"), CASES[:1])
def test_every_update_holds_the_lock(switch_often, shares, batch):
    _, cell = _run(shares, batch)
    assert cell.unlocked == 0, (
        f"{cell.unlocked} read(s) or write(s) of the cell happened while the thread did not "
        "hold `lock`: take the lock you are given (`with lock:`) around each update."
    )


def test_the_batch_is_summed_outside_the_lock(switch_often):
    shares, batch = CASES[0]
    lock = CountingLock()
    probed = [Share(share, lock) for share in shares]
    add_in_batches(GuardedCell(lock), lock, probed, batch)
    under = sum(share.read_under_lock for share in probed)
    assert under == 0, (
        f"{under} read(s) of a share's numbers happened while the thread held the lock; "
        "expected none: the lock is for the shared cell only, and every moment it is held "
        "the other threads wait. Sum each batch first, into a local variable, then take "
        "the lock for `cell.write(cell.read() + subtotal)` alone."
    )


def test_the_threads_run_at_the_same_time():
    shares, batch = CASES[1]
    busy = sum(1 for share in shares if share)
    lock = CountingLock(together=busy)
    add_in_batches(GuardedCell(lock), lock, shares, batch)
    assert lock.apart is None, (
        f"only {lock.apart} of {busy} threads were running and asking for the lock while "
        "add_in_batches waited for them (the test held back each thread's first update until "
        f"all had asked); expected all {busy}, one per non-empty share, at once. Possible "
        "causes: `thread.start(); thread.join()` in the same loop runs the shares one after "
        "another; a pool of fewer threads than shares does too; and a thread that never "
        "takes the lock for its share (a share shorter than `batch` is one last, shorter "
        "batch, still to be added) never asks. So: start every thread first, then join them all."
    )


def test_one_thread_per_share(switch_often):
    shares, batch = CASES[1]
    before = set(threading.enumerate())
    with HoldFirstThread() as hold:
        _, cell = _run(shares, batch)
        left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    for thread in left:  # released on leaving the block
        thread.join(timeout=10)
    writers = len(cell.threads)
    busy = sum(1 for share in shares if share)
    caller = threading.current_thread()
    held = " (among them the first thread started, which the test held back until it was " \
        "joined)" if hold.held in left else ""
    assert writers == busy and caller not in cell.threads and not left, (
        f"{writers} thread(s) updated the cell (the caller among them: "
        f"{caller in cell.threads}) and {len(left)} were still running on "
        f"return{held}; expected {busy} threads, one per non-empty share, none of them the "
        "caller, all joined before returning: start every thread, then join every one, not "
        "only the last."
    )
