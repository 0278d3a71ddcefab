"""`kata reset` and `kata solution`: the pristine stub and the reference module.

Where the stub comes from:
1. `solutions/` exists (the instructors' repository): the stub is generated from the
   solution, exactly as `kata stubs` does.
2. No `solutions/` (a student release): git history, the file as it was in the commit that
   added it (the release commit, before any student edit).
Before overwriting, the student's file is copied to `.results/backups/` (ignored by git).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from graders.manifest import Kata, topic_of
from graders.stubs import BEGIN, END, stub_text

BACKUPS = Path(".results") / "backups"


class RestoreError(RuntimeError):
    """The stub or the solution cannot be found here; the message says why."""


def has_stub(repository: Path, kata: Kata) -> bool:
    """False for katas that check the machine (a topic with `stubs = false`)."""
    return topic_of(repository, kata).has_stubs


def pristine_stub(repository: Path, kata: Kata) -> str:
    """The stub's text as released."""
    solution = kata.solution_file(repository)
    if solution.exists():
        return stub_text(solution.read_text(encoding="utf-8"), kata.name)
    return _first_committed(repository, kata.exercise_file(repository))


def _first_committed(repository: Path, path: Path) -> str:
    relative = path.relative_to(repository).as_posix()
    if shutil.which("git") is None:
        raise RestoreError("no solutions/ folder and no `git` to find the released stub")
    try:
        commits = _git(repository, "log", "--diff-filter=A", "--format=%H", "--", relative)
        first = commits.split()[-1]
        return _git(repository, "show", f"{first}:{relative}")
    except (subprocess.CalledProcessError, IndexError):
        raise RestoreError(f"no solutions/ folder, and git history has no committed "
                           f"{relative} to restore") from None


def _git(repository: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repository, capture_output=True, text=True,
                          check=True).stdout


def reset(repository: Path, kata: Kata) -> Path | None:
    """Put the stub back; return where the old file was saved (None when nothing changed)."""
    target = kata.exercise_file(repository)
    stub = pristine_stub(repository, kata)
    if target.exists() and target.read_text(encoding="utf-8") == stub:
        return None
    backup = None
    if target.exists():
        backup = repository / BACKUPS / f"{kata.module}.{time.strftime('%Y%m%d-%H%M%S')}.py"
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, backup)
    target.write_text(stub, encoding="utf-8")
    return backup


def without_markers(solution: str) -> str:
    """The reference as a student should read it: no solution marker lines."""
    lines = solution.splitlines(keepends=True)
    return "".join(line for line in lines if line.strip() not in (BEGIN, END))
