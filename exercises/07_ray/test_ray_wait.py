from ray_wait import as_they_finish

from graders.support.ecosystem import sleep_then_return


def test_results_in_finishing_order(ray_session):
    delays = [0.9, 0.1, 0.5]
    results = as_they_finish(sleep_then_return, delays)
    assert results == sorted(delays), (
        f"as_they_finish returned {results}; expected {sorted(delays)}, the order in which the "
        "tasks finish (the shortest sleep first). `ray.get(refs)` keeps submission order: loop "
        "with `ready, pending = ray.wait(pending, num_returns=1)` instead."
    )
