"""The GitHub Classroom payloads and the generated workflow, checked against the reporter's
expectations (classroom-resources/autograding-grading-reporter): base64 JSON per runner,
runner ids of letters and digits, `<ID>_RESULTS` variables, scores against `max_score`."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from graders import classroom
from graders.fresh import grade
from graders.instructor.workflow import (
    WORKFLOW,
    step_id,
    topics_with_points,
    workflow_text,
)
from graders.manifest import load_topics

REPOSITORY = Path(__file__).resolve().parents[1]
TOPIC = "01_functional"
RUNNER_FIELDS = {"version", "status", "max_score", "tests"}
TEST_FIELDS = {"name", "status", "score", "message", "line_no", "duration"}


def topic():
    return next(t for t in load_topics(REPOSITORY) if t.name == TOPIC)


def decode(encoded: str) -> dict:
    return json.loads(base64.b64decode(encoded).decode("utf-8"))


@pytest.fixture(scope="module")
def records() -> dict[str, dict]:
    return {impl: grade(REPOSITORY, (f"exercises/{TOPIC}",), impl, timeout=600).record
            for impl in ("solutions", "exercises")}


def kata_payloads(record: dict) -> dict[str, dict]:
    return {classroom.runner_id(kata.name): decode(classroom.payload(
        record, TOPIC, kata.name, REPOSITORY)) for kata in topic().katas}


def check_shape(document: dict) -> None:
    assert set(document) == RUNNER_FIELDS, document.keys()
    assert document["version"] == 1
    assert document["status"] in ("pass", "fail", "error")
    assert document["tests"], "the reporter needs at least one test per runner"
    for test in document["tests"]:
        assert set(test) >= TEST_FIELDS, test
        assert test["status"] in ("pass", "fail", "error")
        assert isinstance(test["score"], int | float)


def test_solutions_earn_every_point_of_the_manifest(records):
    payloads = kata_payloads(records["solutions"])
    for runner, document in payloads.items():
        check_shape(document)
        assert re.fullmatch(r"[A-Za-z0-9]+", runner)
        assert document["status"] == "pass"
        assert sum(t["score"] for t in document["tests"]) == pytest.approx(document["max_score"])
    total = sum(sum(t["score"] for t in d["tests"]) for d in payloads.values())
    assert total == pytest.approx(topic().points)
    for kata in topic().katas:
        assert payloads[classroom.runner_id(kata.name)]["max_score"] == pytest.approx(kata.points)


def test_stubs_earn_nothing_and_say_todo_with_a_hint(records):
    payloads = kata_payloads(records["exercises"])
    assert sum(d["max_score"] for d in payloads.values()) == pytest.approx(topic().points)
    for kata in topic().katas:
        document = payloads[classroom.runner_id(kata.name)]
        check_shape(document)
        assert document["status"] == "fail"
        for test in document["tests"]:
            assert test["score"] == 0 and test["status"] == "fail"
            assert test["message"].startswith("todo: ") and kata.hints[0] in test["message"]
            assert test["line_no"] and test["test_code"].startswith("pytest ")


def test_the_whole_topic_payload_adds_up(records):
    for impl, expected in (("solutions", topic().points), ("exercises", 0)):
        document = decode(classroom.payload(records[impl], TOPIC))
        check_shape(document)
        assert document["max_score"] == pytest.approx(topic().points)
        assert sum(t["score"] for t in document["tests"]) == pytest.approx(expected)
        assert len(document["tests"]) == len(records[impl]["tests"])


def test_failed_tests_carry_the_teaching_message_and_not_gradable_costs_nothing(records):
    record = json.loads(json.dumps(records["solutions"]))
    tests = [t for t in record["tests"] if t["kata"] == "map_filter_reduce"]
    tests[1].update(verdict="failed", points=0.0, message="big_cities returned []; try `>`.")
    tests[2].update(verdict="not-gradable", points=0.0, message="no GPU; to fix: buy one")
    record["tests"] = [t for t in record["tests"] if t["kata"] != "higher_order"]
    document = decode(classroom.payload(record, TOPIC, "map_filter_reduce", REPOSITORY))
    graded = sum(t["max_points"] for t in tests if t["verdict"] != "not-gradable")
    assert document["status"] == "fail" and document["max_score"] == pytest.approx(graded)
    assert [t["status"] for t in document["tests"]][:2] == ["pass", "fail"]
    assert document["tests"][1]["message"] == "big_cities returned []; try `>`."
    skipped = decode(classroom.encode(classroom.not_gradable_document(record, topic())))
    assert skipped["max_score"] == 0 and skipped["status"] == "pass"
    assert [t["score"] for t in skipped["tests"]] == [0]
    assert skipped["tests"][0]["name"].startswith("not gradable here: map_filter_reduce::")
    assert "no GPU" in skipped["tests"][0]["message"]
    missing = decode(classroom.payload(record, TOPIC, "higher_order", REPOSITORY))
    assert missing["status"] == "error"
    assert missing["max_score"] == topic().kata("higher_order").points


def test_outputs_command_writes_one_line_per_runner(records, tmp_path):
    results = tmp_path / "record.json"
    results.write_text(json.dumps(records["solutions"]))
    command = [sys.executable, "-m", "graders.classroom", "outputs", "--results", str(results),
               "--topic", TOPIC]
    out = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, check=True)
    lines = dict(line.split("=", 1) for line in out.stdout.splitlines())
    assert list(lines) == classroom.runners(topic())
    assert decode(lines[classroom.not_gradable_runner(topic())])["max_score"] == 0


@pytest.mark.parametrize("target", ["1", "01", "functional"])
def test_outputs_accepts_every_name_of_a_topic(records, tmp_path, target):
    """`--topic` takes the names `kata check` takes (once a KeyError for `1`)."""
    results = tmp_path / "record.json"
    results.write_text(json.dumps(records["solutions"]))
    command = [sys.executable, "-m", "graders.classroom", "outputs", "--results", str(results),
               "--topic", target]
    out = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert [line.split("=", 1)[0] for line in out.stdout.splitlines()] == (
        classroom.runners(topic()))


def test_outputs_for_an_unknown_topic_is_a_usage_error(tmp_path):
    command = [sys.executable, "-m", "graders.classroom", "outputs", "--results",
               str(tmp_path / "none.json"), "--topic", "77"]
    out = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True)
    assert out.returncode == 2 and "no topic named '77'" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr


def test_committed_workflow_is_the_generated_one():
    committed = (REPOSITORY / WORKFLOW).read_text(encoding="utf-8")
    assert committed == workflow_text(REPOSITORY), (
        "classroom.yml is out of date: run `kata workflow`")


def test_workflow_validates_against_the_github_schema():
    tool = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert tool, "check-jsonschema is missing: pip install -e '.[dev]'"
    command = [tool, "--builtin-schema", "vendor.github-workflows",
               str(REPOSITORY / WORKFLOW)]
    completed = subprocess.run(command, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_workflow_wires_every_runner_to_its_step_output():
    workflow = yaml.safe_load((REPOSITORY / WORKFLOW).read_text(encoding="utf-8"))
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert uses[:3] == ["actions/checkout@v4", "actions/setup-python@v5",
                        "actions/setup-java@v4"]
    assert steps[1]["with"]["python-version"] == "3.11"
    assert steps[2]["with"]["java-version"] == "17"
    assert steps[3]["run"] == "pip install -e '.[all]'"
    reporter = steps[-1]
    assert reporter["uses"] == "classroom-resources/autograding-grading-reporter@v1"
    runners = reporter["with"]["runners"].split(",")
    assert re.fullmatch(r"([a-zA-Z0-9]+,)*[a-zA-Z0-9]+", reporter["with"]["runners"])
    expected_env = {}
    for topic_ in topics_with_points(REPOSITORY):
        step = next(s for s in steps if s.get("id") == step_id(topic_))
        assert f"classroom grade --topic {topic_.name} " in step["run"]  # sealed
        assert "$GITHUB_OUTPUT" in step["run"]
        for runner in classroom.runners(topic_):
            expected_env[f"{runner.upper()}_RESULTS"] = (
                f"${{{{ steps.{step['id']}.outputs.{runner} }}}}")
    assert reporter["env"] == expected_env
    assert [f"{r.upper()}_RESULTS" for r in runners] == list(expected_env)
