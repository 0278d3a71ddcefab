"""Let timing-sensitive tests run alone while pytest-xdist runs other tests beside them.

Every test holds a shared lock while it runs; a `timing` test holds it exclusively, so no
other worker's test runs at the same time. A turnstile lock stops a stream of ordinary tests
from starving the exclusive one (the classic fair readers-writer lock). Both locks come from
`filelock`, which works on Windows, macOS and Linux; its `ReadWriteLock` (an SQLite
transaction, released by the operating system if a worker dies) gives the shared mode.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, ReadWriteLock


def _folder(run_id: str) -> Path:
    return Path(tempfile.gettempdir()) / f"kata-locks-{run_id}"


def remove(run_id: str) -> None:
    """Delete the run's lock files once its last test has run."""
    shutil.rmtree(_folder(run_id), ignore_errors=True)


@contextmanager
def hold(run_id: str, alone: bool) -> Iterator[None]:
    """Hold the room: alone (exclusive) for timing tests, shared for the rest."""
    folder = _folder(run_id)
    folder.mkdir(exist_ok=True)
    turnstile = FileLock(folder / "turnstile")
    room = ReadWriteLock(folder / "room.db")
    if alone:
        with turnstile, room.write_lock():
            yield
    else:
        with turnstile:
            pass
        with room.read_lock():
            yield
