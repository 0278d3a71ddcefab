"""Kata ray_tasks: an ObjectRef until ray.get.

Claims the lesson makes, and the test that checks each:
- `submit_all` returns one ObjectRef per item at once, without waiting for the tasks: the
  test's tasks wait at a gate that the test opens only after `submit_all` has returned:
  test_submit_returns_object_refs_without_waiting;
- the tasks compute `fn(item)` in Ray workers (pids), in item order: same test;
- `run_all` returns the values (not refs), in item order although the tasks finish
  last-first, computed in Ray workers: test_run_all_returns_values_from_workers.
"""

import os
import random

from ray_tasks import run_all, submit_all

from graders.support.ray_support import gate, meet_then, meeting, wait_at_gate


def test_submit_returns_object_refs_without_waiting(ray_session):
    values = random.sample(range(-99, 99), random.choice([3, 5]))
    with gate() as (name, door):
        refs = submit_all(wait_at_gate, [(value, name) for value in values])
        ray_session.get(door.open.remote())
        results = ray_session.get(refs) if all(
            isinstance(ref, ray_session.ObjectRef) for ref in refs) else []
    kinds = {type(ref).__name__ for ref in refs}
    assert all(isinstance(ref, ray_session.ObjectRef) for ref in refs), (
        f"submit_all returned items of type {sorted(kinds)}; expected ObjectRefs, one per "
        "item, returned before the tasks finish. Start each task with "
        "`ray.remote(fn).remote(item)` and return the refs without calling ray.get."
    )
    got = [value for value, _, _ in results]
    assert got == values, f"the tasks computed {got}; expected {values}, in item order."
    assert os.getpid() not in {pid for _, _, pid in results}, (
        "some calls ran in the test's own process; expected every call in a Ray worker. "
        "Call the remote function with `.remote(item)`, not directly."
    )
    assert all(opened for _, opened, _ in results), (
        "submit_all waited for its tasks before returning: they were still waiting at the "
        "test's gate, which opens only once submit_all has returned. Return the refs at "
        "once; the caller decides when to wait (ray.get, ray.wait)."
    )


def test_run_all_returns_values_from_workers(ray_session):
    values = random.sample(range(-99, 99), random.choice([3, 4]))
    with meeting(len(values)) as (name, _):  # all start together, then finish last-first
        items = [(value, 0.3 * (len(values) - i), name) for i, value in enumerate(values)]
        results = run_all(meet_then, items)
    assert not any(isinstance(r, ray_session.ObjectRef) for r in results), (
        "run_all returned ObjectRefs, not values. Did you call ray.get? "
        "`ray.get(list_of_refs)` waits for all of them and returns their results."
    )
    got = [result[0] for result in results]
    assert got == values, (
        f"run_all returned values {got}; expected {values}, in item order (the tasks were "
        "made to finish last-first; `ray.get(refs)` keeps the order of the refs)."
    )
    assert os.getpid() not in {result[3] for result in results}, (
        "some calls ran in the test's own process; expected every call in a Ray worker. "
        "Call the remote function with `.remote(item)`, not directly."
    )
