"""The grading plugin on a throwaway repository: verdicts, budgets, --impl in worker
processes, collection errors and the results record."""

from __future__ import annotations

import textwrap
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest

from graders.capabilities import Missing
from graders.fresh import Run, grade
from graders.manifest import Kata
from graders.verdicts import (
    Judgement,
    KataStatus,
    KataTimeout,
    NotGradable,
    Verdict,
    judge_collection,
    judge_phase,
    judge_problems,
    kata_status,
)

MANIFEST = """
[topic]
title = "Demo"
{katas}
"""
KATA = """
[[katas]]
name = "{name}"
title = "{name}"
functions = ["{function}"]
points = {points}
budget = {budget}
hints = ["a nudge", "the API"]
"""

VERDICTS_KATA = '''
import os
import time

def answer(kind):
    if kind == "todo":
        raise NotImplementedError("TODO: answer (kata demo_verdicts)")
    if kind == "error":
        return len(5)
    return 42

def module_file():
    return __file__
'''

VERDICTS_TESTS = '''
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest

from graders.capabilities import Missing
from graders.manifest import Kata
from graders.fresh import Run, grade
from graders.verdicts import (
    Judgement,
    KataStatus,
    KataTimeout,
    NotGradable,
    Verdict,
    judge_collection,
    judge_phase,
    judge_problems,
    kata_status,
)
from demo_verdicts import answer, module_file

from graders import not_gradable

def test_pass():
    assert answer("pass") == 42

def test_fail():
    assert answer("pass") == 41, "answer gave 42; expected 41. Try subtracting one."

def test_todo():
    answer("todo")

def test_error():
    answer("error")

def test_not_gradable():
    not_gradable("no quantum computer here", "buy one")

@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_workers_import_the_implementation_under_test(method):
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        assert pool.submit(module_file).result() == module_file()
'''

SLEEPER_KATA = '''
import multiprocessing
import threading
import time

def sleep_in_workers(seconds):
    never = threading.Lock()
    never.acquire()
    threading.Thread(target=never.acquire, name="stuck-forever").start()
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(time.sleep, [seconds, seconds])
'''

SLEEPER_TESTS = '''
from demo_sleeper import sleep_in_workers

def test_sleeps_too_long():
    sleep_in_workers(600)
'''

SWALLOW_KATA = '''
import time

def swallow():
    while True:
        try:
            time.sleep(10)
        except BaseException:
            pass
'''

SWALLOW_TESTS = '''
from demo_swallow import swallow

def test_swallows_the_timeout():
    swallow()
'''


def build_repository(root: Path, katas: dict[str, tuple[str, str, str, int, float]]) -> Path:
    """katas: name -> (function, kata source, test source, points, budget)."""
    topic = root / "exercises" / "01_demo"
    topic.mkdir(parents=True)
    (root / "impl" / "01_demo").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\naddopts = "--import-mode=importlib -p no:cacheprovider"\n'
    )
    entries = ""
    for name, (function, source, tests, points, budget) in katas.items():
        entries += KATA.format(name=name, function=function, points=points, budget=budget)
        (root / "impl" / "01_demo" / f"{name}.py").write_text(textwrap.dedent(source))
        (topic / f"test_{name}.py").write_text(textwrap.dedent(tests))
    (topic / "kata.toml").write_text(MANIFEST.format(katas=entries))
    (topic / "README.md").write_text("# Demo\n")
    return root


def run(root: Path, marker: str, timeout: float = 600) -> tuple[dict, Run, float]:
    started = time.monotonic()
    graded = grade(root, ("exercises",), root / "impl", env={"KATA_TEST_MARKER": marker},
                       timeout=timeout)
    assert graded.record is not None, graded.output
    return graded.record, graded, time.monotonic() - started


def by_name(record: dict) -> dict[str, dict]:
    return {t["name"]: t for t in record["tests"]}


