"""Mutation testing of the kata tests with cosmic-ray: the kill rate per kata and per topic.

Run (slow; not part of the suite):

    .venv/bin/python tests/benchmarks/mutation.py 01_functional 02_threading
    .venv/bin/python tests/benchmarks/mutation.py pool_map --workdir /tmp/mutation
    .venv/bin/python tests/benchmarks/mutation.py 01_functional --rerun-survivors

Each argument is a topic or a kata (none: every topic). The committed tree (`HEAD`, or
`--revision`) is exported to `--tree`, never the working checkout, because cosmic-ray
rewrites the solution file in place while it tests a mutant. For each kata:

1. `cosmic-ray init` lists the mutations of `solutions/<topic>/<kata>.py`;
2. `cr-filter-lines` (cosmic-ray's own line filter) skips every mutation outside the
   `### BEGIN SOLUTION` / `### END SOLUTION` regions: the rest is given text;
3. the kata's test file must pass on the unmutated solution (else the kata is reported as
   "baseline failed" and no mutant is run);
4. `cosmic-ray exec` runs `pytest exercises/<topic>/test_<kata>.py --impl=solutions -x` once
   per mutant, niced, with a timeout of the kata's whole time budget plus a margin.

A mutant is killed when the kata's tests do not all pass (failed, error, or timeout, the
kata's own or cosmic-ray's). One whose tests were all not gradable (an engine that did not
start on a busy machine) is not judged: it counts with the mutants not run. Sessions are
kept under `--workdir/sessions`; with `--rerun-survivors`, mutants killed before in an
unchanged solution keep their result and only the others run again against the tests
committed now. The script prints a markdown
table and writes `--workdir/<topic>-survivors.md` (file, line, mutation, test file).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import MutationSpec, TestOutcome, WorkerOutcome, WorkItem, WorkResult

REPOSITORY = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent  # cosmic-ray's commands are installed beside this python
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
TIMEOUT_MARGIN = 60.0  # seconds on top of the kata's budget: start-up, imports, exit grace
NICENESS = 10
SUMMARY_LINE = re.compile(r"^=* ?(\d+ [^=]*?) in [\d.]+s")


@dataclass
class KataResult:
    topic: str
    kata: str
    generated: int = 0
    killed: int = 0
    timed_out: int = 0
    survivors: list[tuple[WorkItem, WorkResult]] = field(default_factory=list)
    unjudged: int = 0  # every test not gradable (an engine that did not start): no verdict
    baseline_failed: bool = False
    seconds: float = 0.0

    @property
    def tested(self) -> int:
        return self.killed + self.timed_out + len(self.survivors)

    @property
    def rate(self) -> str:
        if not self.tested:
            return "–"
        return f"{100 * (self.killed + self.timed_out) / self.tested:.1f} %"


def export_tree(tree: Path, revision: str) -> None:
    """Replace `tree` with the committed files of `revision` (no work in progress)."""
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPOSITORY), "archive", revision],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)


def answer_ranges(source: str) -> list[str]:
    """Line ranges ("first-last", 1-based) strictly between the solution markers."""
    ranges, start = [], None
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip() == BEGIN:
            start = number + 1
        elif line.strip() == END and start is not None:
            if number - 1 >= start:
                ranges.append(f"{start}-{number - 1}")
            start = None
    return ranges


def kata_budget(tree: Path, topic: str, kata: str) -> float:
    """The kata's time budget per test, from the topic's manifest."""
    manifest = tomllib.loads((tree / "exercises" / topic / "kata.toml").read_text())
    return float(next(k["budget"] for k in manifest["katas"] if k["name"] == kata))


def test_command(topic: str, kata: str) -> str:
    return (f"{sys.executable} -m pytest exercises/{topic}/test_{kata}.py "
            "--impl=solutions -x -q")


def tree_environment(tree: Path) -> dict[str, str]:
    """The tree's `graders` package first on the path (the venv's editable one points here)."""
    return {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}


def run_in_tree(command: list[str], tree: Path, timeout: float | None = None):
    return subprocess.run(["nice", "-n", str(NICENESS), *command], cwd=tree,
                          env=tree_environment(tree), capture_output=True, text=True,
                          timeout=timeout)


def write_config(path: Path, module: str, ranges: list[str], command: str,
                 timeout: float) -> None:
    lines = ", ".join(f'"{r}"' for r in ranges)
    path.write_text(
        "[cosmic-ray]\n"
        f'module-path = "{module}"\n'
        f"timeout = {timeout:.0f}.0\n"
        "excluded-modules = []\n"
        f'test-command = "{command}"\n\n'
        "[cosmic-ray.distributor]\n"
        'name = "local"\n\n'
        "[cosmic-ray.filters.line-filter]\n"
        f'lines = {{ "{module}" = [{lines}] }}\n',
        encoding="utf-8",
    )


def mutation_key(mutation: MutationSpec) -> tuple:
    return (mutation.operator_name, mutation.occurrence, mutation.start_pos, mutation.end_pos)


def earlier_kills(session: Path, digest: Path, source_digest: str) -> dict[tuple, WorkResult]:
    """Results of mutants killed in an earlier session of the same solution text."""
    if (not session.exists() or not digest.exists()
            or digest.read_text(encoding="utf-8") != source_digest):
        return {}
    with use_db(str(session), WorkDB.Mode.open) as db:
        return {mutation_key(item.mutations[0]): result
                for item, result in db.completed_work_items
                if result.worker_outcome == WorkerOutcome.NORMAL and result.is_killed}


def new_session(tree: Path, workdir: Path, topic: str, kata: str,
                rerun_survivors: bool) -> tuple[Path, Path]:
    """A fresh cosmic-ray session for the kata: config, mutations, line filter applied."""
    folder = workdir / "sessions" / topic
    folder.mkdir(parents=True, exist_ok=True)
    config, session, digest = (folder / f"{kata}.{ext}" for ext in ("toml", "sqlite", "sha256"))
    module = f"solutions/{topic}/{kata}.py"
    source = (tree / module).read_text(encoding="utf-8")
    source_digest = hashlib.sha256(source.encode()).hexdigest()
    kept = earlier_kills(session, digest, source_digest) if rerun_survivors else {}
    session.unlink(missing_ok=True)
    timeout = kata_budget(tree, topic, kata) * count_tests(tree, topic, kata) + TIMEOUT_MARGIN
    write_config(config, module, answer_ranges(source), test_command(topic, kata), timeout)
    for command in (["cosmic-ray", "init", str(config), str(session)],
                    ["cr-filter-lines", str(session), "--config", str(config)]):
        subprocess.run([str(BIN / command[0]), *command[1:]], cwd=tree, check=True,
                       env=tree_environment(tree), capture_output=True)
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in list(db.pending_work_items):
            result = kept.get(mutation_key(item.mutations[0]))
            if result is not None:
                db.set_result(item.job_id, result)
    digest.write_text(source_digest)
    return config, session


def count_tests(tree: Path, topic: str, kata: str) -> int:
    collected = run_in_tree([sys.executable, "-m", "pytest", f"exercises/{topic}/test_{kata}.py",
                             "--impl=solutions", "--collect-only", "-q"], tree)
    return max(1, sum("::" in line for line in collected.stdout.splitlines()))


def summary_of(output: str) -> str:
    """pytest's last summary line without its timing, e.g. '1 failed, 2 passed'."""
    found = [m.group(1) for line in output.splitlines() if (m := SUMMARY_LINE.match(line))]
    return found[-1] if found else ""


