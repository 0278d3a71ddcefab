"""Estimate how many minutes a student needs per kata, from what can be measured in the
repository: the words of the kata's lesson section (read at 150 words a minute, the rate for
technical text), the lines of the reference answer (a minute a line: write, run, fix), the
tests to read when one fails (half a minute each), plus 2 minutes to open the files and run
them, rounded up to 5 minutes. The topic's introduction is not counted: it is read once.

    python tests/benchmarks/kata_minutes.py            # the table and the core path's total
    python tests/benchmarks/kata_minutes.py --write    # put the estimates in the manifests

It is a model, not a stopwatch: the course map says so, and an instructor who times a class
should overwrite `minutes` in kata.toml with what they saw.
"""

from __future__ import annotations

import argparse
import ast
import math
import re
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY))

from graders.manifest import Kata, load_topics  # noqa: E402
from graders.stubs import BEGIN, END  # noqa: E402

WORDS_PER_MINUTE = 150
MINUTES_PER_ANSWER_LINE = 1
MINUTES_PER_TEST = 0.5
SETUP_MINUTES = 2


def lesson_words(kata: Kata) -> int:
    """Words in the lesson section whose heading names the kata (`## ... \\`name\\` ...`)."""
    text = (REPOSITORY / "exercises" / kata.topic / "README.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    section = next((s for s in sections if f"`{kata.name}`" in s.splitlines()[0]), "")
    return len(section.split())


def answer_lines(kata: Kata) -> int:
    """Non-blank, non-comment lines between the solution markers of the reference."""
    lines, inside = 0, False
    for line in kata.solution_file(REPOSITORY).read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped in (BEGIN, END):
            inside = stripped == BEGIN
        elif inside and stripped and not stripped.startswith("#"):
            lines += 1
    return lines


def test_count(kata: Kata) -> int:
    tree = ast.parse(kata.test_path(REPOSITORY).read_text(encoding="utf-8"))
    return sum(isinstance(n, ast.FunctionDef) and n.name.startswith("test_") for n in tree.body)


def estimate(kata: Kata) -> int:
    """The model's minutes, rounded up to a multiple of 5."""
    minutes = (lesson_words(kata) / WORDS_PER_MINUTE + answer_lines(kata) * MINUTES_PER_ANSWER_LINE
               + test_count(kata) * MINUTES_PER_TEST + SETUP_MINUTES)
    return 5 * math.ceil(minutes / 5)


def write_minutes(manifest: Path, minutes: dict[str, int]) -> None:
    """Set `minutes = N` in each entry, right after its `points` line."""
    text = manifest.read_text(encoding="utf-8")
    entries = re.split(r"(?=^\[\[katas\]\])", text, flags=re.MULTILINE)
    for i, entry in enumerate(entries):
        name = re.search(r'^name = "([^"]+)"', entry, flags=re.MULTILINE)
        if name is None or name.group(1) not in minutes:
            continue
        entry = re.sub(r"^minutes = \d+\n", "", entry, flags=re.MULTILINE)
        entries[i] = re.sub(r"^(points = \d+\n)", rf"\1minutes = {minutes[name.group(1)]}\n",
                            entry, count=1, flags=re.MULTILINE)
    manifest.write_text("".join(entries), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the estimates to kata.toml")
    args = parser.parse_args()
    core_total = 0
    print(f"{'kata':28} {'words':>6} {'lines':>6} {'tests':>6} {'min':>5}  core")
    for topic in load_topics(REPOSITORY):
        writable = {k.name: estimate(k) for k in topic.katas if k.functions}
        for kata in topic.katas:
            if kata.name in writable:
                print(f"{kata.name:28} {lesson_words(kata):6} {answer_lines(kata):6} "
                      f"{test_count(kata):6} {writable[kata.name]:5}  {'*' if kata.core else ''}")
                core_total += writable[kata.name] if kata.core else 0
        if args.write and writable:
            write_minutes(topic.path / "kata.toml", writable)
    print(f"core path: {core_total} min")


if __name__ == "__main__":
    main()
