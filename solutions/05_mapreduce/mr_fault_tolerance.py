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
    ### BEGIN SOLUTION
    context = multiprocessing.get_context()
    attempts = [0] * len(tasks)
    waiting = list(range(len(tasks)))
    running = {}  # process sentinel -> (task index, process)
    while waiting or running:
        while waiting and len(running) < workers:
            index = waiting.pop(0)
            attempts[index] += 1
            process = context.Process(target=tasks[index])
            process.start()
            running[process.sentinel] = (index, process)
        for sentinel in wait(list(running)):
            index, process = running.pop(sentinel)
            process.join()
            if process.exitcode == 0:
                continue
            if attempts[index] < max_attempts:
                waiting.append(index)  # re-execute the task, as MapReduce's master does
                continue
            for _, other in running.values():
                other.kill()
                other.join()
            raise RuntimeError(
                f"task {index} failed {attempts[index]} times (exit code {process.exitcode})"
            )
    return attempts
    ### END SOLUTION
