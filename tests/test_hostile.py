"""Hostile and broken submissions: every one gets a clear verdict, nothing hangs, nothing is
lost, nothing is left running, and no points are awarded for the bad part.

Each case (tests/hostile/cases.toml) is a full, correct 01_functional submission with one
module made hostile, graded in a separate pytest run like a student's submission.
"""

from __future__ import annotations

import re
import shutil
import time
import tomllib
import uuid
from pathlib import Path

import pytest

from graders.manifest import load_topic

REPOSITORY = Path(__file__).resolve().parents[1]
HOSTILE = REPOSITORY / "tests" / "hostile"
TOPIC = load_topic(REPOSITORY / "exercises" / "01_functional")
CASES = tomllib.loads((HOSTILE / "cases.toml").read_text())["cases"]
MARGIN = 6.0  # seconds past the kata's budget a stopped test may take


def submission(case: dict, root: Path) -> Path:
    """A copy of the reference solutions with the case's module made hostile."""
    topic = root / TOPIC.name
    shutil.copytree(REPOSITORY / "solutions" / TOPIC.name, topic)
    module = topic / f"{case['kata']}.py"
    hostile = (HOSTILE / f"{case['name']}.py").read_text()
    module.write_text(hostile if case.get("replace_module") else
                      module.read_text() + "\n\n" + hostile)
    return root


def check_case(case: dict, record: dict, scratch: Path, leftovers: list) -> None:
    tests = record["tests"]
    rejected = [t for t in tests if t["name"] in case["rejected"] and t["kata"] == case["kata"]]
    assert rejected, f"{case['name']}: no verdict for {case['rejected']}\n{record['output']}"
    for test in rejected:
        assert test["verdict"] == case["verdict"], (
            f"{case['name']}: {test['verdict']} after {test['duration']:.1f} s, expected "
            f"{case['verdict']}: {test['message'][:1500]}")
        assert case["message"] in test["message"], (case["name"], test["message"][:500])
        assert test["points"] == 0, f"{case['name']}: points awarded for {test['name']}"
        budget = TOPIC.kata(case["kata"]).budget
        assert test["duration"] <= budget + MARGIN, (case["name"], test["duration"])
    others = [t for t in tests if t["kata"] != case["kata"]]
    assert len({t["kata"] for t in others}) == len(TOPIC.katas) - 1, (
        f"{case['name']}: some other katas were not graded\n{record['output']}"
    )
    wrong = [(t["name"], t["verdict"]) for t in others if t["verdict"] != "passed"]
    assert not wrong, f"{case['name']}: other katas were not graded correctly: {wrong}"
    assert leftovers == [], f"{case['name']}: processes left behind"
    assert [p.name for p in scratch.iterdir() if not p.name.startswith("pytest-of-")] == [], (
        f"{case['name']}: temporary files left behind"
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_hostile_submission_gets_a_clear_verdict(case, tmp_path, grade_katas,
                                                 leftover_processes):
    impl = submission(case, tmp_path / "impl")
    marker, scratch = uuid.uuid4().hex, tmp_path / "tmp"
    scratch.mkdir()
    # Graded as a student runs it: kata tests in one pytest-xdist worker (the plugin's
    # default), so a test that kills its interpreter leaves the rest of the run graded.
    record = grade_katas([f"exercises/{TOPIC.name}"], impl,
                         env={"KATA_TEST_MARKER": marker, "TMPDIR": str(scratch)})
    assert record["exit_code"] not in (0, 5), record["output"]
    time.sleep(0.5)
    check_case(case, record, scratch, leftover_processes(marker))


def test_plain_pytest_survives_a_kata_that_kills_its_interpreter(tmp_path, grade_katas):
    """`pytest exercises/NN` with no options: the test whose kata calls os._exit(7) ends as
    an error that says how its process ended, and every kata is graded and in the table."""
    case = next(c for c in CASES if c["name"] == "os_exit_in_kata")
    impl = submission(case, tmp_path / "impl")
    record = grade_katas([f"exercises/{TOPIC.name}"], impl,
                         env={"KATA_TEST_MARKER": uuid.uuid4().hex})
    assert record["exit_code"] == 1, f"the run did not end as a graded run:\n{record['output']}"
    crashed = [t for t in record["tests"] if t["name"] in case["rejected"]]
    assert crashed and crashed[0]["verdict"] == "error", record["output"]
    assert "died before the test finished" in crashed[0]["message"], crashed[0]["message"]
    assert "exited with code 7" in crashed[0]["message"], crashed[0]["message"]
    table = record["output"].split("= points =")[-1]
    missing = [k.name for k in TOPIC.katas if f"  {k.name} " not in table]
    assert not missing, f"katas missing from the points table: {missing}\n{table}"
    assert {t["kata"] for t in record["tests"]} == {k.name for k in TOPIC.katas}


def test_memory_limit_stops_a_fast_allocator_near_the_limit(tmp_path, grade_katas):
    """A kata allocating gigabytes a second in long C calls is stopped near the 2 GiB limit,
    not gigabytes later (the memory check must not wait behind the scan of processes)."""
    case = next(c for c in CASES if c["name"] == "unbounded_memory")
    impl = submission(case, tmp_path / "impl")
    test_file = f"exercises/{TOPIC.name}/test_{case['kata']}.py"
    record = grade_katas([test_file], impl, env={"KATA_TEST_MARKER": uuid.uuid4().hex})
    stopped = [t for t in record["tests"] if t["name"] in case["rejected"]]
    assert stopped and stopped[0]["verdict"] == "error", record["output"]
    grown = re.search(r"memory grew by ([0-9.]+) GiB", stopped[0]["message"])
    assert grown and float(grown.group(1)) < 4, stopped[0]["message"]
