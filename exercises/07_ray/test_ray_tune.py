"""Kata ray_tune: a hyperparameter search with Ray Tune.

The trainable is the test's: gradient descent on seeded data, one `tune.report` per epoch,
with a single best learning rate that each test moves (random data and grid, the best
neither first in the list nor at either end of the grid). Its trials log to an actor.

Claims the lesson makes, and the test that checks each:
- `grid_search` runs exactly one trial per learning rate (3 or 4), each in a Ray worker,
  all at the same time (a meeting point that opens only when every trial is inside it):
  test_grid_runs_one_trial_per_rate_at_once;
- it returns the learning rate whose last loss is the lowest, the true best:
  test_grid_returns_the_true_best;
- `random_search` runs exactly `num_samples` trials (2 or 3), with rates drawn inside
  [low, high], and returns the best of the rates it tried: test_random_search_samples_as_asked;
- `early_stopping_search` with ASHA reports fewer epochs in total than the full grid would,
  lets the best trial train every epoch and still returns it:
  test_early_stopping_saves_epochs_and_keeps_the_best. The other trials wait until the
  best one has reported, so the scheduler's decisions do not depend on the machine's speed.
"""

import os
import random

from ray_tune import early_stopping_search, grid_search, random_search

from graders.support.tune_support import Problem, trainable, trial_log


def adversarial_grid(size: int, epochs: int) -> tuple[Problem, list[float]]:
    """A problem and a grid of `size` rates, doubling from a random start, whose best rate
    is neither the smallest, nor the largest, nor the first in the list."""
    rates = [random.uniform(0.01, 0.1) * 2**i for i in range(size)]
    best = random.randrange(1, size - 1)
    unit = Problem(seed=random.randrange(10**6), scale=1.0, epochs=epochs)
    # The curvature grows with scale**2; the best rate is 1 / curvature.
    scale = (rates[best] * unit.curvature()) ** -0.5
    problem = Problem(unit.seed, scale, epochs)
    random.shuffle(rates)
    if rates[0] == problem.best(rates):
        rates.append(rates.pop(0))
    return problem, rates


def first_reports(records: list[tuple[int, float, int]]) -> list[float]:
    """The rate of every trial that reported its first epoch."""
    return [lr for _, lr, epoch in records if epoch == 1]


def test_grid_runs_one_trial_per_rate_at_once(ray_session, tmp_path):
    problem, rates = adversarial_grid(random.choice([3, 4]), epochs=3)
    with trial_log(len(rates)) as (name, log):
        grid_search(trainable(problem, name), rates, str(tmp_path))
        records = ray_session.get(log.noted.remote())
        peak = ray_session.get(log.peak.remote())
    tried = first_reports(records)
    assert sorted(tried) == sorted(rates), (
        f"the trials tried the rates {sorted(tried)}; expected exactly one trial per rate of "
        f"the grid {sorted(rates)}. Put the rates in the search space with "
        "`param_space={'lr': tune.grid_search(learning_rates)}` and keep num_samples at 1."
    )
    assert os.getpid() not in {pid for pid, _, _ in records}, (
        "some trials ran in the test's own process; expected every trial in a Ray worker. "
        "Hand the trainable to `tune.Tuner` and call `.fit()`; do not call it yourself."
    )
    assert peak == len(rates), (
        f"at most {peak} of the {len(rates)} trials ran at the same moment; expected all of "
        "them at once (Ray has 4 CPUs here, one per trial). Do not limit the search with "
        "`max_concurrent_trials` or a larger `resources_per_trial`."
    )


def test_grid_returns_the_true_best(ray_session, tmp_path):
    problem, rates = adversarial_grid(random.choice([3, 4]), epochs=3)
    with trial_log(len(rates)) as (name, _):
        got = grid_search(trainable(problem, name), rates, str(tmp_path))
    best = problem.best(rates)
    losses = {lr: round(problem.losses(lr)[-1], 4) for lr in rates}
    assert got == best, (
        f"grid_search returned {got!r}; expected the rate {best} whose last loss is the "
        f"lowest (last losses: {losses}). Ask Tune for it: "
        "`TuneConfig(metric='loss', mode='min')`, then "
        "`tuner.fit().get_best_result().config['lr']`."
    )


def test_random_search_samples_as_asked(ray_session, tmp_path):
    samples = random.choice([2, 3])
    problem = Problem(seed=random.randrange(10**6), scale=random.uniform(1.0, 3.0), epochs=3)
    low, high = sorted(random.sample([0.01, 0.03, 0.1, 0.3], 2))
    with trial_log(samples) as (name, log):
        got = random_search(trainable(problem, name), low, high, samples, str(tmp_path))
        records = ray_session.get(log.noted.remote())
    tried = first_reports(records)
    assert len(tried) == samples, (
        f"{len(tried)} trials ran; expected num_samples={samples}. Pass it on: "
        "`TuneConfig(num_samples=num_samples, ...)`."
    )
    outside = [lr for lr in tried if not low <= lr <= high]
    assert not outside, (
        f"the trials tried the rates {outside}, outside [{low}, {high}]. Draw them with "
        "`param_space={'lr': tune.loguniform(low, high)}`."
    )
    best = problem.best(tried)
    assert got == best, (
        f"random_search returned {got!r}; expected {best}, the rate with the lowest last loss "
        f"of those the trials tried ({sorted(tried)}). Use "
        "`TuneConfig(metric='loss', mode='min', ...)` and `get_best_result().config['lr']`."
    )


def test_early_stopping_saves_epochs_and_keeps_the_best(ray_session, tmp_path):
    epochs = random.choice([6, 8])
    problem, rates = adversarial_grid(random.choice([3, 4]), epochs)
    best = problem.best(rates)
    with trial_log(len(rates)) as (name, log):
        got = early_stopping_search(trainable(problem, name, leader=best), rates, epochs,
                                    str(tmp_path))
        records = ray_session.get(log.noted.remote())
    reported = len(records)
    full = len(rates) * epochs
    assert reported < full, (
        f"the trials reported {reported} epochs, the full budget of {len(rates)} trials x "
        f"{epochs} epochs, although every other trial started after the best one and was "
        "worse from its first epoch. Expected an early-stopping scheduler to stop them: "
        "`TuneConfig(..., scheduler=ASHAScheduler(max_t=epochs, grace_period=1, "
        "reduction_factor=2))`."
    )
    leader = sum(lr == best for _, lr, _ in records)
    assert leader == epochs, (
        f"the best trial (lr={best}) reported {leader} of its {epochs} epochs; expected all "
        "of them: a trial that stays the best must train the full budget. Stop trials with "
        "the scheduler (ASHA's max_t=epochs), not with a fixed `stop=` or a smaller max_t."
    )
    assert got == best, (
        f"early_stopping_search returned {got!r}; expected {best}, the best rate of the grid "
        "(stopping the others early must not change the answer). Use "
        "`TuneConfig(metric='loss', mode='min', scheduler=...)` and `get_best_result()`."
    )
