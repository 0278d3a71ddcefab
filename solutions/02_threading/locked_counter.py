"""Kata locked_counter: many threads add to one shared value without losing an update."""

import threading


def increment_concurrently(cell, n_threads: int, n_increments: int) -> None:
    """Start `n_threads` threads; each adds 1 to `cell` `n_increments` times.

    `cell` has `read()` and `write(value)`; one increment is `cell.write(cell.read() + 1)`.
    Protect that read-modify-write with a `threading.Lock`, and return only when every
    thread has finished.
    """
    ### BEGIN SOLUTION
    lock = threading.Lock()

    def work() -> None:
        for _ in range(n_increments):
            with lock:
                cell.write(cell.read() + 1)

    threads = [threading.Thread(target=work) for _ in range(n_threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ### END SOLUTION
