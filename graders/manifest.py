"""The repository's contract: where a kata's files are, and the topic manifests
(`exercises/NN_topic/kata.toml`), the one place katas are described.

A manifest names each kata, the functions it asks for, its points, its hint tiers, its time
budget per test and the capabilities it needs. Everything else (points tables, the Classroom
workflow, notebooks) is derived from it. A kata's files follow from its name and topic:

    solutions/NN_topic/<kata>.py        the reference (answers between solution markers)
    exercises/NN_topic/<kata>.py        the stub, generated from the reference
    exercises/NN_topic/test_<kata>.py   its tests
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path

MANIFEST = "kata.toml"
EXERCISES = "exercises"
SOLUTIONS = "solutions"
TOPIC_DIR = re.compile(r"^\d\d_[a-z0-9_]+$")


@dataclass(frozen=True)
class Kata:
    """One `[[katas]]` entry of a manifest."""

    name: str  # the module a student edits, unique across topics: `pool_map` -> pool_map.py
    topic: str  # the topic folder, `03_multiprocessing` (not written in the entry)
    title: str  # one line shown in `kata list` and the notebooks
    functions: tuple[str, ...]  # what the module must define (empty: a machine check)
    points: int  # split equally over the kata's tests
    budget: float  # seconds each test may run; past it the test ends as timeout
    hints: tuple[str, ...]  # tiers shown one at a time by `kata hint`: nudge, concept, near-answer
    needs: tuple[str, ...] = ()  # cores>=N, java>=N, gpu, module:NAME; unmet: not gradable
    core: bool = False  # on the half-day core path; the rest are extensions
    minutes: int = 0  # a model of student time: tests/benchmarks/kata_minutes.py

    @property
    def module(self) -> str:
        """The module a student edits; it is named after the kata."""
        return self.name

    @property
    def test_file(self) -> str:
        return f"test_{self.name}.py"

    def module_path(self, root: Path) -> Path:
        """The kata's module in a tree laid out like `solutions/` (an `--impl` folder)."""
        return root / self.topic / f"{self.module}.py"

    def solution_file(self, repository: Path) -> Path:
        return self.module_path(repository / SOLUTIONS)

    def exercise_file(self, repository: Path) -> Path:
        return self.module_path(repository / EXERCISES)

    def test_path(self, repository: Path) -> Path:
        return repository / EXERCISES / self.topic / self.test_file


KATA_KEYS = {f.name for f in fields(Kata)} - {"topic"}
TOPIC_KEYS = {"title", "stubs"}
MANIFEST_KEYS = {"topic", "katas"}


@dataclass(frozen=True)
class Topic:
    name: str
    title: str
    path: Path
    has_stubs: bool
    katas: tuple[Kata, ...] = field(default_factory=tuple)

    @property
    def number(self) -> str:
        return self.name[:2]

    @property
    def points(self) -> int:
        return sum(kata.points for kata in self.katas)

    def kata(self, name: str) -> Kata:
        for kata in self.katas:
            if kata.name == name:
                return kata
        raise KeyError(f"topic {self.name} has no kata {name!r}")

    def matches(self, target: str) -> bool:
        """True when `target` names this topic: `03`, `3`, `03_multiprocessing` or
        `multiprocessing`."""
        if target in (self.name, self.number, self.name[3:]):
            return True
        return target.isdigit() and self.number.isdigit() and int(target) == int(self.number)


class ManifestError(ValueError):
    """A manifest that does not follow the format."""


def find_repository(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds `exercises/NN_topic/kata.toml`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / EXERCISES).glob(f"*/{MANIFEST}")):
            return folder
    return None


def require_repository(program: str, start: Path | None = None) -> Path:
    """The repository around `start` (default: the current folder); else say so and exit
    with status 2, a usage error."""
    repository = find_repository(start or Path.cwd())
    if repository is None:
        print(f"{program}: run this inside the kata repository (no exercises/*/{MANIFEST} "
              "found)", file=sys.stderr)
        raise SystemExit(2)
    return repository


def load_topic(path: Path) -> Topic:
    """Read one topic folder's manifest."""
    try:
        data = tomllib.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{path / MANIFEST}: {error}") from error
    where = path / MANIFEST
    _check_keys(where, "the manifest", data, MANIFEST_KEYS)
    header = data.get("topic", {})
    _check_keys(where, "[topic]", header, TOPIC_KEYS)
    katas = tuple(_kata(where, path.name, entry) for entry in data.get("katas", []))
    return Topic(
        name=path.name,
        title=header.get("title", path.name),
        path=path,
        has_stubs=header.get("stubs", True),
        katas=katas,
    )


def _check_keys(where: Path, table: str, data: dict, allowed: set[str]) -> None:
    """A typo (`need` for `needs`) must not be dropped silently."""
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ManifestError(f"{where}: {table} has unknown key(s) {', '.join(unknown)}; the "
                            f"keys are {', '.join(sorted(allowed))}")


def _kata(where: Path, topic: str, entry: dict) -> Kata:
    _check_keys(where, f"kata {entry.get('name', '?')!r}", entry, KATA_KEYS)
    try:
        return Kata(
            name=entry["name"],
            topic=topic,
            title=entry["title"],
            functions=tuple(entry.get("functions", ())),
            points=int(entry["points"]),
            budget=float(entry["budget"]),
            hints=tuple(entry["hints"]),
            needs=tuple(entry.get("needs", ())),
            core=bool(entry.get("core", False)),
            minutes=int(entry.get("minutes", 0)),
        )
    except KeyError as missing:
        raise ManifestError(f"{where}: a kata lacks the key {missing}") from None


@cache
def load_topics(repository: Path) -> tuple[Topic, ...]:
    """Every topic of the repository, in teaching order."""
    folders = sorted(p for p in (repository / EXERCISES).iterdir() if TOPIC_DIR.match(p.name))
    return tuple(load_topic(p) for p in folders if (p / MANIFEST).exists())


def kata_index(repository: Path) -> dict[str, Kata]:
    """Every kata by name (kata names are unique across topics)."""
    return {kata.name: kata for topic in load_topics(repository) for kata in topic.katas}


def kata_for_test_file(repository: Path, test_file: Path) -> Kata | None:
    """The kata a test file grades: `exercises/NN_topic/test_<kata>.py`."""
    if not test_file.name.startswith("test_"):
        return None
    kata = kata_index(repository).get(test_file.stem.removeprefix("test_"))
    if kata is None or test_file.parent.name != kata.topic:
        return None
    return kata


def find_topic(repository: Path, target: str) -> Topic | None:
    """The topic that `target` names (see `Topic.matches`), or None."""
    return next((t for t in load_topics(repository) if t.matches(target)), None)


def topic_of(repository: Path, kata: Kata) -> Topic:
    """The topic a kata belongs to."""
    return next(t for t in load_topics(repository) if t.name == kata.topic)
