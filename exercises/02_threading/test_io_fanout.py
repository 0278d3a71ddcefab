import threading
from functools import partial

from io_fanout import fetch_all

from graders.support.parallel import DelayedEcho, InFlight, barrier_probe


def test_results_come_back_in_input_order():
    # item 0 is the slowest, so the calls finish in reverse order
    fetch = DelayedEcho({0: 0.15, 1: 0.1, 2: 0.05, 3: 0.0})
    got = fetch_all(fetch, [0, 1, 2, 3], workers=4)
    assert got == [0, 10, 20, 30], (
        f"fetch_all gave {got!r}; expected [0, 10, 20, 30], the results in the order of the "
        "items even though the last item finished first. `pool.map` keeps the order."
    )


def test_calls_run_at_the_same_time():
    workers = 3
    barrier = threading.Barrier(workers)
    visits = fetch_all(partial(barrier_probe, barrier), range(6), workers=workers)
    assert [v.item for v in visits] == list(range(6)), (
        "fetch_all must return one result per item, in order."
    )
    threads = {v.thread for v in visits}
    assert all(v.met for v in visits), (
        f"the calls did not run at the same time: each call waited for {workers} calls to be "
        f"in progress together and gave up, and they ran in {len(threads)} thread(s). "
        "Submit the calls to a `ThreadPoolExecutor(max_workers=workers)` instead of looping."
    )
    assert threading.get_ident() not in threads, (
        "some calls ran in the caller's own thread; run every call in the pool's threads."
    )


def test_never_more_than_workers_at_once():
    fetch = InFlight(delay=0.03)
    got = fetch_all(fetch, range(12), workers=3)
    assert got == [i * 10 for i in range(12)], f"fetch_all gave {got!r}."
    assert fetch.peak <= 3, (
        f"up to {fetch.peak} calls ran at once with workers=3; expected at most 3. A pool of "
        "`workers` threads bounds how hard you hit the server: pass max_workers=workers."
    )
