"""`kata grade` grades a class: a row per student, feedback, a chart, and hostile
submissions contained by the sandbox with nothing lost for the others.

One class of 01_functional submissions is graded once (module fixture, two at a time in
bubblewrap); each test reads one student's row. A hostile kata module checks at import what
the sandbox must forbid and raises if it got through, so full points prove containment.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import psutil
import pytest

from graders import seal
from graders.instructor import grade
from graders.manifest import load_topic

REPOSITORY = Path(__file__).resolve().parents[1]
TOPIC = "01_functional"
MANIFEST = load_topic(REPOSITORY / "exercises" / TOPIC)
FULL = MANIFEST.points

# Appended to a reference kata module: raises at import if the sandbox let it through.
ESCAPES = '''
import os as _os, socket as _socket
def _escaped():
    for path in {readable!r}:
        try:
            open(path, encoding="utf-8").read()
            return "read " + path
        except OSError:
            pass
    for path in {writable!r}:
        try:
            with open(path, "w", encoding="utf-8") as out:
                out.write("escaped")
            return "wrote " + path
        except OSError:
            pass
    try:
        _socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
        return "connected to 127.0.0.1:{port}"
    except OSError:
        pass
    return None
if _escaped():
    raise RuntimeError("sandbox escape: " + _escaped())
'''

FILLS_DISK = '''
def big_cities(cities, threshold):
    import tempfile
    block = b"x" * 2**20
    with tempfile.TemporaryFile() as out:
        for _ in range(4096):  # hostile: 4 GiB of temporary file
            out.write(block)
    return []
'''

PATCHES_THE_GRADER = '''
import graders.plugin as _plugin
from graders.verdicts import Judgement, Verdict
_plugin.judge_phase = lambda when, passed, error: Judgement(Verdict.PASSED, "")
'''

FORGES_RECORD = '''
import json as _json, os as _os, time as _time
def _forge():
    argv = open(f"/proc/{{_os.getppid()}}/cmdline", "rb").read().split(b"\\0")
    path = next(a.decode()[10:] for a in argv if a.startswith(b"--results="))
    forged = _json.load(open(path)) if _os.path.exists(path) else {{"tests": []}}
    forged["totals"] = {{"points": 20.0, "max_points": 20.0}}
    forged["tests"] = [dict(t, verdict="passed", points=t["max_points"])
                       for t in forged.get("tests", [])]
    for _ in range(600):  # hostile: keeps rewriting the record after the run
        with open(path, "w") as out:
            _json.dump(forged, out)
        _time.sleep(0.05)
if _os.fork() == 0:
    _os.setsid()
    if _os.fork() == 0:
        try:
            _forge()
        finally:
            _os._exit(0)
    _os._exit(0)
'''


def submission(root: Path, student: str, katas: dict[str, str] | None = None,
               stubs: bool = False) -> Path:
    """A student's repository: the reference (or the stubs) with some katas' text added."""
    folder = root / student / "exercises" / TOPIC
    source = REPOSITORY / ("exercises" if stubs else "solutions") / TOPIC
    folder.mkdir(parents=True)
    for module in source.glob("*.py"):
        if not module.name.startswith("test_"):
            shutil.copy(module, folder / module.name)
    for kata, extra in (katas or {}).items():
        path = folder / f"{kata}.py"
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return root / student


@pytest.fixture(scope="module")
def listener():
    """A server on 127.0.0.1 outside the sandbox that counts the connections it gets."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []

    def serve():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            accepted.append(connection)

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1], accepted
    server.close()


