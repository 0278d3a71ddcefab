"""Appended to the reference module: this definition replaces the correct one."""

import multiprocessing
import time


def apply_to(func, data):
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=time.sleep, args=(60,)) for _ in range(300)]
    for worker in workers:  # hostile: a process per item, hundreds of them
        worker.start()
    for worker in workers:
        worker.join()
    return func(data)
