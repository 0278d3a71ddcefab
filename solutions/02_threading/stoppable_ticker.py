"""Kata stoppable_ticker: a background thread that stops promptly when asked."""

import threading
from collections.abc import Callable
from typing import Any


def start_ticker(tick: Callable[[], Any], interval: float) -> Callable[[], None]:
    """Call `tick()` every `interval` seconds in a background thread; return `stop`.

    `stop()` must end the thread and return only once it has ended, without waiting for the
    rest of the current interval: wait on a `threading.Event`, not with `time.sleep`.
    """
    ### BEGIN SOLUTION
    stopping = threading.Event()

    def run() -> None:
        while not stopping.is_set():
            tick()
            stopping.wait(interval)

    thread = threading.Thread(target=run, name="ticker")
    thread.start()

    def stop() -> None:
        stopping.set()
        thread.join()

    return stop
    ### END SOLUTION
