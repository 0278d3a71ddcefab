import multiprocessing
import pickle

import pytest
from start_methods import map_with_start_method, power_task

from graders.support import parallel
from graders.support.parallel import read_marker, start_methods


def test_task_survives_pickling():
    task = power_task(3)
    try:
        copy = pickle.loads(pickle.dumps(task))
    except (pickle.PicklingError, AttributeError, TypeError) as error:
        raise AssertionError(
            f"power_task(3) returned {task!r}, which cannot be pickled ({error}). Pickle sends "
            "a function by its importable name, and a lambda or nested function has none: "
            "return functools.partial(power, exponent=exponent)."
        ) from None
    assert copy(2) == 8 and task(5) == 125, "power_task(3) must compute x ** 3."


@pytest.mark.parametrize("start_method", start_methods())
def test_task_runs_in_every_start_method(start_method):
    got = map_with_start_method(power_task(2), range(6), 2, start_method)
    assert got == [x**2 for x in range(6)], (
        f"map_with_start_method(power_task(2), range(6), 2, {start_method!r}) gave {got!r}."
    )


@pytest.mark.parametrize("start_method", start_methods())
def test_workers_start_the_way_asked(start_method, monkeypatch):
    # A global changed at run time in the parent: fork workers are copies of the parent and
    # see the change; spawn and forkserver workers import the module afresh and do not.
    monkeypatch.setattr(parallel, "MARKER", "changed in the parent")
    seen = set(map_with_start_method(read_marker, range(4), 2, start_method))
    expected = {"changed in the parent" if start_method == "fork" else "fresh import"}
    assert seen == expected, (
        f"asked for {start_method!r}, the workers saw {seen}; expected {expected}. Create the "
        "pool from `multiprocessing.get_context(start_method)`, not from the default context."
    )
