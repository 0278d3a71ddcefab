from generator_scheduler import count, round_robin


def probe(name: str, steps: int, log: list[str]):
    """A generator that logs `name` and its step number, pausing after each."""
    for step in range(steps):
        log.append(f"{name}{step}")
        yield


def test_count_pauses_once():
    log: list[str] = []
    generator = count(log)
    assert log == [], (
        f"calling count(log) already logged {log}; a generator runs nothing until the first "
        "next(). Make count a generator: it needs a `yield`."
    )
    next(generator)
    assert log == ["One"], f"after one next() the log is {log}; expected ['One'] (then yield)."
    finished = next(generator, "finished")
    assert finished == "finished" and log == ["One", "Two"], (
        f"after a second next() the log is {log}; expected ['One', 'Two'] and the generator "
        "finished (exactly one `yield`, between One and Two)."
    )


def test_round_robin_takes_turns():
    log: list[str] = []
    steps = round_robin([probe("a", 3, log), probe("b", 1, log), probe("c", 2, log)])
    expected = ["a0", "b0", "c0", "a1", "c1", "a2"]
    assert log == expected, (
        f"round_robin produced {log}; expected {expected}: one step of each generator in turn. "
        + ("a0 a1 a2 b0... means each generator ran to the end before the next: resume one "
           "step with next(), then put it at the back of the queue."
           if log[:3] == ["a0", "a1", "a2"] else "Finished generators leave the queue.")
    )
    assert steps == 9, (
        f"round_robin returned {steps}; expected 9 resumes (3+1+2 yields, plus the final "
        "next() of each generator that raises StopIteration)."
    )


def test_round_robin_reproduces_the_count_example():
    log: list[str] = []
    steps = round_robin([count(log) for _ in range(3)])
    expected = ["One"] * 3 + ["Two"] * 3
    assert log == expected and steps == 6, (
        f"round_robin over three count() generators logged {log} in {steps} steps; expected "
        f"{expected} in 6: the same interleaving asyncio gives, with plain generators."
    )
