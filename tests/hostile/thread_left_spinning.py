"""Appended to the reference module: this definition replaces the correct one."""

import threading
import time


def _spin(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def lower_names(names):
    # hostile: a daemon thread that keeps a core busy after the kata returns
    threading.Thread(target=_spin, args=(5,), name="spinner", daemon=True).start()
    return list(map(str.lower, names))
