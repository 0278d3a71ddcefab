"""Grade paths in a fresh pytest process and read back the results record.

Every launcher uses this one: `kata check`, `kata watch`, `kata doctor`, `kata solution`,
the notebooks' grade cells and the repository's own tests. A fresh process per run keeps
`kata watch` honest: every run imports the student's files anew, exactly as
`pytest exercises/...` would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from graders.manifest import EXERCISES


@dataclass(frozen=True)
class Run:
    """One pytest run: its results record (None when pytest wrote none) and its output."""

    record: dict | None
    exit_code: int
    output: str


def grade(repository: Path, paths: tuple[Path | str, ...], impl: str | Path = EXERCISES,
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
        # UTF-8 both ways, whatever the locale (Windows: cp1252); a stray byte cannot crash.
        completed = subprocess.run(command, cwd=repository, capture_output=True,
                                   encoding="utf-8", errors="replace",
                                   env={"PYTHONUTF8": "1", **os.environ, **(env or {})},
                                   timeout=timeout, stdin=subprocess.DEVNULL)
        record = (json.loads(record_file.read_text(encoding="utf-8"))
                  if record_file.exists() else None)
    return Run(record, completed.returncode, completed.stdout + completed.stderr)
