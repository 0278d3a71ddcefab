"""Kata io_fanout: what the lesson says it proves, and the test that checks each claim.

- Result: `[fetch(item) for item in items]`, one call per item, in the order of the items
  even when the calls finish in reverse order and the results sort unlike the items:
  test_results_come_back_in_input_order.
- Where: every call runs in a pool thread, never in the caller's: test_calls_run_at_the_same_time.
- How concurrent, both ways, for several values of `workers`: `workers` calls in progress
  together (a barrier of `workers` calls is met): test_calls_run_at_the_same_time; never
  more than `workers` at once: test_never_more_than_workers_at_once; while one call is slow,
  the other threads take the next items as they come free, so calls run neither batch by
  batch nor split among the threads up front (the first item's call waits for every other
  item's call to start): test_a_free_thread_takes_the_next_item.
- Edge inputs and errors: a one-shot iterator of items and no items at all work:
  test_takes_any_iterable; a call that raises makes fetch_all raise that error, as the list
  comprehension would: test_a_failing_call_raises_its_error.

- Type: fetch_all returns a list, not the lazy iterator `pool.map` gives (whose results and
  errors would only come when someone iterates it): checked first, with its own message,
  in test_results_come_back_in_input_order, test_takes_any_iterable and
  test_a_failing_call_raises_its_error.

Each test checks its own claim only: the concurrency tests do not look at the result order.
"""

import threading

import pytest
from io_fanout import fetch_all

from graders.support.threading_support import (
    WAIT_LIMIT,
    Failing,
    FinishInReverse,
    FirstWaitsForTheRest,
    Rendezvous,
)


def _check_is_a_list(got) -> None:
    assert isinstance(got, list), (
        f"fetch_all returned {type(got).__name__} {got!r}, not a list: `pool.map` gives a lazy "
        "iterator, whose results (and errors) come only when someone iterates it, after "
        "fetch_all has returned. Return `list(pool.map(fetch, items))`."
    )


@pytest.mark.parametrize(("items", "workers"), [([2, 0, 3, 1], 4), ([7, 3, 9, 1, 5], 6)])
def test_results_come_back_in_input_order(items, workers):
    fetch = FinishInReverse(items)
    got = fetch_all(fetch, items, workers=workers)
    _check_is_a_list(got)
    expected = [item * 10 for item in items]
    assert got == expected, (
        f"fetch_all gave {got!r}; expected {expected!r}, the results in the order of the "
        f"items, although the calls finished in the order {fetch.finished!r}. Keep the "
        "results in input order: `pool.map` does, `as_completed` and sorting do not."
    )
    twice = sorted(item for item, calls in fetch.calls.items() if calls != 1)
    assert not twice, (
        f"fetch was called more or less than once for items {twice}; call it once per item."
    )


@pytest.mark.parametrize("workers", [2, 4])
def test_calls_run_at_the_same_time(workers):
    fetch = Rendezvous(parties=workers, linger=0.0)
    fetch_all(fetch, range(2 * workers), workers=workers)
    assert fetch.met, (
        f"the calls did not run at the same time: each call waited for {workers} calls to be "
        f"in progress together and gave up, and they ran in {len(fetch.threads)} thread(s). "
        "Submit the calls to a `ThreadPoolExecutor(max_workers=workers)` instead of looping, "
        "and use the `workers` you are given."
    )
    assert threading.current_thread() not in fetch.threads, (
        "some calls ran in the caller's own thread; run every call in the pool's threads."
    )


@pytest.mark.parametrize("workers", [3, 5])
def test_never_more_than_workers_at_once(workers):
    fetch = Rendezvous(parties=workers)
    fetch_all(fetch, range(3 * workers), workers=workers)
    assert fetch.peak <= workers, (
        f"up to {fetch.peak} calls ran at once with workers={workers}; expected at most "
        f"{workers}. A pool of `workers` threads bounds how hard you hit the server: pass "
        "max_workers=workers."
    )


@pytest.mark.parametrize(("workers", "items"), [(2, 5), (3, 8)])
def test_a_free_thread_takes_the_next_item(workers, items):
    fetch = FirstWaitsForTheRest(range(items))
    fetch_all(fetch, range(items), workers=workers)
    assert fetch.first_called and fetch.started == items - 1, (
        f"fetch_all of {items} items called fetch for item 0: {fetch.first_called}, and for "
        f"{fetch.started} of the other {items - 1}; expected one call per item."
    )
    assert not fetch.gave_up, (
        f"with workers={workers}, the call for item 0 waited {WAIT_LIMIT:.0f} s for the calls "
        f"of items 1 to {items - 1} to start, and only {fetch.started_by_then} of those "
        f"{items - 1} started. While one call is slow, a pool's other threads take the next "
        "items as soon as they are free. Calls started batch by batch wait for the slowest "
        "of each batch, and items split among the threads up front wait behind it: submit "
        "every item to one `ThreadPoolExecutor(max_workers=workers)` and let its threads "
        "take them as they come."
    )


def test_takes_any_iterable():
    try:
        got = fetch_all(abs, (n for n in [-3, 1, -2]), workers=2)
        nothing = fetch_all(abs, [], workers=3)
    except TypeError as error:
        raise AssertionError(
            f"fetch_all of a one-shot generator raised TypeError: {error}. Items may be any "
            "iterable, read once: do not call len(items); `pool.map(fetch, items)` takes them "
            "as they come."
        ) from None
    _check_is_a_list(got)
    _check_is_a_list(nothing)
    assert (got, nothing) == ([3, 1, 2], []), (
        f"fetch_all(abs, a generator of -3, 1, -2) gave {got!r} and fetch_all of no items "
        f"gave {nothing!r}; expected [3, 1, 2] and []."
    )


def test_a_failing_call_raises_its_error():
    try:
        got = fetch_all(Failing(bad=3), range(6), workers=2)
    except ValueError:
        return
    _check_is_a_list(got)
    raise AssertionError(
        f"fetch(3) raised ValueError, yet fetch_all returned {got!r}; expected the ValueError, "
        "as `[fetch(item) for item in items]` would raise it. Do not swallow errors: "
        "`list(pool.map(...))` re-raises a call's exception."
    )
