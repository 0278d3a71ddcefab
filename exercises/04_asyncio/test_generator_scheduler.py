"""Kata generator_scheduler: what the lesson says it proves, and the test that checks each claim.

- `count` is a generator that logs nothing until resumed, pauses once between One and Two, and
  then finishes: `test_count_pauses_once`.
- `round_robin` resumes the generators one step each in turn, drops finished ones and keeps
  the others' order, for any number of generators of any length (none, and generators that
  finish at once, included): `test_round_robin_takes_turns` (the lesson's case) and
  `test_round_robin_for_any_lengths` (hypothesis, plus generators of 50 and 17 pauses beside
  short ones, so no cap on the number of steps passes); it counts every resume, the finishing one
  included; it accepts any iterable of generators, a one-shot iterator included:
  `test_round_robin_accepts_an_iterator`.
- A generator that raises an error (anything but StopIteration) makes `round_robin` raise
  that error, not drop the generator as if it had finished: `test_round_robin_passes_errors_on`.
- Three `count` generators reproduce asyncio's interleaving:
  `test_round_robin_reproduces_the_count_example`.
"""

from generator_scheduler import count, round_robin
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st


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


def expected_run(lengths: list[int]) -> tuple[list[str], int]:
    """The log and resume count of a correct round robin over probes of these lengths."""
    log = [f"g{index}-{step}" for step in range(max(lengths, default=0))
           for index, length in enumerate(lengths) if step < length]
    return log, sum(lengths) + len(lengths)


@settings(max_examples=25, deadline=None, database=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate])  # no shrinking: a failure ends in time
@given(lengths=st.lists(st.integers(0, 4), max_size=6))
@example(lengths=[50, 3, 17, 0, 1])  # long ones: 76 resumes, far beyond any "5 per generator"
def test_round_robin_for_any_lengths(lengths):
    log: list[str] = []
    steps = round_robin([probe(f"g{index}-", length, log) for index, length in
                         enumerate(lengths)])
    expected_log, expected_steps = expected_run(lengths)
    assert log == expected_log, (
        f"over generators that pause {lengths} times, round_robin produced {log}; expected "
        f"{expected_log}: one step of each in turn; a finished generator leaves the queue "
        "and the others keep their order."
    )
    assert steps == expected_steps, (
        f"over generators that pause {lengths} times, round_robin returned {steps}; expected "
        f"{expected_steps}: every next() counts, the one that raises StopIteration too "
        f"({sum(lengths)} pauses + {len(lengths)} finishing steps)."
    )


def test_round_robin_accepts_an_iterator():
    log: list[str] = []
    generators = (probe(name, 2, log) for name in "xyz")  # a one-shot iterator, no len()
    try:
        steps = round_robin(generators)
    except TypeError as error:
        steps = f"TypeError ({error})"
    expected = ["x0", "y0", "z0", "x1", "y1", "z1"]
    assert log == expected and steps == 9, (
        f"round_robin over a generator expression of 3 generators logged {log} and returned "
        f"{steps}; expected {expected} and 9. It takes any iterable: read it once, e.g. "
        "`collections.deque(generators)`, and never index it or ask its len()."
    )


class GeneratorBug(Exception):
    """The error a buggy generator raises in the middle of its run."""


def test_round_robin_passes_errors_on():
    log: list[str] = []
    bug = GeneratorBug("the generator's own bug, at its second step")

    def failing():
        log.append("f0")
        yield
        raise bug

    raised: BaseException | str = "nothing"
    try:
        steps = round_robin([probe("a", 3, log), failing(), probe("b", 3, log)])
        raised = f"nothing (it returned {steps})"
    except NotImplementedError:
        raise
    except Exception as error:
        raised = error
    assert raised is bug, (
        f"a generator raised {bug!r} at its second step; round_robin raised {raised!r} (log "
        f"{log}); expected that very error to come out of round_robin. Catch StopIteration "
        "alone (the generator finished): any other error is a bug that must not be hidden by "
        "treating the generator as finished (`except Exception:`)."
    )
