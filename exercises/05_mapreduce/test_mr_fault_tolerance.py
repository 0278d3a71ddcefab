"""Kata mr_fault_tolerance: run tasks in worker processes and re-execute the ones that die.

What the lesson says `run_tasks` proves, and the test that checks each claim:

- Result: every healthy task runs exactly once and the attempts come back in task order,
  for any number of tasks and workers, none included: test_every_task_runs_once_in_a_worker,
  test_no_tasks.
- Where: in worker processes, never in the test process (each task records its pid; a
  crashing task called in the test process refuses to crash it and says so instead):
  test_every_task_runs_once_in_a_worker, test_crashed_task_is_run_again.
- How concurrent: exactly `workers` tasks at once, for workers = 1 and 3 (a barrier needs
  `workers` tasks alive together; more than `workers` overlap visibly):
  test_runs_exactly_workers_at_once.
- Surviving what: a worker that dies (os._exit, or killed by SIGKILL: a negative exitcode) or
  a task that raises is a failure, and its task is run again: test_crashed_task_is_run_again,
  test_raising_task_is_run_again.
- Whose budget: `max_attempts` counts the attempts of each task on its own, so several tasks
  that each crash once all succeed with max_attempts=2 (attempts [2, 2, 2, 1]), however many
  tasks fail in all: test_each_task_has_its_own_attempts.
- Giving up: a task that always dies is tried exactly `max_attempts` times (2 and 4), then
  RuntimeError: test_gives_up_after_max_attempts; the workers still running are stopped:
  test_giving_up_stops_the_other_workers.
"""

import os
from functools import partial

import pytest
from mr_fault_tolerance import run_tasks

from graders.support.mapreduce_support import (
    BARRIER_TIMEOUT,
    BarrierTask,
    always_crash,
    assert_not_in_parent,
    count_attempts,
    crash_first_attempt,
    done_records,
    is_running,
    peak_overlap,
    raise_first_attempt,
    read_visits,
    returned,
    slow_task,
    started_pids,
    stop_leftovers,
    write_task,
)


@pytest.mark.parametrize(("count", "workers"), [(5, 2), (2, 4)])
def test_every_task_runs_once_in_a_worker(tmp_path, count, workers):
    tasks = [partial(write_task, str(tmp_path), i) for i in range(count)]
    attempts = returned(run_tasks(tasks, workers=workers), "run_tasks", "a list of attempts")
    assert list(attempts) == [1] * count, (
        f"run_tasks returned attempts {attempts!r}; {count} healthy tasks should take one "
        "attempt each, reported in task order."
    )
    done = done_records(tmp_path)
    assert sorted(done) == list(range(count)), (
        f"only tasks {sorted(done)} of {count} left their result file; every task must run."
    )
    assert os.getpid() not in {r["pid"] for r in done.values()}, (
        "a task ran in the parent process; start each task in a worker process "
        "(multiprocessing.Process(target=task))."
    )


def test_no_tasks():
    attempts = returned(run_tasks([], workers=2), "run_tasks([], 2)", "[]")
    assert list(attempts) == [], f"run_tasks([], workers=2) returned {attempts!r}; expected []."


@pytest.mark.parametrize("workers", [1, 3])
def test_runs_exactly_workers_at_once(tmp_path, workers):
    tasks = [BarrierTask(str(tmp_path), i, workers, os.getpid()) for i in range(workers + 2)]
    run_tasks(tasks, workers=workers)
    visits = read_visits(tmp_path, "task")
    assert sorted(int(v["name"]) for v in visits) == list(range(workers + 2)), (
        f"tasks {sorted(int(v['name']) for v in visits)} of {workers + 2} ran; every task "
        "must run once."
    )
    peak = peak_overlap(visits)
    assert peak >= workers, (
        f"with workers={workers}, at most {peak} task(s) ran at the same time"
        + (" (no two tasks ran at the same time)" if peak == 1 else "")
        + f"; the first tasks waited {BARRIER_TIMEOUT:.0f} s for {workers} of them to be "
        "running at once. Keep `workers` worker processes busy: start that many before "
        "waiting, and start the next task as soon as one ends."
    )
    assert peak <= workers, (
        f"with workers={workers}, {peak} tasks ran at the same time (each task recorded its "
        "[start, end] inside its process's life). Start at most `workers` processes, and "
        "wait for one to end before starting another."
    )


