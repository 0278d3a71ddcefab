"""The nbgrader course built from solutions/ (`kata notebooks COURSE_DIR`), run
through the real nbgrader: generate_assignment, then autograde a student who submitted the
solution notebook and one who submitted the release untouched. Grades are read through
nbgrader's Gradebook API (never `nbgrader validate`'s exit code, which is always 0)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graders.instructor.course import STUDENTS, round_trip
from graders.manifest import load_topics
from graders.notebooks import SUBMISSION, points

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbgrader.api")

REPOSITORY = Path(__file__).resolve().parents[1]
TOPIC = "01_functional"  # every topic's round trip: tests/benchmarks/bench_notebooks.py


def topic():
    return next(t for t in load_topics(REPOSITORY) if t.name == TOPIC)


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> tuple[Path, dict]:
    """A course with the topic generated, and both students submitted and autograded."""
    scratch = tmp_path_factory.mktemp("nbgrader")
    return scratch / "course", round_trip(REPOSITORY, scratch, TOPIC)


@pytest.fixture(scope="module")
def course(scores) -> Path:
    return scores[0]


def cells(path: Path) -> list:
    return nbformat.read(str(path), as_version=4).cells


def grade_cells(path: Path) -> list:
    return [c for c in cells(path) if c.metadata.get("nbgrader", {}).get("grade")]


def test_the_notebook_has_a_solution_and_a_locked_grade_cell_per_kata(course):
    source = course / "source" / TOPIC / f"{TOPIC}.ipynb"
    graded = grade_cells(source)
    assert [c.metadata.nbgrader.grade_id for c in graded] == [
        f"grade_{kata.name}" for kata in topic().katas]
    assert [c.metadata.nbgrader.points for c in graded] == [k.points for k in topic().katas]
    assert all(c.metadata.nbgrader.locked for c in graded)
    solutions = [c for c in cells(source) if c.metadata.get("nbgrader", {}).get("solution")]
    assert [c.source.splitlines()[0] for c in solutions] == [
        f"%%kata {TOPIC}/{kata.name}" for kata in topic().katas]


def test_the_release_holds_no_solution_and_no_authoring_file(course):
    release = course / "release" / TOPIC
    files = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    assert files == sorted([f"{TOPIC}.ipynb", "pytest.ini",
                            *(p.relative_to(course / "source" / TOPIC).as_posix()
                              for p in (course / "source" / TOPIC / "exercises").rglob("*")
                              if p.is_file())])
    assert not any(name.endswith(f"{kata.module}.py") and "test_" not in name
                   for name in files for kata in topic().katas)
    released = "\n".join(c.source for c in cells(release / f"{TOPIC}.ipynb"))
    assert "BEGIN SOLUTION" not in released
    assert released.count("raise NotImplementedError()") >= len(topic().katas)
    for kata in topic().katas:
        solution = kata.solution_file(REPOSITORY).read_text()
        region = solution.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0].strip()
        assert region not in released, f"the solution of {kata.name} was released"


def test_autograde_gives_full_points_to_the_solution_and_none_to_the_release(scores):
    result = scores[1]
    assert set(result) == set(STUDENTS)
    assert result["solver"]["max_score"] == pytest.approx(topic().points)
    assert result["solver"]["score"] == pytest.approx(topic().points), result
    assert result["blank"]["score"] == 0, result


def test_graded_cells_write_nothing_to_stderr(course):
    notebook = course / "autograded" / "solver" / TOPIC / f"{TOPIC}.ipynb"
    for cell in grade_cells(notebook):
        kinds = [(o.output_type, o.get("name")) for o in cell.outputs]
        assert ("stream", "stderr") not in kinds and "error" not in [k for k, _ in kinds], (
            cell.metadata.nbgrader.grade_id, cell.outputs)
        assert cell.outputs[-1].data["text/plain"] == str(float(cell.metadata.nbgrader.points))
    for cell in grade_cells(course / "autograded" / "blank" / TOPIC / f"{TOPIC}.ipynb"):
        assert "TODO" in cell.outputs[0].text, "the blank run shows every test's verdict"


SPAWN_CHECK = """
import multiprocessing, sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from graders.notebooks import write_kata

if __name__ == "__main__":
    names = write_kata("99_demo", "demo_square", "def square(x):\\n    return x * x\\n",
                       Path(sys.argv[1]))
    for method in ("spawn", "forkserver"):
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(2, mp_context=context) as pool:
            assert list(pool.map(names["square"], range(4))) == [0, 1, 4, 9], method
    print("ok")
"""


def test_kata_cells_are_importable_by_spawn_and_forkserver_workers(tmp_path):
    script = tmp_path / "check.py"
    script.write_text(textwrap.dedent(SPAWN_CHECK))
    completed = subprocess.run([sys.executable, str(script), str(tmp_path)], cwd=REPOSITORY,
                               capture_output=True, text=True, timeout=120)
    assert completed.stdout.strip() == "ok", completed.stderr[-3000:]
    assert (tmp_path / SUBMISSION / "99_demo" / "demo_square.py").exists()


def _test(verdict: str, max_points: float = 1.0) -> dict:
    return {"verdict": verdict, "max_points": max_points}


def test_not_gradable_tests_neither_cost_nor_earn_points():
    assert points("k", [_test("passed"), _test("not-gradable")]) == 2.0
    assert points("k", [_test("passed"), _test("failed"), _test("not-gradable")]) == 1.5
    with pytest.raises(AssertionError, match="no test passed yet"):
        points("k", [_test("todo"), _test("not-gradable")])
    with pytest.raises(AssertionError, match="no test could be graded here"):
        points("k", [_test("not-gradable"), _test("not-gradable")])
