"""Helpers for the repository's own suite: grade katas in a separate pytest run."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import psutil
import pytest

from graders.fresh import grade
from graders.manifest import SOLUTIONS, Kata, kata_index

REPOSITORY = Path(__file__).resolve().parents[1]


# The test files that prove a kata (the rest prove the machinery).
KATA_PROOFS = ("test_manifests.py", "test_honesty.py", "test_mutants.py", "test_alternatives.py")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--kata", metavar="NAME", default=None,
                     help="prove one kata: its manifest entry, honesty on the stub and the "
                          "solution, its mutants and its alternatives")


def katas_of(item: pytest.Item) -> set[str]:
    """The katas a collected test is about, from its parameters: a Kata, a mutant or
    alternative entry (`kata = ...`), or an honesty target."""
    names = set()
    for value in getattr(getattr(item, "callspec", None), "params", {}).values():
        if isinstance(value, Kata):
            names.add(value.name)
        elif isinstance(value, dict) and "kata" in value:
            names.add(value["kata"])
        names.update(k.name for k in getattr(value, "katas", ()))
    return names


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`--kata NAME` keeps only the tests that prove that kata."""
    name = config.getoption("kata")
    if name is None:
        return
    if name not in kata_index(REPOSITORY):
        raise pytest.UsageError(f"--kata {name}: no such kata (`kata list` shows them all)")
    kept = [item for item in items if item.path.name in KATA_PROOFS and name in katas_of(item)]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


# Grade in the pytest process itself, not in the one pytest-xdist worker a kata run gets by
# default: the mutants, alternatives and honesty runs judge verdicts, not crash survival
# (tests/test_hostile.py proves that), and a second interpreter per run would add minutes.
IN_PROCESS = ("-n", "0")


def grade_record(paths: list[str], impl: str | Path, results: Path, *options: str,
          env: dict | None = None, timeout: float = 900, in_process: bool = False) -> dict:
    """Run the kata tests at `paths` against `impl` in a fresh pytest; return the record.

    The record also carries the run's exit code and output, for assertions and failure
    messages. `in_process`: see IN_PROCESS.
    """
    options = (*IN_PROCESS, *options) if in_process else options
    run = grade(REPOSITORY, tuple(paths), impl, options, env=env, timeout=timeout,
                    results=results)
    record = run.record or {"tests": []}
    record["exit_code"] = run.exit_code
    record["output"] = run.output[-9000:]
    return record


@pytest.fixture
def grade_katas(tmp_path: Path):
    """`grade_katas(paths, impl, *options)`: see grade_record."""
    counter = iter(range(1000))

    def run(paths: list[str], impl: str | Path, *options: str, **kwargs) -> dict:
        return grade_record(paths, impl, tmp_path / f"results-{next(counter)}.json", *options,
                     **kwargs)

    return run


def allowed_not_gradable(test: dict) -> bool:
    """Not-gradable is fine only where the machine lacks a capability (the result names
    the fix) or a timing comparison could not be shown here; it is always reported, never a
    silent pass."""
    return bool(test["fix"]) or test["timing"]


@pytest.fixture
def not_gradable_allowed():
    """`not_gradable_allowed(test)`: see allowed_not_gradable."""
    return allowed_not_gradable


def tagged_processes(marker: str) -> list[psutil.Process]:
    """Processes alive now whose environment has KATA_TEST_MARKER=marker."""
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get("KATA_TEST_MARKER") == marker:
                found.append(process)
        except psutil.Error:
            continue
    return found


@pytest.fixture
def leftover_processes():
    """`leftover_processes(marker)`: what a run tagged with `marker` left running."""
    return tagged_processes


def write_variant(entry: dict, variants: Path, root: Path) -> Path:
    """Write a variant of a reference kata module (a mutant or an alternative) into
    `root/<topic>/` and return it. `entry` names its topic and kata and either `replace`
    ([[old, new], ...] applied to the solution text) or `source` (a whole file in
    `variants/<topic>/`). The topic's other katas are the reference ones, since a kata may
    import a sibling."""
    solution = REPOSITORY / SOLUTIONS / entry["topic"] / f"{entry['kata']}.py"
    if "source" in entry:
        text = (variants / entry["topic"] / entry["source"]).read_text(encoding="utf-8")
    else:
        text = solution.read_text(encoding="utf-8")
        for old, new in entry["replace"]:
            assert old in text, f"{entry['name']}: {old!r} is not in {solution.name}"
            text = text.replace(old, new)
    shutil.copytree(solution.parent, root / entry["topic"])
    target = root / entry["topic"] / f"{entry['kata']}.py"
    target.write_text(text, encoding="utf-8")
    return target


def load_module(path: Path) -> ModuleType:
    """A module of tests/ by its path: under --import-mode=importlib the suite's files
    cannot import each other."""
    spec = importlib.util.spec_from_file_location(f"suite_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def launch() -> ModuleType:
    """tests/launch.py: clusters started as an instructor would start them."""
    return load_module(REPOSITORY / "tests" / "launch.py")


@pytest.fixture
def variant():
    """`variant(entry, variants_dir, root)`: see write_variant."""
    return write_variant
