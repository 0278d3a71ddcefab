"""ticket_lock in another style: tickets from itertools.count; wait while served < ticket."""

import itertools
import threading


class TicketLock:
    """Tickets from an itertools.count (next() on it is atomic in CPython)."""

    def __init__(self) -> None:
        self._tickets = itertools.count()
        self._served = threading.Condition(threading.Lock())
        self._now = 0

    def take_ticket(self) -> int:
        return next(self._tickets)

    def wait_turn(self, ticket: int) -> None:
        with self._served:
            while self._now < ticket:
                self._served.wait()

    def release(self) -> None:
        with self._served:
            self._now += 1
            self._served.notify_all()

    def acquire(self) -> None:
        self.wait_turn(self.take_ticket())

    def __enter__(self) -> "TicketLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
