"""Students run the course on Windows and macOS; this machine is Linux (issue 16).

Each test grades real katas in a fresh pytest whose every Python process (pytest, its spawn
workers) first loads SIMULATION as `sitecustomize`, which takes away what the simulated OS
lacks before the plugin loads:

- windows: no `fcntl`, `resource` or `termios`; no SIGALRM, timers or `pthread_kill`; spawn is
  the only start method; no CPU affinity, load average or /proc.
- macos: spawn is the default start method (fork and forkserver are still offered); no CPU
  affinity or /proc; a long TMPDIR; a non-UTF-8 locale (LC_ALL=C without UTF-8 mode).

A static check keeps POSIX-only calls in the grading core behind a capability test.
"""

from __future__ import annotations

import _thread
import ast
import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from graders import budget, capabilities
from graders.manifest import load_topic
from graders.verdicts import KataTimeout

REPOSITORY = Path(__file__).resolve().parents[1]
# Topics graded under both simulations. The suite grades the first two (a few minutes of
# CI); KATA_SIMULATE_TOPICS=all grades all five (issue 16: "the solutions of 01-05 pass and
# the stubs are todo"), a step of its own in .ci/run for 03-05 (spawn makes them slow: 41
# minutes on 2 cores at load 15-24).
ALL_TOPICS = ["01_functional", "02_threading", "03_multiprocessing", "04_asyncio",
              "05_mapreduce"]
TOPICS = ALL_TOPICS if os.environ.get("KATA_SIMULATE_TOPICS") == "all" else ALL_TOPICS[:2]
# Seconds for one topic's run: 03 under spawn starts hundreds of interpreters.
SIMULATED_TOPIC_TIMEOUT = 1800

SIMULATION = '''\
"""sitecustomize for tests/test_portability.py: KATA_SIMULATE=windows|macos."""
import os
import sys

SIMULATE = os.environ.get("KATA_SIMULATE")


def spawn_by_default(only: bool) -> None:
    import multiprocessing
    import multiprocessing.context as context
    if only:
        for name in ("fork", "forkserver"):
            context._concrete_contexts.pop(name, None)
    methods = ["spawn"] if only else ["spawn", "fork", "forkserver"]
    context.DefaultContext.get_all_start_methods = lambda self: methods
    context._default_context._default_context = context._concrete_contexts["spawn"]
    multiprocessing.get_all_start_methods = context._default_context.get_all_start_methods


def no_affinity_nor_proc() -> None:
    import builtins
    for name in ("sched_getaffinity", "getloadavg"):
        if hasattr(os, name):
            delattr(os, name)
    real_open = builtins.open

    def open_without_proc(file, *args, **kwargs):
        if isinstance(file, str) and file.startswith("/proc/self"):
            raise FileNotFoundError(2, "simulated: no /proc", file)
        return real_open(file, *args, **kwargs)

    builtins.open = open_without_proc


if SIMULATE == "windows":
    import signal

    import psutil  # noqa: F401  (its Linux backend needs `resource`; Windows has its own)
    for module in ("fcntl", "resource", "termios"):
        sys.modules[module] = None  # `import fcntl` now raises ModuleNotFoundError
    for name in ("SIGALRM", "SIGVTALRM", "SIGPROF", "setitimer", "getitimer", "alarm",
                 "ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF", "pause", "siginterrupt",
                 "pthread_kill"):
        if hasattr(signal, name):
            delattr(signal, name)
    spawn_by_default(only=True)
    no_affinity_nor_proc()
elif SIMULATE == "macos":
    spawn_by_default(only=False)
    no_affinity_nor_proc()
'''

# macOS's temp dir (/var/folders/xx/<28 characters>/T) is 48 characters, and a Unix socket's
# path may have 103 there (104 bytes with the NUL), 107 on Linux: a temp dir of 52 characters
# here leaves paths built under it the room they have on a Mac. (Ray's session sockets need
# more: under TMPDIR they fail on a Mac and here alike.)
LONG_TMPDIR = 52


def simulated_env(profile: str, tmp_path: Path) -> dict[str, str]:
    """The environment of a pytest run that simulates `profile` (windows or macos)."""
    folder = tmp_path / "simulation"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(SIMULATION, encoding="utf-8")
    inherited = os.environ.get("PYTHONPATH")
    env = {"KATA_SIMULATE": profile,
           "PYTHONPATH": os.pathsep.join([str(folder), inherited] if inherited else [str(folder)])}
    if profile == "macos":
        env |= {"TMPDIR": long_tmpdir(), "LC_ALL": "C", "PYTHONUTF8": "0"}
    return env


