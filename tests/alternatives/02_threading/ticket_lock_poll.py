"""ticket_lock in another style: a plain Lock guards the counters; waiters poll."""

import threading
import time


class TicketLock:
    """Fair by ticket number; a waiter checks its turn every half millisecond."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._next_ticket = 0
        self._serving = 0

    def take_ticket(self) -> int:
        with self._guard:
            ticket = self._next_ticket
            self._next_ticket += 1
            return ticket

    def wait_turn(self, ticket: int) -> None:
        while True:
            with self._guard:
                if self._serving == ticket:
                    return
            time.sleep(0.0005)

    def release(self) -> None:
        with self._guard:
            self._serving += 1

    def acquire(self) -> None:
        self.wait_turn(self.take_ticket())

    def __enter__(self) -> "TicketLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
