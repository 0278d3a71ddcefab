"""The manifests, lessons, stubs and solutions agree, and kata names are safe to import."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
from pathlib import Path

import pytest

from graders.capabilities import check_need
from graders.manifest import ManifestError, load_topic, load_topics
from graders.stubs import out_of_date

REPOSITORY = Path(__file__).resolve().parents[1]
TOPICS = load_topics(REPOSITORY)
KATAS = [kata for topic in TOPICS for kata in topic.katas]
ORDER = ["00_setup", "01_functional", "02_threading", "03_multiprocessing", "04_asyncio",
         "05_mapreduce", "06_dask", "07_ray", "08_spark", "09_gpu", "10_bounds"]


def test_topics_in_teaching_order():
    assert [t.name for t in TOPICS] == ORDER


def test_top_level_layout():
    for name in ("exercises", "solutions", "graders", ".github", "tests", "pyproject.toml",
                 "README.md", ".ci/run", "exercises/README.md"):
        assert (REPOSITORY / name).exists(), f"{name} is missing"


def test_kata_names_are_unique_and_do_not_shadow_other_modules():
    names = [kata.name for kata in KATAS]
    assert len(names) == len(set(names)), "kata names must be unique across topics"
    installed = set(importlib.metadata.packages_distributions())
    clashes = [n for n in names if n in sys.stdlib_module_names or n in installed]
    assert not clashes, f"kata modules that shadow other modules: {clashes}"


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.name)
def test_manifest_entry_is_complete(kata):
    assert kata.points >= 0 and kata.budget > 0
    assert len(kata.hints) >= 2 and all(h.strip() for h in kata.hints), (
        f"{kata.name}: give at least two non-empty hints (a nudge, then the API)"
    )
    for need in kata.needs:
        check_need(need)  # raises on a need it cannot read
    topic = next(t for t in TOPICS if t.name == kata.topic)
    assert kata.test_path(REPOSITORY).exists(), f"{kata.name}: {kata.test_file} missing"
    lesson = (topic.path / "README.md").read_text()
    headings = [line for line in lesson.splitlines() if line.startswith("#")]
    assert any(f"`{kata.name}`" in h for h in headings), (
        f"{kata.name}: the lesson {topic.name}/README.md needs a section heading with "
        f"`{kata.name}`"
    )


@pytest.mark.parametrize("kata", [k for k in KATAS if k.functions], ids=lambda k: k.name)
def test_solution_defines_the_functions_and_stub_has_todo(kata):
    solution = kata.solution_file(REPOSITORY)
    tree = ast.parse(solution.read_text())
    defined = {n.name for n in ast.walk(tree)
               if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}
    missing = set(kata.functions) - defined
    assert not missing, f"{solution.name} does not define {sorted(missing)}"
    stub = kata.exercise_file(REPOSITORY)
    assert "TODO" in stub.read_text(), f"{stub.name} has no TODO for the student"


def test_stubs_are_generated_from_the_solutions():
    stale = out_of_date(REPOSITORY)
    assert not stale, f"stale stubs (run `kata stubs`): {[str(p) for p in stale]}"


@pytest.mark.parametrize("tree", ["exercises", "solutions"])
def test_no_stray_modules(tree):
    modules = {k.module for k in KATAS if k.functions}
    for topic in TOPICS:
        folder = REPOSITORY / tree / topic.name
        found = {p.stem for p in folder.glob("*.py")
                 if not p.name.startswith("test_") and p.name != "conftest.py"}
        assert found <= modules, f"{tree}/{topic.name}: modules not in the manifest: " + (
            str(sorted(found - modules)))


@pytest.mark.parametrize(("where", "entry", "unknown"), [
    ("kata", 'need = ["gpu"]', "need"),
    ("topic", 'stub = false', "stub"),
])
def test_an_unknown_manifest_key_is_an_error_that_names_it(tmp_path, where, entry, unknown):
    folder = tmp_path / "01_demo"
    folder.mkdir()
    kata = ('[[katas]]\nname = "demo"\ntitle = "Demo"\npoints = 1\nbudget = 5\n'
            'hints = ["a", "b"]\n')
    header = '[topic]\ntitle = "Demo"\n'
    text = (header + entry + "\n" + kata) if where == "topic" else (header + kata + entry)
    (folder / "kata.toml").write_text(text + "\n")
    with pytest.raises(ManifestError, match=rf"unknown key\(s\) {unknown}; the keys are "):
        load_topic(folder)


@pytest.mark.parametrize("kata", [k for k in KATAS if k.functions], ids=lambda k: k.name)
def test_hints_come_in_three_tiers_and_the_time_is_estimated(kata):
    assert len(kata.hints) == 3, (
        f"{kata.name}: give three hint tiers: a nudge, then the concept and API without the "
        "code, then the near-answer"
    )
    assert kata.minutes > 0, f"{kata.name}: set `minutes` (tests/benchmarks/kata_minutes.py)"


def test_the_core_path_fits_a_half_day_and_the_course_map_lists_it():
    core = [k for k in KATAS if k.core]
    minutes = sum(k.minutes for k in core)
    assert 12 <= len(core) <= 16 and 150 <= minutes <= 210, (
        f"the core path has {len(core)} katas and {minutes} min; aim for about 15 and 3 h"
    )
    course_map = (REPOSITORY / "exercises" / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| \d\d \| `(\w+)` \| (\d+) \|", course_map, flags=re.MULTILINE)
    assert listed == [(k.name, str(k.minutes)) for k in core], (
        "exercises/README.md's core path table must list the core katas and their minutes "
        "in teaching order, as the manifests say"
    )


def test_the_coverage_matrix_names_tests_that_exist():
    matrix = (REPOSITORY / "exercises" / "coverage.md").read_text(encoding="utf-8")
    tests = {k.name: k.test_path(REPOSITORY).read_text(encoding="utf-8") for k in KATAS}
    named = re.findall(r"`(\w+)::(test_\w+)`", matrix)
    missing = [f"{kata}::{test}" for kata, test in named
               if kata not in tests or f"def {test}(" not in tests[kata]]
    assert named and not missing, f"exercises/coverage.md names tests that do not exist: {missing}"
    counts = {status: sum(row.endswith(f"| {status} |") for row in matrix.splitlines())
              for status in ("T+G", "T", "M")}
    assert f"**Counts:** T+G {counts['T+G']}, T {counts['T']}, M {counts['M']}" in matrix, (
        f"exercises/coverage.md's counts line must match its rows: {counts}"
    )
