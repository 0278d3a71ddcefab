import math

import pytest
from bounded_fetch import fetch_bounded

from graders.support.asyncio_support import FakeFetch, StuckError, body, run_virtual, urls


@pytest.mark.parametrize(("count", "limit"), [(10, 3), (12, 4), (5, 1)])
def test_rounds_on_the_virtual_clock(count, limit):
    fetch = FakeFetch(default=1.0)
    pages = urls(count)
    results, clock = run_virtual(lambda: fetch_bounded(pages, fetch, limit))
    assert results == {url: body(url) for url in pages}, (
        f"fetch_bounded returned {len(results)} results; expected a dict with every URL as key "
        "and `await fetch(url)` as value."
    )
    rounds = math.ceil(count / limit)
    assert clock == rounds, (
        f"{count} requests of 1 s with limit {limit} took {clock:g} s on the virtual clock; "
        f"expected exactly {rounds} s (ceil({count}/{limit}) rounds). {count} s means one at a "
        "time; 1 s means no limit at all."
    )


def test_peak_in_flight_equals_limit():
    fetch = FakeFetch(default=1.0)
    run_virtual(lambda: fetch_bounded(urls(10), fetch, 3))
    assert fetch.peak == 3, (
        f"with limit 3, {fetch.peak} requests were in flight at the same time; expected exactly "
        "3. More means nothing held them back: wrap each fetch in `async with semaphore:` "
        "(one `asyncio.Semaphore(limit)` shared by all); fewer means they did not overlap."
    )


def test_limit_must_be_positive():
    try:
        outcome = run_virtual(lambda: fetch_bounded(urls(3), FakeFetch(), 0))
    except ValueError:
        return
    except StuckError:
        outcome = "no answer: it waited forever, because a Semaphore(0) never lets anyone in"
    raise AssertionError(
        f"fetch_bounded(urls, fetch, limit=0) gave {outcome}; expected a ValueError, because no "
        "request could ever start. Check `limit < 1` first and raise ValueError."
    )
