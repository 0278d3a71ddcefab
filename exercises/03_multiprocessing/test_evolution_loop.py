"""Kata evolution_loop: what the lesson says the kata proves, and the test for each claim.

- select: the best score never drops (elitism) and improves on the first generation, with
  one score per generation and params of n_params values -> test_best_score_never_drops_and_improves
- generate and test: `population` episodes per generation, for `generations` generations,
  each with a fresh seed, generation 0 drawn from [0, 1) -> test_every_generation_is_tested
- reproducible: the same seed gives the same result, another seed another one
  -> test_same_seed_same_result
- where: with starmap=pool.starmap the episodes run in the pool (never here) and the result
  equals the serial one, under every start method -> test_pool_starmap_gives_the_serial_result
Each test runs two settings, so no parameter can be fixed in the code. In both, the best
params run again with a new seed score lower than before at some generation, so a history
of each generation's best (not the best so far) goes down in both.
"""

import itertools
import os
from functools import partial

import pytest
from evolution_loop import evolve

from graders.support.parallel import (
    EpisodeLog,
    RanInTheParent,
    process_context,
    start_methods,
    toy_episode,
)

SETTINGS = [dict(n_params=3, population=8, generations=6, seed=7),
            dict(n_params=2, population=5, generations=4, seed=123)]
IDS = ["3params-8x6", "2params-5x4"]


@pytest.mark.parametrize("settings", SETTINGS, ids=IDS)
def test_best_score_never_drops_and_improves(settings):
    best, history = evolve(toy_episode, **settings)
    generations = settings["generations"]
    assert len(history) == generations, (
        f"expected one best score per generation ({generations}), got {len(history)}."
    )
    assert all(a <= b for a, b in itertools.pairwise(history)), (
        f"the best score per generation went down: {history}. Keep the best so far (elitism)."
    )
    assert history[-1] > history[0], (
        f"{generations} generations did not improve on the first: {history}. Select the "
        "highest score and breed the children from it."
    )
    assert len(best) == settings["n_params"], (
        f"best params should have {settings['n_params']} values, got {best!r}."
    )


@pytest.mark.parametrize("settings", SETTINGS, ids=IDS)
def test_every_generation_is_tested(settings):
    episode = EpisodeLog()
    evolve(episode, **settings)
    population, generations = settings["population"], settings["generations"]
    calls = len(episode.calls)
    assert calls == population * generations, (
        f"evolve ran {calls} episodes; expected population x generations = {population} x "
        f"{generations} = {population * generations}: score every candidate of every "
        "generation (the best so far plus population - 1 children)."
    )
    first = [params for params, _ in episode.calls[:population]]
    assert all(len(p) == settings["n_params"] and all(0 <= v < 1 for v in p) for p in first), (
        f"generation 0 should be {population} params of {settings['n_params']} values drawn "
        f"from [0, 1); the first episodes got {first}."
    )
    for g in range(1, generations):
        before = episode.calls[:g * population]
        best = max(before, key=lambda call: toy_episode(*call))[0]
        now = [params for params, _ in episode.calls[g * population:(g + 1) * population]]
        far = [p for p in now if max(abs(a - b) for a, b in zip(p, best, strict=True)) > 0.6]
        assert best in now and not far, (
            f"generation {g} should hold the best params so far, {best}, and children each "
            f"param moved by random.gauss(0, 0.1) from it; it held {now}."
        )
    seeds = [seed for _, seed in episode.calls]
    assert len(set(seeds)) == len(seeds), (
        f"the episodes got {len(seeds) - len(set(seeds))} repeated seed(s); draw a fresh seed "
        "for every episode: `[rng.randrange(2**32) for _ in candidates]`."
    )


@pytest.mark.parametrize("settings", SETTINGS, ids=IDS)
def test_same_seed_same_result(settings):
    first = evolve(toy_episode, **settings)
    again = evolve(toy_episode, **settings)
    assert first == again, (
        f"two runs with seed {settings['seed']} gave different results; draw every random "
        "number from random.Random(seed), including the episodes' seeds."
    )
    other = evolve(toy_episode, **{**settings, "seed": settings["seed"] + 1})
    assert other != first, (
        f"seeds {settings['seed']} and {settings['seed'] + 1} gave the same result: use the "
        "seed given, random.Random(seed)."
    )


@pytest.mark.parametrize(("start_method", "settings"),
                         list(zip(start_methods(), itertools.cycle(SETTINGS))),
                         ids=[f"{m}-{i}" for m, i in zip(start_methods(), itertools.cycle(IDS))])
def test_pool_starmap_gives_the_serial_result(start_method, settings):
    serial = evolve(toy_episode, **settings)
    remote = partial(toy_episode, forbid_pid=os.getpid())
    with process_context(start_method).Pool(2) as pool:
        try:
            parallel = evolve(remote, **settings, starmap=pool.starmap)
        except RanInTheParent:
            raise AssertionError(
                "evolve(..., starmap=pool.starmap) ran an episode in this process, not in the "
                "pool: call the `starmap` you are given, "
                "`list(starmap(episode, zip(candidates, seeds)))`, not itertools.starmap."
            ) from None
    assert parallel == serial, (
        f"with pool.starmap under {start_method} the result differs from itertools.starmap: "
        f"{parallel[1]} vs {serial[1]}. Draw the params and the seeds in the parent, pass "
        "the seeds to the episodes, and keep the scores in the order of the population."
    )
