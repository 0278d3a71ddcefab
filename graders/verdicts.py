"""Every verdict rule: how a test ended becomes one verdict a person can act on.

The plugin collects the facts (the phase, the exception, the problems the budget found, the
collection error) and asks the functions here; it decides nothing itself. Consumers of the
record (`kata`, Classroom, notebooks) name verdicts and kata statuses with the enums below,
and show them with `LABEL`.
"""

from __future__ import annotations

import os
import re
import traceback
from collections import Counter
from collections.abc import Iterator
from enum import StrEnum
from typing import NamedTuple

import pytest

from graders.capabilities import Missing
from graders.impl import is_kata_file, is_student_code
from graders.manifest import Kata


class Verdict(StrEnum):
    """How one test ended."""

    PASSED = "passed"
    FAILED = "failed"
    TODO = "todo"
    TIMEOUT = "timeout"
    ERROR = "error"
    NOT_GRADABLE = "not-gradable"


class KataStatus(StrEnum):
    """One word for a whole kata, from the verdicts of its tests."""

    PASSED = "passed"
    FAILING = "failing"
    TODO = "todo"
    NOT_GRADABLE = "not-gradable"


# The word a person sees for each verdict and kata status.
LABEL: dict[str, str] = {
    Verdict.PASSED: "passed",
    Verdict.FAILED: "FAILED",
    Verdict.TODO: "todo",
    Verdict.TIMEOUT: "TIMEOUT",
    Verdict.ERROR: "ERROR",
    Verdict.NOT_GRADABLE: "not gradable here",
    KataStatus.FAILING: "failing",
}
# Kata statuses that need no more work from the student.
DONE = (KataStatus.PASSED, KataStatus.NOT_GRADABLE)
NOT_GRADABLE_PREFIX = "not gradable here: "
FIX_SEPARATOR = "; to fix: "  # between a not-gradable reason and its fix
TODO_MARK = "TODO"
CRASHED = ("the process running this test died before the test finished (os._exit, a "
           "crash, or killed for memory); the tests after it may not have run")


class Judgement(NamedTuple):
    """A verdict, its message, and for not-gradable the command that fixes it."""

    verdict: Verdict
    message: str
    fix: str = ""


class KataTimeout(BaseException):
    """Raised in the test when its time budget runs out.

    A BaseException so that a kata's `except Exception:` cannot swallow it.
    """


class KataLimit(BaseException):
    """Raised in the test when it starts too many processes or takes too much memory."""


class NotGradable(pytest.skip.Exception):
    """A skip that says what this machine lacks and the command that provides it."""

    def __init__(self, reason: str, fix: str) -> None:
        super().__init__(f"{NOT_GRADABLE_PREFIX}{reason}{FIX_SEPARATOR}{fix}")
        self.fix = fix


def reason_of(message: str, fix: str) -> str:
    """A not-gradable message without its fix (which the record holds apart)."""
    return message.removesuffix(f"{FIX_SEPARATOR}{fix}") if fix else message


def not_gradable(reason: str, fix: str) -> None:
    """End the test as not-gradable-here: say what is missing and the command that provides it."""
    raise NotGradable(reason, fix)


def missing_capability(missing: Missing) -> NotGradable:
    """The not-gradable ending for a manifest need this machine does not meet."""
    return NotGradable(f"needs {missing.what}", missing.fix)


def is_ok(verdict: str) -> bool:
    """True for the verdicts that cost no points: passed and not-gradable."""
    return verdict in (Verdict.PASSED, Verdict.NOT_GRADABLE)


def earned(verdict: str, max_points: float) -> float:
    """A test's points: all of its share when it passed, else none."""
    return max_points if verdict == Verdict.PASSED else 0.0