@pytest.mark.parametrize("by_signal", [False, True], ids=["exit", "sigkill"])
def test_crashed_task_is_run_again(tmp_path, by_signal):
    tasks = [partial(write_task, str(tmp_path), 0),
             partial(crash_first_attempt, str(tmp_path), 1, os.getpid(), by_signal),
             partial(write_task, str(tmp_path), 2)]
    try:
        attempts = run_tasks(tasks, workers=2)
    finally:
        assert_not_in_parent(tmp_path)
    death = "was killed by SIGKILL (exitcode -9)" if by_signal else "died (os._exit(13))"
    assert 1 in done_records(tmp_path), (
        f"task 1's worker {death} on its first attempt and the task was never run again, "
        "so its result is lost. Check each process's exitcode after it ends and put the "
        "task back in the queue unless it is exactly 0 (a signal gives a negative code): "
        "this is how MapReduce survives machine failures."
    )
    assert list(returned(attempts, "run_tasks", "a list of attempts")) == [1, 2, 1], (
        f"run_tasks returned attempts {attempts!r}; expected [1, 2, 1]: task 1 crashed once "
        "and succeeded on its second attempt."
    )


def test_raising_task_is_run_again(tmp_path):
    tasks = [partial(raise_first_attempt, str(tmp_path), 0, os.getpid()),
             partial(write_task, str(tmp_path), 1)]
    try:
        attempts = run_tasks(tasks, workers=2)
    except ValueError as error:
        raise AssertionError(
            f"run_tasks let the task's exception out ({error}). A task that raises is a "
            "failed attempt like a crash: its process exits with a non-zero exitcode, so "
            "run the task again."
        ) from None
    finally:
        assert_not_in_parent(tmp_path)
    attempts = returned(attempts, "run_tasks", "a list of attempts")
    assert list(attempts) == [2, 1] and 0 in done_records(tmp_path), (
        f"run_tasks returned attempts {attempts!r}; expected [2, 1]: task 0 raised on its "
        "first attempt (its process exited with code 1) and must be run again."
    )


def test_each_task_has_its_own_attempts(tmp_path):
    tasks = [*(partial(crash_first_attempt, str(tmp_path), i, os.getpid()) for i in range(3)),
             partial(write_task, str(tmp_path), 3)]
    try:
        attempts = run_tasks(tasks, workers=2, max_attempts=2)
    except NotImplementedError:
        raise
    except RuntimeError as error:
        assert_not_in_parent(tmp_path)
        raise AssertionError(
            f"run_tasks raised RuntimeError ({error}) although tasks 0, 1 and 2 each crashed "
            "only once and max_attempts=2 allows each task two attempts. Count the attempts "
            "per task (attempts[index] < max_attempts), not one failure budget shared by all "
            "tasks: a big job has many failures in all, but each task may fail only "
            "max_attempts - 1 times."
        ) from None
    finally:
        assert_not_in_parent(tmp_path)
    attempts = returned(attempts, "run_tasks", "a list of attempts")
    assert list(attempts) == [2, 2, 2, 1] and sorted(done_records(tmp_path)) == [0, 1, 2, 3], (
        f"run_tasks returned attempts {attempts!r}; expected [2, 2, 2, 1]: tasks 0, 1 and 2 "
        "each crashed on their first attempt and succeeded on their second, task 3 never "
        "crashed."
    )


@pytest.mark.parametrize("max_attempts", [2, 4])
def test_gives_up_after_max_attempts(tmp_path, max_attempts):
    tasks = [partial(write_task, str(tmp_path), 0),
             partial(always_crash, str(tmp_path), 1, os.getpid())]
    raised = False
    try:
        attempts = run_tasks(tasks, workers=2, max_attempts=max_attempts)
    except NotImplementedError:  # a subclass of RuntimeError: the stub, still todo
        raise
    except RuntimeError:
        raised = True
    finally:
        assert_not_in_parent(tmp_path)
    tries = count_attempts(tmp_path, 1)
    assert raised, (
        f"run_tasks returned {attempts!r} although task 1 dies on every attempt; after "
        "max_attempts failures it must raise RuntimeError naming the task."
    )
    assert tries == max_attempts, (
        f"the always-crashing task was started {tries} times; with "
        f"max_attempts={max_attempts} it should be started exactly {max_attempts} times "
        "before run_tasks gives up."
    )


def test_giving_up_stops_the_other_workers(tmp_path):
    folder = str(tmp_path)
    tasks = [partial(slow_task, folder, 0, os.getpid()),
             partial(always_crash, folder, 1, os.getpid(), after_long_task=True),
             *(partial(write_task, folder, i) for i in range(2, 5))]
    try:
        run_tasks(tasks, workers=2, max_attempts=2)
    except NotImplementedError:
        raise
    except RuntimeError:
        pass
    else:
        raise AssertionError("run_tasks returned although task 1 dies on every attempt; it "
                             "must raise RuntimeError after max_attempts failures.")
    finally:
        assert_not_in_parent(tmp_path)
    alive = [pid for pid in started_pids(folder) if is_running(pid)]
    stop_leftovers(alive)
    assert not alive, (
        "run_tasks raised, but the worker of task 0 (a long task) was still running. When "
        "you give up, kill() and join() every worker that is still running."
    )
