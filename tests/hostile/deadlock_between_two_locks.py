"""Appended to the reference module: this definition replaces the correct one."""

import threading
import time

first, second = threading.Lock(), threading.Lock()


def _take(one, other):
    with one:
        time.sleep(0.2)
        with other:  # hostile: the other thread holds it and waits for ours
            pass


def total_population(cities):
    workers = [threading.Thread(target=_take, args=(first, second)),
               threading.Thread(target=_take, args=(second, first))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(c.population for c in cities)
