"""A wrong run_tasks: every task runs in the parent, an exception counting as a failed attempt.

A crash probe called here would end the whole test run with os._exit; the probes refuse to
crash the test process and say where they ran instead.
"""

from collections.abc import Callable, Sequence


def run_tasks(tasks: Sequence[Callable[[], None]], workers: int,
              max_attempts: int = 3) -> list[int]:
    attempts = []
    for index, task in enumerate(tasks):
        tries = 0
        while True:
            tries += 1
            try:
                task()
                break
            except Exception:
                if tries == max_attempts:
                    raise RuntimeError(f"task {index} failed {tries} times") from None
        attempts.append(tries)
    return attempts
