"""Every kata test is honest: todo on the stubs, passed on the solutions (three runs, random
order). A test that passes on a stub hands out free points; one that fails on the reference
solution cannot be passed by anyone.

Each topic is graded whole; with `--kata NAME` only that kata's test file is (see
CONTRIBUTING: one kata proved in about a minute)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from graders.manifest import Kata, Topic, load_topics

REPOSITORY = Path(__file__).resolve().parents[1]
TOPICS = [t for t in load_topics(REPOSITORY) if t.katas]
RUNS = 3


@dataclass(frozen=True)
class Target:
    """What one honesty run grades: a whole topic, or one kata of it."""

    topic: Topic
    katas: tuple[Kata, ...]
    paths: tuple[Path, ...]

    @property
    def timing(self) -> bool:
        """Wall-clock tests are graded alone, even under pytest-xdist."""
        files = [p for path in self.paths for p in (path.glob("test_*.py") if path.is_dir()
                                                       else [path])]
        return any("mark.timing" in p.read_text(encoding="utf-8") for p in files)


def targets(topics: list[Topic], only: str | None) -> list[Target]:
    if only is None:
        return [Target(t, t.katas, (t.path,)) for t in topics]
    return [Target(t, (k,), (k.test_path(REPOSITORY),))
            for t in topics for k in t.katas if k.name == only]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    on_stubs = metafunc.function.__name__ == "test_every_test_is_todo_on_the_stubs"
    topics = [t for t in TOPICS if t.has_stubs] if on_stubs else TOPICS
    only = metafunc.config.getoption("kata")
    params = [pytest.param(target, run, marks=[pytest.mark.timing] if target.timing else [],
                           id="-".join([target.topic.name, *([only] if only else []),
                                        str(run)]))
              for target in targets(topics, only) for run in range(1 if on_stubs else RUNS)]
    metafunc.parametrize(("target", "run"), params)


def assert_every_kata_graded(target: Target, record: dict) -> None:
    graded = {t["kata"] for t in record["tests"]}
    missing = {k.name for k in target.katas} - graded
    assert not missing, (f"{target.topic.name}: no test result for {sorted(missing)}\n"
                         f"{record['output']}")


def test_every_test_is_todo_on_the_stubs(target, run, grade_katas, not_gradable_allowed):
    record = grade_katas([str(p) for p in target.paths], "exercises", in_process=True)
    assert_every_kata_graded(target, record)
    wrong = [(t["name"], t["verdict"], t["message"][:200]) for t in record["tests"]
             if t["verdict"] != "todo" and not (t["verdict"] == "not-gradable"
                                                 and not_gradable_allowed(t))]
    assert not wrong, f"{target.topic.name}: tests that are not todo on the stubs: {wrong}"
    assert record["exit_code"] != 0, "grading the stubs must exit non-zero"
    assert record["totals"]["points"] == 0


def test_every_test_passes_on_the_solutions(target, run, grade_katas, not_gradable_allowed):
    record = grade_katas([str(p) for p in target.paths], "solutions", "--random-order",
                         in_process=True)
    assert_every_kata_graded(target, record)
    wrong = [(t["name"], t["verdict"], t["message"][:300]) for t in record["tests"]
             if t["verdict"] != "passed" and not (t["verdict"] == "not-gradable"
                                                   and not_gradable_allowed(t))]
    assert not wrong, (f"{target.topic.name} run {run}: tests not passing on the solutions: "
                       f"{wrong}")
    assert record["exit_code"] == 0, record["output"]
