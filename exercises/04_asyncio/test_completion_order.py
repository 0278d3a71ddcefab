from completion_order import fastest, in_completion_order

from graders.support.asyncio_support import FakeFetch, body, now, other_tasks, run_virtual

DELAYS = {"a": 3.0, "b": 1.0, "c": 2.0}


def test_results_come_in_finishing_order():
    fetch = FakeFetch(delays=DELAYS)
    got, clock = run_virtual(lambda: in_completion_order(["a", "b", "c"], fetch))
    expected = [("b", body("b")), ("c", body("c")), ("a", body("a"))]
    assert got == expected, (
        f"in_completion_order returned {got}; expected {expected}: b (1 s) first, then c (2 s), "
        "then a (3 s). The asking order a, b, c comes from gather; use `asyncio.as_completed` "
        "and tag each result with its URL."
    )
    assert clock == 3.0 and set(fetch.started.values()) == {0.0}, (
        f"the fetches started at {fetch.started} and all ended at {clock:g} s; expected all "
        "to start at 0 s and end at 3 s (the slowest)."
    )


def test_fastest_returns_first_and_cancels_the_rest():
    fetch = FakeFetch(delays=DELAYS)

    async def scenario():
        winner = await fastest(["a", "b", "c"], fetch)
        return winner, now(), other_tasks()

    (winner, clock, leftovers), _ = run_virtual(scenario)
    assert winner == ("b", body("b")) and clock == 1.0, (
        f"fastest returned {winner} at {clock:g} s; expected ('b', {body('b')!r}) at 1 s, "
        "as soon as the quickest fetch finished."
    )
    assert sorted(fetch.cancelled) == ["a", "c"] and not leftovers, (
        f"after fastest returned, cancelled fetches were {sorted(fetch.cancelled)} and "
        f"{len(leftovers)} task(s) still ran; expected a and c cancelled and nothing left: "
        "`task.cancel()` each loser, then `await asyncio.gather(*tasks, return_exceptions=True)`."
    )
