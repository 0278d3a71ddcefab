"""GitHub Classroom: the runner payloads and the generated `.github/workflows/classroom.yml`.

How the pieces fit (the reporter's rules are read from its source,
classroom-resources/autograding-grading-reporter):

- The workflow has one grading step per topic. It runs the topic's tests with the kata
  plugin and `--results`, then `python -m graders.classroom outputs` turns the record into
  one Classroom runner payload **per kata** and writes them to `$GITHUB_OUTPUT` as
  `<runner>=<payload>`. The reporter step reads each runner's payload from the environment
  variable `<RUNNER>_RESULTS` (the runner id upper-cased).
- One runner per kata, because the reporter's console table weights every test of a runner
  equally while the points it sends to Classroom are each test's `score` against the
  runner's `max_score`. Inside one kata every test is worth the same share of the kata's
  points (the plugin splits them equally), so the table and the points always agree.
- Points are per test (partial credit): a test's `score` is the record's `points`, and a
  runner's `max_score` is the sum of its tests' `max_points`.
- Not-gradable tests never cost points: they leave their kata's runner (so its `max_score`
  shrinks by their share) and are listed, with the reason and the fix, in the topic's own
  runner `notGradableHereNN`, whose `max_score` is 0 (the reporter ignores such runners when
  it adds up points). A runner that would have no tests gets one informational test worth 0,
  so the reporter never divides by zero.
- Runner ids are letters and digits only (the reporter checks its `runners` input against
  that pattern): the kata's name in camelCase.
- Topics worth 0 points (the machine self-check) are not graded in Classroom.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import sys
from pathlib import Path

from graders.manifest import Kata, Topic, find_topic, load_topics, require_repository
from graders.verdicts import LABEL, Verdict

PROGRAM = "python -m graders.classroom"
WORKFLOW = Path(".github/workflows/classroom.yml")
RESULTS_DIR = ".results"
PAYLOAD_VERSION = 1
MESSAGE_LIMIT = 3000
RUNNER_ID = re.compile(r"^[A-Za-z0-9]+$")
# the reporter's test status for each graded verdict
STATUS = {Verdict.PASSED: "pass", Verdict.FAILED: "fail", Verdict.TODO: "fail",
          Verdict.TIMEOUT: "fail", Verdict.ERROR: "error"}


# --- runner ids ----------------------------------------------------------------------------


def runner_id(kata: str) -> str:
    """The reporter's id for a kata's runner: the kata name in camelCase (`mapFilterReduce`)."""
    first, *rest = kata.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)


def not_gradable_runner(topic: Topic) -> str:
    """The reporter's id for a topic's not-gradable-here runner (`notGradableHere03`)."""
    return f"notGradableHere{topic.number}"


def graded_topics(repository: Path) -> list[Topic]:
    """The topics Classroom grades: those worth points."""
    return [topic for topic in load_topics(repository) if topic.points > 0]


def runners(topic: Topic) -> list[str]:
    """Every runner id of a topic, in manifest order, the not-gradable runner last."""
    ids = [runner_id(kata.name) for kata in topic.katas]
    return [*ids, not_gradable_runner(topic)]


# --- the payload ---------------------------------------------------------------------------


def encode(document: dict) -> str:
    """Base64 of the JSON document, as the reporter decodes it."""
    return base64.b64encode(json.dumps(document).encode("utf-8")).decode("ascii")


def _line_no(repository: Path | None, test: dict) -> int | None:
    if repository is None:
        return None
    path = repository / test["nodeid"].split("::")[0]
    function = test["name"].split("[")[0].split("::")[-1]
    pattern = re.compile(rf"^\s*(?:async\s+)?def\s+{re.escape(function)}\b")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return next((number for number, line in enumerate(lines, 1) if pattern.match(line)), None)


def _message(kata: Kata, test: dict) -> str:
    verdict, message = test["verdict"], test["message"] or ""
    if verdict == Verdict.PASSED:
        return ""
    if verdict == Verdict.TODO:
        message = f"todo: {message.removeprefix('TODO: ')}. Hint: {kata.hints[0]}"
    elif verdict == Verdict.NOT_GRADABLE:
        message = f"{LABEL[verdict]} (costs no points): {message}"
    elif verdict != Verdict.FAILED and not message.startswith(verdict):
        message = f"{verdict}: {message}"
    if len(message) > MESSAGE_LIMIT:
        message = message[:MESSAGE_LIMIT] + " [... cut; the full text is in the Actions log]"
    return message


def _test_entry(kata: Kata, test: dict, repository: Path | None) -> dict:
    graded = test["verdict"] != Verdict.NOT_GRADABLE
    prefix = "" if graded else f"{LABEL[Verdict.NOT_GRADABLE]}: "
    return {
        "name": f"{prefix}{kata.name}::{test['name']}",
        "status": STATUS.get(test["verdict"], "error") if graded else "pass",
        "score": test["points"] if graded else 0,
        "message": _message(kata, test),
        "test_code": f"pytest '{test['nodeid']}'",
        "filename": test["nodeid"].split("::")[0],
        "line_no": _line_no(repository, test),
        "duration": round(test["duration"] * 1000),
    }


def _status(entries: list[dict]) -> str:
    statuses = {entry["status"] for entry in entries}
    if "error" in statuses:
        return "error"
    return "fail" if "fail" in statuses else "pass"


def _document(entries: list[dict], max_score: float, note: str) -> dict:
    if not entries:
        entries = [{"name": note, "status": "pass", "score": 0, "message": "",
                    "test_code": "", "filename": "", "line_no": None, "duration": 0}]
    return {"version": PAYLOAD_VERSION, "status": _status(entries), "max_score": max_score,
            "tests": entries}


def _missing(kata: Kata) -> dict:
    test_file = kata.test_path(Path()).as_posix()
    message = (f"the grading run left no result for kata {kata.name}: it crashed or was "
               f"stopped; run `pytest {test_file}` to see why")
    entry = {"name": f"{kata.name}::<no result>", "status": "error", "score": 0,
             "message": message, "test_code": f"pytest {test_file}",
             "filename": test_file, "line_no": None, "duration": 0}
    return _document([entry], float(kata.points), "")


def kata_document(record: dict, kata: Kata, repository: Path | None = None) -> dict:
    """The runner document (not yet encoded) for one kata's tests in the record."""
    tests = [t for t in record.get("tests", []) if t["kata"] == kata.name]
    if not tests:
        return _missing(kata)
    graded = [t for t in tests if t["verdict"] != Verdict.NOT_GRADABLE]
    entries = [_test_entry(kata, t, repository) for t in graded]
    max_score = sum(t["max_points"] for t in graded)
    note = f"{kata.name}: every test was not gradable here (costs no points)"
    return _document(entries, max_score, note)


