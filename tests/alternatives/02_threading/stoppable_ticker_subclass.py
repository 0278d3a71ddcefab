"""Alternative for kata stoppable_ticker: a Thread subclass that waits first, then ticks."""

import threading
from collections.abc import Callable
from typing import Any


class Ticker(threading.Thread):
    def __init__(self, tick: Callable[[], Any], interval: float) -> None:
        super().__init__(daemon=True)
        self.tick = tick
        self.interval = interval
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            self.tick()

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def start_ticker(tick: Callable[[], Any], interval: float) -> Callable[[], None]:
    ticker = Ticker(tick, interval)
    ticker.start()
    return ticker.stop