@pytest.fixture(scope="module")
def graded(tmp_path_factory, listener) -> dict:
    assert grade.sandbox_available(), (
        "bubblewrap cannot run here: install it (apt-get install bubblewrap); .ci/run does")
    port, _ = listener
    root = tmp_path_factory.mktemp("class")
    honest = submission(root, "honest")
    escapes = ESCAPES.format(
        port=port,
        readable=[str(REPOSITORY / "solutions" / TOPIC / "purity.py"),
                  str(REPOSITORY / "tests" / "mutants" / f"{TOPIC}.toml"),
                  str(honest / "exercises" / TOPIC / "purity.py")],
        writable=[str(REPOSITORY / "exercises" / TOPIC / "escaped.txt"),
                  str(honest / "escaped.txt")])
    submission(root, "escaper", {"purity": escapes})
    submission(root, "stubs", stubs=True)
    submission(root, "forker", {"higher_order": (
        REPOSITORY / "tests" / "hostile" / "too_many_processes.py").read_text(encoding="utf-8")})
    submission(root, "disk_filler", {"map_filter_reduce": FILLS_DISK})
    submission(root, "forger", {"purity": FORGES_RECORD.format()}, stubs=True)
    submission(root, "patcher", {"purity": PATCHES_THE_GRADER}, stubs=True)
    submission(root, "interrupter", {"purity": "\nraise KeyboardInterrupt\n"})
    out = tmp_path_factory.mktemp("grades")
    outcomes = grade.grade_class(
        REPOSITORY, grade.find_submissions([root]), out,
        topics=grade.graded_topics(REPOSITORY, ["01"]), workers=2, budget=600)
    return {"root": root, "out": out, "outcomes": {o.student: o for o in outcomes}}


def test_the_gradebook_has_a_row_per_student_and_a_column_per_kata(graded):
    rows = list(csv.DictReader((graded["out"] / "gradebook.csv").open(encoding="utf-8")))
    assert sorted(r["student"] for r in rows) == sorted(graded["outcomes"])
    assert {"status", "total", TOPIC, f"{TOPIC}/purity"} <= set(rows[0])
    honest = next(r for r in rows if r["student"] == "honest")
    assert (honest["status"], float(honest["total"])) == ("graded", FULL)


