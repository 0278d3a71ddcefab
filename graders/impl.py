"""One switch selects the implementation under test: `--impl=exercises|solutions|DIR`.

The test files import kata modules by their plain names (`from pool_map import parallel_map`).
This module puts the chosen tree's topic folders first on `sys.path` and on `PYTHONPATH`, so
the same names resolve to the chosen files in this process and in every process it starts:
spawn and forkserver workers, dask and ray workers and Spark's Python workers.

`KATA_START_METHOD=spawn` makes spawn the default start method of the run, as on macOS and
Windows, so Linux (Classroom, CI) grades code that starts processes the default way as the
students' own machines do.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import sys
from pathlib import Path

from graders.manifest import EXERCISES, SOLUTIONS, TOPIC_DIR

ENV_IMPL = "KATA_IMPL_ROOT"
ENV_START_METHOD = "KATA_START_METHOD"


def resolve(choice: str, repository: Path) -> Path:
    """The folder laid out like `solutions/` that `--impl=choice` names: `exercises`,
    `solutions`, or a folder (relative to the current one)."""
    if choice in (EXERCISES, SOLUTIONS):
        root = repository / choice
    else:
        root = Path(choice).expanduser().resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"--impl={choice}: {root} is not a folder")
    return root


def topic_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and TOPIC_DIR.match(p.name))


def activate(root: Path) -> None:
    """Make the kata modules under `root` the ones every `import` finds."""
    folders = [str(p) for p in topic_folders(root)]
    sys.path[:0] = [f for f in folders if f not in sys.path]
    inherited = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = os.pathsep.join([*folders, inherited] if inherited else folders)
    os.environ[ENV_IMPL] = str(root)
    # Spawned workers start afresh from this environment: in UTF-8 mode, a student's
    # print("✓") cannot kill one where the locale is not UTF-8 (Windows; issue 16).
    os.environ["PYTHONUTF8"] = "1"
    if os.environ.get(ENV_START_METHOD):
        multiprocessing.set_start_method(os.environ[ENV_START_METHOD], force=True)
    importlib.invalidate_caches()


def root() -> Path | None:
    """The implementation under test in this run and its worker processes, if one was chosen."""
    chosen = os.environ.get(ENV_IMPL)
    return Path(chosen) if chosen else None


def is_kata_file(filename: str) -> bool:
    """True for a file of the implementation under test (where student code lives)."""
    root = os.environ.get(ENV_IMPL)
    return bool(root) and os.path.abspath(filename).startswith(root + os.sep)


def is_student_code(filename: str) -> bool:
    """True for a kata module or other student file: under the implementation, not a test."""
    name = os.path.basename(filename)
    return is_kata_file(filename) and not (name.startswith("test_") or name == "conftest.py")
