"""Kata ray_actors: a counter and an accumulator many tasks report to.

Claims the lesson makes, and the test that checks each:
- `make_counter` returns a Ray actor handle whose state lives in one process: n
  increments (n varies) return 1 .. n, and a second counter starts from 0:
  test_counter_actor_keeps_its_state;
- `accumulate` runs `report` as a Ray task per item (the test's `fn` notes the pid of the
  process that ran it: Ray workers, not the test's process), each task reports its own
  value (the values never travel back to the test's process), every report reaches one
  Accumulator actor, and every task has finished when it returns:
  test_many_tasks_report_to_one_accumulator.
"""

import os
import random

from ray_actors import accumulate, make_counter

from graders.support.ray_support import (
    PID_LOG,
    VALUES_UNPICKLED_HERE,
    actor_handle_types,
    affine_noting_pid,
    meeting,
)


def test_counter_actor_keeps_its_state(ray_session):
    counter = make_counter()
    assert isinstance(counter, actor_handle_types(ray_session)), (
        f"make_counter returned a {type(counter).__name__}; expected a Ray actor handle. "
        "Create the actor with `ray.remote(Counter).remote()`: its state then lives in one "
        "worker process that every caller shares."
    )
    times = random.randint(2, 6)
    counts = [ray_session.get(counter.increment.remote()) for _ in range(times)]
    other = make_counter()
    first = ray_session.get(other.increment.remote())
    ray_session.kill(counter)
    ray_session.kill(other)
    assert counts == list(range(1, times + 1)), (
        f"{times} increments returned {counts}; expected {list(range(1, times + 1))}: add "
        "one to self.count and return the new value."
    )
    assert first == 1, (
        f"a new counter's first increment returned {first}; expected 1: every actor has its "
        "own count, starting from 0."
    )


def test_many_tasks_report_to_one_accumulator(ray_session):
    items = [round(random.uniform(-9, 9), 1) for _ in range(random.choice([3, 5]))]
    VALUES_UNPICKLED_HERE.clear()
    with meeting(1, name=PID_LOG) as (_, log):
        accumulator = accumulate(affine_noting_pid, items)
        pids = ray_session.get(log.noted.remote())
    values_back_here = len(VALUES_UNPICKLED_HERE)
    assert isinstance(accumulator, actor_handle_types(ray_session)), (
        f"accumulate returned a {type(accumulator).__name__}; expected the Accumulator actor "
        "handle, `ray.remote(Accumulator).remote()`."
    )
    total, reports = ray_session.get(accumulator.summary.remote())
    ray_session.kill(accumulator)
    expected = sum(3 * x - 1 for x in items)
    assert math_close(total, expected) and reports == len(items), (
        f"the accumulator holds total={total}, reports={reports}; expected total={expected} "
        f"from {len(items)} reports. Pass the actor handle to every task, have each task call "
        "`accumulator.add.remote(value)`, and wait for every task (ray.get) before returning."
    )
    assert os.getpid() not in pids, (
        "`fn` ran in the test's own process; expected it in Ray tasks. Run "
        "`ray.remote(report).remote(fn, item, accumulator)` for each item."
    )
    assert values_back_here == 0, (
        f"{values_back_here} of the {len(items)} values `fn` returned travelled back to the "
        "test's own process; expected each task to report its own value straight to the "
        "actor. Run `report` as the task (it calls `accumulator.add.remote(fn(item))` and "
        "returns None), and ray.get only the tasks, not their values."
    )


def math_close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))
