"""Tamper evidence for the student release: hashes of the files a student must not change.

`kata release` writes `.kata-integrity.json` into the release: the SHA-256 of
every test file, conftest, manifest, grading module, the Classroom workflow and
pyproject.toml. The kata modules (the stubs) are the only files a student is meant to
change. `tampered(repository)` compares the files with those hashes:

- a file recorded in the manifest that differs is "changed", one that is gone is "deleted";
- a new file that would change grading (a test file or conftest.py under exercises/, a Python
  file under graders/, a root conftest.py or pytest configuration file) is "added".

A file under `exercises/NN_topic/` counts against that topic; any other file (graders/,
the workflow, pyproject.toml) can change the grading of every topic, so it counts against
all of them. Hashes ignore line endings, so a checkout with CRLF line ends is not tampering.
The instructors' repository has no manifest, so nothing there is tampered.

This is evidence, not a lock: a student who also rewrites the manifest defeats it, and the
repository's history shows that.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from graders.manifest import EXERCISES

HASHES_FILE = ".kata-integrity.json"
VERSION = 1
PROTECTED_ROOT_FILES = ("pyproject.toml", ".github/workflows/classroom.yml")
ROOT_CONFIGS = ("conftest.py", "pytest.ini", "tox.ini", "setup.cfg", ".pytest.ini")
SKIPPED_PARTS = {"__pycache__", ".pytest_cache", ".results", ".hypothesis"}


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes with CRLF and CR line ends read as LF."""
    data = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return hashlib.sha256(data).hexdigest()


def _visible(path: Path, repository: Path) -> bool:
    parts = path.relative_to(repository).parts
    return path.is_file() and not SKIPPED_PARTS.intersection(parts) and path.suffix != ".pyc"


def protected_files(repository: Path) -> list[str]:
    """The repository's files that grading depends on and a student must not change."""
    found = [repository / name for name in (*PROTECTED_ROOT_FILES, *ROOT_CONFIGS)]
    found += repository.glob("graders/**/*")
    found += repository.glob("exercises/**/test_*.py")
    found += repository.glob("exercises/**/conftest.py")
    found += repository.glob("exercises/**/kata.toml")
    return sorted({p.relative_to(repository).as_posix() for p in found
                   if p.exists() and _visible(p, repository)})


def write_manifest(repository: Path, topics: list[str]) -> Path:
    """Record the hashes of the protected files (and the topic names) in the repository."""
    files = {name: digest(repository / name) for name in protected_files(repository)}
    document = {"version": VERSION, "algorithm": "sha256", "topics": topics, "files": files}
    path = repository / HASHES_FILE
    path.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def _changes(repository: Path, recorded: dict[str, str]) -> list[str]:
    changes = []
    for name, expected in sorted(recorded.items()):
        path = repository / name
        if not path.is_file():
            changes.append(f"{name} (deleted)")
        elif digest(path) != expected:
            changes.append(f"{name} (changed)")
    added = sorted(name for name in set(protected_files(repository)) - set(recorded)
                   if name.endswith(".py") or name in ROOT_CONFIGS)  # not editors' .DS_Store
    return changes + [f"{name} (added)" for name in added]


def _topic_of(change: str) -> str | None:
    parts = change.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == EXERCISES else None


def tampered(repository: Path) -> dict[str, list[str]]:
    """Per topic, the protected files that were changed, deleted or added since the release.

    Empty when the repository has no `.kata-integrity.json` (the instructors' repository).
    Each entry reads `path (changed|deleted|added)`.
    """
    path = repository / HASHES_FILE
    if not path.is_file():
        return {}
    document = json.loads(path.read_text(encoding="utf-8"))
    result: dict[str, list[str]] = {}
    for change in _changes(repository, document["files"]):
        topic = _topic_of(change)
        for name in [topic] if topic else document["topics"]:
            result.setdefault(name, []).append(change)
    return result


def message(changes: list[str]) -> str:
    """The sentence a student sees for a tampered topic."""
    return ("tampered: grading files of this topic differ from the release ("
            + "; ".join(changes) + "), so its points are withheld. Only the kata modules "
            "are yours to change: restore the others, e.g. `git checkout <first commit> -- "
            "<file>`, or delete an added file.")
