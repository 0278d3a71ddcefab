"""`kata watch`: re-grade on every save, show the current kata's verdict, never advance.

File notifications come from watchfiles. Where they do not arrive (WSL on /mnt, network and
container mounts: the rustlings complaint), `--poll` compares file times every half second;
the watcher also switches to polling by itself when it sees a file change that no
notification reported.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.padding import Padding

from graders.fresh import Run, grade
from graders.kata import progress
from graders.kata.state import load_state
from graders.kata.targets import Scope
from graders.manifest import EXERCISES
from graders.verdicts import DONE

POLL_SECONDS = 0.5
MISSED_TIMEOUTS = 2  # quiet notification timeouts with changed files before we poll instead

Snapshot = dict[Path, tuple[int, int]]


def snapshot(folders: list[Path]) -> Snapshot:
    """Modification time and size of every Python file in the folders."""
    files: Snapshot = {}
    for folder in folders:
        for path in folder.glob("*.py"):
            try:
                stat = path.stat()
            except OSError:
                continue
            files[path] = (stat.st_mtime_ns, stat.st_size)
    return files


def changed(before: Snapshot, after: Snapshot) -> set[Path]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


class ChangeWatcher:
    """Yields each batch of changed Python files under some folders."""

    def __init__(self, folders: list[Path], poll: bool) -> None:
        self.folders = folders
        self.polling = poll or not _has_watchfiles()
        self.fell_back = False
        self.files = snapshot(folders)

    @property
    def mode(self) -> str:
        if self.fell_back:
            return "polling (file notifications did not arrive here)"
        return "polling" if self.polling else "file notifications"

    def changes(self) -> Iterator[set[Path]]:
        if not self.polling:
            yield from self._notified()
        yield from self._polled()

    def _polled(self) -> Iterator[set[Path]]:
        while True:
            time.sleep(POLL_SECONDS)
            current = snapshot(self.folders)
            difference = changed(self.files, current)
            self.files = current
            if difference:
                yield difference

    def _notified(self) -> Iterator[set[Path]]:
        """Notifications, cross-checked with file times; stop when they miss a change."""
        import watchfiles

        missed = 0
        for batch in watchfiles.watch(*self.folders, watch_filter=watchfiles.PythonFilter(),
                                      rust_timeout=1000, yield_on_timeout=True,
                                      force_polling=None):
            current = snapshot(self.folders)
            difference = changed(self.files, current)
            if batch:
                missed = 0
                self.files = current
                yield difference | {Path(path) for _, path in batch}
            elif difference:
                missed += 1
                if missed >= MISSED_TIMEOUTS:
                    self.polling = self.fell_back = True
                    self.files = current
                    yield difference
                    return


def _has_watchfiles() -> bool:
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return False
    return True


def render(console: Console, scope: Scope, run: Run, mode: str, upcoming: str | None) -> None:
    """The watch screen: the scope's katas, the current kata's tests, the next command."""
    console.clear()
    console.rule(f"kata watch {scope.label}  [dim]last run {time.strftime('%H:%M:%S')}, "
                 f"{mode}[/]")
    record = run.record
    if record is None or not record["tests"]:
        console.print(run.output[-3000:], markup=False)
        console.print("[bold red]No verdicts came back[/]; the output is above.")
        return
    statuses = {k["kata"]: k["status"] for k in record["katas"]}
    current = next((k for k in scope.katas if statuses.get(k.name) not in DONE), None)
    for kata in scope.katas:
        marker = ">" if kata is current else " "
        console.print(f"{marker} {kata.name:28} ", progress.look(statuses.get(kata.name)))
    if current is None:
        after = f"`kata watch {upcoming}`" if upcoming else "`kata` to see your progress"
        console.print(f"\n[bold green]Everything here passed.[/] Move on when you are ready: "
                      f"{after}")
    else:
        console.print(f"\nCurrent kata: [bold]{current.name}[/] ({current.title})")
        console.print(Padding(progress.tests_grid(record, current.name), (0, 0, 0, 2)))
        console.print(f"\nStuck? [bold]kata hint {current.name}[/] (each call shows one "
                      "more hint)")
    console.print("[dim]Save a file to re-run. Ctrl-C to quit.[/]")


def watch(console: Console, repository: Path, scope: Scope, impl: Path, poll: bool) -> int:
    """Grade, show, wait for a save, repeat, until Ctrl-C."""
    folders = sorted({impl / kata.topic for kata in scope.katas})
    watcher = ChangeWatcher([f for f in folders if f.is_dir()], poll)
    changes = watcher.changes()
    try:
        while True:
            run = grade(repository, scope.paths, impl)
            state = load_state(repository)
            if impl == repository / EXERCISES and run.record is not None:
                state.record_run(run.record)
                state.save()
            upcoming = progress.next_kata(repository, state)
            after = upcoming.name if upcoming and upcoming not in scope.katas else None
            render(console, scope, run, watcher.mode, after)
            next(changes)
    except KeyboardInterrupt:
        console.print("\nkata watch: stopped.")
        return 0
