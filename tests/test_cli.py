"""The `kata` command through its entry point, on throwaway copies of the repository.

Commands that write (hint state, progress, reset) run on a copy in tmp_path; `watch` runs in
a real terminal (tmux); `bench` must write a real PNG with the expected series.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from graders.kata import cli, watch
from graders.kata.bench import amdahl_speedup, fit_serial_fraction
from graders.manifest import load_topic
from graders.stubs import stub_text

REPOSITORY = Path(__file__).resolve().parents[1]
KATA = Path(sys.executable).with_name("kata")
COMMAND = [str(KATA)] if KATA.exists() else [sys.executable, "-m", "graders.kata.cli"]
SOLUTION = REPOSITORY / "solutions" / "01_functional" / "streaming.py"
ENV = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}

DEMO_MANIFEST = """
[topic]
title = "Demo: a kata this machine cannot grade"

[[katas]]
name = "demo_needs"
title = "Needs a package nobody has"
functions = ["answer"]
points = 2
budget = 10
needs = ["module:no_such_package_for_kata_tests"]
hints = ["a nudge", "the API"]
"""
DEMO_TEST = """
from demo_needs import answer

def test_answer():
    assert answer() == 42, "answer() should be 42"
"""


def kata(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `kata ARGS` in `cwd` the way a person would."""
    return subprocess.run([*COMMAND, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=ENV)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the repository with the 00_setup and 01_functional topics."""
    copy = tmp_path / "repo"
    (copy / "exercises").mkdir(parents=True)
    shutil.copy(REPOSITORY / "pyproject.toml", copy)
    for topic in ("00_setup", "01_functional"):
        shutil.copytree(REPOSITORY / "exercises" / topic, copy / "exercises" / topic,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPOSITORY / "solutions" / "01_functional",
                    copy / "solutions" / "01_functional")
    return copy


def state(repo: Path) -> dict:
    return json.loads((repo / ".kata-state.json").read_text())


# --- usage ----------------------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(cli.COMMANDS))
def test_every_command_has_help(command):
    result = kata(command, "--help", cwd=REPOSITORY)
    assert result.returncode == 0, result.stderr
    assert f"usage: kata {command}" in result.stdout


def test_top_level_help_lists_commands_and_exit_codes():
    result = kata("--help", cwd=REPOSITORY)
    assert result.returncode == 0
    for command in ("check", "watch", "hint", "doctor", "bench", "reset", "solution"):
        assert command in result.stdout
    assert "2 usage error" in result.stdout


def test_outside_the_repository_is_a_usage_error(tmp_path):
    result = kata("list", cwd=tmp_path)
    assert result.returncode == 2
    assert "inside the kata repository" in result.stderr


def test_unknown_targets_are_usage_errors(repo):
    assert kata("check", "no_such_kata", cwd=repo).returncode == 2
    assert kata("hint", "no_such_kata", cwd=repo).returncode == 2
    assert kata("bogus", cwd=repo).returncode == 2
    result = kata("status", "77", cwd=repo)
    assert result.returncode == 2 and "no topic named" in result.stderr


def test_list_shows_the_core_path_first_then_every_kata(repo):
    topic = load_topic(repo / "exercises" / "01_functional")
    core = [k for k in topic.katas if k.core]
    extra = next(k for k in topic.katas if not k.core)
    result = kata("list", cwd=repo / "exercises")
    assert result.returncode == 0
    head, every = result.stdout.split("Every kata by topic")
    assert f"Core path for the half day: {len(core)} katas" in head
    assert all(f"    {k.name} " in head for k in core) and f" {extra.name} " not in head
    assert "01_functional  Functional programming" in every
    assert f"  * {core[0].name} " in every and f"    {extra.name} " in every


def test_stubs_check_reports_a_stale_stub(repo):
    assert kata("stubs", "--check", cwd=repo).returncode == 0
    (repo / "exercises" / "01_functional" / "streaming.py").write_text("# edited\n")
    result = kata("stubs", "--check", cwd=repo)
    assert result.returncode == 1
    assert "out of date: exercises/01_functional/streaming.py" in result.stdout


# --- progress and check ---------------------------------------------------------------------


def test_progress_before_anything_was_checked(repo):
    result = kata(cwd=repo)
    assert result.returncode == 1
    assert "Nothing checked yet" in result.stdout
    topic = load_topic(repo / "exercises" / "01_functional")
    first_core = next(k for k in topic.katas if k.core)
    assert f"Next: {first_core.name}" in result.stdout
    assert f"core path: 0 of {sum(k.core for k in topic.katas)} katas passed" in result.stdout
    assert f"0 of {len(topic.katas)} katas passed, 0 of {topic.points} points" in result.stdout


def test_check_a_kata_from_a_subfolder_then_progress(repo):
    folder = repo / "exercises" / "01_functional"
    todo = kata("check", "streaming", cwd=folder)
    assert todo.returncode == 1, todo.stdout + todo.stderr
    assert "todo" in todo.stdout and "TODO: count_long_words" in todo.stdout
    assert "kata hint streaming" in todo.stdout
    assert state(repo)["katas"]["streaming"]["status"] == "todo"

    shutil.copy(SOLUTION, folder / "streaming.py")
    passed = kata("check", "streaming", cwd=folder)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "All passed." in passed.stdout and "total: 2 of 2 points" in passed.stdout

    topic = load_topic(folder)
    progress = kata(cwd=folder)
    assert f"1 of {len(topic.katas)} katas passed, 2 of {topic.points} points" in progress.stdout
    assert "streaming" in progress.stdout and "passed" in progress.stdout
    assert f"Next: {next(k for k in topic.katas if k.core).name}" in progress.stdout


def test_check_a_topic_against_the_solutions_saves_no_progress(repo):
    result = kata("check", "01", "--impl=solutions", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    points = load_topic(repo / "exercises" / "01_functional").points
    assert f"total: {points} of {points} points" in result.stdout
    assert not (repo / ".kata-state.json").exists()


def test_not_gradable_is_not_a_failure(repo):
    demo = repo / "exercises" / "98_demo"
    demo.mkdir()
    (demo / "kata.toml").write_text(DEMO_MANIFEST)
    (demo / "demo_needs.py").write_text("def answer():\n    return 42\n")
    (demo / "test_demo_needs.py").write_text(DEMO_TEST)
    result = kata("check", "98", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not gradable here" in result.stdout
    assert "no_such_package_for_kata_tests" in result.stdout
    assert "All gradable tests passed; 1 not gradable here" in result.stdout


# --- hints, reset, solution -----------------------------------------------------------------


def test_hint_tiers_are_remembered(repo):
    first = kata("hint", "streaming", cwd=repo)
    assert first.returncode == 0
    assert "Hint 1 of 3" in first.stdout and "Hint 2 of 3" not in first.stdout
    assert state(repo)["hints"] == {"streaming": 1}
    second = kata("hint", "streaming", cwd=repo / "exercises")
    assert "Hint 1 of 3" in second.stdout and "Hint 2 of 3" in second.stdout
    assert "Hint 3 of 3" not in second.stdout
    third = kata("hint", "streaming", cwd=repo)
    assert "Hint 3 of 3" in third.stdout and "last hint" in third.stdout
    fourth = kata("hint", "streaming", cwd=repo)
    assert fourth.returncode == 0 and state(repo)["hints"] == {"streaming": 3}


def test_hint_without_a_kata_is_for_the_next_kata(repo):
    result = kata("hint", cwd=repo)
    assert result.returncode == 0
    assert "(map_filter_reduce)" in result.stdout


def test_reset_restores_the_stub_and_keeps_a_backup(repo):
    module = repo / "exercises" / "01_functional" / "streaming.py"
    module.write_text("my attempt = 1\n")
    result = kata("reset", "streaming", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert module.read_text() == stub_text(SOLUTION.read_text(), "streaming")
    backups = list((repo / ".results" / "backups").glob("streaming.*.py"))
    assert [b.read_text() for b in backups] == ["my attempt = 1\n"]
    again = kata("reset", "streaming", cwd=repo)
    assert again.returncode == 0 and "already the stub" in again.stdout
    assert kata("reset", "setup_cores", cwd=repo).returncode == 2


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_reset_in_a_release_without_solutions_uses_git_history(repo):
    shutil.rmtree(repo / "solutions")
    module = repo / "exercises" / "01_functional" / "streaming.py"
    released = module.read_text()
    git = ["git", "-c", "user.name=kata", "-c", "user.email=kata@example.invalid"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "release"], cwd=repo, check=True)
    module.write_text("def count_long_words(lines, min_length):\n    return 0\n")
    subprocess.run([*git, "commit", "-q", "-am", "my work"], cwd=repo, check=True)
    result = kata("reset", "streaming", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert module.read_text() == released


def test_reset_without_solutions_or_history_says_why(repo):
    shutil.rmtree(repo / "solutions")
    (repo / "exercises" / "01_functional" / "streaming.py").write_text("x = 1\n")
    result = kata("reset", "streaming", cwd=repo)
    assert result.returncode == 1
    assert "no solutions/ folder" in result.stderr


def test_solution_is_shown_only_after_the_kata_passes(repo):
    locked = kata("solution", "streaming", cwd=repo)
    assert locked.returncode == 1
    assert "shown once its tests pass" in locked.stdout
    assert "sum(1 for line" not in locked.stdout
    shutil.copy(SOLUTION, repo / "exercises" / "01_functional" / "streaming.py")
    shown = kata("solution", "streaming", cwd=repo)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "def count_long_words" in shown.stdout
    assert "BEGIN SOLUTION" not in shown.stdout
    shutil.rmtree(repo / "solutions")
    release = kata("solution", "streaming", cwd=repo)
    assert release.returncode == 1 and "no 01_functional reference" in release.stderr


# --- doctor ---------------------------------------------------------------------------------


def test_doctor_reports_every_check_with_fixes(repo):
    result = kata("doctor", cwd=repo, timeout=600)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert "kata doctor: is this machine ready?" in result.stdout
    for check in ("Python 3.11 or newer", "Java 17 or newer", "[dask]", "[spawn]"):
        assert check in result.stdout
    if result.returncode == 0:
        assert "This machine is ready" in result.stdout
    else:
        assert "required piece(s) missing" in result.stdout and "fix:" in result.stdout


# --- bench ----------------------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header; fails on anything that is not a PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_bench_draws_a_png_with_every_series(repo, tmp_path):
    shutil.copytree(REPOSITORY / "exercises" / "03_multiprocessing",
                    repo / "exercises" / "03_multiprocessing")
    chart = tmp_path / "bench.png"
    result = kata("bench", "03", "--workers", "2", "--size", "20000", "--repeat", "1",
                  "--out", str(chart), cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert png_size(chart) == (700, 450)
    data = json.loads(chart.with_suffix(".json").read_text())
    names = list(data["series"])
    assert names[:4] == ["serial", "threads", "processes", "ideal"]
    assert names[4].startswith("Amdahl fit (serial fraction")
    assert data["workers"] == [1, 2]
    assert all(len(values) == 2 for values in data["series"].values())
    assert 0.0 <= data["serial_fraction"] <= 1.0
    assert "Amdahl fit" in result.stdout and "processes" in result.stdout
    image = pytest.importorskip("matplotlib.image").imread(chart)
    assert image.shape[:2] == (450, 700)
    assert len({tuple(pixel) for pixel in image.reshape(-1, image.shape[2])[::97]}) > 5


def test_bench_says_when_a_topic_has_none(repo):
    result = kata("bench", "01", cwd=repo)
    assert result.returncode == 2
    assert "01_functional has no bench" in result.stderr
    assert "03_multiprocessing" in result.stderr


def test_amdahl_fit_recovers_the_serial_fraction():
    workers = [1, 2, 4, 8]
    speedups = [amdahl_speedup(0.2, n) for n in workers]
    assert fit_serial_fraction(workers, speedups) == pytest.approx(0.2)
    assert fit_serial_fraction(workers, [float(n) for n in workers]) == pytest.approx(0.0)
    assert fit_serial_fraction(workers, [0.5] * 4) == 1.0
    assert fit_serial_fraction([1], [1.0]) == 0.0


# --- watch ----------------------------------------------------------------------------------


def pane(server: str) -> str:
    return subprocess.run(["tmux", "-L", server, "capture-pane", "-p", "-t", "watch"],
                          capture_output=True, text=True).stdout


def wait_for_pane(server: str, needle: str, after: str = "", timeout: float = 120) -> str:
    """The pane once `needle` shows on a screen drawn after `after` appeared."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = pane(server)
        if needle in screen and screen != after:
            return screen
        time.sleep(0.5)
    raise AssertionError(f"{needle!r} never showed in the watch pane:\n{screen}")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("mode", ["notifications", "poll"])
def test_watch_in_a_terminal_follows_each_save(repo, tmp_path, mode):
    impl = tmp_path / "impl" / "01_functional"
    impl.mkdir(parents=True)
    module = impl / "streaming.py"
    module.write_text((repo / "exercises" / "01_functional" / "streaming.py").read_text())
    server = f"kata-test-{os.getpid()}-{mode}"
    command = [*COMMAND, "watch", "streaming", "--impl", str(impl.parent)]
    if mode == "poll":
        command.append("--poll")
    shell = " ".join(f"'{part}'" for part in command)
    # 60 rows: a streaming module that returns -1 fails six tests, about 40 lines of report
    subprocess.run(["tmux", "-L", server, "new-session", "-d", "-s", "watch", "-x", "110",
                    "-y", "60", "-c", str(repo / "exercises"), shell], check=True)
    try:
        todo = wait_for_pane(server, "TODO: count_long_words")
        assert "kata hint streaming" in todo
        assert ("polling" in todo) == (mode == "poll")
        shutil.copy(SOLUTION, module)
        passed = wait_for_pane(server, "Everything here passed")
        assert "streaming" in passed and "passed" in passed
        module.write_text("def count_long_words(lines, min_length):\n    return -1\n")
        failed = wait_for_pane(server, "FAILED")
        assert "Current kata: streaming" in failed  # it stays on the kata: no advancing
    finally:
        subprocess.run(["tmux", "-L", server, "kill-server"], capture_output=True)
    assert not (repo / ".kata-state.json").exists()  # --impl runs are not progress


def test_watcher_polls_when_notifications_miss_a_change(tmp_path, monkeypatch):
    def silent_watch(*paths, **options):
        while True:
            time.sleep(0.05)
            yield set()

    monkeypatch.setitem(sys.modules, "watchfiles", types.SimpleNamespace(
        watch=silent_watch, PythonFilter=lambda: None))
    module = tmp_path / "kata_module.py"
    module.write_text("x = 1\n")
    watcher = watch.ChangeWatcher([tmp_path], poll=False)
    assert watcher.mode == "file notifications"
    changes = watcher.changes()
    module.write_text("x = 2  # saved\n")
    assert next(changes) == {module}
    assert watcher.fell_back and "did not arrive" in watcher.mode
    module.write_text("x = 3  # saved again\n")
    assert next(changes) == {module}


# --- instructors' commands ------------------------------------------------------------------


def test_instructor_commands_delegate(monkeypatch):
    calls = []
    for name in ("release", "workflow", "course"):
        fake = types.SimpleNamespace(main=lambda argv, name=name: calls.append((name, argv)))
        monkeypatch.setitem(sys.modules, f"graders.instructor.{name}", fake)
    monkeypatch.chdir(REPOSITORY)
    assert cli.main(["release", "/tmp/out", "--force"]) == 0
    assert cli.main(["workflow", "--check"]) == 0
    assert cli.main(["notebooks", "nb"]) == 0
    assert calls == [("release", ["/tmp/out", "--force"]), ("workflow", ["--check"]),
                     ("course", ["nb"])]

