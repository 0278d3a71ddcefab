"""Kata producer_consumer: a queue between one producer and several consumer threads."""

import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any

STOP = object()  # the sentinel: "no more work, you may finish"


def process_all(items: Sequence[Any], handle: Callable[[Any], Any], consumers: int) -> list[Any]:
    """[handle(item) for item in items], computed by `consumers` threads fed from a queue.

    This thread is the producer: it puts the work on a `queue.Queue`. Each consumer thread
    takes work until it receives a sentinel, then ends. Return the results in input order,
    after every consumer thread has ended (no thread may be left running).
    """
    # TODO: write process_all; the lesson is README.md, kata producer_consumer
    raise NotImplementedError("TODO: process_all (kata producer_consumer)")
