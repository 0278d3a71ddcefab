"""The student release: `kata release DIR` writes the Classroom template repository.

What goes in: the stubs, tests, conftest files, manifests and lessons of `exercises/`, the
`graders/` package, `pyproject.toml`, `.gitignore`, the Classroom workflow (generated from
the manifests), a student README (from `graders/instructor/README.student.md`) and the
tamper-evidence manifest `.kata-integrity.json` (see `graders.integrity`).

What stays out: `solutions/`, `tests/` (the instructors' suite and its mutants),
`CONTRIBUTING.md`, the instructors' CI workflow, caches and results.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from string import Template

from graders import integrity
from graders.instructor.workflow import WORKFLOW, workflow_text
from graders.manifest import EXERCISES, Topic, load_topics, require_repository

COPIED = (EXERCISES, "graders")
RELEASED_ROOT_FILES = ("pyproject.toml", ".gitignore")
README_TEMPLATE = Path("graders/instructor/README.student.md")
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
        if not (target / integrity.HASHES_FILE).exists():
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
    for name in RELEASED_ROOT_FILES:
        shutil.copy2(repository / name, target / name)
    (target / "README.md").write_text(student_readme(repository), encoding="utf-8")
    workflow = target / WORKFLOW
    workflow.parent.mkdir(parents=True, exist_ok=True)
    workflow.write_text(workflow_text(repository), encoding="utf-8")
    topics = [topic.name for topic in load_topics(repository)]
    integrity.write_manifest(target, topics)
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    """`kata release DIR`: write the student template repository into DIR."""
    parser = argparse.ArgumentParser(prog="kata release",
                                     description="Write the student template repository.")
    parser.add_argument("directory", help="an empty folder (or a previous release)")
    args = parser.parse_args(argv)
    repository = require_repository("kata release")
    files = write_release(repository, Path(args.directory))
    print(f"wrote {len(files)} files to {args.directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