def mutate_kata(tree: Path, workdir: Path, topic: str, kata: str,
                rerun_survivors: bool) -> KataResult:
    started = time.monotonic()
    result = KataResult(topic, kata)
    config, session = new_session(tree, workdir, topic, kata, rerun_survivors)
    baseline = run_in_tree(test_command(topic, kata).split(), tree)
    if baseline.returncode != 0:
        result.baseline_failed = True
        print(f"{kata}: the tests fail on the unmutated solution: {summary_of(baseline.stdout)}",
              file=sys.stderr)
    else:
        run_in_tree([str(BIN / "cosmic-ray"), "exec", str(config), str(session)], tree)
    collect(result, session)
    result.seconds = time.monotonic() - started
    return result


def collect(result: KataResult, session: Path) -> None:
    """Count the session's mutants by outcome; mutants not run yet count as generated only."""
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, outcome in db.completed_work_items:
            if outcome.worker_outcome == WorkerOutcome.SKIPPED:
                continue
            result.generated += 1
            if outcome.test_outcome == TestOutcome.SURVIVED and unjudged(outcome):
                result.unjudged += 1
            elif outcome.test_outcome == TestOutcome.SURVIVED:
                result.survivors.append((item, outcome))
            elif outcome.output == "timeout" or "timeout" in summary_of(outcome.output or ""):
                result.timed_out += 1
            elif outcome.is_killed:
                result.killed += 1
            else:  # incompetent, or the mutation could not be applied: not a verdict
                result.generated -= 1
        result.generated += db.num_work_items - db.num_results


def unjudged(outcome: WorkResult) -> bool:
    """True when no test gave a verdict: all were not gradable (say, Ray did not start)."""
    summary = summary_of(outcome.output or "")
    return "not gradable" in summary and "passed" not in summary


