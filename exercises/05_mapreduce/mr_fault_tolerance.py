"""Kata mr_fault_tolerance: run tasks in worker processes and re-execute the ones that die."""

import multiprocessing
from collections.abc import Callable, Sequence
from multiprocessing.connection import wait


def run_tasks(tasks: Sequence[Callable[[], None]], workers: int,
              max_attempts: int = 3) -> list[int]:
    """Run every task in its own worker process, at most `workers` at a time.

    A task succeeded when its process exits with code 0. A task whose process dies (a crash,
    `os._exit`, an exception) is started again, up to `max_attempts` attempts in all; after
    that, stop the other workers and raise RuntimeError naming the task.
    Return the number of attempts each task took, in task order.
    """
    # TODO: write run_tasks; the lesson is README.md, kata mr_fault_tolerance
    raise NotImplementedError("TODO: run_tasks (kata mr_fault_tolerance)")
