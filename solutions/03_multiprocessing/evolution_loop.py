"""Kata evolution_loop: generate, test, select, with the tests run by a pool's starmap."""

import itertools
import random
from collections.abc import Callable, Iterable
from typing import Any

Params = tuple[float, ...]
Starmap = Callable[[Callable[..., Any], Iterable[tuple[Any, ...]]], Iterable[Any]]


def evolve(episode: Callable[[Params, int], float], n_params: int, population: int,
           generations: int, seed: int,
           starmap: Starmap = itertools.starmap) -> tuple[Params, list[float]]:
    """Search for the params with the best episode score; return (best, best score per generation).

    - generate: generation 0 is `population` params drawn uniformly from [0, 1); every later
      generation is the best so far plus `population - 1` children, each param moved by
      random.gauss(0, 0.1);
    - test: scores = list(starmap(episode, zip(params_list, seeds))), where seeds are fresh
      integers drawn for every episode;
    - select: keep the best so far (elitism), so the history never goes down.

    Draw every random number (params and seeds) in this process from random.Random(seed), so
    that `starmap=pool.starmap` gives exactly the result of `itertools.starmap`.
    """
    ### BEGIN SOLUTION
    rng = random.Random(seed)
    candidates = [tuple(rng.random() for _ in range(n_params)) for _ in range(population)]
    best: Params = candidates[0]
    best_score = float("-inf")
    history = []
    for _ in range(generations):
        seeds = [rng.randrange(2**32) for _ in candidates]
        scores = list(starmap(episode, zip(candidates, seeds, strict=True)))
        for params, score in zip(candidates, scores, strict=True):
            if score > best_score:
                best, best_score = params, score
        history.append(best_score)
        children = [tuple(p + rng.gauss(0.0, 0.1) for p in best) for _ in range(population - 1)]
        candidates = [best, *children]
    return best, history
    ### END SOLUTION
