"""The grading plugin on a throwaway repository: verdicts, budgets, --impl in worker
processes, collection errors and the results record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

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


def run(root: Path, marker: str, timeout: float = 120
        ) -> tuple[dict, subprocess.CompletedProcess, float]:
    results = root / "results.json"
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "exercises", f"--impl={root / 'impl'}",
         f"--results={results}"],
        cwd=root, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "KATA_TEST_MARKER": marker},
    )
    return json.loads(results.read_text()), completed, time.monotonic() - started


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
    for method in ("spawn", "forkserver"):
        name = f"test_workers_import_the_implementation_under_test[{method}]"
        assert tests[name]["verdict"] == "passed", tests[name]["message"]
    broken = tests["<import>"]
    assert broken["kata"] == "demo_broken" and broken["verdict"] == "error"
    assert "could not be imported" in broken["message"] and broken["max_points"] == 2
    assert completed.returncode == 1
    assert "Traceback" not in completed.stdout, "verdicts must not print traceback walls"
    # Points: 8 over 7 tests, not-gradable excluded from the possible points.
    assert record["totals"]["not_gradable_points"] == pytest.approx(8 / 7, abs=0.01)
    assert record["totals"]["points"] == pytest.approx(3 * 8 / 7, abs=0.01)
    environment = record["environment"]
    for key in ("python", "build", "gil_enabled", "usable_cores", "start_method", "java", "gpu"):
        assert key in environment
    assert "total:" in completed.stdout and "demo_verdicts" in completed.stdout


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
    assert completed.returncode == 1
    time.sleep(0.5)
    assert leftover_processes(marker) == []


def test_a_swallowed_timeout_still_ends_the_test_and_keeps_the_record(tmp_path,
                                                                     leftover_processes):
    marker = uuid.uuid4().hex
    root = build_repository(tmp_path, {
        "demo_swallow": ("swallow", SWALLOW_KATA, SWALLOW_TESTS, 1, 1),
    })
    record, completed, elapsed = run(root, marker)
    test = by_name(record)["test_swallows_the_timeout"]
    assert test["verdict"] == "timeout"
    assert completed.returncode != 0
    assert elapsed < 30
    assert leftover_processes(marker) == []