def mutation_text(outcome: WorkResult) -> str:
    """The changed lines of the mutant's diff, as '- old' / '+ new'."""
    changed = [line for line in (outcome.diff or "").splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return " / ".join(f"`{line[0]} {line[1:].strip()}`" for line in changed)


def survivor_lines(result: KataResult) -> list[str]:
    lines = []
    for item, outcome in result.survivors:
        mutation = item.mutations[0]
        note = summary_of(outcome.output or "")
        lines.append(f"- `{mutation.module_path}:{mutation.start_pos[0]}` "
                     f"{mutation.operator_name.removeprefix('core/')} "
                     f"(occurrence {mutation.occurrence}): {mutation_text(outcome)}; "
                     f"`exercises/{result.topic}/test_{result.kata}.py` ({note})")
    return lines


def table(results: list[KataResult]) -> list[str]:
    lines = ["| topic | kata | mutants | not run or not judged | killed | timed out | survived "
             "| kill rate |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    by_topic: dict[str, list[KataResult]] = {}
    for result in results:
        by_topic.setdefault(result.topic, []).append(result)
        survived = "baseline failed" if result.baseline_failed else len(result.survivors)
        lines.append(f"| {result.topic} | {result.kata} | {result.generated} "
                     f"| {result.generated - result.tested} | {result.killed} "
                     f"| {result.timed_out} | {survived} | {result.rate} |")
    for topic, katas in by_topic.items():
        total = KataResult(topic, "**all**", sum(k.generated for k in katas),
                           sum(k.killed for k in katas), sum(k.timed_out for k in katas),
                           [s for k in katas for s in k.survivors],
                           sum(k.unjudged for k in katas))
        lines.append(f"| **{topic}** | **all** | {total.generated} "
                     f"| {total.generated - total.tested} | {total.killed} "
                     f"| {total.timed_out} | {len(total.survivors)} | **{total.rate}** |")
    return lines


def write_survivors(workdir: Path, results: list[KataResult], commit: str) -> None:
    for topic in sorted({r.topic for r in results}):
        katas = [r for r in results if r.topic == topic]
        lines = [f"# {topic}: surviving mutants (tests of {commit})", "",
                 "Killed when the kata's tests do not all pass. Each line: file:line, "
                 "operator, the change, the kata's test file (pytest's summary).", ""]
        for result in katas:
            lines += survivor_lines(result)
        (workdir / f"{topic}-survivors.md").write_text("\n".join(lines) + "\n")


def selected_katas(tree: Path, names: list[str]) -> list[tuple[str, str]]:
    katas = []
    for topic in sorted(p.name for p in (tree / "solutions").iterdir() if p.is_dir()):
        for path in sorted((tree / "solutions" / topic).glob("*.py")):
            if not names or topic in names or path.stem in names:
                katas.append((topic, path.stem))
    return katas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="topics or katas (default: all)")
    parser.add_argument("--revision", default="HEAD", help="the commit to test (default HEAD)")
    parser.add_argument("--tree", type=Path, default=Path("/tmp/mutation-tree"))
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/mutation"))
    parser.add_argument("--rerun-survivors", action="store_true",
                        help="keep earlier kills of an unchanged solution; rerun the rest")
    parser.add_argument("--report-only", action="store_true",
                        help="run nothing: tabulate the sessions kept in --workdir and "
                        "rewrite the survivors files from them")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.report_only:
        results = kept_sessions(args.workdir, args.names)
        write_survivors(args.workdir, results, "each kata's last run")
        print_report(results)
        return
    commit = subprocess.run(["git", "-C", str(REPOSITORY), "rev-parse", "--short",
                             args.revision], capture_output=True, text=True).stdout.strip()
    export_tree(args.tree, commit)  # the commit named in the report, even if HEAD moves
    started, start_time = time.monotonic(), datetime.now(UTC)
    results = []
    for topic, kata in selected_katas(args.tree, args.names):
        results.append(mutate_kata(args.tree, args.workdir, topic, kata, args.rerun_survivors))
        print(f"{kata}: {results[-1].tested} tested, {len(results[-1].survivors)} survived, "
              f"{results[-1].seconds:.0f} s", file=sys.stderr, flush=True)
        write_survivors(args.workdir, results, f"commit {commit}")
    print(f"commit {commit}, started {start_time:%Y-%m-%d %H:%M} UTC, {platform.node()}, "
          f"{os.cpu_count()} cores, {time.monotonic() - started:.0f} s\n")
    print_report(results)


def kept_sessions(workdir: Path, names: list[str]) -> list[KataResult]:
    results = []
    for session in sorted((workdir / "sessions").glob("*/*.sqlite")):
        topic, kata = session.parent.name, session.stem
        if not names or topic in names or kata in names:
            results.append(KataResult(topic, kata))
            collect(results[-1], session)
    return results


def print_report(results: list[KataResult]) -> None:
    print("\n".join(table(results)))
    for result in results:
        if result.survivors:
            print(f"\n{result.topic}/{result.kata} survivors:")
            print("\n".join(survivor_lines(result)))


if __name__ == "__main__":
    main()
