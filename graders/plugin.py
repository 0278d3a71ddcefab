"""The kata pytest plugin: every hook in one place; it collects facts and asks the modules
beside it, which decide.

Active in any pytest run whose root holds `exercises/NN_topic/kata.toml`. It
- selects the implementation under test (`--impl`, see `graders.impl`);
- gives every kata test one verdict (decided in `graders.verdicts`) and its share of the
  kata's points;
- enforces every per-test limit (`graders.budget`): time, processes, memory, output,
  leftovers;
- writes the results record (`--results`, see `graders.record`) and prints a points table;
- runs kata tests in one pytest-xdist worker unless told otherwise (`-n`, `-p no:xdist`), so
  that a test that kills its process (os._exit, a segfault, the OOM killer) ends as an error
  while the controller, which runs no kata code, replaces the worker, grades the rest and
  writes the record.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path

import pytest

from graders import budget, capabilities, impl, integrity, processes, timing_lock
from graders.budget import Budget
from graders.fingerprint import Fingerprint
from graders.manifest import Kata, find_repository, kata_for_test_file, kata_index
from graders.record import Record, TestResult, points_table
from graders.verdicts import (
    LABEL,
    Judgement,
    Verdict,
    crashed,
    earned,
    judge_collection,
    judge_phase,
    judge_problems,
    missing_capability,
    skipped_by_kata,
    tampered_at_run_time,
)

KATA = pytest.StashKey[Kata]()
MAX_POINTS = pytest.StashKey[float]()
BUDGET = pytest.StashKey[Budget]()
LEFTOVER = pytest.StashKey[str]()
TAMPERED = pytest.StashKey[str]()
MISSING = pytest.StashKey[capabilities.Missing]()
SCRATCH_VARIABLE = "DASK_TEMPORARY_DIRECTORY"
# pytest's progress letter for the verdicts that are not plain pass or fail
LETTER = {Verdict.TODO: "T", Verdict.TIMEOUT: "O", Verdict.ERROR: "E", Verdict.NOT_GRADABLE: "n"}
# the verdicts whose every test is listed after the run
LISTED = (Verdict.TODO, Verdict.TIMEOUT, Verdict.NOT_GRADABLE)
# Workers a run may lose before pytest-xdist stops replacing them: enough for a crash in
# every test of a large topic, few enough that a crash at import (which kills every
# replacement while it collects) ends in seconds, not minutes.
WORKER_RESTARTS = 30


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("katas")
    group.addoption("--impl", default="exercises", metavar="exercises|solutions|DIR",
                    help="which implementation the kata tests import (default: exercises)")
    group.addoption("--results", default=None, metavar="FILE",
                    help="write the results record (JSON) to FILE")


@pytest.hookimpl(wrapper=True)
def pytest_cmdline_main(config: pytest.Config):
    """Kata tests run in one pytest-xdist worker by default (see the module's docstring).
    A wrapper, so that this runs before pytest-xdist reads its options."""
    if _isolate(config):
        config.option.numprocesses = 1
        if config.option.maxworkerrestart is None:
            config.option.maxworkerrestart = str(WORKER_RESTARTS)
    return (yield)


def _isolate(config: pytest.Config) -> bool:
    """Whether this run grades kata tests and left the choice of workers to the plugin."""
    option = config.option
    if (not config.pluginmanager.hasplugin("xdist") or hasattr(config, "workerinput")
            or getattr(option, "numprocesses", None) is not None
            or getattr(option, "dist", "no") != "no" or getattr(option, "tx", None)
            or option.usepdb or option.collectonly):
        return False
    repository = find_repository(config.rootpath)
    if repository is None:
        return False
    exercises = (repository / "exercises").resolve()
    targets = [(config.invocation_params.dir / arg.split("::")[0]).resolve()
               for arg in config.args]
    return any(t == exercises or t.is_relative_to(exercises) for t in targets)


def pytest_configure(config: pytest.Config) -> None:
    repository = find_repository(config.rootpath)
    if repository is None:
        return
    impl.activate(impl.resolve(config.getoption("impl"), repository))
    # One kata that fails to import must not stop the others from being graded.
    config.option.continue_on_collection_errors = True
    config.pluginmanager.register(KataPlugin(config, repository), "kata-plugin")


class KataPlugin:
    def __init__(self, config: pytest.Config, repository: Path) -> None:
        self.config = config
        self.repository = repository
        self.is_worker = hasattr(config, "workerinput")
        results = config.getoption("results")
        path = Path(results).resolve() if results and not self.is_worker else None
        label = config.getoption("impl")
        order = {name: index for index, name in enumerate(kata_index(repository))}
        # Only a record that is written carries the machine (finding Java starts a JVM).
        environment = capabilities.environment() if path is not None else {}
        self.record = Record(path, environment, label, order)
        self.max_points: dict[str, float] = {}
        self.tampered = integrity.tampered(repository)
        # Engines a kata starts itself write scratch files; keep them in one folder per run.
        self.scratch = None
        if SCRATCH_VARIABLE not in os.environ:
            self.scratch = tempfile.mkdtemp(prefix="kata-scratch-")
            os.environ[SCRATCH_VARIABLE] = self.scratch
        self.exitstatus = 0
        self.concise = config.option.tbstyle == "auto"
        self.fingerprint: Fingerprint | None = None
        self.tampering_seen: set[str] = set()
        self.tampered_at_run_time: dict[str, str] = {}  # topic -> message
        self.worker_end = ""  # how the last pytest-xdist worker that died ended
        if path is not None:
            # After the kata's own exit handlers (last registered, first run): a record
            # rewritten by one of them is put back.
            atexit.register(self._write_at_exit)

    # --- collection -----------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection(self, session: pytest.Session) -> None:
        """What decides a grade, fingerprinted before any kata module is imported."""
        self.threads_before_import = processes.running_threads()
        self.fingerprint = Fingerprint(self.config.pluginmanager,
                                       self.config.getoption("results"),
                                       self.repository / "exercises")

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        # Again, now that kata modules ran: one may have rewritten a test file not yet read.
        self.tampered = integrity.tampered(self.repository)
        per_file: dict[Path, list[pytest.Item]] = {}
        for item in items:
            kata = kata_for_test_file(self.repository, item.path)
            if kata is not None:
                item.stash[KATA] = kata
                per_file.setdefault(item.path, []).append(item)
        for tests in per_file.values():
            for item in tests:
                self._prepare(item, item.stash[KATA], len(tests))
        self._watch_tests(per_file)

    def _watch_tests(self, per_file: dict[Path, list[pytest.Item]]) -> None:
        """A test file whose functions do not run its code on disk grades nothing."""
        if self.fingerprint is None:
            return
        modules = {path: tests[0].module for path, tests in per_file.items()
                   if getattr(tests[0], "module", None) is not None}
        found = self.fingerprint.watch_tests(modules, self.config)
        for thread in budget.busy_student_threads(self.threads_before_import):
            path = Path(budget.student_file(thread) or "")
            test_file = next((p for p in per_file if p.stem == f"test_{path.stem}"), None)
            if test_file is not None:
                found.setdefault(test_file, []).append(
                    f"{path.name} started thread {thread.name} when imported, and it keeps "
                    "using CPU (a machine kept busy is not gradable)")
        for path, changes in found.items():
            self.tampering_seen.update(changes)
            tampering = tampered_at_run_time(changes)
            self.tampered_at_run_time[per_file[path][0].stash[KATA].topic] = tampering.message

    def _prepare(self, item: pytest.Item, kata: Kata, siblings: int) -> None:
        item.stash[MAX_POINTS] = kata.points / siblings
        self.max_points[item.nodeid] = item.stash[MAX_POINTS]
        changes = self.tampered.get(kata.topic)
        if changes:
            item.stash[TAMPERED] = integrity.message(changes)
        if item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(kata.budget, func_only=True))
        missing = _first_missing(kata.needs)
        if missing is not None:
            item.stash[MISSING] = missing

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        path = self.repository / report.nodeid.split("::")[0]
        kata = kata_for_test_file(self.repository, path)
        if kata is None:
            return
        tampering = self._new_tampering()
        if tampering is not None:  # found right after this kata's module was imported
            self.tampered_at_run_time[kata.topic] = tampering.message
        if report.passed or self.is_worker:
            return
        if report.skipped:  # no test file skips itself: the kata module did, when imported
            reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else ""
            judgement = Judgement(Verdict.ERROR, skipped_by_kata(f"{kata.module}.py: {reason}"))
            report.outcome, report.longrepr = "failed", judgement.message
        else:
            missing = _first_missing(n for n in kata.needs if n.startswith("module:"))
            judgement = judge_collection(kata, str(report.longrepr), missing)
        if self.concise:
            report.longrepr = judgement.message
        self._add(report.nodeid, kata, judgement, float(kata.points), name="<import>")

    # --- running --------------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        """A topic whose grading files were changed earns nothing (see graders.integrity);
        a test whose kata needs what this machine lacks is not gradable here."""
        if TAMPERED in item.stash:
            pytest.fail(item.stash[TAMPERED], pytrace=False)
        kata = item.stash.get(KATA, None)
        if kata is not None and kata.topic in self.tampered_at_run_time:
            pytest.fail(self.tampered_at_run_time[kata.topic], pytrace=False)
        if MISSING in item.stash:
            raise missing_capability(item.stash[MISSING])

    @pytest.hookimpl(tryfirst=True)
    def pytest_timeout_set_timer(self, item: pytest.Item, settings) -> bool:
        def hard_timeout(message: str) -> None:
            judgement = Judgement(Verdict.TIMEOUT, message)
            if self.is_worker:  # the controller records it before it sees the worker die
                self._report_from_worker(item, judgement, settings.timeout)
            else:
                self._record_item(item, judgement, settings.timeout)
            sys.stdout.flush()
            sys.stderr.flush()

        timer = Budget(settings.timeout, hard_timeout)
        item.stash[BUDGET] = timer
        timer.start()
        return True

    def _report_from_worker(self, item: pytest.Item, judgement: Judgement,
                            duration: float) -> None:
        """Send the controller a report of a test this worker is about to end."""
        report = pytest.TestReport(
            nodeid=item.nodeid, location=item.location, keywords={}, outcome="failed",
            longrepr=f"{judgement.verdict}: {judgement.message}", when="call",
            duration=duration, user_properties=self._verdict_properties(item, judgement))
        self.config.hook.pytest_runtest_logreport(report=report)

    @staticmethod
    def _verdict_properties(item: pytest.Item, judgement: Judgement) -> list[tuple]:
        """What the controller needs of a verdict reached in a worker."""
        kata = item.stash[KATA]
        return [
            ("kata", kata.name), ("topic", kata.topic), ("verdict", str(judgement.verdict)),
            ("message", judgement.message), ("fix", judgement.fix),
            ("max_points", item.stash[MAX_POINTS]),
            ("timing", item.get_closest_marker("timing") is not None),
        ]

    @pytest.hookimpl(tryfirst=True)
    def pytest_timeout_cancel_timer(self, item: pytest.Item) -> bool:
        timer = item.stash.get(BUDGET, None)
        if timer is not None:
            timer.cancel()
            del item.stash[BUDGET]
        return True

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item):
        workerinput = getattr(self.config, "workerinput", None)
        alone = item.get_closest_marker("timing") is not None
        # The lock folder is named after the pytest-xdist controller, the workers' parent.
        holding = (timing_lock.hold(str(os.getppid()), alone) if workerinput
                   else nullcontext())
        before_pids, before_threads = processes.descendants(), processes.running_threads()
        with holding:
            try:
                return (yield)
            finally:
                if KATA in item.stash:
                    left = budget.leftovers(before_pids, before_threads)
                    if left:
                        item.stash[LEFTOVER] = left

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        kata = item.stash.get(KATA, None)
        if kata is None:
            return report
        error = call.excinfo.value if call.excinfo else None
        judgement = judge_phase(report.when, report.passed, error)
        if report.when == "call" and judgement is not None:
            judgement = self._after_test(item, report, judgement)
        tampering = self._new_tampering(classes=report.when == "call")
        if tampering is not None:
            self.tampered_at_run_time[kata.topic] = tampering.message
        if kata.topic in self.tampered_at_run_time and (report.when == "call"
                                                        or judgement is not None):
            judgement = Judgement(Verdict.ERROR, self.tampered_at_run_time[kata.topic])
            report.outcome = "failed"
            report.user_properties.append(("revoke", kata.topic))
        if judgement is None:
            return report
        report.user_properties.extend(self._verdict_properties(item, judgement))
        if self.concise and judgement.verdict != Verdict.PASSED and not report.skipped:
            report.longrepr = f"{judgement.verdict}: {judgement.message}"
        return report

    @staticmethod
    def _after_test(item: pytest.Item, report: pytest.TestReport,
                    judgement: Judgement) -> Judgement:
        """The limits checked once the test has run: its output and what it left running."""
        flood, report.sections = budget.output_flood(report.sections)
        problems = [p for p in (flood, item.stash.get(LEFTOVER, None)) if p]
        judged = judge_problems(judgement, problems)
        if judged.verdict != judgement.verdict:
            report.outcome = "failed"
        return judged

    def pytest_report_teststatus(self, report: pytest.TestReport):
        verdict = dict(getattr(report, "user_properties", ())).get("verdict")
        if verdict in LETTER and (report.when == "call" or verdict != Verdict.ERROR):
            return verdict.replace("-", " "), LETTER[verdict], LABEL[verdict].upper()
        return None

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        """Record the test as crashed until its report arrives, so a run that is killed
        half way still says which test it was running."""
        if self.is_worker:
            return
        kata = self._kata_of(nodeid)
        if kata is not None and nodeid in self.max_points:
            self._add(nodeid, kata, crashed(), self.max_points[nodeid])

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self.is_worker:
            return
        properties = dict(report.user_properties)
        kata = self._kata_of(report.nodeid)
        if "revoke" in properties:
            self.tampered_at_run_time[properties["revoke"]] = properties["message"]
            self.record.revoke({properties["revoke"]}, properties["message"])
        if "verdict" in properties and kata is not None:
            judgement = Judgement(Verdict(properties["verdict"]), properties["message"],
                                  properties["fix"])
            self._add(report.nodeid, kata, judgement, properties["max_points"],
                      duration=report.duration, timing=properties["timing"])
        elif report.failed and kata is not None:
            self._record_crash(report, kata)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error) -> None:
        """pytest-xdist: a worker is gone; keep how it ended for the test it was running."""
        self.worker_end = _how_it_ended(node)

    def _record_crash(self, report: pytest.TestReport, kata: Kata) -> None:
        """A report with no verdict: the process running the test died (pytest-xdist)."""
        earlier = next((t for t in self.record.tests if t.nodeid == report.nodeid), None)
        if earlier is not None and earlier.verdict == Verdict.TIMEOUT:
            return  # the worker ended itself at the hard timeout and said so first
        siblings = [t.max_points for t in self.record.tests if t.kata == kata.name]
        detail = str(report.longrepr).strip().splitlines()[-1][:300]
        if self.worker_end:
            detail = f"{self.worker_end} ({detail})"
        self._add(report.nodeid, kata, crashed(detail),
                  siblings[0] if siblings else float(kata.points), duration=report.duration)

    def _record_item(self, item: pytest.Item, judgement: Judgement, duration: float) -> None:
        kata = item.stash.get(KATA, None)
        if kata is not None and not self.is_worker:
            self._add(item.nodeid, kata, judgement, item.stash[MAX_POINTS], duration=duration)

    def _new_tampering(self, classes: bool = True) -> Judgement | None:
        """A verdict for what changed in the grader since the last look, if anything (the
        student's classes only when `classes`: once a test, not in every phase)."""
        if self.fingerprint is None:
            return None
        changes = [c for c in self.fingerprint.changes(self.config.getoption("results"),
                                                       classes)
                   if c not in self.tampering_seen]
        self.tampering_seen.update(changes)
        return tampered_at_run_time(changes) if changes else None

    def _write_at_exit(self) -> None:
        tampering = self._new_tampering()
        if tampering is not None:
            self.record.revoke(None, tampering.message)
        self.record.write()

    def _kata_of(self, nodeid: str) -> Kata | None:
        return kata_for_test_file(self.repository, self.repository / nodeid.split("::")[0])

    def _add(self, nodeid: str, kata: Kata, judgement: Judgement, max_points: float, *,
             name: str | None = None, duration: float = 0.0, timing: bool = False) -> None:
        """Put one test's result in the record (replacing an earlier one of the same test)."""
        if kata.topic in self.tampered_at_run_time:  # sticky: nothing later undoes it
            judgement = Judgement(Verdict.ERROR, self.tampered_at_run_time[kata.topic])
        self.record.add(TestResult(
            nodeid=nodeid, topic=kata.topic, kata=kata.name,
            name=name or nodeid.split("::", 1)[-1], verdict=judgement.verdict,
            points=earned(judgement.verdict, max_points), max_points=max_points,
            duration=round(duration, 3), message=judgement.message, timing=timing,
            fix=judgement.fix,
        ))

    # --- the end of the run ----------------------------------------------------------------

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.is_worker or not self.record.tests:
            return
        write = terminalreporter.write_line
        shown = [t for t in self.record.tests if t.verdict in LISTED]
        if shown:
            terminalreporter.section("kata verdicts")
            for test in shown:
                write(f"{test.verdict.upper():13} {test.kata}::{test.name}: {test.message}")
        terminalreporter.section("points")
        for line in points_table(self.record):
            write(line)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, exitstatus: int) -> None:
        self.exitstatus = int(exitstatus)
        tampering = self._new_tampering()
        if tampering is not None:
            self.record.revoke(None, tampering.message)
        self.record.write()
        if not self.is_worker:
            timing_lock.remove(str(os.getpid()))

    @pytest.hookimpl(trylast=True)
    def pytest_unconfigure(self) -> None:
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
        budget.guard_exit(self.exitstatus)


def _how_it_ended(node) -> str:
    """How a pytest-xdist worker process ended: its exit code or the signal that killed it
    ("" when pytest-xdist does not show its process)."""
    popen = getattr(getattr(getattr(node, "gateway", None), "_io", None), "popen", None)
    try:
        code = popen.wait(timeout=5)
    except (AttributeError, subprocess.TimeoutExpired):
        return ""
    if code >= 0:
        return f"it exited with code {code}"
    name = signal.Signals(-code).name if -code in signal.valid_signals() else str(-code)
    killer = " (sent by the kernel's OOM killer, or by a kill)" if name == "SIGKILL" else ""
    return f"it was killed by {name}{killer}"


def _first_missing(needs) -> capabilities.Missing | None:
    """The first of `needs` this machine does not meet, or None."""
    return next(filter(None, map(capabilities.check_need, needs)), None)
