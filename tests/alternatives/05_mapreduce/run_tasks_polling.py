"""Alternative mr_fault_tolerance: poll is_alive() instead of waiting on sentinels; a failed
task goes back to the front of the queue; terminate() the others when giving up."""

import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Sequence


def run_tasks(tasks: Sequence[Callable[[], None]], workers: int,
              max_attempts: int = 3) -> list[int]:
    attempts = [0] * len(tasks)
    queue = deque(range(len(tasks)))
    running: list[tuple[int, multiprocessing.Process]] = []
    while queue or running:
        while queue and len(running) < workers:
            index = queue.popleft()
            attempts[index] += 1
            process = multiprocessing.Process(target=tasks[index], daemon=True)
            process.start()
            running.append((index, process))
        time.sleep(0.01)
        for index, process in [entry for entry in running if not entry[1].is_alive()]:
            running.remove((index, process))
            process.join()
            if process.exitcode == 0:
                continue
            if attempts[index] >= max_attempts:
                for _, other in running:
                    other.terminate()
                    other.join()
                raise RuntimeError(f"task {index} failed {attempts[index]} times")
            queue.appendleft(index)
    return attempts