def not_gradable_document(record: dict, topic: Topic, repository: Path | None = None) -> dict:
    """The runner document listing the topic's not-gradable tests, worth 0 points."""
    katas = {kata.name: kata for kata in topic.katas}
    tests = [t for t in record.get("tests", [])
             if t["verdict"] == Verdict.NOT_GRADABLE and t["kata"] in katas]
    entries = [_test_entry(katas[t["kata"]], t, repository) for t in tests]
    return _document(entries, 0, f"{topic.name}: every test was gradable here")


def named_topic(repository: Path, target: str) -> Topic:
    """The topic `target` names (`3`, `03`, `03_multiprocessing`, `multiprocessing`)."""
    topic = find_topic(repository, target)
    if topic is None:
        raise ValueError(f"no topic named {target!r} (`kata list` shows them all)")
    return topic


def documents(record: dict, topic: Topic, repository: Path | None = None) -> dict[str, dict]:
    """Every runner document of a topic by runner id, in the order of `runners(topic)`."""
    out = {runner_id(kata.name): kata_document(record, kata, repository) for kata in topic.katas}
    out[not_gradable_runner(topic)] = not_gradable_document(record, topic, repository)
    return out


def payload(record: dict, topic: str, kata: str | None = None,
            repository: Path | None = None) -> str:
    """The Classroom runner payload (base64 JSON) for one kata of `topic`, or for the whole
    topic when `kata` is None (one runner holding every test; use it for a single-runner
    setup: the per-kata payloads of `outputs` keep the reporter's table exact).

    Per-test `score` is the record's points (partial credit); not-gradable tests are listed
    with status pass and score 0 and are left out of `max_score`.
    """
    repository = repository or require_repository(PROGRAM)
    found = named_topic(repository, topic)
    if kata is not None:
        return encode(kata_document(record, found.kata(kata), repository))
    parts = documents(record, found, repository).values()
    entries = [e for part in parts for e in part["tests"] if e["name"] and e["test_code"]]
    return encode(_document(entries, sum(part["max_score"] for part in parts), ""))


def output_lines(record: dict, topic: Topic, repository: Path | None = None) -> list[str]:
    """`<runner>=<payload>` lines for `$GITHUB_OUTPUT`, one per runner of the topic."""
    return [f"{runner}={encode(document)}"
            for runner, document in documents(record, topic, repository).items()]


