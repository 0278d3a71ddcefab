import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import pytest

from graders.capabilities import start_method

METHODS = [m for m in ("spawn", "forkserver") if m in multiprocessing.get_all_start_methods()]


@pytest.mark.parametrize("method", METHODS)
def test_workers_start(method):
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        worker = pool.submit(os.getpid).result(timeout=30)
    assert worker != os.getpid(), f"under {method} the task ran in this process."


def test_default_start_method_is_known():
    assert start_method() in multiprocessing.get_all_start_methods(), (
        f"the default start method {start_method()!r} is not one this platform offers."
    )
