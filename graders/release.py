"""The student release: `python -m graders.release DIR` writes the Classroom template repository.

What goes in: the stubs, tests, conftest files, manifests and lessons of `exercises/`, the
`graders/` package, `pyproject.toml`, `.gitignore`, the Classroom workflow (generated from
the manifests), a student README (from `graders/README.student.md`) and the tamper-evidence
manifest `.kata-integrity.json` (see `graders.integrity`).

What stays out: `solutions/`, `tests/` (the instructors' suite and its mutants),
`CONTRIBUTING.md`, the instructors' CI workflow, caches and results.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from string import Template

from graders import classroom, integrity
from graders.manifest import EXERCISES, Topic, load_topics, require_repository

COPIED = (EXERCISES, "graders")
ROOT_FILES = ("pyproject.toml", ".gitignore")
README_TEMPLATE = Path("graders/README.student.md")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".results",
                                 ".hypothesis", "*.egg-info")


def _topic_row(topic: Topic) -> str:
    title = topic.title.replace("|", "/")
    link = f"[{topic.name}](exercises/{topic.name}/README.md)"
    return f"| {link} | {title} | {len(topic.katas)} | {topic.points} |"


def student_readme(repository: Path) -> str:
    """The student README: the template with the topics table filled in from the manifests."""
    template = Template((repository / README_TEMPLATE).read_text(encoding="utf-8"))
    rows = "\n".join(_topic_row(topic) for topic in load_topics(repository))
    return template.substitute(topics=rows)


def _prepare(target: Path) -> None:
    if target.exists() and any(target.iterdir()):
        if not (target / integrity.MANIFEST).exists():
            raise FileExistsError(f"{target} is not empty and is not a previous release")
        shutil.rmtree(target)
    target.mkdir(parents=True, exist_ok=True)


def write_release(repository: Path, target: Path) -> list[str]:
    """Write the student template repository into `target`; return its files (relative)."""
    target = target.resolve()
    forbidden = [repository.resolve(), *(repository.resolve() / f for f in COPIED)]
    if any(target == f or f in target.parents for f in forbidden[1:]) or target == forbidden[0]:
        raise ValueError(f"{target} is the repository or lies inside what it would copy")
    _prepare(target)
    for folder in COPIED:
        shutil.copytree(repository / folder, target / folder, ignore=IGNORED)
    for name in ROOT_FILES:
        shutil.copy2(repository / name, target / name)
    (target / "README.md").write_text(student_readme(repository), encoding="utf-8")
    workflow = target / classroom.WORKFLOW
    workflow.parent.mkdir(parents=True, exist_ok=True)
    workflow.write_text(classroom.workflow_text(repository), encoding="utf-8")
    topics = [topic.name for topic in load_topics(repository)]
    integrity.write_manifest(target, topics)
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    """`python -m graders.release DIR`: write the student template repository into DIR."""
    parser = argparse.ArgumentParser(prog="python -m graders.release",
                                     description="Write the student template repository.")
    parser.add_argument("directory", help="an empty folder (or a previous release)")
    args = parser.parse_args(argv)
    repository = require_repository("python -m graders.release")
    files = write_release(repository, Path(args.directory))
    print(f"wrote {len(files)} files to {args.directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
