"""An engine that cannot start is the machine's problem, not the student's.

The engines really fail to start here (no mocks): Ray is given a temporary folder that
cannot exist, dask a scheduler address it cannot use. Every test that needs the
engine must end as not-gradable, naming the reason and the fix, and none as an error;
tests that need no engine are still graded.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from graders.support.engines import start_or_not_gradable
from graders.verdicts import NotGradable

ENGINE_FAILURES = {
    "07_ray": ({"RAY_TMPDIR": "/dev/null/ray"}, "Ray did not start"),
    "06_dask": ({"DASK_SCHEDULER_ADDRESS": "nosuch://127.0.0.1:8786"}, "dask did not start"),
}


def check_engine_failure(topic: str, grade_katas) -> None:
    env, reason = ENGINE_FAILURES[topic]
    record = grade_katas([f"exercises/{topic}"], "solutions", env=env)
    seen = [(t["name"], t["verdict"], t["message"][:300]) for t in record["tests"]]
    not_gradable = [name for name, verdict, message in seen if verdict == "not-gradable"
                    and reason in message and "; to fix: " in message]
    assert not_gradable, f"no test said that the engine did not start: {seen}"
    wrong = [t for t in seen if t[1] != "passed" and t[0] not in not_gradable]
    assert not wrong, f"every test must pass or say the engine did not start: {wrong}"


def test_ray_start_failure_ends_ray_tests_as_not_gradable(grade_katas):
    check_engine_failure("07_ray", grade_katas)


def test_dask_start_failure_ends_cluster_tests_as_not_gradable(grade_katas):
    check_engine_failure("06_dask", grade_katas)


def test_a_failed_start_leaves_nothing_running():
    """Each attempt starts a real process and then fails, as Ray does when its raylet dies
    and its GCS server lives on; both processes must be gone when the test is not gradable."""
    started: list[subprocess.Popen] = []

    def start(attempt: int) -> None:
        started.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]))
        raise RuntimeError("The current node timed out during startup.")

    with pytest.raises(NotGradable, match="tried twice"):
        start_or_not_gradable("Engine", start, lambda: None, "rerun")
    running = [p.pid for p in started if p.poll() is None]  # each sleeps for 60 s unless killed
    assert not running, f"a failed start left its process running: {running}"


def test_a_compute_inside_a_kata_is_not_blamed_for_dask_threads(grade_katas, variant, tmp_path):
    """dask's threaded scheduler keeps its threads after a `.compute()` in a kata: they are
    the engine's, so the verdict must not say the kata left threads running."""
    computes_while_building = {
        "topic": "06_dask", "kata": "dask_delayed", "name": "computes_while_building",
        "replace": [["return dask.delayed(sum)(parts)",
                     "return dask.delayed(dask.delayed(sum)(parts).compute())"]],
    }
    variant(computes_while_building, tmp_path, tmp_path / "impl")
    record = grade_katas(["exercises/06_dask/test_dask_delayed.py"], tmp_path / "impl")
    messages = [t["message"] for t in record["tests"]]
    assert any("while building the graph" in m for m in messages), messages
    assert not any("thread(s) still running" in m for m in messages), messages
