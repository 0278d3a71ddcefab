"""Kata ray_tune: a hyperparameter search with Ray Tune.

`trainable(config)` trains a small model with learning rate `config["lr"]` and calls
`tune.report({"loss": ...})` once per epoch. Every search below minimises the last
reported "loss", keeps Tune quiet and writes its records under `storage_path`:
`tune.RunConfig(storage_path=storage_path, verbose=0)`. Each returns the best learning
rate found (a float), not Tune's result object.
"""

from __future__ import annotations

from typing import Any


def grid_search(trainable: Any, learning_rates: list[float], storage_path: str) -> float:
    """One trial per learning rate (`tune.grid_search`), run at the same time by Tune."""
    from ray import tune

    # TODO: write grid_search; the lesson is README.md, kata ray_tune
    raise NotImplementedError("TODO: grid_search (kata ray_tune)")


def random_search(trainable: Any, low: float, high: float, num_samples: int,
                  storage_path: str) -> float:
    """`num_samples` trials, each with a learning rate drawn by `tune.loguniform(low, high)`."""
    from ray import tune

    # TODO: write random_search; the lesson is README.md, kata ray_tune
    raise NotImplementedError("TODO: random_search (kata ray_tune)")


def early_stopping_search(trainable: Any, learning_rates: list[float], epochs: int,
                          storage_path: str) -> float:
    """The grid of `grid_search`, with an ASHA scheduler that stops the trials that fall
    behind: `ASHAScheduler(max_t=epochs, grace_period=1, reduction_factor=2)`."""
    from ray import tune
    from ray.tune.schedulers import ASHAScheduler

    # TODO: write early_stopping_search; the lesson is README.md, kata ray_tune
    raise NotImplementedError("TODO: early_stopping_search (kata ray_tune)")
