"""batched_lock in another style: count as you go and flush the subtotal every `batch` numbers."""

import threading


def add_in_batches(cell, lock, shares: list[list[int]], batch: int) -> None:
    """One thread per share; each adds its subtotal under the lock every `batch` numbers."""

    def flush(subtotal: int) -> None:
        lock.acquire()
        try:
            cell.write(cell.read() + subtotal)
        finally:
            lock.release()

    def work(share: list[int]) -> None:
        subtotal, counted = 0, 0
        for number in share:
            subtotal += number
            counted += 1
            if counted == batch:
                flush(subtotal)
                subtotal, counted = 0, 0
        if counted:
            flush(subtotal)

    threads = [threading.Thread(target=work, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
