import os

from dask_futures import in_completion_order, map_on_cluster

from graders.support.ecosystem import sleep_then_return, square_and_pid


def test_map_runs_on_the_workers(dask_client):
    items = list(range(8))
    results = map_on_cluster(dask_client, square_and_pid, items)
    values = [value for value, _ in results]
    assert values == [x * x for x in items], (
        f"map_on_cluster returned values {values}; expected {[x * x for x in items]}, "
        "in the order of the items. `client.gather(futures)` keeps that order."
    )
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids, (
        "some calls ran in the test's own process; expected every call on a cluster "
        "worker. Use `client.map(fn, items)` and then `client.gather`."
    )


def test_results_arrive_in_completion_order(dask_client):
    delays = [0.9, 0.1, 0.5]
    results = in_completion_order(dask_client, sleep_then_return, delays)
    assert results == sorted(delays), (
        f"in_completion_order returned {results}; expected {sorted(delays)}, the order "
        "in which the tasks finish (the shortest sleep first). Submit all the tasks, then "
        "iterate over `as_completed(futures)` instead of gathering them in order."
    )
