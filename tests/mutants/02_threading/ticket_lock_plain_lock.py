"""Mutant of ticket_lock: tickets are handed out, but the waiting is a plain Lock's."""

import threading


class TicketLock:
    """Takes tickets, then ignores them: whoever the plain Lock lets in first goes first."""

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
