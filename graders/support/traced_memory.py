"""The memory a kata holds, traced by tracemalloc and sampled from inside the test's own
generator while the kata reads it.

The grader's monitor threads allocate and free while a test runs, so the traced memory can
dip below what it was when tracing started: whether the kata stopped, restarted or cleared
the trace is judged by a marker allocated at the start still being traced, never by amounts.
"""

import _tracemalloc
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Sampled:
    """What the test saw of the traced memory, in bytes above `floor`, while the kata ran."""

    floor: int
    marker: bytearray = field(repr=False)  # traced from the start; untraced after a restart
    most: int = 0  # the largest sample
    peak: int = 0  # tracemalloc's peak, read at the end
    tampered: bool = False

    def sample(self) -> None:
        if tracemalloc.get_object_traceback(self.marker) is None:
            self.tampered = True
            return
        self.most = max(self.most, tracemalloc.get_traced_memory()[0] - self.floor)

    @property
    def held(self) -> int:
        """The most the kata held: the largest sample or the peak between samples."""
        return max(self.most, self.peak)


@contextmanager
def traced() -> Iterator[Sampled]:
    """Trace allocations for the block. While it runs, `reset_peak` (in tracemalloc and in
    the C module behind it) only records that it was called, so a kata that looks it up at
    run time cannot hide its peak."""
    real = tracemalloc.reset_peak, _tracemalloc.reset_peak
    tracemalloc.start()
    try:
        marker = bytearray(1)
        sampled = Sampled(floor=tracemalloc.get_traced_memory()[0], marker=marker)

        def recorded() -> None:
            sampled.tampered = True

        tracemalloc.reset_peak = _tracemalloc.reset_peak = recorded
        try:
            yield sampled
        finally:
            tracemalloc.reset_peak, _tracemalloc.reset_peak = real
        sampled.sample()
        if not sampled.tampered:
            sampled.peak = tracemalloc.get_traced_memory()[1] - sampled.floor
    finally:
        tracemalloc.stop()

