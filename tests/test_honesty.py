"""Every kata test is honest: todo on the stubs, passed on the solutions (three runs, random
order). A test that passes on a stub hands out free points; one that fails on the reference
solution cannot be passed by anyone."""

from __future__ import annotations

from pathlib import Path

import pytest

from graders.manifest import load_topics

REPOSITORY = Path(__file__).resolve().parents[1]
TOPICS = [t for t in load_topics(REPOSITORY) if t.katas]
RUNS = 3


def uses_timing(topic) -> bool:
    """Topics with wall-clock tests are graded alone, even under pytest-xdist."""
    return any("mark.timing" in p.read_text() for p in topic.path.glob("test_*.py"))


def topic_params(topics, runs: int = 1):
    return [
        pytest.param(topic, run, id=f"{topic.name}-{run}",
                     marks=[pytest.mark.timing] if uses_timing(topic) else [])
        for topic in topics for run in range(runs)
    ]


def assert_every_kata_graded(topic, record: dict) -> None:
    graded = {t["kata"] for t in record["tests"]}
    missing = {k.name for k in topic.katas} - graded
    assert not missing, f"{topic.name}: no test result for {sorted(missing)}\n{record['output']}"


@pytest.mark.parametrize(("topic", "run"), topic_params([t for t in TOPICS if t.has_stubs]))
def test_every_test_is_todo_on_the_stubs(topic, run, grade_katas, not_gradable_allowed):
    record = grade_katas([f"exercises/{topic.name}"], "exercises")
    assert_every_kata_graded(topic, record)
    wrong = [(t["name"], t["verdict"], t["message"][:200]) for t in record["tests"]
             if t["verdict"] != "todo" and not (t["verdict"] == "not-gradable"
                                                 and not_gradable_allowed(t))]
    assert not wrong, f"{topic.name}: tests that are not todo on the stubs: {wrong}"
    assert record["exit_code"] != 0, "grading the stubs must exit non-zero"
    assert record["totals"]["points"] == 0


@pytest.mark.parametrize(("topic", "run"), topic_params(TOPICS, RUNS))
def test_every_test_passes_on_the_solutions(topic, run, grade_katas, not_gradable_allowed):
    record = grade_katas([f"exercises/{topic.name}"], "solutions", "--random-order")
    assert_every_kata_graded(topic, record)
    wrong = [(t["name"], t["verdict"], t["message"][:300]) for t in record["tests"]
             if t["verdict"] != "passed" and not (t["verdict"] == "not-gradable"
                                                   and not_gradable_allowed(t))]
    assert not wrong, f"{topic.name} run {run}: tests not passing on the solutions: {wrong}"
    assert record["exit_code"] == 0, record["output"]
