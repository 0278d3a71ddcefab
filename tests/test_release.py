"""The student release (`kata release DIR`): what it holds, that no solution leaks
into it, that it grades 0 on the stubs and full marks with the solutions copied in, and that
changing a test file is detected as tampering."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graders import integrity
from graders.fresh import grade
from graders.instructor.workflow import WORKFLOW, workflow_text
from graders.manifest import load_topics
from graders.stubs import BEGIN, END, expected_stubs

REPOSITORY = Path(__file__).resolve().parents[1]
TOPIC = "01_functional"
SHORTEST_LINE = 12  # shorter solution lines (`return total`) say nothing about the answer


def topic():
    return next(t for t in load_topics(REPOSITORY) if t.name == TOPIC)


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("release") / "student"
    subprocess.run([sys.executable, "-m", "graders.instructor.release", str(target)],
                   cwd=REPOSITORY, check=True, capture_output=True)
    return target


def copy_of(release: Path, tmp_path: Path) -> Path:
    target = tmp_path / "student"
    shutil.copytree(release, target)
    return target


def grade_topic(repository: Path) -> dict:
    run = grade(repository, (f"exercises/{TOPIC}",), timeout=600)
    assert run.record is not None, run.output[-6000:]
    return run.record


def solution_lines() -> list[tuple[str, str]]:
    """(solution file, line) for every non-trivial line between solution markers."""
    found = []
    for path in sorted((REPOSITORY / "solutions").rglob("*.py")):
        inside = False
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.strip()
            if text in (BEGIN, END):
                inside = text == BEGIN
            elif inside and len(text) >= SHORTEST_LINE and not text.startswith("#"):
                found.append((path.relative_to(REPOSITORY).as_posix(), text))
    return found


def public_text() -> str:
    """What the instructors publish on purpose: lessons, hints, tests, grading helpers
    (a hint may quote the API call a solution line makes). Kata modules are left out."""
    stubs = set(expected_stubs(REPOSITORY))
    files = [p for p in (REPOSITORY / "exercises").rglob("*") if p.is_file()
             and p.suffix in (".py", ".md", ".toml") and p not in stubs]
    files += (REPOSITORY / "graders").rglob("*.py")
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def release_texts(release: Path) -> dict[str, str]:
    return {p.relative_to(release).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in release.rglob("*") if p.is_file()}


def test_release_holds_the_student_files_only(release):
    files = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    for absent in ("solutions", "tests", "CONTRIBUTING.md", ".github/workflows/ci.yml", ".ci"):
        assert not (release / absent).exists(), f"{absent} must not be released"
    assert not any("mutants" in name or "__pycache__" in name for name in files)
    for present in ("README.md", "pyproject.toml", integrity.HASHES_FILE, "graders/plugin.py",
                    "exercises/README.md", f"exercises/{TOPIC}/kata.toml",
                    f"exercises/{TOPIC}/README.md"):
        assert present in files, present
    for path, text in expected_stubs(REPOSITORY).items():
        released = release / path.relative_to(REPOSITORY)
        assert released.read_text(encoding="utf-8") == text, f"{released} is not the stub"
    generated = (release / WORKFLOW).read_text(encoding="utf-8")
    assert generated == workflow_text(REPOSITORY)
    readme = (release / "README.md").read_text(encoding="utf-8")
    assert "Only the kata modules are yours to change" in readme and "$topics" not in readme
    assert all(f"[{t.name}]" in readme for t in load_topics(REPOSITORY))


def test_no_solution_body_appears_anywhere_in_the_release(release):
    texts = release_texts(release)
    public = public_text()
    lines = [(source, line) for source, line in solution_lines() if line not in public]
    assert lines, "no solution line to look for: the check would prove nothing"
    leaks = [f"{source}: {line!r} in {name}" for source, line in lines
             for name, text in texts.items() if line in text]
    assert not leaks, "solution text in the release:\n" + "\n".join(leaks[:20])
    for path in (REPOSITORY / "solutions").rglob("*.py"):
        whole = path.read_text(encoding="utf-8").strip()
        assert not any(whole in text for text in texts.values()), f"{path} was released"


def test_release_grades_zero_on_the_stubs(release, tmp_path):
    student = copy_of(release, tmp_path)
    record = grade_topic(student)
    assert record["totals"]["points"] == 0
    assert record["totals"]["max_points"] == pytest.approx(topic().points)
    assert {t["verdict"] for t in record["tests"]} == {"todo"}
    assert integrity.tampered(student) == {}, "grading leaves no trace that counts"


def test_release_with_the_solutions_copied_in_grades_full_marks(release, tmp_path):
    student = copy_of(release, tmp_path)
    for kata in topic().katas:
        shutil.copy(kata.solution_file(REPOSITORY), kata.exercise_file(student))
    record = grade_topic(student)
    assert record["totals"]["points"] == pytest.approx(topic().points)
    assert record["totals"]["max_points"] == pytest.approx(topic().points)
    assert integrity.tampered(student) == {}, "kata modules are the student's to change"


def test_changed_deleted_or_added_test_files_are_tampering(release, tmp_path):
    student = copy_of(release, tmp_path)
    folder = student / "exercises" / TOPIC
    test_purity = folder / "test_purity.py"
    test_purity.write_text(test_purity.read_text() + "\ndef test_free_points():\n    pass\n")
    (folder / "test_streaming.py").unlink()
    (folder / "conftest.py").write_text("# overrides fixtures\n")
    found = integrity.tampered(student)
    assert set(found) == {TOPIC}
    assert sorted(found[TOPIC]) == sorted([
        f"exercises/{TOPIC}/conftest.py (added)",
        f"exercises/{TOPIC}/test_purity.py (changed)",
        f"exercises/{TOPIC}/test_streaming.py (deleted)",
    ])
    assert "test_purity.py (changed)" in integrity.message(found[TOPIC])


def test_a_test_file_rewritten_while_grading_is_tampering(release, tmp_path):
    """A kata module that, when imported, rewrites a test file collected after it."""
    student = copy_of(release, tmp_path)
    folder = student / "exercises" / TOPIC
    with (folder / "purity.py").open("a", encoding="utf-8") as kata:
        kata.write("\nfrom pathlib import Path as _Path\n"
                   "_Path(__file__).with_name('test_streaming.py').write_text("
                   "'def test_free_points():\\n    pass\\n')\n")
    record = grade_topic(student)
    streaming = [t for t in record["tests"] if t["kata"] == "streaming"]
    assert streaming and all(t["points"] == 0 for t in streaming), streaming
    assert all("test_streaming.py (changed)" in t["message"] for t in streaming), streaming


def test_changed_graders_count_against_every_topic(release, tmp_path):
    student = copy_of(release, tmp_path)
    plugin = student / "graders" / "plugin.py"
    plugin.write_text(plugin.read_text().replace("points=", "points=1 or "))
    found = integrity.tampered(student)
    assert set(found) == {t.name for t in load_topics(REPOSITORY)}
    assert found[TOPIC] == ["graders/plugin.py (changed)"]


def test_line_endings_are_not_tampering_and_the_instructors_repository_is_never_tampered(
        release, tmp_path):
    student = copy_of(release, tmp_path)
    test_file = student / "exercises" / TOPIC / "test_purity.py"
    test_file.write_bytes(test_file.read_bytes().replace(b"\n", b"\r\n"))
    assert integrity.tampered(student) == {}
    assert integrity.tampered(REPOSITORY) == {}