def test_each_ending_gets_its_verdict_and_message(tmp_path):
    root = build_repository(tmp_path, {
        "demo_verdicts": ("answer", VERDICTS_KATA, VERDICTS_TESTS, 8, 30),
        "demo_broken": ("broken", "def broken(:\n    pass\n", "from demo_broken import broken\n"
                        "def test_x():\n    broken()\n", 2, 10),
    })
    record, completed, _ = run(root, uuid.uuid4().hex)
    tests = by_name(record)
    assert tests["test_pass"]["verdict"] == "passed"
    assert tests["test_fail"]["verdict"] == "failed"
    assert tests["test_fail"]["message"] == "answer gave 42; expected 41. Try subtracting one."
    assert tests["test_todo"]["verdict"] == "todo"
    assert "TODO: answer" in tests["test_todo"]["message"]
    assert tests["test_error"]["verdict"] == "error"
    assert "TypeError" in tests["test_error"]["message"]
    assert "demo_verdicts.py, line" in tests["test_error"]["message"]
    assert tests["test_not_gradable"]["verdict"] == "not-gradable"
    assert "buy one" in tests["test_not_gradable"]["message"]
    assert tests["test_not_gradable"]["fix"] == "buy one", "the record holds the fix apart"
    for method in ("spawn", "forkserver"):
        name = f"test_workers_import_the_implementation_under_test[{method}]"
        assert tests[name]["verdict"] == "passed", tests[name]["message"]
    broken = tests["<import>"]
    assert broken["kata"] == "demo_broken" and broken["verdict"] == "error"
    assert "could not be imported" in broken["message"] and broken["max_points"] == 2
    assert completed.exit_code == 1
    assert "Traceback" not in completed.output, "verdicts must not print traceback walls"
    # Points: 8 over 7 tests, not-gradable excluded from the possible points.
    assert record["totals"]["not_gradable_points"] == pytest.approx(8 / 7, abs=0.01)
    assert record["totals"]["points"] == pytest.approx(3 * 8 / 7, abs=0.01)
    environment = record["environment"]
    for key in ("python", "build", "gil_enabled", "usable_cores", "start_method", "java", "gpu"):
        assert key in environment
    assert "total:" in completed.output and "demo_verdicts" in completed.output


def test_a_test_past_its_budget_times_out_and_leaves_nothing_behind(tmp_path,
                                                                  leftover_processes):
    marker = uuid.uuid4().hex
    root = build_repository(tmp_path, {
        "demo_sleeper": ("sleep_in_workers", SLEEPER_KATA, SLEEPER_TESTS, 1, 2),
    })
    record, completed, _ = run(root, marker)
    test = by_name(record)["test_sleeps_too_long"]
    assert test["verdict"] == "timeout", test
    assert test["duration"] <= 2 + 5, f"the timeout took {test['duration']} s"
    assert "time budget of 2 s" in test["message"]
    assert "thread stuck-forever" in test["message"], "the stacks of every thread"
    assert "processes" in test["message"] or "process(es)" in test["message"]
    assert completed.exit_code == 1
    time.sleep(0.5)
    assert leftover_processes(marker) == []


def test_a_swallowed_timeout_still_ends_the_test_and_keeps_the_record(tmp_path,
                                                                     leftover_processes):
    marker = uuid.uuid4().hex
    root = build_repository(tmp_path, {
        "demo_swallow": ("swallow", SWALLOW_KATA, SWALLOW_TESTS, 1, 1),
    })
    # A swallowed timeout that was never ended would hang the run past run()'s timeout
    # (a guard against a hang, wide enough for two interpreters on a machine at load 60).
    record, completed, _ = run(root, marker)
    test = by_name(record)["test_swallows_the_timeout"]
    assert test["verdict"] == "timeout", test
    assert "time budget of 1 s" in test["message"], test["message"]
    assert completed.exit_code != 0
    assert leftover_processes(marker) == []


# --- the verdict rules, in this process ------------------------------------------------------


