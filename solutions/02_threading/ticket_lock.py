"""Kata ticket_lock: a lock that serves threads first come, first served, so none starves."""

import threading


class TicketLock:
    """A lock like a ticket machine at a counter: each caller takes the next number and
    waits until that number is served. Whoever asked first gets the lock first; a thread that
    releases and asks again at once queues behind everyone already waiting.
    """

    def __init__(self) -> None:
        ### BEGIN SOLUTION
        self._changed = threading.Condition()
        self._next_ticket = 0
        self._serving = 0
        ### END SOLUTION

    def take_ticket(self) -> int:
        """Join the queue: return the caller's ticket, 0, 1, 2, ... in the order of asking."""
        ### BEGIN SOLUTION
        with self._changed:
            ticket = self._next_ticket
            self._next_ticket += 1
            return ticket
        ### END SOLUTION

    def wait_turn(self, ticket: int) -> None:
        """Block until `ticket` is served; the caller then holds the lock."""
        ### BEGIN SOLUTION
        with self._changed:
            self._changed.wait_for(lambda: self._serving == ticket)
        ### END SOLUTION

    def release(self) -> None:
        """Serve the next ticket, and wake the waiting threads so its holder can go on."""
        ### BEGIN SOLUTION
        with self._changed:
            self._serving += 1
            self._changed.notify_all()
        ### END SOLUTION

    def acquire(self) -> None:
        """Take a ticket and wait for it: `with lock:` calls this, then release()."""
        self.wait_turn(self.take_ticket())

    def __enter__(self) -> "TicketLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
