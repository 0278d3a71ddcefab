"""`kata grade`: the instructor's authoritative grading of a whole class.

Classroom grades each push inside the student's own repository, which the student controls.
This grades a folder of submissions with the instructor's copy of everything that decides a
grade: only the kata modules named in the manifests are taken from a submission; its tests,
conftests, graders and manifests are never used. Each submission is graded in its own
sandbox (bubblewrap: no network, a private process tree, a read-only file system in which
`solutions/`, `tests/`, `.git` and every other submission are hidden, and one writable
folder of its own), under pytest-xdist so that the results record is written by a process
that never runs kata code. Where bubblewrap cannot run, submissions are graded in plain
subprocesses, and the gradebook says so for every row.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

import psutil

from graders import processes, seal
from graders.capabilities import reachable
from graders.manifest import Topic, load_topics

GRADED = "graded"
TAMPERED = "tampered"
TIMED_OUT = "timed out"
NO_SANDBOX = "sandbox unavailable"
NO_RECORD = "error"
# What the sandbox hides from a submission: the answers, the repository's own proofs and
# history, and everything of every other student.
HIDDEN_IN_REPOSITORY = ("solutions", "tests", ".git")
TMPFS_BYTES = 512 * 2**20
FILE_BYTES = 256 * 2**20


@dataclass(frozen=True)
class Submission:
    student: str
    path: Path


@dataclass
class Outcome:
    """One row of the gradebook, and the feedback for one student."""

    student: str
    status: str
    points: float = 0.0
    max_points: float = 0.0
    katas: dict[str, float] = field(default_factory=dict)
    feedback: list[str] = field(default_factory=list)
    seconds: float = 0.0
    fingerprint: str = ""


def find_submissions(paths: Iterable[Path]) -> list[Submission]:
    """A path holding `exercises/` is one submission; any other folder holds one per
    subfolder (as `gh classroom clone student-repos` leaves them)."""
    found = []
    for path in paths:
        path = path.resolve()
        folders = [path] if (path / "exercises").is_dir() else sorted(
            p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
        found += [Submission(folder.name, folder) for folder in folders]
    names = [s.student for s in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"two submissions are named {', '.join(duplicates)}: rename one")
    return found


def graded_topics(repository: Path, numbers: Iterable[str] = ()) -> list[Topic]:
    """Topics with katas, less the machine self-check; `numbers` ("03", "05") narrows them."""
    wanted = set(numbers)
    return [t for t in load_topics(repository)
            if t.katas and t.number != "00" and (not wanted or t.number in wanted)]


def kata_files(repository: Path, topics: list[Topic], submission: Submission) -> dict[str, str]:
    """`topic/kata.py` -> text: the submission's kata modules, the stub where one is missing.
    Nothing else of a submission is ever read."""
    files = {}
    for topic in topics:
        for kata in topic.katas:
            relative = f"{topic.name}/{kata.module}.py"
            theirs = submission.path / "exercises" / relative
            source = theirs if theirs.is_file() else repository / "exercises" / relative
            files[relative] = source.read_text(encoding="utf-8", errors="replace")
    return files


@cache
def grader_digest(repository: Path) -> str:
    """A hash of everything on the instructor's side that decides a grade."""
    digest = hashlib.sha256()
    parts = [*sorted((repository / "graders").rglob("*.py")),
             *sorted((repository / "exercises").glob("*/test_*.py")),
             *sorted((repository / "exercises").glob("*/conftest.py")),
             *sorted((repository / "exercises").glob("*/kata.toml"))]
    for path in parts:
        digest.update(str(path.relative_to(repository)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(files: dict[str, str], digest: str) -> str:
    text = json.dumps({"grader": digest, "files": files}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


@cache
def sandbox_available() -> bool:
    """Whether bubblewrap runs here with the namespaces the sandbox needs."""
    if shutil.which("bwrap") is None:
        return False
    probe = ["bwrap", "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid",
             "--dev", "/dev", "--proc", "/proc", "true"]
    try:
        return subprocess.run(probe, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def sandboxed(command: list[str], repository: Path, workdir: Path,
              hidden: list[Path]) -> list[str]:
    """`command` inside bubblewrap: everything read-only, the hidden folders empty, no
    network, its own process tree, and `workdir` the only place it can write."""
    wrap = ["bwrap", "--die-with-parent", "--new-session", "--unshare-net", "--unshare-pid",
            "--unshare-ipc", "--cap-drop", "ALL", "--ro-bind", "/", "/", "--dev", "/dev",
            "--proc", "/proc",
            "--size", str(TMPFS_BYTES), "--tmpfs", "/tmp"]
    # The private /tmp must not hide the repository or the Python environment grading it.
    for needed in dict.fromkeys([repository.resolve(), Path(sys.prefix).resolve()]):
        if needed.is_relative_to("/tmp"):
            wrap += ["--ro-bind", str(needed), str(needed)]
    for folder in [*(repository / name for name in HIDDEN_IN_REPOSITORY), *hidden]:
        if folder.exists():
            wrap += ["--tmpfs", str(folder)]
            if workdir.is_relative_to(folder):  # the mount point of the bind below
                wrap += ["--dir", str(workdir)]
            wrap += ["--remount-ro", str(folder)]
    # Bound after the tmpfs that may cover its parent, so it stays visible and writable.
    wrap += ["--bind", str(workdir), str(workdir), "--chdir", str(repository), "--"]
    return wrap + command


def pytest_command(topics: list[str], impl: Path, record: Path) -> list[str]:
    # -n 1: the pytest-xdist controller writes the record; kata code runs only in its worker.
    return [sys.executable, "-m", "pytest", *(f"exercises/{t}" for t in topics),
            f"--impl={impl}", f"--results={record}", "-n", "1",
            "-p", "no:randomly", "-q", "--no-header", "-p", "no:cacheprovider"]


def grade_submission(repository: str, student: str, files: dict[str, str], workroot: str,
                     hidden: list[str], budget: float) -> dict:
    """Grade one submission and return its Outcome as a dict. Runs wherever it is sent (a
    local thread, a dask or Ray worker), with the repository at the same path there."""
    started = time.monotonic()
    root = Path(repository)
    workdir = Path(workroot) / safe_name(student)
    shutil.rmtree(workdir, ignore_errors=True)
    impl, tmp, record = workdir / "impl", workdir / "tmp", workdir / "record.json"
    for relative, text in files.items():
        (impl / relative).parent.mkdir(parents=True, exist_ok=True)
        (impl / relative).write_text(text, encoding="utf-8")
    tmp.mkdir(parents=True)
    topics = sorted({relative.split("/")[0] for relative in files})
    command = pytest_command(topics, impl, record)
    use_sandbox = sandbox_available()
    if use_sandbox:
        command = sandboxed(command, root, workdir, [Path(h) for h in hidden])
    # In the sandbox, temporary files go to its size-capped /tmp.
    env = {**os.environ, "TMPDIR": "/tmp" if use_sandbox else str(tmp), "PYTHONUTF8": "1",
           "PYTHONDONTWRITEBYTECODE": "1"}
    status, key = run_with_budget(command, root, env, budget, workdir / "output.txt")
    most = sum(t.points for t in load_topics(root) if t.name in topics)
    if status == GRADED and record.exists() and not seal.verified(record, key):
        # Not the record the grader sealed (rewritten, half written, or its seal removed).
        outcome = Outcome(student, TAMPERED, max_points=most, feedback=[
            "tampered: the results record was changed after the grader wrote it"])
    else:
        outcome = read_outcome(student, record, status, most)
    if outcome.status == GRADED and not use_sandbox:
        outcome.status = NO_SANDBOX
    outcome.seconds = round(time.monotonic() - started, 1)
    shutil.rmtree(impl, ignore_errors=True)
    shutil.rmtree(tmp, ignore_errors=True)
    return asdict(outcome)


def run_with_budget(command: list[str], cwd: Path, env: dict, budget: float,
                    output: Path) -> tuple[str, bytes]:
    """Run `command` sealed (see graders.seal); past `budget` seconds kill its whole
    process tree. Return the status and the key its record must verify with."""
    with output.open("wb") as out:
        process, key = seal.start(command, cwd=cwd, env=env, stdout=out,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  preexec_fn=cap_file_size if os.name == "posix" else None)
    try:
        process.wait(timeout=budget)
        return GRADED, key
    except subprocess.TimeoutExpired:
        kill_tree(process.pid)
        process.wait()
        return TIMED_OUT, key


def cap_file_size() -> None:
    """No single file written by a submission may fill the disk."""
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_BYTES, FILE_BYTES))


def kill_tree(pid: int) -> None:
    try:
        parent = psutil.Process(pid)
        processes.kill([*parent.children(recursive=True), parent])
    except psutil.Error:
        pass


def read_outcome(student: str, record_path: Path, status: str, most: float) -> Outcome:
    """The outcome in a record. The maximum is `most`, the graded topics' points, less only
    what was not gradable: a test that never ran (a run cut short) still counts, as 0."""
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Outcome(student, TIMED_OUT if status == TIMED_OUT else NO_RECORD,
                       max_points=most, feedback=[
                           "No results were recorded: the run died before any test finished "
                           "(see output.txt in the submission's folder)."])
    tests = record.get("tests", [])
    katas = {f"{k['topic']}/{k['kata']}": k["points"] for k in record.get("katas", [])}
    feedback = [f"{t['topic']}/{t['name']}: {t['verdict']}: {t['message']}"
                for t in tests if t["verdict"] not in ("passed", "not-gradable")]
    tampered = any(t["verdict"] == "error" and t["message"].startswith("tampered")
                   for t in tests)
    return Outcome(student, TAMPERED if tampered else status,
                   points=0.0 if tampered else record["totals"]["points"],
                   max_points=round(most - record["totals"]["not_gradable_points"], 2),
                   katas={k: 0.0 for k in katas} if tampered else katas, feedback=feedback)


def safe_name(student: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", student) or "_"


# --- the class: in parallel, here or on a cluster ---------------------------------------

Task = tuple[Submission, dict[str, str], str]


def grade_class(repository: Path, submissions: list[Submission], out: Path, *,
                topics: list[Topic], workers: int, budget: float, force: bool = False,
                cluster: str | None = None, address: str | None = None,
                on_progress: Callable[[str, Outcome | None], None] = lambda *_: None,
                ) -> list[Outcome]:
    """Grade every submission and write the gradebook, the feedback and the chart."""
    out.mkdir(parents=True, exist_ok=True)
    cache_path = out / "cache.json"
    cache = json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.exists() else {}
    digest = grader_digest(repository)
    done, tasks = {}, []
    for submission in submissions:
        files = kata_files(repository, topics, submission)
        key = fingerprint(files, digest)
        cached = cache.get(submission.student)
        if not force and cached and cached["fingerprint"] == key:
            done[submission.student] = Outcome(**cached)
            on_progress("skipped", done[submission.student])
        else:
            tasks.append((submission, files, key))
    hidden = [str(out.resolve()), *(str(s.path) for s in submissions)]
    run = {"dask": run_on_dask, "ray": run_on_ray}.get(cluster or "", run_locally)
    for outcome in run(repository, tasks, out / "work", hidden, budget, workers, address,
                       on_progress):
        done[outcome.student] = outcome
        cache[outcome.student] = asdict(outcome)
        cache_path.write_text(json.dumps(cache, indent=1), encoding="utf-8")
    outcomes = [done[s.student] for s in submissions]
    write_reports(out, topics, outcomes)
    return outcomes


def _finish(key: str, result: dict) -> Outcome:
    """The Outcome a grading task returned, with the fingerprint of what it graded."""
    outcome = Outcome(**result)
    outcome.fingerprint = key
    return outcome


def run_locally(repository, tasks: list[Task], workroot, hidden, budget, workers, _address,
                on_progress) -> Iterable[Outcome]:
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {}
        for submission, files, key in tasks:
            future = pool.submit(grade_submission, str(repository), submission.student, files,
                                 str(workroot), hidden, budget)
            futures[future] = key
            on_progress("queued", None)
        for future in as_completed(futures):
            outcome = _finish(futures[future], future.result())
            on_progress("done", outcome)
            yield outcome


def run_on_dask(repository, tasks: list[Task], workroot, hidden, budget, _workers, address,
                on_progress) -> Iterable[Outcome]:
    """One submission per dask task; the grading itself is the same sandboxed run."""
    from distributed import Client
    from distributed import as_completed as dask_completed

    reachable(address, 8786, "the dask scheduler")
    with Client(address) as client:
        futures = {}
        for submission, files, key in tasks:
            future = client.submit(grade_submission, str(repository), submission.student,
                                   files, str(workroot), hidden, budget, pure=False)
            futures[future] = key
            on_progress("queued", None)
        for future in dask_completed(list(futures)):
            outcome = _finish(futures[future], future.result())
            on_progress("done", outcome)
            yield outcome


def run_on_ray(repository, tasks: list[Task], workroot, hidden, budget, _workers, address,
               on_progress) -> Iterable[Outcome]:
    """One submission per Ray task; the grading itself is the same sandboxed run."""
    import ray

    reachable(address, 10001 if address.startswith("ray://") else 6379, "the Ray cluster")
    try:
        ray.init(address=address, log_to_driver=False)
    except Exception as error:  # Ray's own reasons; the usual one here is its token
        raise ConnectionError(
            f"the Ray cluster at {address} refused this driver ({str(error).splitlines()[0]}); "
            "a cluster with token authentication needs RAY_AUTH_MODE=token and its token "
            "(~/.ray/auth_token of its head node, or RAY_AUTH_TOKEN)") from None
    try:
        remote = ray.remote(num_cpus=1)(grade_submission)
        pending = {}
        for submission, files, key in tasks:
            ref = remote.remote(str(repository), submission.student, files, str(workroot),
                                hidden, budget)
            pending[ref] = key
            on_progress("queued", None)
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            outcome = _finish(pending.pop(ready[0]), ray.get(ready[0]))
            on_progress("done", outcome)
            yield outcome
    finally:
        ray.shutdown()


# --- reports -------------------------------------------------------------------------------

def write_reports(out: Path, topics: list[Topic], outcomes: list[Outcome]) -> None:
    write_gradebook(out / "gradebook.csv", topics, outcomes)
    feedback = out / "feedback"
    feedback.mkdir(exist_ok=True)
    for outcome in outcomes:
        lines = [f"# {outcome.student}: {outcome.points:g} of {outcome.max_points:g} "
                 f"({outcome.status})", ""]
        lines += [f"- {line}" for line in outcome.feedback] or ["Every test passed."]
        (feedback / f"{safe_name(outcome.student)}.md").write_text(
            "\n".join(lines) + "\n", encoding="utf-8")
    write_chart(out / "summary.png", topics, outcomes)


def kata_columns(topics: list[Topic]) -> list[str]:
    return [f"{t.name}/{k.name}" for t in topics for k in t.katas]


def write_gradebook(path: Path, topics: list[Topic], outcomes: list[Outcome]) -> None:
    columns = kata_columns(topics)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "status", "total", "max", *(t.name for t in topics),
                         *columns])
        for o in outcomes:
            per_topic = [round(sum(v for k, v in o.katas.items() if k.startswith(t.name + "/")),
                               2) for t in topics]
            writer.writerow([o.student, o.status, o.points, o.max_points, *per_topic,
                             *(o.katas.get(c, 0.0) for c in columns)])


def write_chart(path: Path, topics: list[Topic], outcomes: list[Outcome]) -> None:
    """Per kata, how many students earned full, partial and no points."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    maxima = {f"{t.name}/{k.name}": k.points for t in topics for k in t.katas}
    columns = list(maxima)
    full = [sum(o.katas.get(c, 0) >= maxima[c] - 1e-9 for o in outcomes) for c in columns]
    zero = [sum(o.katas.get(c, 0) <= 1e-9 for o in outcomes) for c in columns]
    partial = [len(outcomes) - f - z for f, z in zip(full, zero, strict=True)]
    figure, axes = plt.subplots(figsize=(8, max(3, 0.28 * len(columns) + 1)))
    labels = [c.split("/", 1)[1] for c in columns]
    axes.barh(labels, full, color="#2a9d8f", label="full points")
    axes.barh(labels, partial, left=full, color="#e9c46a", label="partial")
    axes.barh(labels, zero, left=[f + p for f, p in zip(full, partial, strict=True)],
              color="#e76f51", label="no points")
    axes.invert_yaxis()
    axes.set_xlabel(f"students (of {len(outcomes)})")
    axes.set_title("Score distribution per kata")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


# --- the command ---------------------------------------------------------------------------

class Tracker:
    """A progress bar: submissions done, running and not graded cleanly, with an ETA."""

    def __init__(self, progress, total: int, workers: int) -> None:
        self.progress, self.workers = progress, workers
        self.queued = self.finished = self.troubled = 0
        self.task = progress.add_task("grading", total=total)

    def __call__(self, event: str, outcome: Outcome | None) -> None:
        self.queued += event == "queued"
        if outcome is not None:
            self.finished += event == "done"
            self.troubled += outcome.status != GRADED
            self.progress.advance(self.task)
        running = min(self.workers, self.queued - self.finished)
        self.progress.update(self.task, description=(
            f"{running} running, {self.troubled} not graded cleanly"))


def main(argv: list[str] | None = None) -> int:
    import argparse

    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from graders.manifest import find_repository

    parser = argparse.ArgumentParser(prog="kata grade", description=__doc__.split("\n\n")[0])
    parser.add_argument("submissions", nargs="+", type=Path,
                        help="a folder of submissions (one subfolder each) or submission paths")
    parser.add_argument("--out", type=Path, default=Path("grades"),
                        help="where the gradebook, feedback and chart go (default: grades)")
    parser.add_argument("--topics", nargs="*", default=[], metavar="NN",
                        help="only these topics (e.g. 01 03); default: every graded topic")
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) // 2),
                        help="submissions graded at once on this machine")
    parser.add_argument("--budget", type=float, default=1800,
                        help="seconds for one whole submission before it is stopped")
    parser.add_argument("--force", action="store_true", help="re-grade unchanged submissions")
    engines = parser.add_mutually_exclusive_group()
    engines.add_argument("--dask", metavar="ADDRESS", help="grade on this dask scheduler")
    engines.add_argument("--ray", metavar="ADDRESS", help="grade on this Ray cluster")
    args = parser.parse_args(argv)
    repository = find_repository(Path.cwd())
    if repository is None:
        print("kata grade: run it inside the instructor's repository", file=sys.stderr)
        return 2
    try:
        submissions = find_submissions(args.submissions)
    except (OSError, ValueError) as error:
        print(f"kata grade: {error}", file=sys.stderr)
        return 2
    if not sandbox_available():
        print("WARNING: bubblewrap (bwrap) cannot run here, so submissions are graded WITHOUT a "
              "sandbox: they can read the network, the solutions and each other. Install it "
              "(Debian/Ubuntu: apt-get install bubblewrap) for an authoritative grade.",
              file=sys.stderr)
    columns = [TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
               "{task.total}"), TimeRemainingColumn()]
    try:
        with Progress(*columns) as progress:
            tracker = Tracker(progress, len(submissions), args.workers)
            outcomes = grade_class(
                repository, submissions, args.out.resolve(),
                topics=graded_topics(repository, args.topics), workers=args.workers,
                budget=args.budget, force=args.force, cluster="dask" if args.dask else
                "ray" if args.ray else None, address=args.dask or args.ray,
                on_progress=tracker)
    except ConnectionError as error:  # the cluster could not be used (run_on_dask, run_on_ray)
        print(f"kata grade: {error}. Start the cluster, or grade here without --dask/--ray.",
              file=sys.stderr)
        return 2
    statuses = {s: sum(o.status == s for o in outcomes) for s in {o.status for o in outcomes}}
    print(f"{len(outcomes)} submissions: " + ", ".join(f"{n} {s}" for s, n in
                                                       sorted(statuses.items())))
    print(f"gradebook: {args.out / 'gradebook.csv'}; feedback: {args.out / 'feedback'}; "
          f"chart: {args.out / 'summary.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
