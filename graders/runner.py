"""Run kata tests in a fresh pytest process and read back the results record.

A fresh process per run keeps `kata watch` honest: every run imports the student's files
anew, exactly as `pytest exercises/...` would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
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


@dataclass(frozen=True)
class Run:
    """One pytest run: its results record (None when pytest wrote none) and its output."""

    record: dict | None
    exit_code: int
    output: str


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


def run_tests(repository: Path, paths: tuple[Path | str, ...], impl: str | Path = EXERCISES,
              extra: tuple[str, ...] = (), *, env: dict[str, str] | None = None,
              timeout: float | None = None, results: Path | None = None) -> Run:
    """Grade `paths` against `impl` in a new pytest process run in `repository`; return its
    record and output.

    `extra` adds pytest options, `env` environment variables; `timeout` (seconds) raises
    subprocess.TimeoutExpired; `results` keeps the record at that path (default: a
    temporary file).
    """
    with tempfile.TemporaryDirectory(prefix="kata-") as folder:
        record_file = results or Path(folder) / "results.json"
        record_file.unlink(missing_ok=True)
        command = [sys.executable, "-m", "pytest", *map(str, paths), f"--impl={impl}",
                   f"--results={record_file}", f"--rootdir={repository}", "-q",
                   "-p", "no:randomly", *extra]
        completed = subprocess.run(command, cwd=repository, capture_output=True, text=True,
                                   env={**os.environ, **(env or {})}, timeout=timeout,
                                   stdin=subprocess.DEVNULL)
        record = (json.loads(record_file.read_text(encoding="utf-8"))
                  if record_file.exists() else None)
    return Run(record, completed.returncode, completed.stdout + completed.stderr)
