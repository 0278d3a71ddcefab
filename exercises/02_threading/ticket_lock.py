"""Kata ticket_lock: a lock that serves threads first come, first served, so none starves."""

import threading


class TicketLock:
    """A lock like a ticket machine at a counter: each caller takes the next number and
    waits until that number is served. Whoever asked first gets the lock first; a thread that
    releases and asks again at once queues behind everyone already waiting.
    """

    def __init__(self) -> None:
        # TODO: write __init__; the lesson is README.md, kata ticket_lock
        raise NotImplementedError("TODO: __init__ (kata ticket_lock)")

    def take_ticket(self) -> int:
        """Join the queue: return the caller's ticket, 0, 1, 2, ... in the order of asking."""
        # TODO: write take_ticket; the lesson is README.md, kata ticket_lock
        raise NotImplementedError("TODO: take_ticket (kata ticket_lock)")

    def wait_turn(self, ticket: int) -> None:
        """Block until `ticket` is served; the caller then holds the lock."""
        # TODO: write wait_turn; the lesson is README.md, kata ticket_lock
        raise NotImplementedError("TODO: wait_turn (kata ticket_lock)")

    def release(self) -> None:
        """Serve the next ticket, and wake the waiting threads so its holder can go on."""
        # TODO: write release; the lesson is README.md, kata ticket_lock
        raise NotImplementedError("TODO: release (kata ticket_lock)")

    def acquire(self) -> None:
        """Take a ticket and wait for it: `with lock:` calls this, then release()."""
        self.wait_turn(self.take_ticket())

    def __enter__(self) -> "TicketLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
