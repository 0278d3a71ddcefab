from graders import not_gradable
from graders.capabilities import CORES_FIX, usable_cores


def test_at_least_two_usable_cores():
    cores = usable_cores()
    if cores < 2:
        not_gradable(f"only {cores} usable CPU core; the speedup katas need 2 or more",
                     CORES_FIX)