def long_tmpdir() -> str:
    """A new folder whose path has LONG_TMPDIR characters (removed when pytest exits): not
    under tmp_path, whose own path is longer."""
    base = tempfile.mkdtemp(prefix="kata-mac-")
    atexit.register(shutil.rmtree, base, ignore_errors=True)
    padding = LONG_TMPDIR - len(base) - 1
    assert padding > 0, f"the temp dir {base} is too long to simulate macOS's"
    long = Path(base) / ("t" * padding)
    long.mkdir()
    return str(long)


PROBE = """\
import multiprocessing, os, signal, sys, tempfile
try:
    import fcntl
except ImportError:
    fcntl = None
print(fcntl is not None, hasattr(signal, "SIGALRM"), hasattr(signal, "setitimer"),
      multiprocessing.get_start_method(), ",".join(multiprocessing.get_all_start_methods()),
      hasattr(os, "sched_getaffinity"), sys.stdout.encoding, len(tempfile.gettempdir()))
"""


def probe(env: dict[str, str]) -> list[str]:
    """What a Python process under `env` sees of the simulated OS (PROBE's output)."""
    completed = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                               env={**os.environ, **env}, check=True)
    return completed.stdout.split()


def test_the_simulations_take_away_what_each_os_lacks(tmp_path):
    windows = probe(simulated_env("windows", tmp_path))
    assert windows[:6] == ["False", "False", "False", "spawn", "spawn", "False"], windows
    macos = probe(simulated_env("macos", tmp_path))
    assert macos[3:7] == ["spawn", "spawn,fork,forkserver", "False", "ascii"], macos
    assert int(macos[7]) == LONG_TMPDIR, macos


def kata_names(topics: list[str]) -> set[str]:
    return {kata.name for topic in topics for kata in load_topic(REPOSITORY / "exercises" /
                                                                  topic).katas}


def check_graded(record: dict, topic: str, expected: str, not_gradable_allowed) -> None:
    """Every kata of `topic` was graded and every test ended as `expected`."""
    assert record["exit_code"] not in (3, 4), f"pytest could not run:\n{record['output']}"
    assert record["environment"]["start_method"] == "spawn", record["environment"]
    assert {t["kata"] for t in record["tests"]} == kata_names([topic]), record["output"]
    wrong = [(t["kata"], t["name"], t["verdict"], t["message"][:300]) for t in record["tests"]
             if t["verdict"] != expected
             and not (t["verdict"] == "not-gradable" and not_gradable_allowed(t))]
    assert not wrong, f"expected {expected}: {wrong}\n{record['output']}"


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("profile", ["windows", "macos"])
@pytest.mark.parametrize(("impl", "expected"), [("solutions", "passed"), ("exercises", "todo")])
def test_katas_are_graded_under_the_simulated_os(topic, profile, impl, expected, tmp_path,
                                                  grade_katas, not_gradable_allowed):
    record = grade_katas([f"exercises/{topic}"], impl, env=simulated_env(profile, tmp_path),
                         timeout=SIMULATED_TOPIC_TIMEOUT)
    check_graded(record, topic, expected, not_gradable_allowed)


def hostile_submission(case: str, tmp_path: Path) -> Path:
    """The 01_functional solutions with tests/hostile/<case>.py appended to map_filter_reduce
    (its definitions replace the reference ones)."""
    impl = tmp_path / "impl"
    shutil.copytree(REPOSITORY / "solutions" / "01_functional", impl / "01_functional")
    module = impl / "01_functional" / "map_filter_reduce.py"
    hostile = (REPOSITORY / "tests" / "hostile" / f"{case}.py").read_text(encoding="utf-8")
    module.write_text(module.read_text(encoding="utf-8") + "\n\n" + hostile, encoding="utf-8")
    return impl


