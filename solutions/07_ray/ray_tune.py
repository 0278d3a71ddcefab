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

    ### BEGIN SOLUTION
    tuner = tune.Tuner(
        trainable,
        param_space={"lr": tune.grid_search(learning_rates)},
        tune_config=tune.TuneConfig(metric="loss", mode="min"),
        run_config=tune.RunConfig(storage_path=storage_path, verbose=0),
    )
    return tuner.fit().get_best_result().config["lr"]
    ### END SOLUTION


def random_search(trainable: Any, low: float, high: float, num_samples: int,
                  storage_path: str) -> float:
    """`num_samples` trials, each with a learning rate drawn by `tune.loguniform(low, high)`."""
    from ray import tune

    ### BEGIN SOLUTION
    tuner = tune.Tuner(
        trainable,
        param_space={"lr": tune.loguniform(low, high)},
        tune_config=tune.TuneConfig(metric="loss", mode="min", num_samples=num_samples),
        run_config=tune.RunConfig(storage_path=storage_path, verbose=0),
    )
    return tuner.fit().get_best_result().config["lr"]
    ### END SOLUTION


def early_stopping_search(trainable: Any, learning_rates: list[float], epochs: int,
                          storage_path: str) -> float:
    """The grid of `grid_search`, with an ASHA scheduler that stops the trials that fall
    behind: `ASHAScheduler(max_t=epochs, grace_period=1, reduction_factor=2)`."""
    from ray import tune
    from ray.tune.schedulers import ASHAScheduler

    ### BEGIN SOLUTION
    scheduler = ASHAScheduler(max_t=epochs, grace_period=1, reduction_factor=2)
    tuner = tune.Tuner(
        trainable,
        param_space={"lr": tune.grid_search(learning_rates)},
        tune_config=tune.TuneConfig(metric="loss", mode="min", scheduler=scheduler),
        run_config=tune.RunConfig(storage_path=storage_path, verbose=0),
    )
    return tuner.fit().get_best_result().config["lr"]
    ### END SOLUTION
