"""The kata pytest plugin: every hook in one place, the machinery in the modules beside it.

Active in any pytest run whose root holds `exercises/NN_topic/kata.toml`. It
- selects the implementation under test (`--impl`, see `graders.impl`);
- gives every kata test one verdict (`graders.verdicts`) and its share of the kata's points;
- enforces each kata's time budget (`graders.timeouts`);
- writes the results record (`--results`, see `graders.results`) and prints a points table.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from graders import capabilities, exclusive, impl, integrity, processes
from graders.manifest import Kata, find_repository, kata_for_test_file, kata_index
from graders.results import Record, TestResult, points_table
from graders.timeouts import Budget
from graders.verdicts import NOT_GRADABLE_PREFIX, Verdict, classify

KATA = pytest.StashKey[Kata]()
MAX_POINTS = pytest.StashKey[float]()
BUDGET = pytest.StashKey[Budget]()
LEFTOVER = pytest.StashKey[str]()
TAMPERED = pytest.StashKey[str]()
SCRATCH_VARIABLE = "DASK_TEMPORARY_DIRECTORY"
EXIT_GRACE = 20.0  # seconds the interpreter's exit handlers get after the run
OUTPUT_LIMIT = 1_000_000  # characters of captured output a test may print
CRASHED = ("the process running this test died before the test finished (os._exit, a "
           "crash, or killed for memory); the tests after it may not have run")
VERDICT_WORDS = {
    Verdict.TODO: ("todo", "T", "TODO"),
    Verdict.TIMEOUT: ("timeout", "O", "TIMEOUT"),
    Verdict.ERROR: ("error", "E", "ERROR"),
    Verdict.NOT_GRADABLE: ("not gradable", "n", "NOT GRADABLE HERE"),
}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("katas")
    group.addoption("--impl", default="exercises", metavar="exercises|solutions|DIR",
                    help="which implementation the kata tests import (default: exercises)")
    group.addoption("--results", default=None, metavar="FILE",
                    help="write the results record (JSON) to FILE")


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
        self.record = Record(path, capabilities.environment(), label, order)
        self.max_points: dict[str, float] = {}
        self.tampered = integrity.tampered(repository)
        # Engines a kata starts itself write scratch files; keep them in one folder per run.
        self.scratch = None
        if SCRATCH_VARIABLE not in os.environ:
            self.scratch = tempfile.mkdtemp(prefix="kata-scratch-")
            os.environ[SCRATCH_VARIABLE] = self.scratch
        self.exitstatus = 0
        self.concise = config.option.tbstyle == "auto"

    # --- collection -----------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        per_file: dict[Path, list[pytest.Item]] = {}
        for item in items:
            kata = kata_for_test_file(self.repository, item.path)
            if kata is not None:
                item.stash[KATA] = kata
                per_file.setdefault(item.path, []).append(item)
        for tests in per_file.values():
            for item in tests:
                self._prepare(item, item.stash[KATA], len(tests))

    def _prepare(self, item: pytest.Item, kata: Kata, siblings: int) -> None:
        item.stash[MAX_POINTS] = kata.points / siblings
        self.max_points[item.nodeid] = item.stash[MAX_POINTS]
        changes = self.tampered.get(kata.topic)
        if changes:
            item.stash[TAMPERED] = integrity.message(changes)
        if item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(kata.budget, func_only=True))
        for need in kata.needs:
            missing = capabilities.check_need(need)
            if missing is not None:
                item.add_marker(pytest.mark.skip(reason=NOT_GRADABLE_PREFIX + missing.sentence()))
                break

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if not report.failed or self.is_worker:
            return
        path = self.repository / report.nodeid.split("::")[0]
        kata = kata_for_test_file(self.repository, path)
        if kata is None:
            return
        verdict, message = collection_verdict(kata, str(report.longrepr))
        if self.concise:
            report.longrepr = message
        self.record.add(TestResult(
            nodeid=report.nodeid, topic=kata.topic, kata=kata.name, name="<import>",
            verdict=verdict, points=0.0, max_points=float(kata.points), duration=0.0,
            message=message,
        ))

    # --- running --------------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        """A topic whose grading files were changed earns nothing (see graders.integrity)."""
        if TAMPERED in item.stash:
            pytest.fail(item.stash[TAMPERED], pytrace=False)

    @pytest.hookimpl(tryfirst=True)
    def pytest_timeout_set_timer(self, item: pytest.Item, settings) -> bool:
        def hard_timeout(message: str) -> None:
            self._record_item(item, Verdict.TIMEOUT, message, settings.timeout)
            sys.stdout.flush()
            sys.stderr.flush()

        budget = Budget(settings.timeout, hard_timeout)
        item.stash[BUDGET] = budget
        budget.start()
        return True

    @pytest.hookimpl(tryfirst=True)
    def pytest_timeout_cancel_timer(self, item: pytest.Item) -> bool:
        budget = item.stash.get(BUDGET, None)
        if budget is not None:
            budget.cancel()
            del item.stash[BUDGET]
        return True

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item):
        workerinput = getattr(self.config, "workerinput", None)
        alone = item.get_closest_marker("timing") is not None
        # The lock folder is named after the pytest-xdist controller, the workers' parent.
        holding = (exclusive.hold(str(os.getppid()), alone) if workerinput
                   else contextlib.nullcontext())
        before_pids, before_threads = processes.descendants(), processes.running_threads()
        with holding:
            try:
                return (yield)
            finally:
                if KATA in item.stash:
                    left = processes.leftovers(before_pids, before_threads)
                    if left:
                        item.stash[LEFTOVER] = left

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report = yield
        kata = item.stash.get(KATA, None)
        if kata is None:
            return report
        verdict, message = self._verdict(report, call)
        if verdict is None:
            return report
        if report.when == "call":
            verdict, message = self._hygiene(item, report, verdict, message)
        report.user_properties.extend([
            ("kata", kata.name), ("topic", kata.topic), ("verdict", str(verdict)),
            ("message", message), ("max_points", item.stash[MAX_POINTS]),
            ("timing", item.get_closest_marker("timing") is not None),
        ])
        if self.concise and verdict != Verdict.PASSED and not report.skipped:
            report.longrepr = f"{verdict}: {message}"
        return report

    def _hygiene(self, item: pytest.Item, report: pytest.TestReport, verdict: Verdict,
                 message: str) -> tuple[Verdict, str]:
        """A test that flooded its output or left processes or threads running earns nothing."""
        problems = []
        printed = sum(len(text) for title, text in report.sections if "Captured std" in title)
        if printed > OUTPUT_LIMIT:
            report.sections = [(title, text[:2000] + "\n[... output cut ...]")
                               for title, text in report.sections]
            problems.append(f"the test printed {printed / 1e6:.1f} MB of output; the limit is "
                            f"{OUTPUT_LIMIT / 1e6:g} MB (remove prints inside loops)")
        if LEFTOVER in item.stash:
            problems.append(item.stash[LEFTOVER])
        if not problems:
            return verdict, message
        if verdict == Verdict.PASSED:
            report.outcome = "failed"
            return Verdict.FAILED, "; ".join(problems)
        return verdict, f"{message} (also: {'; '.join(problems)})"

    def _verdict(self, report: pytest.TestReport, call: pytest.CallInfo):
        if report.skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
            reason = reason.removeprefix("Skipped: ").removeprefix(NOT_GRADABLE_PREFIX)
            return Verdict.NOT_GRADABLE, reason
        if report.when == "call":
            if report.passed:
                return Verdict.PASSED, ""
            return classify(call.excinfo.value)
        if report.failed:  # setup or teardown
            verdict, message = classify(call.excinfo.value)
            if verdict in (Verdict.FAILED, Verdict.PASSED):
                verdict = Verdict.ERROR
            return verdict, f"during {report.when}: {message}"
        return None, ""

    def pytest_report_teststatus(self, report: pytest.TestReport):
        verdict = dict(getattr(report, "user_properties", ())).get("verdict")
        if verdict in VERDICT_WORDS and (report.when == "call" or verdict != Verdict.ERROR):
            return VERDICT_WORDS[Verdict(verdict)]
        return None

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        """Record the test as crashed until its report arrives, so a run that is killed
        half way still says which test it was running."""
        if self.is_worker:
            return
        kata = kata_for_test_file(self.repository, self.repository / nodeid.split("::")[0])
        if kata is not None and nodeid in self.max_points:
            self.record.add(TestResult(
                nodeid=nodeid, topic=kata.topic, kata=kata.name,
                name=nodeid.split("::", 1)[-1], verdict=Verdict.ERROR, points=0.0,
                max_points=self.max_points[nodeid], duration=0.0, message=CRASHED,
            ))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self.is_worker:
            return
        properties = dict(report.user_properties)
        if "verdict" in properties:
            self.record.add(TestResult(
                nodeid=report.nodeid, topic=properties["topic"], kata=properties["kata"],
                name=report.nodeid.split("::", 1)[-1], verdict=properties["verdict"],
                points=properties["max_points"] if properties["verdict"] == Verdict.PASSED
                else 0.0,
                max_points=properties["max_points"], duration=round(report.duration, 3),
                message=properties["message"], timing=properties["timing"],
            ))
        elif report.failed:
            self._record_crash(report)

    def _record_crash(self, report: pytest.TestReport) -> None:
        """A report with no verdict: the process running the test died (pytest-xdist)."""
        kata = kata_for_test_file(self.repository, self.repository / report.nodeid.split("::")[0])
        if kata is None:
            return
        siblings = [t.max_points for t in self.record.tests if t.kata == kata.name]
        self.record.add(TestResult(
            nodeid=report.nodeid, topic=kata.topic, kata=kata.name,
            name=report.nodeid.split("::", 1)[-1], verdict=Verdict.ERROR, points=0.0,
            max_points=siblings[0] if siblings else float(kata.points),
            duration=round(report.duration, 3),
            message=f"{CRASHED}: " + str(report.longrepr).strip().splitlines()[-1][:300],
        ))

    def _record_item(self, item: pytest.Item, verdict: Verdict, message: str,
                     duration: float) -> None:
        kata = item.stash.get(KATA, None)
        if kata is None or self.is_worker:
            return
        self.record.add(TestResult(
            nodeid=item.nodeid, topic=kata.topic, kata=kata.name, name=item.name,
            verdict=verdict, points=0.0, max_points=item.stash[MAX_POINTS],
            duration=duration, message=message,
        ))

    # --- the end of the run ----------------------------------------------------------------

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.is_worker or not self.record.tests:
            return
        write = terminalreporter.write_line
        shown = [t for t in self.record.tests
                 if t.verdict in (Verdict.TODO, Verdict.TIMEOUT, Verdict.NOT_GRADABLE)]
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
        self.record.write()
        if not self.is_worker:
            exclusive.remove(str(os.getpid()))

    @pytest.hookimpl(trylast=True)
    def pytest_unconfigure(self) -> None:
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
        # A kata may leave a thread blocked forever (a deadlock the timeout interrupted in
        # the main thread only); the interpreter would wait for it at exit, so end here.
        stuck = [t for t in threading.enumerate()
                 if t is not threading.main_thread() and t.is_alive() and not t.daemon]
        if stuck:
            _exit_now(self.exitstatus)
        # Exit handlers can hang too: a pool whose worker was killed while holding the
        # pool's lock waits for it forever. Give them EXIT_GRACE seconds, then end.
        guard = threading.Timer(EXIT_GRACE, _exit_now, args=(self.exitstatus,))
        guard.daemon = True
        guard.start()


def _exit_now(status: int) -> None:
    """End now, killing what is still running below us: anything alive at this point (a
    pool that kept replacing the workers it lost) was left behind by a kata."""
    processes.kill(processes.started_since(set()))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def collection_verdict(kata: Kata, longrepr: str) -> tuple[Verdict, str]:
    """Why a kata's test file could not be loaded: not gradable when it is a package the
    kata's manifest says it needs, else an error with a one-line reason."""
    errors = [line[1:].strip() for line in longrepr.splitlines() if line.startswith("E ")]
    last = errors[-1] if errors else longrepr.strip().splitlines()[-1]
    for need in kata.needs:
        missing = capabilities.check_need(need)
        if missing is not None and need.startswith("module:"):
            return Verdict.NOT_GRADABLE, missing.sentence()
    return Verdict.ERROR, collection_message(kata, last, errors)


def collection_message(kata: Kata, last: str, errors: list[str]) -> str:
    """A one-line reason why a kata's test file could not be loaded."""
    if re.search(rf"No module named '{kata.module}'", last):
        return (f"{kata.module}.py was not found in the implementation under test; "
                f"it must define {', '.join(kata.functions)}")
    missing = re.search(rf"cannot import name '(\w+)' from '{kata.module}'", last)
    if missing:
        return (f"{kata.module}.py has no `{missing.group(1)}`; the kata asks for "
                f"{', '.join(kata.functions)}")
    where = next((e for e in errors if re.search(r"line \d+", e)), "")
    return f"{kata.module}.py could not be imported: {last}" + (f" ({where})" if where else "")
