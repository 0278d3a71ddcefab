"""Kata batched_lock: take a shared lock once per batch of work, not once per item."""

import threading


def add_in_batches(cell, lock, shares: list[list[int]], batch: int) -> None:
    """Start one thread per share; each adds its numbers to the shared `cell`.

    A thread sums its numbers `batch` at a time, privately, and adds each batch's subtotal
    with one update under `lock`: `with lock: cell.write(cell.read() + subtotal)`. The
    last batch of a share may be shorter. Return when every thread has finished.
    """
    ### BEGIN SOLUTION
    def work(share: list[int]) -> None:
        for start in range(0, len(share), batch):
            subtotal = sum(share[start:start + batch])  # private: no lock needed
            with lock:
                cell.write(cell.read() + subtotal)

    threads = [threading.Thread(target=work, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ### END SOLUTION
