"""`%load_ext graders.notebooks`: the `%%kata` cell magic and `grade_kata`, in the kernel of a
notebook built by `graders.instructor.course` (its docstring says how the course works).

The `%%kata` magic writes the cell to `submission/TOPIC/KATA.py` beside the notebook and
imports it, so its functions are usable in the notebook. Grading runs the unchanged test file
in a fresh `pytest` with `--impl=submission`: the kata tests never change, and worker
processes started with spawn or forkserver can import the student's functions.

The grade cell prints every test's verdict and message to stdout and its value is the points
earned, which nbgrader reads as partial credit; when nothing passes it raises, so nbgrader's
validate flags the kata. Not-gradable tests neither cost nor earn points: the gradable tests'
share is scaled to the kata's points, and a kata with no gradable test raises (counted as
earned, they once gave a blank 07_ray notebook 21.5 of 23 points on a busy machine).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from graders.fresh import grade
from graders.manifest import EXERCISES
from graders.verdicts import Verdict, earned

SUBMISSION = "submission"
GRADE_TIMEOUT = 900  # seconds one grade cell may take (a kata's whole test file)


def write_kata(topic: str, kata: str, code: str, folder: Path | None = None) -> dict:
    """Write a kata cell to `submission/TOPIC/KATA.py`, (re)import it, return its names."""
    package = (folder or Path.cwd()) / SUBMISSION / topic
    package.mkdir(parents=True, exist_ok=True)
    (package / f"{kata}.py").write_text(code, encoding="utf-8")
    if str(package) not in sys.path:
        sys.path.insert(0, str(package))
    importlib.invalidate_caches()
    module = sys.modules.get(kata)
    module = importlib.reload(module) if module else importlib.import_module(kata)
    return {name: value for name, value in vars(module).items() if not name.startswith("_")}


def kata_magic(line: str, cell: str) -> None:
    """`%%kata TOPIC/KATA`: write the cell to a module, import it, define its names here."""
    from IPython import get_ipython

    topic, _, kata = line.strip().partition("/")
    if not topic or not kata:
        raise ValueError("usage: %%kata TOPIC/KATA, e.g. %%kata 01_functional/purity")
    get_ipython().user_ns.update(write_kata(topic, kata, cell))


def _report(tests: list[dict]) -> list[str]:
    lines = []
    for test in tests:
        message = f": {test['message']}" if test["message"] else ""
        lines.append(f"{test['verdict'].upper():13} {test['name']}{message}")
    return lines


def grade_kata(topic: str, kata: str, folder: Path | None = None) -> float:
    """Run one kata's test file on `submission/`, print the verdicts, return the points.

    Raises AssertionError when no test passed (or the run left no results).
    """
    root = (folder or Path.cwd()).resolve()
    run = grade(root, (f"{EXERCISES}/{topic}/test_{kata}.py",), root / SUBMISSION,
                    timeout=GRADE_TIMEOUT)
    tests = run.record["tests"] if run.record else []
    if not tests:
        tail = run.output[-1500:]
        raise AssertionError(f"no results for kata {kata}: run its %%kata cell first.\n{tail}")
    print("\n".join(_report(tests)))
    return points(kata, tests)


def points(kata: str, tests: list[dict]) -> float:
    """The kata's points: what the gradable tests earned, scaled to the whole kata, so a
    not-gradable test costs nothing and earns nothing. Raises AssertionError when no test
    passed, or none could be graded here (then the grade must be made where they can)."""
    gradable = [t for t in tests if t["verdict"] != Verdict.NOT_GRADABLE]
    if not gradable:
        raise AssertionError(f"kata {kata}: no test could be graded here (see the verdicts "
                             "above); grade this kata on a machine that meets its needs")
    share = sum(earned(t["verdict"], t["max_points"]) for t in gradable)
    if share <= 0:
        raise AssertionError(f"kata {kata}: no test passed yet (see the verdicts above)")
    whole = sum(t["max_points"] for t in tests)
    return round(whole * share / sum(t["max_points"] for t in gradable), 4)


def load_ipython_extension(ipython) -> None:
    """`%load_ext graders.notebooks`: the `%%kata` magic and `grade_kata` in the notebook."""
    ipython.register_magic_function(kata_magic, magic_kind="cell", magic_name="kata")
    ipython.user_ns["grade_kata"] = grade_kata