def test_a_kata_that_never_returns_times_out_without_sigalrm(tmp_path, grade_katas):
    """Windows has no SIGALRM: the budget's timer thread interrupts the loop, the verdict is
    a timeout, and the run goes on to grade the other katas."""
    topic = load_topic(REPOSITORY / "exercises" / "01_functional")
    record = grade_katas([f"exercises/{topic.name}"], hostile_submission("infinite_loop", tmp_path),
                         env=simulated_env("windows", tmp_path))

    looping = [t for t in record["tests"] if t["name"] == "test_total_population_with_reduce"]
    assert [t["verdict"] for t in looping] == ["timeout"], record["output"]
    assert "time budget" in looping[0]["message"], looping[0]["message"]
    budget_seconds = topic.kata("map_filter_reduce").budget
    assert looping[0]["duration"] < budget_seconds + budget.TIME_GRACE, (
        f"interrupted after {looping[0]['duration']:.1f} s, budget {budget_seconds} s: the "
        "timer thread did not interrupt the loop, the hard timeout ended it")
    others = [t for t in record["tests"] if t["kata"] != "map_filter_reduce"]
    assert {t["kata"] for t in others} == {k.name for k in topic.katas} - {"map_filter_reduce"}, (
        record["output"])
    assert [t for t in others if t["verdict"] != "passed"] == [], record["output"]


def test_a_deadlock_without_sigalrm_ends_only_its_worker(tmp_path, grade_katas):
    """Nothing breaks a call blocked in C without signals (two threads waiting on each
    other's lock): the hard timeout ends the process running the test. Kata tests run in one
    pytest-xdist worker by default, so that process is the worker: it reports the timeout,
    with where each thread was, before it ends; the controller starts a new worker and
    grades every other kata of the topic."""
    topic = load_topic(REPOSITORY / "exercises" / "01_functional")
    record = grade_katas([f"exercises/{topic.name}"],
                         hostile_submission("deadlock_between_two_locks", tmp_path),
                         env=simulated_env("windows", tmp_path))

    stuck = [t for t in record["tests"] if t["name"] == "test_total_population_with_reduce"]
    assert [t["verdict"] for t in stuck] == ["timeout"], record["output"]
    assert "could not be interrupted" in stuck[0]["message"], stuck[0]["message"]
    assert "--- thread" in stuck[0]["message"], stuck[0]["message"]
    others = [t for t in record["tests"] if t["kata"] != "map_filter_reduce"]
    assert {t["kata"] for t in others} == {k.name for k in topic.katas} - {"map_filter_reduce"}, (
        "after the deadlocked test the run stopped grading:\n" + record["output"])
    assert [t for t in others if t["verdict"] != "passed"] == [], record["output"]


# --- encodings: kata's output and workers' prints where the locale is not UTF-8 -------------

WORKER_PRINTS = """\
import multiprocessing
import sys
from pathlib import Path

from graders.impl import activate


def work() -> None:
    print("\\u2713 a worker's progress message")


if __name__ == "__main__":
    activate(Path(sys.argv[1]))  # what the plugin does before any kata test
    worker = multiprocessing.get_context("spawn").Process(target=work)
    worker.start()
    worker.join()
    sys.exit(worker.exitcode)
"""


def test_a_spawned_worker_can_print_any_character_where_the_locale_is_ascii(tmp_path):
    """A worker starts a fresh interpreter that would encode its prints in the locale's
    encoding (ASCII here, a code page on Windows): the grader puts workers in UTF-8 mode."""
    script = tmp_path / "worker_prints.py"
    script.write_text(WORKER_PRINTS, encoding="utf-8")
    env = {**os.environ, **simulated_env("macos", tmp_path)}
    completed = subprocess.run([sys.executable, str(script), str(REPOSITORY / "solutions")],
                               capture_output=True, env=env, timeout=120)
    assert completed.returncode == 0, (
        "a spawned worker printing a non-ASCII character died under an ASCII locale: "
        f"{completed.stderr.decode('utf-8', 'replace')[-2000:]}\nWorkers must inherit "
        "PYTHONUTF8=1 from graders.impl.activate.")
    assert "\u2713".encode() in completed.stdout


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_kata_prints_progress_where_the_console_cannot_encode_its_glyphs(encoding):
    """Windows writes a pipe or an IDE console in cp1252; `kata` must not crash on its bar."""
    completed = subprocess.run([sys.executable, "-m", "graders.kata.cli"], cwd=REPOSITORY,
                               capture_output=True, timeout=300,
                               env={**os.environ, "PYTHONIOENCODING": encoding})
    output = completed.stdout.decode(encoding)
    assert completed.returncode in (0, 1), completed.stderr.decode(encoding, "replace")[-2000:]
    assert "Progress" in output and "-" * 16 in output, output


# --- the budget's timer thread, in this process ----------------------------------------------


@pytest.fixture
def without_sigalrm(monkeypatch):
    """graders.budget as on Windows: its capability check finds no SIGALRM."""
    monkeypatch.setattr(budget, "HAS_ALARM", False)
    monkeypatch.setattr(budget, "SIGNUM", signal.SIGTERM)


