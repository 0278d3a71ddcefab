"""Generate the student stubs in `exercises/` from the reference modules in `solutions/`.

A solution module is the whole file a student sees; only the regions between
`### BEGIN SOLUTION` and `### END SOLUTION` (nbgrader's markers) are answers. Each region
becomes a TODO comment and `raise NotImplementedError(...)` that names the lesson.
"""

from __future__ import annotations

import re
from pathlib import Path

from graders.manifest import Topic, load_topics

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
DEF = re.compile(r"^(\s*)(?:async\s+)?def\s+(\w+)")


class MarkerError(ValueError):
    """Solution markers that do not pair up or sit outside a function."""


def _enclosing_function(lines: list[str], index: int, indent: int) -> str:
    for line in reversed(lines[:index]):
        match = DEF.match(line)
        if match and len(match.group(1)) < indent:
            return match.group(2)
    raise MarkerError(f"line {index + 1}: a solution region must sit inside a function")


def stub_text(solution: str, kata: str) -> str:
    """The stub for one solution module's text."""
    lines = solution.splitlines(keepends=True)
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.strip() != BEGIN:
            if END in line or BEGIN in line:
                raise MarkerError(f"line {index + 1}: a marker must stand alone on its line")
            out.append(line)
            index += 1
            continue
        indent = line[: len(line) - len(line.lstrip())]
        function = _enclosing_function(lines, index, len(indent))
        end = next((i for i in range(index + 1, len(lines)) if lines[i].strip() == END), None)
        if end is None:
            raise MarkerError(f"line {index + 1}: {BEGIN} without {END}")
        out.append(f"{indent}# TODO: write {function}; the lesson is README.md, kata {kata}\n")
        todo = f"TODO: {function} (kata {kata})"
        out.append(f'{indent}raise NotImplementedError("{todo}")\n')
        index = end + 1
    return "".join(out)


def expected_stubs(repository: Path) -> dict[Path, str]:
    """Every stub file's path in `exercises/` and the text it must have."""
    stubs = {}
    for topic in load_topics(repository):
        stubs.update(_topic_stubs(repository, topic))
    return stubs


def _topic_stubs(repository: Path, topic: Topic) -> dict[Path, str]:
    if not topic.has_stubs:
        return {}
    stubs = {}
    for kata in topic.katas:
        source = kata.solution_file(repository)
        try:
            text = stub_text(source.read_text(encoding="utf-8"), kata.name)
        except MarkerError as error:
            raise MarkerError(f"{source}: {error}") from None
        stubs[kata.exercise_file(repository)] = text
    return stubs


def out_of_date(repository: Path) -> list[Path]:
    """Stubs that are missing or differ from what the solutions generate."""
    return [path for path, text in expected_stubs(repository).items()
            if not path.exists() or path.read_text(encoding="utf-8") != text]


def write_stubs(repository: Path) -> list[Path]:
    """Regenerate every stub; return the files that changed."""
    changed = out_of_date(repository)
    stubs = expected_stubs(repository)
    for path in changed:
        path.write_text(stubs[path], encoding="utf-8")
    return changed
