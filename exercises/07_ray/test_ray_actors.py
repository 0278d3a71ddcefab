from ray_actors import accumulate, make_counter

from graders.support.ecosystem import square


def test_counter_actor_keeps_its_state(ray_session):
    counter = make_counter()
    handle_type = ray_session.actor.ActorHandle
    assert isinstance(counter, handle_type), (
        f"make_counter returned a {type(counter).__name__}; expected a Ray actor handle. "
        "Create the actor with `ray.remote(Counter).remote()`: its state then lives in one "
        "worker process that every caller shares."
    )
    counts = [ray_session.get(counter.increment.remote()) for _ in range(3)]
    assert counts == [1, 2, 3], (
        f"three increments returned {counts}; expected [1, 2, 3]: add one to self.count and "
        "return the new value."
    )
    ray_session.kill(counter)


def test_many_tasks_report_to_one_accumulator(ray_session):
    items = list(range(4))  # one task per logical CPU: no task waits for a free worker
    accumulator = accumulate(square, items)
    assert isinstance(accumulator, ray_session.actor.ActorHandle), (
        f"accumulate returned a {type(accumulator).__name__}; expected the Accumulator actor "
        "handle, `ray.remote(Accumulator).remote()`."
    )
    total, reports = ray_session.get(accumulator.summary.remote())
    expected = sum(x * x for x in items)
    assert (total, reports) == (expected, len(items)), (
        f"the accumulator holds total={total}, reports={reports}; expected total={expected} "
        f"from {len(items)} reports. Pass the actor handle to every task, have each task call "
        "`accumulator.add.remote(value)`, and wait for every task (ray.get) before returning."
    )
    ray_session.kill(accumulator)
