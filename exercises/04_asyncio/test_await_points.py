"""Kata await_points: what the lesson says it proves, and the test that checks each claim.

The fetches wait on looptime's virtual clock (graders/support/asyncio_support.FakeFetch),
with many of them finishing at the same moment, so the tasks' updates interleave as much as
they can. The shared cell (graders/support/await_support.TaskCell) keeps a ledger the kata
cannot bypass: the thread of every read and write, each update's step and the loop time it
was written at, and every stale write (a task writing back a value read before another
task's write: a lost update).

- Result: the total is exact and no write is stale, for several sizes of work, with no
  lock: test_no_update_is_lost.
- Each fetched size is its own read-then-write update, not a total written at once:
  test_every_size_is_one_update.
- Each size is added as soon as its fetch returns, not after every fetch is done:
  test_each_size_is_added_as_it_arrives (its message names what the ledger shows: updates
  held back until later, or stale writes that lost sizes, or sizes added late).
- The fetches wait together: all in progress at once, for 12 and for 1,234 URLs (so a
  limit of a few dozen or hundred shows), in the time of the slowest:
  test_the_fetches_wait_together.
- Everything ran in the loop's one thread; no other thread touched the cell:
  test_everything_runs_in_one_thread.
"""

import threading

import pytest
from await_points import add_sizes

from graders.support.asyncio_support import FakeFetch, exact, run_virtual, urls
from graders.support.await_support import TaskCell

CASES = [(12, 3), (1_234, 5)]  # (URLs, distinct delays): many fetches end at the same moment


def _run(count: int, kinds: int) -> tuple[TaskCell, FakeFetch, dict[str, int], float]:
    names = urls(count)
    sizes = {url: 100 + 7 * i for i, url in enumerate(names)}
    fetch = FakeFetch(delays={url: 1.0 + i % kinds for i, url in enumerate(names)},
                      results=sizes)
    cell = TaskCell()
    _, clock = run_virtual(lambda: add_sizes(iter(names), fetch, cell))
    return cell, fetch, sizes, clock


@pytest.mark.parametrize(("count", "kinds"), CASES)
def test_no_update_is_lost(count, kinds):
    cell, _, sizes, _ = _run(count, kinds)
    expected = sum(sizes.values())
    assert cell.stale == 0 and cell.value == expected, (
        f"the cell holds {cell.value}, expected {expected}; {cell.stale} write(s) put back a "
        "value read before another task's write, so those updates were lost. A task switches "
        "only at `await`: put no `await` between `cell.read()` and `cell.write(...)`. "
        "`cell.write(cell.read() + await fetch(url))` reads first and awaits after: fetch "
        "first (`size = await fetch(url)`), then `cell.write(cell.read() + size)`."
    ) if cell.stale else (
        f"the cell holds {cell.value}, expected {expected}, after {len(cell.writes)} write(s) "
        f"for {count} URLs, none of them stale: some sizes were never added before add_sizes "
        "returned, or were added more than once. Wait for every coroutine you start "
        "(`asyncio.gather` or a TaskGroup); each adds its size once, with "
        "`cell.write(cell.read() + size)`."
    )


def test_every_size_is_one_update():
    cell, _, sizes, _ = _run(12, 3)
    assert cell.unread_writes == 0 and sorted(cell.steps) == sorted(sizes.values()), (
        f"the cell saw {len(cell.steps)} read-then-write update(s) and {cell.unread_writes} "
        f"write(s) without a read; expected {len(sizes)} updates, one per URL, each adding "
        "that URL's size. Let each coroutine do `cell.write(cell.read() + size)` itself; do "
        "not add the sizes up and write the total at once."
    )


def test_each_size_is_added_as_it_arrives():
    cell, fetch, sizes, _ = _run(12, 3)
    assert len(fetch.finished) == len(sizes), (
        f"{len(fetch.finished)} of {len(sizes)} fetches returned before add_sizes returned; "
        "expected all: wait for every coroutine you start (`asyncio.gather` or a TaskGroup)."
    )
    times = [when for when, _ in cell.writes if when is not None]
    for moment in sorted(set(fetch.finished.values())):
        arrived = sum(sizes[url] for url, when in fetch.finished.items() if when <= moment)
        held = ([0] + [value for when, value in cell.writes
                       if when is not None and when <= moment])[-1]
        if cell.stale:
            why = (f"{cell.stale} write(s) put back a value read before another task's write, "
                   "so sizes that had arrived were lost: each read must come after the "
                   "`await` (`cell.write(cell.read() + await fetch(url))` reads first and "
                   "awaits after). Fetch first (`size = await fetch(url)`), then "
                   "`cell.write(cell.read() + size)`.")
        elif not times or min(times) > moment:
            first = f"only at {exact(min(times))} s" if times else "never"
            why = (f"the first `cell.write` came {first}: the updates were held back while "
                   "other fetches were still running. Waiting for every fetch (`sizes = "
                   "await asyncio.gather(...)`) and adding them afterwards holds every "
                   "update back like that: update inside the coroutine that fetched, right "
                   "after its `await`.")
        else:
            why = ("some sizes were added late or not at all: update inside the coroutine "
                   "that fetched, right after its `await`.")
        assert held == arrived, (
            f"when the loop's clock read {exact(moment)} s, the fetches done by then had "
            f"returned {arrived} in all, but the last `cell.write` by then had put {held}; "
            "expected each size added (`cell.write(cell.read() + size)`) at the moment its "
            f"fetch returns. {why}"
        )


@pytest.mark.parametrize(("count", "kinds"), CASES)
def test_the_fetches_wait_together(count, kinds):
    _, fetch, _, clock = _run(count, kinds)
    slowest = float(kinds)
    assert sorted(fetch.calls) == sorted(urls(count)), (
        f"fetch was called {len(fetch.calls)} time(s) for {count} URLs; expected each URL "
        "once."
    )
    assert fetch.peak == count and clock == slowest, (
        f"at most {fetch.peak} of {count} fetches were in progress at once and the whole run "
        f"took {exact(clock)} virtual s; expected all {count} at once, done in "
        f"{exact(slowest)} s (the slowest fetch). Start a coroutine per URL and run them "
        "together with `asyncio.gather` or a TaskGroup."
    )


def test_everything_runs_in_one_thread():
    before = set(threading.enumerate())
    cell, _, _, _ = _run(12, 3)
    left = [t for t in threading.enumerate() if t not in before]
    others = cell.threads - {threading.get_ident()}
    assert not others and not left, (
        f"the cell was read or written from {len(others)} thread(s) other than the event "
        f"loop's, and {len(left)} thread(s) were left running. The "
        "point of asyncio here is that one thread runs every task, switching only at "
        "`await`; updating from worker threads (`asyncio.to_thread`) brings back the races "
        "that need a lock."
    )
