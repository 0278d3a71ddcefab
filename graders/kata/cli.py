"""`kata`: the command students and instructors type.

Exit status, for scripts: 0 when everything asked for passed (not-gradable-here counts as
passed), 1 when something failed, is still todo, timed out or errored, 2 for usage errors
(an unknown topic or kata, a missing folder, not inside the repository).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from rich.console import Console
from rich.syntax import Syntax

from graders.capabilities import usable_cores
from graders.fresh import grade
from graders.kata import bench, doctor, progress, restore, watch
from graders.kata.output import replace_what_cannot_be_encoded
from graders.kata.state import load_state
from graders.kata.targets import UsageError, find_kata, impl_root, scope
from graders.manifest import EXERCISES, ManifestError, find_topic, load_topics, require_repository
from graders.stubs import MarkerError, out_of_date, write_stubs
from graders.verdicts import KataStatus

OK, NOT_YET, USAGE = 0, 1, 2
console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)


# --- progress and grading ---------------------------------------------------------------


def command_status(repository: Path, args: argparse.Namespace) -> int:
    state = load_state(repository)
    topic = None
    if getattr(args, "topic", None):
        topic = find_topic(repository, args.topic)
        if topic is None:
            raise UsageError(f"no topic named {args.topic!r} (`kata list` shows them all)")
    progress.show_progress(console, repository, state, topic)
    return OK if progress.next_kata(repository, state) is None else NOT_YET


def command_check(repository: Path, args: argparse.Namespace) -> int:
    chosen = scope(repository, args.target)
    impl = impl_root(repository, args.impl)
    with console.status(f"Grading {chosen.label}..."):
        run = grade(repository, chosen.paths, impl)
    if args.verbose or run.record is None:
        console.print(run.output, markup=False)
    if run.record is None:
        errors.print(f"kata check: pytest wrote no results (exit {run.exit_code}); "
                     "its output is above.")
        return NOT_YET
    if impl == repository / EXERCISES:
        state = load_state(repository)
        state.record_run(run.record)
        state.save()
    progress.show_run(console, run.record)
    return OK if progress.run_passed(run.record) else NOT_YET


def command_watch(repository: Path, args: argparse.Namespace) -> int:
    target = args.target
    if target is None:
        upcoming = progress.next_kata(repository, load_state(repository))
        target = upcoming.name if upcoming else None
    impl = impl_root(repository, args.impl)
    chosen = scope(repository, target)
    return watch.watch(console, repository, chosen, impl, args.poll)


def command_doctor(repository: Path, _: argparse.Namespace) -> int:
    return doctor.run_doctor(console, repository)


# --- hints, reset, solution ---------------------------------------------------------------


def command_hint(repository: Path, args: argparse.Namespace) -> int:
    state = load_state(repository)
    if args.kata is None:
        kata = progress.next_kata(repository, state)
        if kata is None:
            raise UsageError("every kata passed; name one: kata hint KATA")
    else:
        kata = find_kata(repository, args.kata)
    shown = min(state.hints_shown(kata.name) + 1, len(kata.hints))
    for number, hint in enumerate(kata.hints[:shown], start=1):
        style = "bold" if number == shown else "dim"
        console.print(f"[{style}]Hint {number} of {len(kata.hints)} ({kata.name}):[/] {hint}")
    state.hints[kata.name] = shown
    state.save()
    if shown < len(kata.hints):
        console.print(f"[dim]`kata hint {kata.name}` again shows the next one.[/]")
    else:
        console.print(f"[dim]That was the last hint. The lesson: exercises/{kata.topic}/"
                      f"README.md, the section on `{kata.name}`.[/]")
    return OK


def command_reset(repository: Path, args: argparse.Namespace) -> int:
    kata = find_kata(repository, args.kata)
    if not restore.has_stub(repository, kata):
        raise UsageError(f"{kata.name} checks the machine; it has no stub to reset")
    relative = kata.exercise_file(repository).relative_to(repository)
    backup = restore.reset(repository, kata)
    if backup is None:
        console.print(f"{relative} is already the stub; nothing to do.")
        return OK
    state = load_state(repository)
    state.katas.pop(kata.name, None)
    state.save()
    console.print(f"Restored {relative} to the stub. Your version is saved in "
                  f"{backup.relative_to(repository)}.")
    return OK


def command_solution(repository: Path, args: argparse.Namespace) -> int:
    kata = find_kata(repository, args.kata)
    reference = kata.solution_file(repository)
    if not reference.exists():
        errors.print(f"kata solution: this copy of the course has no {reference.parent.name} "
                     "reference in solutions/ (student releases ship without them).")
        return NOT_YET
    with console.status(f"Checking {kata.name} first..."):
        run = grade(repository, scope(repository, kata.name).paths)
    status = next((k["status"] for k in (run.record or {}).get("katas", [])), None)
    if run.record is not None:
        state = load_state(repository)
        state.record_run(run.record)
        state.save()
    if status != KataStatus.PASSED:
        console.print(f"The reference for {kata.name} is shown once its tests pass; now it is "
                      f"[bold]{progress.label(status)}[/]. "
                      f"Try `kata hint {kata.name}`.")
        return NOT_YET
    console.print(Syntax(restore.without_markers(reference.read_text(encoding="utf-8")),
                         "python", line_numbers=True, word_wrap=True))
    return OK


# --- bench --------------------------------------------------------------------------------


def bench_topic(repository: Path, target: str) -> str:
    """The bench topic that `target` names; UsageError when it has no bench."""
    topic = find_topic(repository, target)
    if topic is None:
        raise UsageError(f"no topic named {target!r} (`kata list` shows them all)")
    if topic.name not in bench.BENCHES:
        available = ", ".join(bench.BENCHES)
        raise UsageError(f"topic {topic.name} has no bench; topics with one: {available}")
    return topic.name


def command_bench(repository: Path, args: argparse.Namespace) -> int:
    topic = bench_topic(repository, args.topic)
    workers = args.workers or max(usable_cores(), 2)
    if workers < 1 or args.size < 100 or args.repeat < 1:
        raise UsageError("--workers and --repeat must be at least 1, --size at least 100")
    console.print(f"kata bench {topic}: {bench.BENCHES[topic]}, 1..{workers} workers")
    result = bench.measure(topic, workers, args.size, args.repeat, console)
    chart = Path(args.out).resolve() if args.out else repository / ".results" / "bench" / (
        f"{topic}.png")
    chart.parent.mkdir(parents=True, exist_ok=True)
    bench.write_data(result, chart.with_suffix(".json"))
    console.print(bench.terminal_table(result))
    console.print(bench.explain(result))
    try:
        bench.draw_chart(result, chart)
    except ImportError:
        errors.print("kata bench: matplotlib is not installed (pip install matplotlib); "
                     f"the data is in {chart.with_suffix('.json')}")
        return NOT_YET
    console.print(f"Chart: {chart}\nData:  {chart.with_suffix('.json')}")
    return OK


# --- listing, stubs and the instructors' commands ----------------------------------------


def command_list(repository: Path, _: argparse.Namespace) -> int:
    core = [k for k in progress.katas_in_path_order(repository) if k.core]
    print(f"Core path for the half day: {len(core)} katas, about "
          f"{sum(k.minutes for k in core)} min")
    for kata in core:
        print(f"    {kata.name:32} {kata.minutes:3} min  {kata.topic}  {kata.title}")
    print("\nEvery kata by topic (core marked *; the rest are extensions):")
    for topic in load_topics(repository):
        print(f"{topic.name}  {topic.title}  ({topic.points} points)")
        for kata in topic.katas:
            mark = "*" if kata.core else " "
            print(f"  {mark} {kata.name:32} {kata.points:3} points {kata.minutes:3} min  "
                  f"{kata.title}")
    return OK


def command_stubs(repository: Path, args: argparse.Namespace) -> int:
    try:
        stale = out_of_date(repository) if args.check else write_stubs(repository)
    except MarkerError as error:
        print(f"kata stubs: {error}", file=sys.stderr)
        return USAGE
    for path in stale:
        verb = "out of date" if args.check else "regenerated"
        print(f"{verb}: {path.relative_to(repository)}")
    return NOT_YET if args.check and stale else OK


def instructor_tool(name: str, argv: list[str]) -> int:
    """Run `graders.instructor.<name>.main(argv)`, imported only when its command is typed."""
    return int(importlib.import_module(f"graders.instructor.{name}").main(argv) or 0)


def command_release(_: Path, args: argparse.Namespace) -> int:
    return instructor_tool("release", [args.directory, *args.rest])


def command_grade(_: Path, args: argparse.Namespace) -> int:
    return instructor_tool("grade", args.rest)


def command_workflow(_: Path, args: argparse.Namespace) -> int:
    return instructor_tool("workflow", [*(["--check"] if args.check else []), *args.rest])


def command_notebooks(_: Path, args: argparse.Namespace) -> int:
    return instructor_tool("course", [args.directory, *args.rest])


# --- the parser ---------------------------------------------------------------------------

TARGET_HELP = "a topic (03, 03_multiprocessing) or a kata name"


def _grading_commands(commands) -> None:
    status = commands.add_parser("status", help="progress across topics (the same as `kata`)")
    status.add_argument("topic", nargs="?", help="show this topic's katas")
    check = commands.add_parser("check", help="grade a topic, a kata, or everything",
                                description="Exit 0 when all passed, 1 otherwise.")
    check.add_argument("target", nargs="?", help=TARGET_HELP)
    check.add_argument("--impl", default="exercises", help="exercises, solutions or a folder")
    check.add_argument("-v", "--verbose", action="store_true", help="also show pytest's output")
    watch_ = commands.add_parser(
        "watch", help="re-grade on every save; never moves on by itself",
        description="Default target: the next kata to work on. Ctrl-C quits.")
    watch_.add_argument("target", nargs="?", help=TARGET_HELP)
    watch_.add_argument("--impl", default="exercises", help="exercises, solutions or a folder")
    watch_.add_argument("--poll", action="store_true",
                        help="poll file times instead of file notifications (WSL, mounts)")
    commands.add_parser("doctor", help="is this machine ready? (the 00_setup self-check)")


def _kata_commands(commands) -> None:
    hint = commands.add_parser("hint", help="the next hint tier for a kata")
    hint.add_argument("kata", nargs="?", help="a kata name (default: the next kata)")
    reset = commands.add_parser("reset", help="put a kata's stub back (your file is backed up)")
    reset.add_argument("kata")
    solution = commands.add_parser("solution", help="the reference, once the kata passes")
    solution.add_argument("kata")
    bench_ = commands.add_parser("bench", help="speedup chart for 1..N workers",
                                 description="Exit 2 when the topic has no bench.")
    bench_.add_argument("topic", help="a topic with a bench: " + ", ".join(bench.BENCHES))
    bench_.add_argument("--workers", type=int, default=0, help="most workers (default: cores)")
    bench_.add_argument("--size", type=int, default=150_000, help="count primes below this")
    bench_.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    bench_.add_argument("--out", help="the PNG to write (default: .results/bench/TOPIC.png)")


def _instructor_commands(commands) -> None:
    commands.add_parser("list", help="the topics and katas with their points")
    stubs = commands.add_parser("stubs", help="regenerate exercises/ stubs from solutions/")
    stubs.add_argument("--check", action="store_true", help="only report stale stubs")
    release = commands.add_parser("release", help="build the student release in DIRECTORY")
    release.add_argument("directory")
    release.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    workflow = commands.add_parser("workflow", help="write the GitHub Classroom workflow")
    workflow.add_argument("--check", action="store_true", help="only report a stale workflow")
    workflow.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    grade_ = commands.add_parser("grade", add_help=False,
                                 help="grade a class of submissions, sandboxed (kata grade -h)")
    grade_.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    notebooks = commands.add_parser("notebooks", help="build the nbgrader notebooks in DIRECTORY")
    notebooks.add_argument("directory")
    notebooks.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="kata", description="Work through the katas. With no command: your progress.",
        epilog="Exit status: 0 all passed, 1 something not passed yet, 2 usage error.")
    commands = main_parser.add_subparsers(dest="command", metavar="COMMAND")
    _grading_commands(commands)
    _kata_commands(commands)
    _instructor_commands(commands)
    return main_parser


COMMANDS = {
    "status": command_status, "check": command_check, "watch": command_watch,
    "doctor": command_doctor, "hint": command_hint, "reset": command_reset,
    "solution": command_solution, "bench": command_bench, "list": command_list,
    "stubs": command_stubs, "release": command_release, "workflow": command_workflow,
    "notebooks": command_notebooks, "grade": command_grade,
}


def main(argv: list[str] | None = None) -> int:
    """The `kata` entry point; returns the exit status."""
    replace_what_cannot_be_encoded()
    main_parser = parser()
    args, unknown = main_parser.parse_known_args(argv)
    if args.command == "grade":  # its options are graders.instructor.grade's own
        args.rest = unknown + args.rest
    elif unknown:
        main_parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    repository = require_repository("kata")
    try:
        return COMMANDS[args.command or "status"](repository, args)
    except (UsageError, ManifestError, restore.RestoreError) as error:
        errors.print(f"kata {args.command or ''}: {error}".replace("  ", " "), markup=False)
        return NOT_YET if isinstance(error, restore.RestoreError) else USAGE


if __name__ == "__main__":
    sys.exit(main())
