"""`kata`: the command students and instructors type."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

from graders.manifest import find_repository, kata_index, load_topics
from graders.stubs import MarkerError, out_of_date, write_stubs


def _repository() -> Path:
    repository = find_repository(Path.cwd())
    if repository is None:
        sys.exit("kata: run this inside the kata repository (no exercises/*/kata.toml found)")
    return repository


def targets(repository: Path, target: str | None) -> list[str]:
    """The test paths for a topic name or number, a kata name, or everything."""
    if target is None:
        return [str(repository / "exercises")]
    for topic in load_topics(repository):
        if target in (topic.name, topic.number, topic.name[3:]):
            return [str(topic.path)]
    kata = kata_index(repository).get(target)
    if kata is None:
        sys.exit(f"kata: no topic or kata named {target!r}")
    return [str(repository / "exercises" / kata.topic / kata.test_file)]


def command_list(repository: Path, _: argparse.Namespace) -> int:
    for topic in load_topics(repository):
        print(f"{topic.name}  {topic.title}  ({topic.points} points)")
        for kata in topic.katas:
            print(f"    {kata.name:32} {kata.points:3} points  {kata.title}")
    return 0


def command_check(repository: Path, args: argparse.Namespace) -> int:
    options = ["-q", f"--rootdir={repository}", f"--impl={args.impl}"]
    return int(pytest.main([*options, *targets(repository, args.target)]))


def command_stubs(repository: Path, args: argparse.Namespace) -> int:
    try:
        stale = out_of_date(repository) if args.check else write_stubs(repository)
    except MarkerError as error:
        print(f"kata stubs: {error}", file=sys.stderr)
        return 2
    for path in stale:
        verb = "out of date" if args.check else "regenerated"
        print(f"{verb}: {path.relative_to(repository)}")
    return 1 if args.check and stale else 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="kata", description="Work through the katas.")
    commands = main.add_subparsers(dest="command")
    commands.add_parser("list", help="the topics and katas with their points")
    check = commands.add_parser("check", help="grade a topic, a kata, or everything")
    check.add_argument("target", nargs="?", help="a topic (03, 03_multiprocessing) or a kata")
    check.add_argument("--impl", default="exercises", help="exercises, solutions or a folder")
    stubs = commands.add_parser("stubs", help="regenerate exercises/ stubs from solutions/")
    stubs.add_argument("--check", action="store_true", help="only report stale stubs")
    return main


COMMANDS = {"list": command_list, "check": command_check, "stubs": command_stubs}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return COMMANDS[args.command or "list"](_repository(), args)


if __name__ == "__main__":
    sys.exit(main())
