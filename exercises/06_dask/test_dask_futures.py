"""Kata dask_futures: submit, map, gather, as_completed on a distributed cluster.

Claims the lesson makes, and the test that checks each:
- `map_on_cluster` returns `fn(item)` for every item in item order, although the test
  makes the tasks finish last-first: test_map_keeps_item_order;
- every call ran in a worker process, not in the test's: test_map_runs_on_the_workers, and
  for `in_completion_order`, test_results_arrive_in_completion_order;
- the calls run as separate tasks at the same time, shown by a meeting point on the
  scheduler that opens only when two calls are inside together (no clock): same test;
- `in_completion_order` returns the results in the order the tasks finish, which the test
  decides (all the tasks meet first, then sleep for different times) and which is neither
  the items' order nor the sorted order: test_results_arrive_in_completion_order;
- both run every call, even for equal items (the lesson's `pure=False`: by default dask
  gives equal calls one key and runs them once): test_map_runs_every_call,
  test_completion_order_runs_every_call.
"""

import os
import random

from dask_futures import in_completion_order, map_on_cluster

from graders.support.dask_support import meet_then, meeting_met, new_meeting


def labels(size: int) -> list[str]:
    return random.sample(["kiwi", "fig", "plum", "lime", "pear", "date", "yuzu"], size)


def test_map_keeps_item_order(dask_client):
    values = labels(4)
    name = new_meeting(dask_client, len(values))  # all start together, then finish last-first
    items = [(value, 0.3 * (len(values) - i), name) for i, value in enumerate(values)]
    results = map_on_cluster(dask_client, meet_then, items)
    got = [result[0] for result in results]
    assert got == values, (
        f"map_on_cluster returned {got}; expected {values}, in the order of the items (the "
        "tasks were made to finish last-first). `client.gather(futures)` keeps that order."
    )


def test_map_runs_on_the_workers(dask_client):
    name = new_meeting(dask_client, 2)
    values = random.sample(range(-99, 99), 6)
    results = map_on_cluster(dask_client, meet_then, [(v, 0.0, name) for v in values])
    assert [result[0] for result in results] == values, (
        f"map_on_cluster returned {[result[0] for result in results]}; expected {values}."
    )
    assert os.getpid() not in {result[1] for result in results}, (
        "some calls ran in the test's own process; expected every call on a cluster "
        "worker. Use `client.map(fn, items)` and then `client.gather`."
    )
    assert meeting_met(dask_client, name), (
        "the calls ran one at a time; expected separate tasks that the workers run at the "
        "same time. Did you submit one task that loops over the items? `client.map(fn, "
        "items)` makes one task per item."
    )


def test_results_arrive_in_completion_order(dask_client):
    values = labels(4)
    delays = [1.8, 0.0, 1.2, 0.6]  # all four meet first, then finish 0.6 s apart
    while sorted(values) in ([v for _, v in sorted(zip(delays, values, strict=True))], values):
        random.shuffle(values)
    name = new_meeting(dask_client, len(values))
    items = [(value, delay, name) for value, delay in zip(values, delays, strict=True)]
    results = in_completion_order(dask_client, meet_then, items)
    got = [result[0] for result in results]
    expected = [value for _, value in sorted(zip(delays, values, strict=True))]
    assert got == expected, (
        f"in_completion_order returned {got}; expected {expected}, the order in which the "
        f"tasks finished (they slept {delays} s after starting together; the items were "
        f"{values}). Submit all the tasks, then iterate over `as_completed(futures)` instead "
        "of gathering them in order."
    )
    assert os.getpid() not in {result[1] for result in results}, (
        "in_completion_order returned the right order, but some calls ran in the test's own "
        "process (threads of your own?); expected every call on a cluster worker. Submit "
        "each call with `client.submit(fn, item, pure=False)` and iterate over "
        "`distributed.as_completed(futures)`."
    )


EQUAL_ITEMS = [16, 16, 16]  # os.urandom(16) gives fresh bytes on every call


def calls_problem(function: str, got: object) -> str | None:
    """Why `got`, the result of os.urandom on EQUAL_ITEMS, shows missing calls; else None."""
    got = list(got)
    fresh = len(set(got))
    if len(got) == len(EQUAL_ITEMS) and fresh == len(EQUAL_ITEMS):
        return None
    return (
        f"{function}(client, os.urandom, {EQUAL_ITEMS}) returned {len(got)} results with "
        f"{fresh} distinct values; os.urandom returns fresh bytes on every call, so "
        f"{len(EQUAL_ITEMS)} calls give {len(EQUAL_ITEMS)} distinct values. By default dask "
        "treats a call as pure: equal arguments get one key and one task, whose result is "
        "reused. Pass `pure=False`, as the lesson says, for work that must run each time."
    )


def test_map_runs_every_call(dask_client):
    problem = calls_problem("map_on_cluster",
                            map_on_cluster(dask_client, os.urandom, EQUAL_ITEMS))
    assert problem is None, problem


def test_completion_order_runs_every_call(dask_client):
    problem = calls_problem("in_completion_order",
                            in_completion_order(dask_client, os.urandom, EQUAL_ITEMS))
    assert problem is None, problem
