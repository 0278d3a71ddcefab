"""batched_lock in another style: itertools.islice cuts the batches; acquire/release by hand."""

import itertools
import threading


def add_in_batches(cell, lock, shares: list[list[int]], batch: int) -> None:
    """One thread per share; each takes `batch` numbers at a time from an iterator."""

    def work(share: list[int]) -> None:
        numbers = iter(share)
        while chunk := list(itertools.islice(numbers, batch)):
            subtotal = sum(chunk)
            lock.acquire()
            try:
                cell.write(cell.read() + subtotal)
            finally:
                lock.release()

    threads = []
    for share in shares:
        thread = threading.Thread(target=work, args=(share,))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
