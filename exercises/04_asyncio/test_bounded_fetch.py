"""Kata bounded_fetch: what the lesson says it proves, and the test that checks each claim.

- The result maps every URL to its own fetch's result, whatever order they finish in, for any
  number of URLs (none included), fetching each URL once: `test_results_are_keyed_by_url`.
- Never more than `limit` fetches in flight, and never fewer while one waits: a slot that
  frees is taken at once (batches of `limit` leave slots idle). Checked after every start and
  end, for limits 1 to 6 and uneven fetch times: `test_limit_holds_both_ways` (hypothesis),
  `test_peak_in_flight_equals_limit`.
- Equal fetches take exactly ceil(count / limit) rounds: `test_rounds_on_the_virtual_clock`.
- A limit below 1 raises ValueError instead of waiting forever: `test_limit_must_be_positive`.
- A fetch that raises makes fetch_bounded raise its error (itself, or in a TaskGroup's
  ExceptionGroup), never a result without that URL or with a made-up value for it:
  `test_a_failing_fetch_raises_its_error`.
"""

import math

import pytest
from bounded_fetch import fetch_bounded
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

from graders.support.asyncio_support import (
    FakeFetch,
    StuckError,
    run_virtual,
    slot_report,
    urls,
)

LIMIT_ADVICE = (
    "Start a coroutine for every URL at once and make each wait for a free slot: one "
    "`asyncio.Semaphore(limit)` shared by all, `async with semaphore:` around each fetch."
)


@pytest.mark.parametrize("count", [0, 1, 7])
def test_results_are_keyed_by_url(count):
    pages = urls(count)
    values = {url: f"page {count - i}" for i, url in enumerate(pages)}  # unlike URL order
    fetch = FakeFetch(delays={url: 1.0 + (i * 7) % 5 for i, url in enumerate(pages)},
                      results=values)
    results, _ = run_virtual(lambda: fetch_bounded(pages, fetch, 3))
    assert results == values, (
        f"fetch_bounded returned {results}; expected {values}: every URL as a key and its own "
        "`await fetch(url)` as the value. Fetches finish in another order than they were "
        "asked: keep each URL with its result, e.g. return `(url, await fetch(url))`."
    )
    assert sorted(fetch.calls) == sorted(pages), (
        f"fetch was called {len(fetch.calls)} times for {count} URLs; expected once per URL."
    )


@pytest.mark.parametrize(("count", "limit"), [(10, 3), (12, 4), (5, 1), (4, 6)])
def test_rounds_on_the_virtual_clock(count, limit):
    fetch = FakeFetch(default=1.0)
    results, clock = run_virtual(lambda: fetch_bounded(urls(count), fetch, limit))
    assert len(results) == count, f"fetch_bounded returned {len(results)} results for {count}."
    rounds = math.ceil(count / limit)
    assert clock == rounds, (
        f"{count} requests of 1 s with limit {limit} took {clock:g} s on the virtual clock; "
        f"expected exactly {rounds} s (ceil({count}/{limit}) rounds). {count} s means one at a "
        "time; 1 s means no limit at all. Fetch each URL once, with exactly `limit` in flight "
        "while URLs wait."
    )


@pytest.mark.parametrize("limit", [2, 3, 5])
def test_peak_in_flight_equals_limit(limit):
    fetch = FakeFetch(default=1.0)
    count = 3 * limit + 1
    run_virtual(lambda: fetch_bounded(urls(count), fetch, limit))
    if fetch.peak == count:
        cause = "All of them at once means nothing held them back."
    elif fetch.peak > limit:
        cause = f"Something held them back, but at {fetch.peak}, not at `limit`."
    else:
        cause = "Fewer means they did not overlap as much as the limit allows."
    assert fetch.peak == limit, (
        f"with limit {limit}, {fetch.peak} of {count} requests were in flight at the same "
        f"time; expected exactly {limit}. {cause} {LIMIT_ADVICE}"
    )


@settings(max_examples=25, deadline=None, database=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate])  # no shrinking: a failure ends in time
@given(limit=st.integers(1, 6),
       delays=st.lists(st.integers(1, 5), min_size=1, max_size=14))
@example(limit=2, delays=[3, 1, 1, 1, 2])  # batches of 2 leave a slot idle at 1 s
def test_limit_holds_both_ways(limit, delays):
    pages = urls(len(delays))
    fetch = FakeFetch(delays=dict(zip(pages, delays, strict=True)))
    run_virtual(lambda: fetch_bounded(pages, fetch, limit))
    problem = slot_report(fetch, pages, limit)
    assert problem is None, (
        f"fetches of {delays} s with limit {limit}: {problem}. More than the limit means "
        "nothing held them back; fewer means a slot stayed free while a fetch waited (as when "
        f"URLs go in batches of `limit` and each batch waits for its slowest). {LIMIT_ADVICE}"
    )


@pytest.mark.parametrize("limit", [0, -2])
def test_limit_must_be_positive(limit):
    try:
        outcome = run_virtual(lambda: fetch_bounded(urls(3), FakeFetch(), limit))
    except ValueError:
        return
    except StuckError:
        outcome = "no answer: it waited forever, because a Semaphore(0) never lets anyone in"
    raise AssertionError(
        f"fetch_bounded(urls, fetch, limit={limit}) gave {outcome}; expected a ValueError, "
        "because no request could ever start. Check `limit < 1` first and raise ValueError."
    )


class PageMissing(Exception):
    """The test's own error, which no kata catches by accident."""


def test_a_failing_fetch_raises_its_error():
    pages = urls(6)
    failure = PageMissing(f"{pages[2]} could not be fetched")
    fetch = FakeFetch(delays={url: 1.0 + i % 3 for i, url in enumerate(pages)},
                      failures={pages[2]: failure})
    try:
        got, _ = run_virtual(lambda: fetch_bounded(pages, fetch, 2))
    except BaseException as error:
        if error is failure or (isinstance(error, BaseExceptionGroup)
                                and error.subgroup(lambda e: e is failure) is not None):
            return
        if failure in (error.__cause__, error.__context__):
            raise AssertionError(
                f"fetch({pages[2]!r}) raised PageMissing and fetch_bounded raised "
                f"{type(error).__name__}: {error} in its place; expected PageMissing itself, "
                "so that the caller can catch the errors fetch raises: let it propagate."
            ) from None
        raise
    raise AssertionError(
        f"fetch({pages[2]!r}) raised PageMissing, yet fetch_bounded returned {got!r}; expected "
        "that error to reach the caller. A dropped URL or a made-up value looks like a "
        "result and hides the failure: let the error propagate (`asyncio.gather` without "
        "return_exceptions raises it, a TaskGroup raises it in an ExceptionGroup)."
    )
