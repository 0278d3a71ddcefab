import os

from ray_tasks import run_all, submit_all

from graders.support.ecosystem import square_and_pid

ITEMS = list(range(6))


def test_submit_returns_object_refs(ray_session):
    refs = submit_all(square_and_pid, ITEMS)
    kinds = {type(ref).__name__ for ref in refs}
    assert all(isinstance(ref, ray_session.ObjectRef) for ref in refs), (
        f"submit_all returned items of type {sorted(kinds)}; expected ObjectRefs, one per "
        "item, returned before the tasks finish. Start each task with "
        "`ray.remote(fn).remote(item)` and return the refs without calling ray.get."
    )
    values = [value for value, _ in ray_session.get(refs)]
    assert values == [x * x for x in ITEMS], (
        f"the tasks computed {values}; expected {[x * x for x in ITEMS]}, in item order."
    )


def test_run_all_returns_values_from_workers(ray_session):
    results = run_all(square_and_pid, ITEMS)
    assert not any(isinstance(r, ray_session.ObjectRef) for r in results), (
        "run_all returned ObjectRefs, not values. Did you call ray.get? "
        "`ray.get(list_of_refs)` waits for all of them and returns their results."
    )
    values = [value for value, _ in results]
    assert values == [x * x for x in ITEMS], (
        f"run_all returned values {values}; expected {[x * x for x in ITEMS]}, in item order."
    )
    assert os.getpid() not in {pid for _, pid in results}, (
        "some calls ran in the test's own process; expected every call in a Ray worker. "
        "Call the remote function with `.remote(item)`, not directly."
    )
