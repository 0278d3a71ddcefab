"""Appended to the reference module: this definition replaces the correct one."""

import threading
import time


def lower_names(names):
    threading.Thread(target=time.sleep, args=(60,), name="forgotten").start()  # hostile
    return list(map(str.lower, names))