def hard_timeout(message: str) -> None:
    raise AssertionError(f"the hard timeout fired instead of the timer thread: {message}")


def test_the_timer_thread_interrupts_a_busy_main_thread(without_sigalrm):
    before = signal.getsignal(signal.SIGTERM)
    timer = budget.Budget(0.2, hard_timeout)
    timer.start()
    deadline = time.monotonic() + budget.TIME_GRACE  # the hard timeout would end us there
    try:
        with pytest.raises(KataTimeout, match="time budget of 0.2 s"):
            while time.monotonic() < deadline:
                pass
    finally:
        timer.cancel()
    assert signal.getsignal(signal.SIGTERM) is before  # put back by cancel()


def test_a_cancelled_budget_interrupts_nothing(without_sigalrm):
    calls = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: calls.append(signum))
    try:
        timer = budget.Budget(60, hard_timeout)
        timer.start()
        timer.cancel()
        timer._interrupt_main()  # a timer thread that fires just after cancel()
        timer._expire(signal.SIGTERM, None)  # a handler call already on its way returns
        assert calls == []
        _thread.interrupt_main(signal.SIGTERM)  # the handler cancel() put back sees a real one
        assert calls == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)


# --- static check: POSIX-only calls in the grading core ------------------------------------

# Grading code that runs on students' machines; support/ runs inside katas (graded on every
# OS by the simulation above) and instructor/ runs on the instructors' Linux machines.
CORE = REPOSITORY / "graders"
NOT_CORE = ("support", "instructor")

POSIX_MODULES = {"fcntl", "grp", "posix", "pty", "pwd", "resource", "syslog", "termios", "tty"}
# What `signal` has on Windows; every other SIG* name and the timers are POSIX-only.
WINDOWS_SIGNALS = {"SIGABRT", "SIGBREAK", "SIGFPE", "SIGILL", "SIGINT", "SIGSEGV", "SIGTERM",
                   "SIG_DFL", "SIG_IGN"}
POSIX_SIGNAL_CALLS = {"alarm", "getitimer", "setitimer", "pause", "siginterrupt", "pthread_kill",
                      "pthread_sigmask", "sigpending", "sigwait", "sigwaitinfo", "sigtimedwait",
                      "ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF"}
POSIX_OS_CALLS = {"fork", "forkpty", "killpg", "setsid", "setpgrp", "setpgid", "getpgid",
                  "getpgrp", "getsid", "sched_getaffinity", "sched_setaffinity", "getloadavg",
                  "sysconf", "getuid", "geteuid", "getgid", "getegid", "nice", "wait3", "wait4",
                  "WNOHANG", "mkfifo", "register_at_fork", "setpriority", "getpriority"}
POSIX_START_METHODS = {"fork", "forkserver"}
# What a `try` catches when it handles a call's absence (ValueError: an unknown start method).
GUARD_ERRORS = {"ImportError", "ModuleNotFoundError", "AttributeError", "OSError",
                "FileNotFoundError", "ValueError"}


def posix_only(node: ast.AST) -> str | None:
    """What POSIX-only thing `node` names, or None."""
    if isinstance(node, ast.Import):
        names = [alias.name.split(".")[0] for alias in node.names]
        return next((f"import {n}" for n in names if n in POSIX_MODULES), None)
    if isinstance(node, ast.ImportFrom) and node.module in POSIX_MODULES:
        return f"from {node.module} import"
    if isinstance(node, ast.ImportFrom) and node.module in ("signal", "os"):
        attribute = next((a.name for a in node.names if is_posix_attribute(node.module, a.name)),
                         None)
        return f"from {node.module} import {attribute}" if attribute else None
    if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and is_posix_attribute(node.value.id, node.attr)):
        return f"{node.value.id}.{node.attr}"
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get_context", "set_start_method") and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in POSIX_START_METHODS):
        return f"{node.func.attr}({node.args[0].value!r})"
    if (isinstance(node, ast.Constant) and isinstance(node.value, str)
            and node.value.startswith("/proc")):
        return f"a read of {node.value}"
    return None


def is_posix_attribute(module: str, name: str) -> bool:
    if module == "signal":
        return ((name.startswith("SIG") and name not in WINDOWS_SIGNALS)
                or name in POSIX_SIGNAL_CALLS)
    return module == "os" and name in POSIX_OS_CALLS


def capability_names(tree: ast.Module) -> set[str]:
    """Module constants computed from a capability test (`HAS_ALARM = hasattr(...)`)."""
    return {target.id for node in tree.body if isinstance(node, ast.Assign)
            and is_capability_test(node.value, set())
            for target in node.targets if isinstance(target, ast.Name)}


