"""Turn how a test ended into one verdict a person can act on, and a short message."""

from __future__ import annotations

import os
import traceback
from enum import StrEnum

import pytest

from graders.impl import is_kata_file


def short_path(filename: str) -> str:
    """A path relative to the current folder when it lies below it."""
    relative = os.path.relpath(filename)
    return filename if relative.startswith("..") else relative


class Verdict(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    TODO = "todo"
    TIMEOUT = "timeout"
    ERROR = "error"
    NOT_GRADABLE = "not-gradable"


class KataTimeout(BaseException):
    """Raised in the test when its time budget runs out.

    A BaseException so that a kata's `except Exception:` cannot swallow it.
    """


class KataLimit(BaseException):
    """Raised in the test when it starts too many processes or takes too much memory."""


NOT_GRADABLE_PREFIX = "not gradable here: "
TODO_MARK = "TODO"


def not_gradable(reason: str, fix: str) -> None:
    """End the test as not-gradable-here: say what is missing and the command that provides it."""
    pytest.skip(f"{NOT_GRADABLE_PREFIX}{reason}; to fix: {fix}")


def _chain(error: BaseException):
    """The error, its causes and contexts, and the members of exception groups."""
    seen: set[int] = set()
    stack = [error]
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
    for current in _chain(error):
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


def classify(error: BaseException) -> tuple[Verdict, str]:
    """The verdict and message for a test that raised `error` while running."""
    todo = todo_message(error)
    if todo is not None:
        return Verdict.TODO, todo
    if isinstance(error, KataTimeout):
        return Verdict.TIMEOUT, str(error)
    if isinstance(error, KataLimit):
        return Verdict.ERROR, f"resource limit: {error}"
    if isinstance(error, SystemExit):
        return Verdict.ERROR, (f"the kata called sys.exit({error.code!r}); a kata must return "
                               "its result, never end the interpreter")
    if isinstance(error, pytest.skip.Exception):
        return Verdict.NOT_GRADABLE, str(error.msg).removeprefix(NOT_GRADABLE_PREFIX)
    if isinstance(error, AssertionError):
        return Verdict.FAILED, assertion_message(error)
    return Verdict.ERROR, error_message(error)