# --- the workflow --------------------------------------------------------------------------

HEADER = """\
# Generated from exercises/*/kata.toml by `python -m graders.classroom workflow`; do not edit.
# One grading step per topic; one Classroom runner per kata (points per test, partial
# credit), plus one runner per topic that lists the tests not gradable on this machine.
name: Autograding Tests
'on': [push, repository_dispatch, workflow_dispatch]
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: {job_minutes}
    steps:
      - name: Check out the submission
        uses: actions/checkout@v4
      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Set up Java (Spark)
        uses: actions/setup-java@v4
        with:
          distribution: temurin
          java-version: "17"
      - name: Install the project
        run: pip install -e '.[all]'
"""

STEP = """\
      - name: Grade {topic} ({points} points)
        id: {step}
        timeout-minutes: {minutes}
        run: |
          python -m pytest exercises/{topic} --results={results} || true
          python -m graders.classroom outputs --topic {topic} \\
            --results {results} >> "$GITHUB_OUTPUT"
"""

REPORTER = """\
      - name: Autograding Reporter
        if: ${{{{ !cancelled() }}}}
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
{env}
        with:
          runners: {runners}
"""

STEP_MINUTES = 20


def step_id(topic: Topic) -> str:
    return f"grade_{topic.name}"


def workflow_text(repository: Path) -> str:
    """The whole `.github/workflows/classroom.yml`, generated from the manifests."""
    topics = graded_topics(repository)
    check_runner_ids(topics)
    steps = [STEP.format(topic=t.name, points=t.points, step=step_id(t), minutes=STEP_MINUTES,
                         results=f"{RESULTS_DIR}/{t.name}.json") for t in topics]
    env = [f"          {runner.upper()}_RESULTS: ${{{{ steps.{step_id(t)}.outputs.{runner} }}}}"
           for t in topics for runner in runners(t)]
    all_runners = ",".join(runner for t in topics for runner in runners(t))
    header = HEADER.replace("{job_minutes}", str(STEP_MINUTES * len(topics) + 20))
    return header + "".join(steps) + REPORTER.format(env="\n".join(env), runners=all_runners)


def check_runner_ids(topics: list[Topic]) -> None:
    """Every runner id is letters and digits, and unique ignoring case (env names)."""
    seen: dict[str, str] = {}
    for topic in topics:
        for runner in runners(topic):
            if not RUNNER_ID.match(runner):
                raise ValueError(f"runner id {runner!r} is not letters and digits only")
            if runner.upper() in seen:
                raise ValueError(f"runner ids {seen[runner.upper()]!r} and {runner!r} clash")
            seen[runner.upper()] = runner


# --- the command ---------------------------------------------------------------------------


def _load(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"tests": []}  # a run that died before writing: every kata reports an error


def command_workflow(args: argparse.Namespace) -> int:
    repository = require_repository(PROGRAM)
    path = repository / WORKFLOW
    text = workflow_text(repository)
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"out of date: {WORKFLOW} (run `python -m graders.classroom workflow`)")
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {WORKFLOW}")
    return 0


def command_payload(args: argparse.Namespace) -> int:
    print(payload(_load(args.results), args.topic, args.kata, require_repository(PROGRAM)))
    return 0


def command_outputs(args: argparse.Namespace) -> int:
    repository = require_repository(PROGRAM)
    topic = named_topic(repository, args.topic)
    for line in output_lines(_load(args.results), topic, repository):
        print(line)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog=PROGRAM,
                                   description="GitHub Classroom payloads and workflow.")
    commands = main.add_subparsers(dest="command", required=True)
    workflow = commands.add_parser("workflow", help=f"write {WORKFLOW} from the manifests")
    workflow.add_argument("--check", action="store_true", help="exit 1 when it is out of date")
    for name, text in (("payload", "print one runner payload"),
                       ("outputs", "print `<runner>=<payload>` lines for $GITHUB_OUTPUT")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--results", required=True, help="the record of `--results`")
        command.add_argument("--topic", required=True, help="a topic name or number")
        if name == "payload":
            command.add_argument("--kata", default=None, help="one kata (default: the topic)")
    return main


COMMANDS = {"workflow": command_workflow, "payload": command_payload,
            "outputs": command_outputs}


def main(argv: list[str] | None = None) -> int:
    """`python -m graders.classroom workflow [--check] | payload ... | outputs ...`."""
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (ValueError, KeyError) as error:
        print(f"{PROGRAM} {args.command}: {error.args[0]}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
