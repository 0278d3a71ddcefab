import threading

from gil_speedup import thread_speedup

from graders import not_gradable
from graders.capabilities import gil_enabled, usable_cores
from graders.support.parallel import CpuProbe

N_TASKS = 8
WORKERS = 2


def _span(records) -> float:
    return max(r.end for r in records) - min(r.start for r in records)


def _measure():
    probe = CpuProbe()
    speedup = thread_speedup(probe, n_tasks=N_TASKS, workers=WORKERS)
    here = threading.get_ident()
    serial = [r for r in probe.records if r.thread == here]
    threaded = [r for r in probe.records if r.thread != here]
    return speedup, serial, threaded


def test_serial_and_threaded_runs_both_happen():
    speedup, serial, threaded = _measure()
    assert len(serial) == N_TASKS, (
        f"{len(serial)} of the calls ran in the caller's thread; expected the serial run: "
        f"{N_TASKS} calls in a plain loop, in this thread."
    )
    workers = {r.thread for r in threaded}
    assert len(threaded) == N_TASKS and len(workers) == WORKERS, (
        f"the threaded run made {len(threaded)} call(s) in {len(workers)} thread(s); expected "
        f"{N_TASKS} calls spread over a pool of {WORKERS} threads."
    )
    assert isinstance(speedup, float), f"thread_speedup returned {speedup!r}, not a float."


def test_speedup_is_measured_correctly():
    speedup, serial, threaded = _measure()
    assert len(threaded) == N_TASKS, f"expected {N_TASKS} calls in threads, saw {len(threaded)}."
    # The probes' own timestamps give the time each run really took.
    truth = _span(serial) / _span(threaded)
    assert 0.67 * truth <= speedup <= 1.5 * truth, (
        f"thread_speedup returned {speedup:.2f} but the calls themselves show serial "
        f"{_span(serial):.3f} s and threaded {_span(threaded):.3f} s, a ratio of {truth:.2f}. "
        "Return serial seconds / threaded seconds, and stop the threaded clock only after "
        "every future's result() has returned."
    )


def test_threads_do_not_beat_serial_under_the_gil():
    speedup, serial, threaded = _measure()
    assert len(threaded) == N_TASKS, f"expected {N_TASKS} calls in threads, saw {len(threaded)}."
    # CPU seconds the threads used per second of wall time: at most 1 with a GIL, up to the
    # number of threads without one. Unlike wall time, this cannot rise on a busy machine.
    parallelism = sum(r.cpu for r in threaded) / _span(threaded)
    serial_calm = _span(serial) <= 1.3 * sum(r.cpu for r in serial)
    if gil_enabled():
        assert parallelism <= 1.2, (
            f"the threads used {parallelism:.2f} CPU seconds per second; on a build with the "
            "GIL that cannot exceed 1. Did the work really run in threads of this process?"
        )
        if serial_calm:
            assert speedup < 1.5, (
                f"thread_speedup returned {speedup:.2f}, yet the GIL lets only one thread run "
                "Python at a time, so threads cannot beat serial on CPU-bound work here. "
                "Check that both runs do the same work."
            )
        return
    # Free-threaded build (python3.13t/3.14t with the GIL off): threads do run in parallel.
    if usable_cores() < 2 or parallelism < 1.3 or not serial_calm:
        not_gradable("the machine was too busy to show free-threaded speedup",
                     "rerun on an idle machine with at least 2 cores")
    assert speedup > 1.2, (
        f"without the GIL the threads used {parallelism:.2f} CPU seconds per second, yet "
        f"thread_speedup returned {speedup:.2f}; expected more than 1.2."
    )
