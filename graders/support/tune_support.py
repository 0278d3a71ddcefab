"""Test-side helpers for the ray_tune kata: a small seeded model to tune, and the probes
that record which trials ran, where, how many at once and how far.

The model fits y = w * x by gradient descent on seeded data. After `epochs` steps with
learning rate `lr`, the distance to the best w has shrunk by |1 - lr * curvature| per step,
so the loss at every epoch ranks the learning rates the same way, with one best rate
(1 / curvature) that the test places inside the grid. Everything a trial runs lives here
(test files are not importable in Ray workers). Ray is imported inside functions.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

WAIT = 40.0  # seconds a trial waits for the others before it gives up (trials start slowly)


@dataclass(frozen=True)
class Problem:
    """Seeded data for y = w * x; `scale` sets the curvature, and so the best learning rate."""

    seed: int
    scale: float
    epochs: int

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(self.seed)
        x = rng.normal(0.0, self.scale, 64)
        return x, 3.0 * x + rng.normal(0.0, 0.1, 64)

    def curvature(self) -> float:
        x, _ = self.data()
        return float(2 * np.mean(x * x))

    def losses(self, lr: float) -> list[float]:
        """The loss after each epoch of gradient descent from w = 0."""
        x, y = self.data()
        w, losses = 0.0, []
        for _ in range(self.epochs):
            w -= lr * float(2 * np.mean(x * (w * x - y)))
            losses.append(float(np.mean((w * x - y) ** 2)))
        return losses

    def best(self, learning_rates: list[float]) -> float:
        return min(learning_rates, key=lambda lr: self.losses(lr)[-1])


class _Log:
    """An async actor: trials arrive at a meeting of `k` and log what they report."""

    def __init__(self, k: int) -> None:
        import asyncio

        self.k = k
        self.inside = 0
        self.most = 0
        self.everyone = asyncio.Event()
        self.finished: set[float] = set()
        self.leader_done = asyncio.Event()
        self.records: list[tuple[int, float, int]] = []

    async def arrive(self, timeout: float) -> None:
        """Wait until k trials are inside at once (or one gave up after `timeout`)."""
        import asyncio

        self.inside += 1
        self.most = max(self.most, self.inside)
        if self.inside >= self.k:
            self.everyone.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.everyone.wait(), timeout)
        self.everyone.set()  # one gave up: the others need not wait as long
        self.inside -= 1

    async def after_leader(self, timeout: float) -> None:
        """Wait until the leading trial is about to report its last epoch."""
        import asyncio

        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.leader_done.wait(), timeout)

    def lead_done(self) -> None:
        self.leader_done.set()

    def note(self, pid: int, lr: float, epoch: int) -> None:
        self.records.append((pid, lr, epoch))

    def peak(self) -> int:
        return self.most

    def noted(self) -> list[tuple[int, float, int]]:
        return self.records


@contextlib.contextmanager
def trial_log(k: int) -> Iterator[tuple[str, Any]]:
    """A named log actor (no CPU of its own); k trials must arrive at it at once.

    Yields (name, handle); the actor is killed on the way out, whatever happened.
    """
    import ray

    name = f"tune-log-{uuid.uuid4().hex}"
    handle = ray.remote(num_cpus=0, max_concurrency=1000)(_Log).options(name=name).remote(k)
    try:
        yield name, handle
    finally:
        ray.kill(handle)


def fit_line(config: dict, problem: Problem, log: str, leader: float | None = None) -> None:
    """The trainable: one `tune.report({"loss": ...})` per epoch of gradient descent.

    Before its first report the trial arrives at the log's meeting. When `leader` is a
    learning rate, every other trial first waits until that trial has had every epoch but its last
    handled by Tune, so an early-stopping scheduler has seen the leader at every milestone.
    """
    import ray
    from ray import tune

    actor = ray.get_actor(log)
    lr = config["lr"]
    ray.get(actor.arrive.remote(WAIT))
    if leader is not None and lr != leader:
        ray.get(actor.after_leader.remote(WAIT))
    for epoch, loss in enumerate(problem.losses(lr), start=1):
        ray.get(actor.note.remote(os.getpid(), lr, epoch))
        if lr == leader and epoch == problem.epochs:
            # Each report returns only once Tune has handled it (its scheduler included),
            # so every earlier epoch of the leader is known to the scheduler by now.
            ray.get(actor.lead_done.remote())
        tune.report({"loss": loss})


def trainable(problem: Problem, log: str, leader: float | None = None) -> Any:
    """`fit_line` with the test's problem and log bound, as Tune expects: f(config)."""
    from ray import tune

    return tune.with_parameters(fit_line, problem=problem, log=log, leader=leader)
