import sys

import pytest
from locked_counter import increment_concurrently

from graders.support.parallel import RacyCell


@pytest.fixture
def switch_often():
    """Make the interpreter switch threads very often, so unprotected races show every time."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def test_no_update_is_lost(switch_often):
    cell = RacyCell()
    increment_concurrently(cell, n_threads=4, n_increments=200)
    assert cell.value == 800, (
        f"4 threads x 200 increments gave {cell.value}, expected 800: {800 - cell.value} "
        "updates were lost because two threads read the same value before either wrote. "
        "Hold one `threading.Lock` around the whole `cell.write(cell.read() + 1)`."
    )
    assert cell.most_inside == 1, (
        f"up to {cell.most_inside} threads were between read() and write() at once; with a "
        "lock around the read-modify-write there is only ever one."
    )


def test_the_work_is_shared_by_threads(switch_often):
    cell = RacyCell()
    increment_concurrently(cell, n_threads=4, n_increments=50)
    assert cell.value == 200, f"4 threads x 50 increments gave {cell.value}, expected 200."
    assert len(cell.threads) == 4, (
        f"the increments ran in {len(cell.threads)} thread(s); expected 4. Start `n_threads` "
        "threading.Thread objects, then join them all."
    )