def is_capability_test(test: ast.AST, constants: set[str]) -> bool:
    for node in ast.walk(test):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "hasattr":
            return True
        if isinstance(node, ast.Attribute) and node.attr == "platform":  # sys.platform
            return True
        if isinstance(node, ast.Name) and node.id in constants:
            return True
    return False


def guarded(path: list[ast.AST], constants: set[str]) -> bool:
    """True when a node at the end of `path` (its ancestors) runs only where it exists: in
    the branches of a capability test, or in a `try` that handles its absence."""
    for parent, child in zip(path, path[1:], strict=False):
        if (isinstance(parent, (ast.If, ast.IfExp)) and child is not parent.test
                and is_capability_test(parent.test, constants)):
            return True
        if isinstance(parent, ast.Try) and child in parent.body:
            caught = {getattr(n, "id", None) for h in parent.handlers if h.type is not None
                      for n in ast.walk(h.type)}
            if caught & GUARD_ERRORS:
                return True
    return False


def unguarded_posix_calls(source: str) -> list[tuple[int, str]]:
    """(line, what) for every POSIX-only call in `source` outside a capability test."""
    tree = ast.parse(source)
    constants = capability_names(tree)
    found = []

    def visit(node: ast.AST, path: list[ast.AST]) -> None:
        path = [*path, node]
        what = posix_only(node)
        if what and not guarded(path, constants):
            found.append((node.lineno, what))
        for child in ast.iter_child_nodes(node):
            visit(child, path)

    visit(tree, [])
    return found


def core_files() -> list[Path]:
    return [p for p in sorted(CORE.rglob("*.py"))
            if p.relative_to(CORE).parts[0] not in NOT_CORE]


def test_the_grading_core_guards_every_posix_only_call():
    found = [f"{path.relative_to(REPOSITORY)}:{line}: {what}" for path in core_files()
             for line, what in unguarded_posix_calls(path.read_text(encoding="utf-8"))]
    assert not found, (
        "POSIX-only calls that would crash on Windows (or macOS) where a student runs the "
        "grader:\n  " + "\n  ".join(found) + "\nPut each behind a capability test "
        "(`if hasattr(os, ...)`, a HAS_... constant computed from one, or a try that catches "
        "its ImportError/AttributeError/OSError) with a fallback, as graders/budget.py does "
        "for SIGALRM.")


@pytest.mark.parametrize(("source", "flagged"), [
    ("import fcntl", ["import fcntl"]),
    ("import signal\nsignal.setitimer(signal.ITIMER_REAL, 1)",
     ["signal.setitimer", "signal.ITIMER_REAL"]),
    ("import os\nos.killpg(1, 9)", ["os.killpg"]),
    ("from signal import SIGKILL", ["from signal import SIGKILL"]),
    ("import multiprocessing\nmultiprocessing.get_context('fork')", ["get_context('fork')"]),
    ("open('/proc/self/statm')", ["a read of /proc/self/statm"]),
    ("import signal\nsignal.signal(signal.SIGTERM, signal.SIG_DFL)", []),
    ("import os\nn = os.sysconf('X') if hasattr(os, 'sysconf') else 1", []),
    ("import signal\nHAS = hasattr(signal, 'SIGALRM')\nif HAS:\n    signal.alarm(1)", []),
    ("try:\n    import fcntl\nexcept ImportError:\n    fcntl = None", []),
    ("try:\n    open('/proc/self/statm')\nexcept OSError:\n    pass", []),
    ("import os\nif hasattr(os, 'fork') or os.fork():\n    pass", ["os.fork"]),
])
def test_the_static_check_tells_guarded_from_unguarded(source, flagged):
    assert [what for _, what in unguarded_posix_calls(source)] == flagged


# --- installing where an engine publishes no wheels ------------------------------------------


def test_ray_on_a_free_threaded_build_is_explained_not_left_to_pip(monkeypatch):
    """Ray has no wheels for free-threaded builds: `pip install -e '.[ray]'` would install
    nothing there, so the fix a student reads says why and what to do instead."""
    monkeypatch.setattr(capabilities, "free_threaded_build", lambda: True)
    fix = capabilities.ray_install()
    assert "no wheels for free-threaded Python" in fix and "standard (GIL) Python" in fix, fix
    monkeypatch.setattr(capabilities, "free_threaded_build", lambda: False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert capabilities.ray_install() == "pip install -e '.[ray]'"
