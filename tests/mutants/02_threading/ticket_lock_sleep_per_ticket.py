"""Mutant of ticket_lock: a plain Lock, with each ticket sleeping longer before it asks."""

import threading
import time


class TicketLock:
    """Orders the threads by sleeping 10 ms per ticket: right only when they all arrive on time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tickets = threading.Lock()
        self._next_ticket = 0

    def take_ticket(self) -> int:
        with self._tickets:
            ticket = self._next_ticket
            self._next_ticket += 1
            return ticket

    def wait_turn(self, ticket: int) -> None:
        time.sleep(0.01 * ticket)
        self._lock.acquire()

    def release(self) -> None:
        self._lock.release()

    def acquire(self) -> None:
        self.wait_turn(self.take_ticket())

    def __enter__(self) -> "TicketLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
