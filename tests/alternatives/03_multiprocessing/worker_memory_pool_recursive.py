"""Kata worker_memory, another style: a recursive walk of the tree, multiprocessing.Pool."""

import multiprocessing
import os
from multiprocessing.pool import ThreadPool

import psutil


def tree_memory(pid):
    try:
        process = psutil.Process(pid)
        info = process.memory_full_info()
        children = process.children()
    except psutil.NoSuchProcess:
        return 0
    own = info.pss if hasattr(info, "pss") else info.uss
    return own + sum(tree_memory(child.pid) for child in children)


def extra_memory(kind, workers, warm, mp_context=None):
    before = tree_memory(os.getpid())
    if kind == "threads":
        pool = ThreadPool(workers)
    else:
        pool = (mp_context or multiprocessing).Pool(workers)
    try:
        pool.map(warm, range(workers), chunksize=1)
        after = tree_memory(os.getpid())
    finally:
        pool.terminate()
        pool.join()
    return after - before
