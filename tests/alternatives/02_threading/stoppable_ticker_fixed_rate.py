"""Alternative for kata stoppable_ticker: ticks on a fixed schedule (start + k * interval),
catching up after a late tick, like sched or a cron."""

import threading
import time
from collections.abc import Callable
from typing import Any


def start_ticker(tick: Callable[[], Any], interval: float) -> Callable[[], None]:
    stopping = threading.Event()

    def run() -> None:
        due = time.monotonic()
        while not stopping.is_set():
            tick()
            due += interval
            stopping.wait(max(0.0, due - time.monotonic()))

    thread = threading.Thread(target=run)
    thread.start()

    def stop() -> None:
        stopping.set()
        thread.join()

    return stop
