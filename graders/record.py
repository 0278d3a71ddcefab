"""The results record: one entry per test, per-kata points, and the machine it ran on.

The record is rewritten after every test (atomically), so it survives a run that is killed
half way. `--results=FILE` writes it; the points table and the Classroom payload read it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from graders.verdicts import KataStatus, Verdict, kata_status

RECORD_VERSION = 2  # 2 added each test's `fix` (the command that makes it gradable here)


@dataclass
class TestResult:
    nodeid: str
    topic: str
    kata: str
    name: str
    verdict: Verdict
    points: float
    max_points: float
    duration: float
    message: str
    timing: bool = False
    fix: str = ""  # for not-gradable: the command that makes the test gradable here


@dataclass
class KataSummary:
    topic: str
    kata: str
    points: float
    max_points: float
    not_gradable_points: float
    status: KataStatus
    verdicts: dict[str, int]


class Record:
    """Collects test results during a run and writes them out."""

    def __init__(self, path: Path | None, environment: dict, impl: str,
                 kata_order: dict[str, int]) -> None:
        self.path = path
        self.environment = environment
        self.impl = impl
        self.kata_order = kata_order
        self.tests: list[TestResult] = []

    def add(self, result: TestResult) -> None:
        self.tests = [t for t in self.tests if t.nodeid != result.nodeid] + [result]
        self.write()

    def revoke(self, topics: set[str] | None, message: str) -> None:
        """Tampering found: every test of these topics (all, for None) earns nothing."""
        for test in self.tests:
            if topics is None or test.topic in topics:
                test.verdict, test.points, test.message = Verdict.ERROR, 0.0, message
        self.write()

    def katas(self) -> list[KataSummary]:
        grouped: dict[tuple[str, str], list[TestResult]] = {}
        for test in self.tests:
            grouped.setdefault((test.topic, test.kata), []).append(test)
        summaries = []
        in_order = sorted(grouped.items(), key=lambda item: (item[0][0],
                                                            self.kata_order.get(item[0][1], 0)))
        for (topic, kata), tests in in_order:
            verdicts = Counter(t.verdict for t in tests)
            gradable = [t for t in tests if t.verdict != Verdict.NOT_GRADABLE]
            summaries.append(KataSummary(
                topic=topic,
                kata=kata,
                points=round(sum(t.points for t in gradable), 2),
                max_points=round(sum(t.max_points for t in gradable), 2),
                not_gradable_points=round(sum(t.max_points for t in tests) -
                                          sum(t.max_points for t in gradable), 2),
                status=kata_status(verdicts),
                verdicts=dict(verdicts),
            ))
        return summaries

    def to_dict(self) -> dict:
        katas = self.katas()
        return {
            "version": RECORD_VERSION,
            "impl": self.impl,
            "environment": self.environment,
            "totals": {
                "points": round(sum(k.points for k in katas), 2),
                "max_points": round(sum(k.max_points for k in katas), 2),
                "not_gradable_points": round(sum(k.not_gradable_points for k in katas), 2),
                "verdicts": dict(Counter(t.verdict for t in self.tests)),
            },
            "katas": [asdict(k) for k in katas],
            "tests": [asdict(t) for t in self.tests],
        }

    def write(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(self.to_dict(), out, indent=2)
        os.replace(temporary, self.path)


def points_table(record: Record) -> list[str]:
    """Lines of the end-of-run table: points per kata, per topic, and in all."""
    lines = []
    topic = None
    topic_points = topic_max = 0.0
    katas = record.katas()
    for summary in katas:
        if summary.topic != topic:
            if topic is not None:
                lines.append(f"  {'':32} {topic_points:6.1f} / {topic_max:<6.1f} {topic}")
            topic, topic_points, topic_max = summary.topic, 0.0, 0.0
            lines.append(f"{summary.topic}")
        topic_points += summary.points
        topic_max += summary.max_points
        extra = (f"  (+{summary.not_gradable_points:g} not gradable here)"
                 if summary.not_gradable_points else "")
        lines.append(f"  {summary.kata:32} {summary.points:6.1f} / {summary.max_points:<6.1f}"
                     f" {summary.status}{extra}")
    if topic is not None:
        lines.append(f"  {'':32} {topic_points:6.1f} / {topic_max:<6.1f} {topic}")
    total = sum(k.points for k in katas)
    total_max = sum(k.max_points for k in katas)
    lines.append(f"total: {total:.1f} of {total_max:.1f} points")
    return lines