def kata_status(verdicts: Counter) -> KataStatus:
    """One word for a kata: passed, todo, not-gradable or failing."""
    graded = {v: n for v, n in verdicts.items() if v != Verdict.NOT_GRADABLE}
    if not graded:
        return KataStatus.NOT_GRADABLE
    if set(graded) == {Verdict.PASSED}:
        return KataStatus.PASSED
    if set(graded) == {Verdict.TODO}:
        return KataStatus.TODO
    return KataStatus.FAILING


# --- messages --------------------------------------------------------------------------------


def short_path(filename: str) -> str:
    """A path relative to the current folder when it lies below it."""
    relative = os.path.relpath(filename)
    return filename if relative.startswith("..") else relative


def exception_chain(error: BaseException) -> Iterator[BaseException]:
    """The error, its causes and contexts, and the members of exception groups."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend([current.__cause__, current.__context__])
        stack.extend(getattr(current, "exceptions", ()))


def todo_message(error: BaseException) -> str | None:
    """The stub's TODO text if the error comes from a kata that is not written yet.

    Engines wrap worker errors (ray's RayTaskError, Spark's PythonException), so the TODO
    text is also looked for inside their messages.
    """
    for current in exception_chain(error):
        if isinstance(current, NotImplementedError):
            text = str(current) or "a function still raises NotImplementedError"
            frames = traceback.extract_tb(current.__traceback__)
            last = frames[-1] if frames else None
            where = f" in {short_path(last.filename)}, line {last.lineno}" if last else ""
            return text + where
        text = str(current)
        if "NotImplementedError" in text and TODO_MARK in text:
            line = next(t for t in text.splitlines() if "NotImplementedError" in t)
            return line.split("NotImplementedError", 1)[1].lstrip(": ") or text
    return None


def assertion_message(error: AssertionError) -> str:
    """The test's teaching sentence, without pytest's `assert ...` introspection."""
    text = str(error)
    sentence = text.split("\nassert ", 1)[0].strip()
    return sentence or "an assertion failed (no message)"


def kata_frame_that_skipped(error: BaseException) -> str:
    """Where kata code raised a skip (`pytest.skip`, `not_gradable`, directly, in a worker or
    through a grader helper), or "" when a test or the grader decided it. Only tests say what
    a machine cannot grade, so the innermost test or kata frame decides."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if is_student_code(frame.filename):
            return f"{short_path(frame.filename)}, line {frame.lineno}"
        name = os.path.basename(frame.filename)
        if name.startswith("test_") or name == "conftest.py":
            return ""
    return ""


def skipped_by_kata(where: str) -> str:
    return (f"the kata ended its test as skipped or not gradable ({where}); only the tests "
            "and the grader say what a machine cannot grade. A kata must return its result "
            "or raise its own error")


def error_message(error: BaseException) -> str:
    """`Type: message`, and where in the kata's own code it was raised."""
    where = ""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if is_kata_file(frame.filename):
            where = f" (raised in {short_path(frame.filename)}, line {frame.lineno})"
            break
    first_line = (str(error).strip().splitlines() or [""])[0][:500]
    advice = ""
    if "pickle" in f"{type(error).__name__} {first_line}".lower():
        advice = (". Everything sent to a process pool is pickled: use functions defined at "
                  "module level (not lambdas or nested functions) and functools.partial")
    return f"{type(error).__name__}: {first_line}{where}{advice}"


# --- the rules -------------------------------------------------------------------------------


def classify(error: BaseException) -> Judgement:
    """The verdict for a test that raised `error` while running."""
    todo = todo_message(error)
    if todo is not None:
        return Judgement(Verdict.TODO, todo)
    if isinstance(error, KataTimeout):
        return Judgement(Verdict.TIMEOUT, str(error))
    if isinstance(error, KataLimit):
        return Judgement(Verdict.ERROR, f"resource limit: {error}")
    if isinstance(error, SystemExit):
        return Judgement(Verdict.ERROR, f"the kata called sys.exit({error.code!r}); a kata "
                                        "must return its result, never end the interpreter")
    if isinstance(error, pytest.skip.Exception):
        where = kata_frame_that_skipped(error)
        if where:
            return Judgement(Verdict.ERROR, skipped_by_kata(where))
        return Judgement(Verdict.NOT_GRADABLE,
                         str(error.msg).removeprefix(NOT_GRADABLE_PREFIX),
                         getattr(error, "fix", ""))
    if isinstance(error, AssertionError):
        return Judgement(Verdict.FAILED, assertion_message(error))
    return Judgement(Verdict.ERROR, error_message(error))


