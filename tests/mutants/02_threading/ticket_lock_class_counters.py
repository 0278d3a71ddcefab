"""Mutant of ticket_lock: the counters live on the class, so every lock shares one queue."""

import threading


class TicketLock:
    """A lock like a ticket machine at a counter: each caller takes the next number and
    waits until that number is served. Whoever asked first gets the lock first; a thread that
    releases and asks again at once queues behind everyone already waiting.
    """

    _changed = threading.Condition()  # on the class: every lock shares these counters
    _next_ticket = 0
    _serving = 0

    def take_ticket(self) -> int:
        """Join the queue: return the caller's ticket, 0, 1, 2, ... in the order of asking."""
        with TicketLock._changed:
            ticket = TicketLock._next_ticket
            TicketLock._next_ticket += 1
            return ticket

    def wait_turn(self, ticket: int) -> None:
        """Block until `ticket` is served; the caller then holds the lock."""
        with TicketLock._changed:
            TicketLock._changed.wait_for(lambda: TicketLock._serving == ticket)

    def release(self) -> None:
        """Serve the next ticket, and wake the waiting threads so its holder can go on."""
        with TicketLock._changed:
            TicketLock._serving += 1
            TicketLock._changed.notify_all()

    def acquire(self) -> None:
        """Take a ticket and wait for it: `with lock:` calls this, then release()."""
        self.wait_turn(self.take_ticket())

    def __enter__(self) -> "TicketLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
