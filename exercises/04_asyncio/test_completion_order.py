"""Kata completion_order: what the lesson says it proves, and the test that checks each claim.

- `in_completion_order` gives every `(url, result)` pair, each URL with its own result, in the
  order the fetches finished (ties in any order), all started at once, for any number of URLs
  and any fetch times (hypothesis): `test_results_come_in_finishing_order`.
- `fastest` returns the first pair to finish, as soon as it finishes, wherever that URL is
  in the list: `test_fastest_returns_the_first_to_finish`; and when it returns, every other
  fetch has been cancelled and has stopped, observed at that moment (not after the loop's
  own shutdown; each cleanup takes 3, 20 or 200 turns of the loop, so one `asyncio.sleep(0)`,
  or any fixed number of them, after `cancel()` is not waiting for it):
  `test_fastest_cancels_the_rest`. Times in messages show every digit, so a returned time
  never reads the same as the expected one.
"""

import pytest
from completion_order import fastest, in_completion_order
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

from graders.support.asyncio_support import FakeFetch, exact, other_tasks, run_virtual, urls


@settings(max_examples=25, deadline=None, database=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate])  # no shrinking: a failure ends in time
@given(delays=st.lists(st.integers(1, 9), max_size=8, unique=True))
@example(delays=[3, 1, 3, 2, 1])  # ties may finish in either order
def test_results_come_in_finishing_order(delays):
    pages = urls(len(delays))
    values = {url: f"result {len(pages) - i}" for i, url in enumerate(pages)}
    fetch = FakeFetch(delays=dict(zip(pages, delays, strict=True)), results=values)
    got, clock = run_virtual(lambda: in_completion_order(pages, fetch))
    finish = [fetch.finished.get(url) for url, _ in got]
    assert sorted(got) == sorted(values.items()), (
        f"in_completion_order returned {got}; expected each URL once, paired with its own "
        "result. as_completed does not say which fetch finished: wrap each fetch so it "
        "returns `(url, await fetch(url))`."
    )
    assert finish == sorted(finish), (
        f"for fetches of {delays} s, in_completion_order returned the URLs in an order that "
        f"finished at {finish} s; expected the order they finished in (earliest first). "
        "The asking order comes from gather; use `asyncio.as_completed`."
    )
    assert set(fetch.started.values()) <= {0.0} and clock == max(delays, default=0), (
        f"the fetches started at {sorted(set(fetch.started.values()))} s and all ended at "
        f"{exact(clock)} s; expected all to start at 0 s and end with the slowest, at "
        f"{exact(max(delays, default=0))} s."
    )


@pytest.mark.parametrize(("delays", "winner"), [([3.0, 1.0, 2.0], 1), ([2.0, 4.0, 1.5], 2),
                                                ([0.5, 2.0, 3.0, 1.0], 0), ([2.5], 0)])
def test_fastest_returns_the_first_to_finish(delays, winner):
    pages = urls(len(delays))
    fetch = FakeFetch(delays=dict(zip(pages, delays, strict=True)))
    got, clock = run_virtual(lambda: fastest(pages, fetch))
    expected = (pages[winner], f"body of {pages[winner]}")
    assert got == expected and clock == delays[winner], (
        f"fastest returned {got} at {exact(clock)} s for fetches of {delays} s; expected "
        f"{expected} at {exact(delays[winner])} s, as soon as the quickest fetch finished."
    )


# Cleanups of 3, 20 and 200 turns of the loop: only waiting for the cancelled fetches (not a
# guessed number of `asyncio.sleep(0)`) sees every one of them stop.
@pytest.mark.parametrize(("delays", "cleanup_turns"), [([3.0, 1.0, 2.0], 3),
                                                       ([4.0, 6.0, 2.5, 5.0], 20),
                                                       ([2.0, 1.0], 200)])
def test_fastest_cancels_the_rest(delays, cleanup_turns):
    pages = urls(len(delays))
    fetch = FakeFetch(delays=dict(zip(pages, delays, strict=True)), cleanup_turns=cleanup_turns)

    async def scenario():
        await fastest(pages, fetch)
        return sorted(fetch.cancelled), fetch.in_flight, other_tasks()

    (cancelled, in_flight, leftovers), _ = run_virtual(scenario)
    first = min(delays)
    losers = sorted(url for url, delay in zip(pages, delays, strict=True) if delay > first)
    assert cancelled == losers and in_flight == 0 and not leftovers, (
        f"when fastest returned, {len(cancelled)} of the {len(losers)} slower fetches had been "
        f"cancelled, {in_flight} fetch(es) and {len(leftovers)} task(s) still ran; expected "
        f"every slower fetch cancelled and stopped (its cleanup takes a few turns of the "
        f"loop, {cleanup_turns} here, so wait for it): `task.cancel()` each loser, then "
        "`await asyncio.gather(*tasks, return_exceptions=True)`."
    )
