"""Kata producer_consumer: what the lesson says it proves, and the test that checks each claim.

- Result: `[handle(item) for item in items]` in input order, even when the consumers finish
  in reverse order and the results sort unlike the items: test_results_in_input_order.
- Where, how concurrent, both ways, for several values of `consumers`: the items are handled
  by exactly `consumers` threads at once (a barrier of `consumers` calls is met, never more
  in progress), never by the producer's own thread: test_consumers_share_the_work.
- A consumer leaves only on its sentinel: when the producer is slow and the queue stays
  empty for a while (2.5 s, longer than any `get(timeout=...)` a consumer might give up
  after), the consumers wait and every later item is still handled:
  test_consumers_wait_for_a_slow_producer.
- The consumers work while the producer still produces: the items put before the
  producer's pause are handled during it (not only once the producer has put everything;
  the pause ends as soon as they are, or after 1 s):
  test_consumers_work_while_the_producer_produces.
- Shutdown: every thread it started has ended when it returns (one sentinel per consumer,
  then join), also for no items: test_no_thread_is_left_running.
"""

import threading
import time

import pytest
from producer_consumer import process_all

from graders.support.threading_support import FinishInReverse, Rendezvous, SlowToProduce


def _others() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t is not threading.current_thread()}


@pytest.mark.parametrize(("items", "consumers"), [([3, 1, 4, 0, 2], 5), ([8, 2, 5], 3)])
def test_results_in_input_order(items, consumers):
    handle = FinishInReverse(items)
    got = process_all(items, handle, consumers=consumers)
    expected = [item * 10 for item in items]
    assert got == expected, (
        f"process_all({items}, handle, {consumers}) gave {got!r}; expected {expected!r}, "
        f"although the items finished in the order {handle.finished!r}. Put (index, item) on "
        "the queue so each consumer knows where its result goes."
    )


@pytest.mark.parametrize("consumers", [3, 5])
def test_consumers_share_the_work(consumers):
    handle = Rendezvous(parties=consumers)
    got = process_all(list(range(3 * consumers)), handle, consumers=consumers)
    assert got == [i * 10 for i in range(3 * consumers)], f"process_all gave {got!r}."
    assert threading.current_thread() not in handle.threads, (
        "some items were handled by the producer's own thread; consumers must do the work."
    )
    assert handle.met and handle.peak <= consumers, (
        f"up to {handle.peak} items were handled at once, by {len(handle.threads)} "
        f"thread(s); expected the {consumers} consumers, all at work together and never "
        f"more. Start exactly `consumers` threads, each taking items from the queue."
    )


PAUSE = 2.5  # seconds the slow producer takes for one item; the queue stays empty meanwhile


def test_consumers_wait_for_a_slow_producer():
    items = SlowToProduce(range(6), pause_at=2, seconds=PAUSE)
    got = process_all(items, items, consumers=3)
    assert got == list(range(6)), (
        f"process_all(items, abs, 3) gave {got!r}; expected {list(range(6))!r}. The producer "
        f"took {PAUSE} s to produce item 2, and the queue stayed empty meanwhile. A consumer "
        "that leaves when the queue is empty for a while (`get(timeout=...)`, `queue.Empty`, "
        "`empty()`) drops the work that comes later: block on `get()` and leave only on "
        "the sentinel, which the producer puts after the last item."
    )


def test_consumers_work_while_the_producer_produces():
    items = SlowToProduce(range(4), pause_at=2, seconds=1.0, until_handled=True)
    got = process_all(items, items, consumers=2)
    assert items.handled_in_pause == 2, (
        f"the producer paused before producing item 2, with items 0 and 1 on the queue "
        f"already, and {items.handled_in_pause} of them had been handled 1 s later "
        f"({items.threads_in_pause} thread(s) started by process_all were alive then); "
        "expected both: the consumers work while the producer is still producing. Start "
        "the consumer threads first, then put the items on the queue as they come, "
        "then one sentinel per consumer."
    )
    assert got == list(range(4)), f"process_all(items, abs, 2) gave {got!r}."


@pytest.mark.parametrize(("items", "consumers"), [(list(range(10)), 4), ([], 6)])
def test_no_thread_is_left_running(items, consumers):
    before = _others()
    got = process_all(items, abs, consumers=consumers)
    deadline = time.monotonic() + 0.5
    while (left := _others() - before) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not left, (
        f"{len(left)} thread(s) were still running after process_all returned: "
        f"{sorted(t.name for t in left)}. Send one sentinel per consumer so each one leaves "
        "its loop, then join every consumer before returning."
    )
    assert got == [abs(i) for i in items], f"process_all({items}, abs, {consumers}) gave {got!r}."
