"""The generated `.github/workflows/classroom.yml`: one grading step per topic, one
Classroom runner per kata, and the reporter step that reads every runner's payload
(see `graders.classroom` for the payloads and the reporter's rules).

`kata workflow` writes it; `kata workflow --check` exits 1 when it is out of date.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from graders.classroom import runners
from graders.manifest import Topic, load_topics, require_repository

WORKFLOW = Path(".github/workflows/classroom.yml")
RESULTS_DIR = ".results"
RUNNER_ID = re.compile(r"^[A-Za-z0-9]+$")


def topics_with_points(repository: Path) -> list[Topic]:
    """The topics Classroom grades: those worth points."""
    return [topic for topic in load_topics(repository) if topic.points > 0]


HEADER = """\
# Generated from exercises/*/kata.toml by `kata workflow`; do not edit.
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
    runs-on: ubuntu-24.04
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: {job_minutes}
    steps:
      - name: Check out the submission
        uses: actions/checkout@v4
      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: "3.11"
          cache: pip
          cache-dependency-path: pyproject.toml
      - name: Set up Java (Spark)
        uses: actions/setup-java@v4
        with:
          distribution: temurin
          java-version: "17"
      - name: Install the project
        run: pip install -e '.[all]'
"""

STEP = """\
      - name: Grade {topic} ({points} points){under}
        id: {step}
        timeout-minutes: {minutes}{env}
        run: |
          python -m graders.classroom grade --topic {topic} \\
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
# Topics whose katas start processes the default way (`multiprocessing.get_context()`): the
# default is fork on Linux but spawn on macOS and Windows, where most students work, so
# Classroom grades them under spawn (graders.impl's KATA_START_METHOD). Code that works
# under spawn works under fork; a lambda or closure sent to a worker, or module code run
# again on import, works only under fork.
SPAWN_TOPICS = ("05_mapreduce",)
SPAWN_ENV = """
        env:
          KATA_START_METHOD: spawn"""


def step_id(topic: Topic) -> str:
    return f"grade_{topic.name}"


def workflow_text(repository: Path) -> str:
    """The whole `.github/workflows/classroom.yml`, generated from the manifests."""
    topics = topics_with_points(repository)
    check_runner_ids(topics)
    steps = [STEP.format(topic=t.name, points=t.points, step=step_id(t), minutes=STEP_MINUTES,
                         results=f"{RESULTS_DIR}/{t.name}.json",
                         under=" under spawn" if t.name in SPAWN_TOPICS else "",
                         env=SPAWN_ENV if t.name in SPAWN_TOPICS else "") for t in topics]
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


def main(argv: list[str] | None = None) -> int:
    """`kata workflow [--check]`: write the workflow, or exit 1 when it is out of date."""
    parser = argparse.ArgumentParser(prog="kata workflow",
                                     description=f"Write {WORKFLOW} from the manifests.")
    parser.add_argument("--check", action="store_true", help="exit 1 when it is out of date")
    args = parser.parse_args(argv)
    repository = require_repository("kata workflow")
    path = repository / WORKFLOW
    text = workflow_text(repository)
    if args.check:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"out of date: {WORKFLOW} (run `kata workflow`)")
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {WORKFLOW}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
