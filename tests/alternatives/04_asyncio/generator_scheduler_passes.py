"""generator_scheduler with passes over a list: each pass resumes every generator once, in
order, with send(None); finished ones are removed after the pass."""

from collections.abc import Generator, Iterable


def count(log: list[str]) -> Generator[None, None, None]:
    log.append("One")
    yield
    log.append("Two")


def round_robin(generators: Iterable[Generator]) -> int:
    ready = list(generators)
    steps = 0
    while ready:
        still_running = []
        for generator in ready:
            steps += 1
            try:
                generator.send(None)
            except StopIteration:
                continue
            still_running.append(generator)
        ready = still_running
    return steps
