import json
import os
from functools import partial
from pathlib import Path

from mr_fault_tolerance import run_tasks

from graders.support.mapreduce_support import (
    always_crash,
    crash_first_attempt,
    overlapping_pair,
    write_task,
)


def done_records(folder: Path) -> dict[int, dict]:
    records = [json.loads(p.read_text()) for p in folder.glob("done-*.json")]
    return {r["index"]: r for r in records}


def test_every_task_runs_once_in_a_worker(tmp_path):
    tasks = [partial(write_task, str(tmp_path), i) for i in range(4)]
    attempts = run_tasks(tasks, workers=2)
    assert list(attempts) == [1, 1, 1, 1], (
        f"run_tasks returned attempts {attempts!r}; four healthy tasks should take one "
        "attempt each, reported in task order."
    )
    done = done_records(tmp_path)
    assert sorted(done) == [0, 1, 2, 3], (
        f"only tasks {sorted(done)} left their result file; every task must run."
    )
    pids = {r["pid"] for r in done.values()}
    assert os.getpid() not in pids, (
        "a task ran in the parent process; start each task in a worker process "
        "(multiprocessing.Process(target=task))."
    )


def test_tasks_overlap_in_two_processes(tmp_path):
    tasks = [partial(write_task, str(tmp_path), i) for i in range(4)]
    run_tasks(tasks, workers=2)
    pair = overlapping_pair(list(done_records(tmp_path).values()))
    assert pair is not None, (
        "no two tasks ran at the same time in different processes (each task recorded its "
        "pid and [start, end]); with workers=2, keep two worker processes running at once "
        "instead of waiting for each one before starting the next."
    )


def test_crashed_task_is_run_again(tmp_path):
    tasks = [partial(write_task, str(tmp_path), 0),
             partial(crash_first_attempt, str(tmp_path), 1),
             partial(write_task, str(tmp_path), 2)]
    attempts = run_tasks(tasks, workers=2)
    done = done_records(tmp_path)
    assert 1 in done, (
        "task 1's worker died (os._exit) on its first attempt and the task was never run "
        "again, so its result is lost. Check each process's exitcode after it ends and put "
        "the task back in the queue when it is not 0: this is how MapReduce survives "
        "machine failures."
    )
    assert list(attempts) == [1, 2, 1], (
        f"run_tasks returned attempts {attempts!r}; expected [1, 2, 1]: task 1 crashed once "
        "and succeeded on its second attempt."
    )


def test_gives_up_after_max_attempts(tmp_path):
    tasks = [partial(write_task, str(tmp_path), 0), partial(always_crash, str(tmp_path), 1)]
    try:
        attempts = run_tasks(tasks, workers=2, max_attempts=3)
    except NotImplementedError:  # a subclass of RuntimeError: the stub, still todo
        raise
    except RuntimeError:
        attempts = None
    tries = len(list(tmp_path.glob("attempt-1-*")))
    assert attempts is None, (
        f"run_tasks returned {attempts!r} although task 1 dies on every attempt; after "
        "max_attempts failures it must raise RuntimeError naming the task."
    )
    assert tries == 3, (
        f"the always-crashing task was started {tries} times; with max_attempts=3 it should "
        "be started exactly 3 times before run_tasks gives up."
    )
