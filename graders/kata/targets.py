"""What one `kata check|watch|solution TARGET` covers: a topic, a kata, or everything."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graders import impl
from graders.manifest import EXERCISES, Kata, find_topic, kata_index, load_topics


class UsageError(ValueError):
    """A target, kata or option that does not exist; `kata` exits with status 2."""


@dataclass(frozen=True)
class Scope:
    """What one `kata check|watch TARGET` covers: the katas and their test paths."""

    label: str
    katas: tuple[Kata, ...]
    paths: tuple[Path, ...]


def find_kata(repository: Path, name: str) -> Kata:
    """The kata called `name`, or a UsageError that lists how to see every kata."""
    kata = kata_index(repository).get(name)
    if kata is None:
        raise UsageError(f"no kata named {name!r} (`kata list` shows every kata)")
    return kata


def scope(repository: Path, target: str | None) -> Scope:
    """Everything, one topic, or one kata."""
    if target is None:
        katas = tuple(k for t in load_topics(repository) for k in t.katas)
        return Scope("every topic", katas, (repository / EXERCISES,))
    topic = find_topic(repository, target)
    if topic is not None:
        return Scope(topic.name, topic.katas, (topic.path,))
    if target not in kata_index(repository):
        raise UsageError(f"no topic or kata named {target!r} (`kata list` shows them all)")
    kata = kata_index(repository)[target]
    return Scope(kata.name, (kata,), (kata.test_path(repository),))


def impl_root(repository: Path, choice: str) -> Path:
    """The implementation `--impl=choice` names; a UsageError when it is not a folder."""
    try:
        return impl.resolve(choice, repository)
    except FileNotFoundError as error:
        raise UsageError(str(error)) from None