def raised(error: BaseException) -> BaseException:
    """`error` with a traceback, as a test would have raised it."""
    try:
        raise error
    except BaseException as caught:  # noqa: BLE001 (any ending is data here)
        return caught


@pytest.mark.parametrize(("when", "passed", "error", "verdict", "words"), [
    ("call", True, None, Verdict.PASSED, ""),
    ("call", False, AssertionError("saw 1; expected 2\nassert 1 == 2"), Verdict.FAILED,
     "saw 1; expected 2"),
    ("call", False, NotImplementedError("TODO: f (kata k)"), Verdict.TODO, "TODO: f (kata k)"),
    ("call", False, KataTimeout("ran past its time budget"), Verdict.TIMEOUT, "time budget"),
    ("call", False, SystemExit(3), Verdict.ERROR, "sys.exit(3)"),
    ("call", False, TypeError("bad"), Verdict.ERROR, "TypeError: bad"),
    ("setup", False, AssertionError("fixture check"), Verdict.ERROR, "during setup: fixture"),
    ("setup", False, NotGradable("no GPU", "buy one"), Verdict.NOT_GRADABLE, "no GPU"),
])
def test_each_ending_of_a_phase_has_one_verdict(when, passed, error, verdict, words):
    judgement = judge_phase(when, passed, raised(error) if error else None)
    assert judgement.verdict == verdict and words in judgement.message, judgement


def test_a_setup_that_went_well_says_nothing_and_not_gradable_keeps_its_fix():
    assert judge_phase("setup", True, None) is None
    judgement = judge_phase("call", False, raised(NotGradable("no GPU", "buy one")))
    assert judgement == Judgement(Verdict.NOT_GRADABLE, "no GPU; to fix: buy one", "buy one")


def test_a_broken_limit_turns_a_pass_into_a_failure_and_is_added_to_other_verdicts():
    problems = ["left 2 process(es)", "printed 3 MB"]
    assert judge_problems(Judgement(Verdict.PASSED, ""), problems) == Judgement(
        Verdict.FAILED, "left 2 process(es); printed 3 MB")
    todo = judge_problems(Judgement(Verdict.TODO, "TODO: f"), problems)
    assert todo.verdict == Verdict.TODO and todo.message.endswith("(also: left 2 process(es); "
                                                                   "printed 3 MB)")
    assert judge_problems(Judgement(Verdict.PASSED, ""), []) == Judgement(Verdict.PASSED, "")


def test_a_kata_status_sums_up_its_verdicts():
    assert kata_status(Counter([Verdict.PASSED, Verdict.NOT_GRADABLE])) == KataStatus.PASSED
    assert kata_status(Counter([Verdict.TODO, Verdict.TODO])) == KataStatus.TODO
    assert kata_status(Counter([Verdict.PASSED, Verdict.TODO])) == KataStatus.FAILING
    assert kata_status(Counter([Verdict.NOT_GRADABLE])) == KataStatus.NOT_GRADABLE


def test_a_test_file_that_cannot_load_says_why_in_one_line():
    kata = Kata("demo", "01_demo", "Demo", ("answer",), 1, 5.0, ("a", "b"))
    missing = judge_collection(kata, "E   ModuleNotFoundError: No module named 'demo'", None)
    assert missing == Judgement(Verdict.ERROR, "demo.py was not found in the implementation "
                                               "under test; it must define answer")
    absent = judge_collection(kata, "E   ImportError: cannot import name 'answer' from 'demo'",
                              None)
    assert absent.message == "demo.py has no `answer`; the kata asks for answer"
    need = Missing("module:ray", "the package `ray`", "pip install ray")
    unmet = judge_collection(kata, "E   ModuleNotFoundError: No module named 'ray'", need)
    assert unmet == Judgement(Verdict.NOT_GRADABLE, "needs the package `ray`; to fix: pip "
                                                    "install ray", "pip install ray")
