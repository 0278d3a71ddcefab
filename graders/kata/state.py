"""The student's state file (`.kata-state.json` at the repository root, ignored by git).

It remembers two things between runs of `kata`:
- how many hint tiers of each kata were shown (`kata hint`);
- each kata's last verdicts (written by `kata check`, `kata watch`, `kata solution`), which
  `kata` with no arguments turns into a progress view without running anything.

Deleting the file starts over; nothing else depends on it.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

STATE_FILE = ".kata-state.json"
STATE_VERSION = 1
MESSAGE_LIMIT = 600
NOTE = "written by `kata`; delete this file to forget hints shown and saved progress"


@dataclass
class State:
    """Hints shown per kata and each kata's last saved result."""

    path: Path
    hints: dict[str, int] = field(default_factory=dict)
    katas: dict[str, dict] = field(default_factory=dict)

    def hints_shown(self, kata: str) -> int:
        return self.hints.get(kata, 0)

    def status(self, kata: str) -> str | None:
        """The kata's last saved status (passed, failing, todo, not-gradable) or None."""
        saved = self.katas.get(kata)
        return saved["status"] if saved else None

    def record_run(self, record: dict) -> None:
        """Save the katas of a results record (`--results`), replacing their older entries."""
        now = time.time()
        tests_by_kata: dict[str, list[dict]] = {}
        for test in record.get("tests", []):
            tests_by_kata.setdefault(test["kata"], []).append({
                "name": test["name"],
                "verdict": test["verdict"],
                "message": test["message"][:MESSAGE_LIMIT],
            })
        for summary in record.get("katas", []):
            self.katas[summary["kata"]] = {
                "topic": summary["topic"],
                "status": summary["status"],
                "points": summary["points"],
                "max_points": summary["max_points"],
                "not_gradable_points": summary["not_gradable_points"],
                "checked_at": now,
                "tests": tests_by_kata.get(summary["kata"], []),
            }

    def save(self) -> None:
        """Write the file atomically (a killed `kata` never leaves half a file)."""
        data = {"note": NOTE, "version": STATE_VERSION, "hints": self.hints, "katas": self.katas}
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1, sort_keys=True)
        os.replace(temporary, self.path)


def load_state(repository: Path) -> State:
    """The repository's state; an empty one when the file is missing or unreadable."""
    path = repository / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return State(path)
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return State(path)
    return State(path, hints=dict(data.get("hints", {})), katas=dict(data.get("katas", {})))
