"""The topic manifests (`exercises/NN_topic/kata.toml`): the one place katas are described.

A manifest names each kata, the functions it asks for, its points, its hint tiers, its time
budget per test and the capabilities it needs. Everything else (points tables, the Classroom
workflow, notebooks) is derived from it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

MANIFEST = "kata.toml"
TOPIC_DIR = re.compile(r"^\d\d_[a-z0-9_]+$")


@dataclass(frozen=True)
class Kata:
    name: str
    topic: str
    title: str
    functions: tuple[str, ...]
    points: int
    budget: float
    hints: tuple[str, ...]
    needs: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        """The module a student edits; it is named after the kata."""
        return self.name

    @property
    def test_file(self) -> str:
        return f"test_{self.name}.py"


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


class ManifestError(ValueError):
    """A manifest that does not follow the format."""


def find_repository(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds `exercises/NN_topic/kata.toml`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / "exercises").glob(f"*/{MANIFEST}")):
            return folder
    return None


def load_topic(path: Path) -> Topic:
    """Read one topic folder's manifest."""
    try:
        data = tomllib.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{path / MANIFEST}: {error}") from error
    header = data.get("topic", {})
    katas = tuple(_kata(path.name, entry) for entry in data.get("katas", []))
    return Topic(
        name=path.name,
        title=header.get("title", path.name),
        path=path,
        has_stubs=header.get("stubs", True),
        katas=katas,
    )


def _kata(topic: str, entry: dict) -> Kata:
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
        )
    except KeyError as missing:
        raise ManifestError(f"{topic}: a kata lacks the key {missing}") from None


@cache
def load_topics(repository: Path) -> tuple[Topic, ...]:
    """Every topic of the repository, in teaching order."""
    folders = sorted(p for p in (repository / "exercises").iterdir() if TOPIC_DIR.match(p.name))
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
