"""ticket_lock in another style: tickets from itertools.count, one Event per ticket."""

import itertools
import threading


class TicketLock:
    """A lock like a ticket machine at a counter: first come, first served."""

    def __init__(self) -> None:
        self._numbers = itertools.count()
        self._guard = threading.Lock()
        self._turns: dict[int, threading.Event] = {}
        self._serving = 0

    def _turn(self, ticket: int) -> threading.Event:
        with self._guard:
            return self._turns.setdefault(ticket, threading.Event())

    def take_ticket(self) -> int:
        with self._guard:
            ticket = next(self._numbers)
        if ticket == 0:
            self._turn(0).set()
        return ticket

    def wait_turn(self, ticket: int) -> None:
        self._turn(ticket).wait()

    def release(self) -> None:
        with self._guard:
            self._turns.pop(self._serving, None)
            self._serving += 1
            serving = self._serving
        self._turn(serving).set()

    def acquire(self) -> None:
        self.wait_turn(self.take_ticket())

    def __enter__(self) -> "TicketLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
