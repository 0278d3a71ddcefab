"""Let timing-sensitive tests run alone while pytest-xdist runs other tests beside them.

Every test holds a shared lock while it runs; a `timing` test holds it exclusively, so no
other worker's test runs at the same time. A turnstile lock stops a stream of ordinary tests
from starving the exclusive one (the classic fair readers-writer lock, here over `flock`).
"""

from __future__ import annotations

import fcntl
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _folder(run_id: str) -> Path:
    return Path(tempfile.gettempdir()) / f"kata-locks-{run_id}"


def _lock_files(run_id: str) -> tuple[Path, Path]:
    folder = _folder(run_id)
    folder.mkdir(exist_ok=True)
    return folder / "turnstile", folder / "room"


def remove(run_id: str) -> None:
    """Delete the run's lock files once its last test has run."""
    shutil.rmtree(_folder(run_id), ignore_errors=True)


@contextmanager
def _flock(path: Path, mode: int) -> Iterator[None]:
    with open(path, "a") as handle:
        fcntl.flock(handle, mode)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def hold(run_id: str, alone: bool) -> Iterator[None]:
    """Hold the room: alone (exclusive) for timing tests, shared for the rest."""
    turnstile, room = _lock_files(run_id)
    if alone:
        with _flock(turnstile, fcntl.LOCK_EX), _flock(room, fcntl.LOCK_EX):
            yield
    else:
        with _flock(turnstile, fcntl.LOCK_EX):
            pass
        with _flock(room, fcntl.LOCK_SH):
            yield
