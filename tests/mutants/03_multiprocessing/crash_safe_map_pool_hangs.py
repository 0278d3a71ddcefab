"""Mutant of kata crash_safe_map: multiprocessing.Pool, which waits forever for a lost task.

When a Pool worker dies, the Pool starts a replacement, but the task it was running is never
finished nor failed: `map` waits for it forever.
"""

import multiprocessing
from typing import Any, NamedTuple


class Outcome(NamedTuple):
    ok: bool
    value: Any = None
    error: str = ""


def map_with_errors(fn, items, workers, mp_context=None):
    context = mp_context or multiprocessing.get_context()
    with context.Pool(workers) as pool:
        return [Outcome(True, value) for value in pool.map(fn, items)]
