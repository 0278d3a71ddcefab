"""batched_lock in another style: a Thread subclass per share with a running subtotal."""

import threading


class Adder(threading.Thread):
    """Adds its share to the cell, flushing the subtotal every `batch` numbers and at the end."""

    def __init__(self, cell, lock, share: list[int], batch: int) -> None:
        super().__init__()
        self.cell, self.lock, self.share, self.batch = cell, lock, share, batch

    def run(self) -> None:
        subtotal = 0
        for counted, number in enumerate(self.share, start=1):
            subtotal += number
            if counted % self.batch == 0 or counted == len(self.share):
                with self.lock:
                    self.cell.write(self.cell.read() + subtotal)
                subtotal = 0


def add_in_batches(cell, lock, shares: list[list[int]], batch: int) -> None:
    """One Adder per share, all started, then all joined."""
    adders = [Adder(cell, lock, share, batch) for share in shares]
    for adder in adders:
        adder.start()
    for adder in adders:
        adder.join()