def judge_phase(when: str, passed: bool, error: BaseException | None) -> Judgement | None:
    """The verdict of one phase (setup, call, teardown) of a test; None when the phase says
    nothing (a setup or teardown that went well)."""
    if error is not None and isinstance(error, pytest.skip.Exception):
        return classify(error)
    if when == "call":
        return Judgement(Verdict.PASSED, "") if passed else classify(error)
    if error is None:
        return None
    verdict, message, fix = classify(error)
    if verdict in (Verdict.FAILED, Verdict.PASSED):
        verdict = Verdict.ERROR
    return Judgement(verdict, f"during {when}: {message}", fix)


def judge_problems(judgement: Judgement, problems: list[str]) -> Judgement:
    """A test that broke its budget (a flood of output, processes or threads left running)
    earns nothing: a pass becomes a failure, and so does not gradable (work left running can
    be what made the machine too busy to grade); any other verdict says it too."""
    if not problems:
        return judgement
    said = "; ".join(problems)
    if judgement.verdict == Verdict.PASSED:
        return Judgement(Verdict.FAILED, said)
    if judgement.verdict == Verdict.NOT_GRADABLE:
        return Judgement(Verdict.FAILED, f"{said} (and the test was not gradable here: "
                                         f"{judgement.message})")
    return judgement._replace(message=f"{judgement.message} (also: {said})")


def judge_collection(kata: Kata, longrepr: str, missing: Missing | None) -> Judgement:
    """Why a kata's test file could not be loaded: not gradable when `missing` is a package
    the kata's manifest says it needs, else an error with a one-line reason."""
    if missing is not None:
        ending = missing_capability(missing)
        return Judgement(Verdict.NOT_GRADABLE, ending.msg.removeprefix(NOT_GRADABLE_PREFIX),
                         ending.fix)
    errors = [line[1:].strip() for line in longrepr.splitlines() if line.startswith("E ")]
    last = errors[-1] if errors else longrepr.strip().splitlines()[-1]
    return Judgement(Verdict.ERROR, collection_message(kata, last, errors))


def collection_message(kata: Kata, last: str, errors: list[str]) -> str:
    """A one-line reason why a kata's test file could not be loaded."""
    if re.search(rf"No module named '{kata.module}'", last):
        return (f"{kata.module}.py was not found in the implementation under test; "
                f"it must define {', '.join(kata.functions)}")
    missing = re.search(rf"cannot import name '(\w+)' from '{kata.module}'", last)
    if missing:
        return (f"{kata.module}.py has no `{missing.group(1)}`; the kata asks for "
                f"{', '.join(kata.functions)}")
    where = next((e for e in errors if re.search(r"line \d+", e)), "")
    return f"{kata.module}.py could not be imported: {last}" + (f" ({where})" if where else "")


def crashed(detail: str = "") -> Judgement:
    """The verdict of a test whose process died under it."""
    return Judgement(Verdict.ERROR, f"{CRASHED}: {detail}" if detail else CRASHED)


TAMPERED_AT_RUN_TIME = "tampered at run time"


def tampered_at_run_time(changes: list[str]) -> Judgement:
    """The verdict of every test of a topic whose kata code changed the grader while it ran."""
    shown = "; ".join(changes[:3]) + (f" (and {len(changes) - 3} more)" if changes[3:] else "")
    return Judgement(Verdict.ERROR, f"{TAMPERED_AT_RUN_TIME}: {shown}. A kata module may "
                     "only define the kata's functions; the grade of this topic is 0.")