def test_feedback_and_chart_are_written(graded):
    feedback = (graded["out"] / "feedback" / "stubs.md").read_text(encoding="utf-8")
    assert "todo: " in feedback and f"0 of {FULL:g}" in feedback
    assert (graded["out"] / "summary.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_stubs_earn_nothing(graded):
    assert graded["outcomes"]["stubs"].points == 0


def test_nothing_outside_the_sandbox_was_read_written_or_reached(graded, listener):
    _, accepted = listener
    escaper = graded["outcomes"]["escaper"]
    assert escaper.points == FULL, f"the sandbox let something through: {escaper.feedback}"
    assert not accepted, "a submission connected to 127.0.0.1 outside its sandbox"
    leaked = [p for p in (REPOSITORY / "exercises" / TOPIC / "escaped.txt",
                          graded["root"] / "honest" / "escaped.txt",
                          graded["root"] / "escaped.txt") if p.exists()]
    assert not leaked, f"a submission wrote outside its folder: {leaked}"


def test_a_fork_bomb_costs_only_its_kata(graded):
    forker = graded["outcomes"]["forker"]
    others = {kata: points for kata, points in forker.katas.items() if "higher_order" not in kata}
    worth = MANIFEST.kata("higher_order").points
    assert forker.katas[f"{TOPIC}/higher_order"] < worth
    assert sum(others.values()) == FULL - worth, forker.feedback
    assert any("resource limit" in line for line in forker.feedback)


def test_filling_the_disk_costs_only_its_kata(graded):
    filler = graded["outcomes"]["disk_filler"]
    others = {kata: points for kata, points in filler.katas.items() if "map_filter" not in kata}
    assert filler.status == "graded"
    worth = MANIFEST.kata("map_filter_reduce").points
    assert filler.katas[f"{TOPIC}/map_filter_reduce"] < worth
    assert sum(others.values()) == FULL - worth, filler.feedback


def test_a_record_rewritten_by_the_submission_is_not_believed(graded):
    # Either the grader's last write won (graded, 0 points) or the seal caught the forgery.
    forger = graded["outcomes"]["forger"]
    assert forger.points == 0, f"a forged record earned {forger.points}"
    assert forger.status in ("graded", "tampered"), forger.status


def test_patching_the_grader_in_process_is_caught(graded):
    patcher = graded["outcomes"]["patcher"]
    assert (patcher.status, patcher.points) == ("tampered", 0), patcher.feedback[:3]
    assert any("tampered at run time" in line for line in patcher.feedback)


def test_a_run_cut_short_keeps_the_whole_maximum(graded):
    """A kata that stops pytest (KeyboardInterrupt) leaves later tests unrun: they count as
    0 of their points, not as tests that do not exist."""
    interrupter = graded["outcomes"]["interrupter"]
    assert interrupter.max_points == FULL, interrupter
    assert interrupter.points < FULL


def test_a_record_changed_after_sealing_does_not_verify(tmp_path):
    record, key = tmp_path / "record.json", os.urandom(seal.KEY_BYTES)
    honest = {"totals": {"points": 0.0, "max_points": 20.0}, "tests": []}
    record.write_text(json.dumps(honest), encoding="utf-8")
    seal.seal_path(record).write_text(seal.seal_of(honest, key), encoding="utf-8")
    assert seal.verified(record, key)
    assert not seal.verified(record, os.urandom(seal.KEY_BYTES)), "a seal made without the key"
    record.write_text(json.dumps({**honest, "totals": {"points": 20.0}}), encoding="utf-8")
    assert not seal.verified(record, key), "a record rewritten after sealing"


def test_an_unchanged_submission_is_not_graded_again(graded):
    events = []
    grade.grade_class(REPOSITORY, grade.find_submissions([graded["root"]]), graded["out"],
                      topics=grade.graded_topics(REPOSITORY, ["01"]), workers=2, budget=600,
                      on_progress=lambda event, _: events.append(event))
    assert events == ["skipped"] * len(graded["outcomes"])


def test_the_kata_command_grades_and_reports(graded):
    completed = subprocess.run(
        [sys.executable, "-m", "graders.kata.cli", "grade", str(graded["root"]), "--out",
         str(graded["out"]), "--topics", "01"],
        cwd=REPOSITORY, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    assert f"{len(graded['outcomes'])} submissions:" in completed.stdout
    assert "gradebook.csv" in completed.stdout


@pytest.mark.parametrize("engine", ["dask", "ray"])
def test_a_class_is_graded_on_a_cluster(engine, tmp_path, launch):
    """`kata grade --dask/--ray ADDRESS`: the cluster's own workers run each submission's
    sandboxed pytest, and the gradebook is what a local run gives."""
    root = tmp_path / "class"
    submission(root, "honest")
    submission(root, "stubs", stubs=True)
    try:
        address, launched = (launch.start_dask(tmp_path, workers=2) if engine == "dask"
                             else launch.start_ray(cpus=2, attempts=2))
    except launch.DidNotStart as late:
        pytest.skip(str(late))
    graders_seen, grading = set(), threading.Event()

    def watch_the_cluster() -> None:  # a grading pytest is started with --impl=
        while not grading.wait(0.2):
            for process in launch.descendants(launched):
                with contextlib.suppress(psutil.Error):
                    if any(arg.startswith("--impl=") for arg in process.cmdline()):
                        graders_seen.add(process.pid)

    watcher = threading.Thread(target=watch_the_cluster)
    watcher.start()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "graders.kata.cli", "grade", str(root), "--out",
             str(tmp_path / "grades"), "--topics", "01", f"--{engine}", address],
            cwd=REPOSITORY, env={**os.environ, **launch.RAY_ENV}, capture_output=True,
            text=True, timeout=600)
    finally:
        grading.set()
        watcher.join()
        launch.stop(launched)
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-3000:]
    rows = {r["student"]: r for r in csv.DictReader(
        (tmp_path / "grades" / "gradebook.csv").open(encoding="utf-8"))}
    assert (rows["honest"]["status"], float(rows["honest"]["total"])) == ("graded", FULL)
    assert (rows["stubs"]["status"], float(rows["stubs"]["total"])) == ("graded", 0)
    assert len(graders_seen) >= 2, (
        f"{len(graders_seen)} grading pytest(s) ran under the {engine} cluster's workers; "
        "expected one per submission")


@pytest.mark.parametrize("engine", ["dask", "ray"])
def test_a_cluster_that_is_not_there_is_a_clear_error(engine, tmp_path, launch):
    submission(tmp_path / "class", "stubs", stubs=True)
    address = f"127.0.0.1:{launch.free_port()}"
    completed = subprocess.run(
        [sys.executable, "-m", "graders.kata.cli", "grade", str(tmp_path / "class"), "--out",
         str(tmp_path / "grades"), f"--{engine}", address],
        cwd=REPOSITORY, capture_output=True, text=True, timeout=120)
    assert completed.returncode == 2, completed.stdout[-2000:] + completed.stderr[-2000:]
    assert f"{address} cannot be reached" in completed.stderr, completed.stderr[-2000:]
    assert "Traceback" not in completed.stderr, completed.stderr[-2000:]
