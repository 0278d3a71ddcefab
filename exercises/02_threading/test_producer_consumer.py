import threading
import time

from producer_consumer import process_all

from graders.support.parallel import InFlight


def _others() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t is not threading.current_thread()}


def test_results_in_input_order():
    got = process_all([3, 1, 2], str, consumers=2)
    assert got == ["3", "1", "2"], (
        f"process_all([3, 1, 2], str, 2) gave {got!r}; expected ['3', '1', '2']. Put "
        "(index, item) on the queue so each consumer knows where its result goes."
    )


def test_consumers_share_the_work():
    handle = InFlight(delay=0.02)
    got = process_all(list(range(20)), handle, consumers=3)
    assert got == [i * 10 for i in range(20)], f"process_all gave {got!r}."
    assert threading.get_ident() not in handle.threads, (
        "some items were handled by the producer's own thread; consumers must do the work."
    )
    assert len(handle.threads) == 3, (
        f"the items were handled by {len(handle.threads)} thread(s); expected the 3 consumers."
    )


def test_no_thread_is_left_running():
    before = _others()
    process_all(list(range(10)), abs, consumers=4)
    deadline = time.monotonic() + 0.5
    while (left := _others() - before) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not left, (
        f"{len(left)} thread(s) were still running after process_all returned: "
        f"{sorted(t.name for t in left)}. Send one sentinel per consumer so each one leaves "
        "its loop, then join every consumer before returning."
    )
