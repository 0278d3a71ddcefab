import multiprocessing
from functools import partial

import pytest
from crash_safe_map import map_with_errors

from graders.support.parallel import crash_on, raise_on, square, start_methods


@pytest.mark.parametrize("start_method", start_methods())
def test_plain_results(start_method):
    got = map_with_errors(square, [1, 2, 3], 2, multiprocessing.get_context(start_method))
    values = [(o.ok, o.value) for o in got]
    assert values == [(True, 1), (True, 4), (True, 9)], (
        f"map_with_errors(square, [1, 2, 3]) gave {got!r}; expected ok outcomes 1, 4, 9."
    )


def test_a_raising_task_is_reported():
    got = map_with_errors(partial(raise_on, 2), [1, 2, 3], 2,
                          multiprocessing.get_context("forkserver"))
    assert [o.ok for o in got] == [True, False, True], (
        f"item 2 raises ValueError; expected outcomes ok, not ok, ok but got {got!r}."
    )
    assert "ValueError" in got[1].error, f"the error should name ValueError: {got[1].error!r}."


@pytest.mark.parametrize("start_method", start_methods())
def test_a_crashing_worker_loses_only_its_item(start_method):
    items = list(range(6))
    got = map_with_errors(partial(crash_on, 3), items, 2,
                          multiprocessing.get_context(start_method))
    lost = [i for i, o in zip(items, got, strict=True) if i != 3 and not o.ok]
    assert lost == [], (
        f"item 3 kills its worker (os._exit), but items {lost} were reported as failed too: "
        f"{got!r}. A dead worker breaks the pool; run the unfinished items again, each in a "
        "fresh pool, so that only the culprit fails."
    )
    assert [o.value for o in got if o.ok] == [0, 1, 4, 16, 25], f"the values were {got!r}."
    assert not got[3].ok and "died" in got[3].error, (
        f"item 3 kills its worker; expected a not-ok outcome whose error says the process "
        f"died, got {got[3]!r}."
    )
