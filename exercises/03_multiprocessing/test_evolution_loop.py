import itertools
import multiprocessing
import os
from functools import partial

import pytest
from evolution_loop import evolve

from graders.support.parallel import start_methods, toy_episode

SETTINGS = dict(n_params=3, population=8, generations=6, seed=7)


def test_best_score_never_drops_and_improves():
    best, history = evolve(toy_episode, **SETTINGS)
    assert len(history) == 6, f"expected one best score per generation (6), got {len(history)}."
    assert all(a <= b for a, b in itertools.pairwise(history)), (
        f"the best score per generation went down: {history}. Keep the best so far (elitism)."
    )
    assert history[-1] > history[0], (
        f"six generations did not improve on the first: {history}. Select the highest score "
        "and breed the children from it."
    )
    assert len(best) == 3, f"best params should have 3 values, got {best!r}."


def test_same_seed_same_result():
    first = evolve(toy_episode, **SETTINGS)
    again = evolve(toy_episode, **SETTINGS)
    assert first == again, (
        "two runs with seed 7 gave different results; draw every random number from "
        "random.Random(seed), including the episodes' seeds."
    )


@pytest.mark.parametrize("start_method", start_methods())
def test_pool_starmap_gives_the_serial_result(start_method):
    serial = evolve(toy_episode, **SETTINGS)
    context = multiprocessing.get_context(start_method)
    remote = partial(toy_episode, forbid_pid=os.getpid())
    with context.Pool(2) as pool:
        parallel = evolve(remote, **SETTINGS, starmap=pool.starmap)
    assert parallel == serial, (
        f"with pool.starmap under {start_method} the result differs from itertools.starmap: "
        f"{parallel[1]} vs {serial[1]}. Draw the params and the seeds in the parent, pass "
        "the seeds to the episodes, and keep the scores in the order of the population."
    )
