"""A kata module that patches the grader at run time earns nothing, and says so.

Each case is appended to a stub of 01_functional (every other kata stays a stub too), so an
honest grade is 0. Graded in-process (`-n 0`) and under pytest-xdist (the plugin's
default), where the record is written by the controller, which runs no kata code. The
Classroom step (`python -m graders.classroom grade`) trusts only a record the controller
sealed.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graders import classroom

REPOSITORY = Path(__file__).resolve().parents[1]
TOPIC = "01_functional"

CASES = {
    # The four lines of the report that opened this: every test judged passed.
    "verdict_function_replaced": '''
import graders.plugin as _plugin
from graders.verdicts import Judgement, Verdict
_plugin.judge_phase = lambda when, passed, error: Judgement(Verdict.PASSED, "")
''',
    "hook_added_that_forces_a_pass": '''
import pytest as _pytest
class _Pass:
    @_pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        report.outcome = "passed"
        report.user_properties = [(k, "passed" if k == "verdict" else v)
                                  for k, v in report.user_properties]
        return report
import gc as _gc
_config = next(o for o in _gc.get_objects() if type(o).__name__ == "Config"
               and hasattr(o, "pluginmanager"))
_config.pluginmanager.register(_Pass(), "forced-pass")
''',
    "record_method_replaced": '''
import graders.record as _results
_original = _results.Record.to_dict
def _to_dict(self):
    data = _original(self)
    data["totals"]["points"] = data["totals"]["max_points"]
    return data
_results.Record.to_dict = _to_dict
''',
    "pytest_internals_replaced": '''
import _pytest.runner as _runner
_call_and_report = _runner.call_and_report
def _forged(*args, **kwargs):
    report = _call_and_report(*args, **kwargs)
    report.outcome = "passed"
    return report
_runner.call_and_report = _forged
''',
    # Every test body skipped: pytest's own runner of a test function replaced.
    "test_runner_replaced": '''
import _pytest.python as _python
_python.Function.runtest = lambda self: None
''',
    # The test module's functions given an empty body once it has been imported.
    "test_functions_emptied": '''
import sys as _sys
def _empty(frame, event, arg):
    name = frame.f_globals.get("__name__", "").rsplit(".", 1)[-1]
    if event == "return" and frame.f_code.co_name == "<module>" and name.startswith("test_"):
        for value in list(frame.f_globals.values()):
            code = getattr(value, "__code__", None)
            if getattr(value, "__name__", "").startswith("test_") and code and not code.co_freevars:
                value.__code__ = (lambda *args, **kwargs: None).__code__
        _sys.setprofile(None)
_sys.setprofile(_empty)
''',
    # Another plugin's hook given a body that forces a pass.
    "hook_body_replaced": '''
import _hypothesis_pytestplugin as _plugin
def _forced(item, call):
    outcome = yield
    outcome.get_result().outcome = "passed"
_plugin.pytest_runtest_makereport.__code__ = _forced.__code__
''',
    # Results that say they equal anything, so every `==` a test makes passes.
    "results_equal_to_anything": '''
class _Anything(list):
    def __eq__(self, other):
        return True
    __hash__ = None
for _name, _value in list(globals().items()):
    if callable(_value) and getattr(_value, "__module__", None) == __name__ and _name[0] != "_":
        globals()[_name] = lambda *args, **kwargs: _Anything()
''',
    "results_are_mock_any": '''
from unittest.mock import ANY as _ANY
for _name, _value in list(globals().items()):
    if callable(_value) and getattr(_value, "__module__", None) == __name__ and _name[0] != "_":
        globals()[_name] = lambda *args, **kwargs: _ANY
''',
    # A thread started at import that keeps a core busy: timing checks end not gradable.
    "thread_spinning_from_import": '''
import threading as _threading, time as _time
def _spin():
    end = _time.monotonic() + 20
    while _time.monotonic() < end:
        pass
_threading.Thread(target=_spin, daemon=True).start()
''',
    # A measurement the tests trust, faked.
    "measurement_faked": '''
import tracemalloc as _tracemalloc
_tracemalloc.get_traced_memory = lambda: (0, 0)
''',
}

# Finds the results path in the grader's own options, so it works in a pytest-xdist worker.
FIND_RECORD = '''
import gc as _gc, json as _json
_config = next(o for o in _gc.get_objects() if type(o).__name__ == "Config"
               and hasattr(o, "pluginmanager"))
_path = _config.getoption("results")
def _forge():
    katas = [{"topic": "01_functional", "kata": "purity", "points": 2.0, "max_points": 2.0,
              "not_gradable_points": 0, "status": "passed", "verdicts": {"passed": 1}}]
    tests = [{"nodeid": "exercises/01_functional/test_purity.py::test_x", "topic":
              "01_functional", "kata": "purity", "name": "test_x", "verdict": "passed",
              "points": 2.0, "max_points": 2.0, "duration": 0.1, "message": "",
              "timing": False, "fix": ""}]
    with open(_path, "w") as out:
        _json.dump({"totals": {"points": 2.0, "max_points": 2.0}, "katas": katas,
                    "tests": tests}, out)
    with open(_path + ".seal", "w") as out:
        out.write("0" * 64 + "\\n")
'''
ATEXIT_FORGERY = FIND_RECORD + '''
import atexit as _atexit
_atexit.register(_forge)
'''
# Forges the record and its seal, then kills the process that would write the real one.
KILLS_THE_GRADER = FIND_RECORD + '''
import os as _os, signal as _signal
_forge()
_os.kill(_os.getppid(), _signal.SIGKILL)
'''


def stubs_with(case: str, impl: Path) -> None:
    shutil.copytree(REPOSITORY / "exercises" / TOPIC, impl / TOPIC,
                    ignore=shutil.ignore_patterns("test_*", "*.md", "*.toml", "conftest.py"))
    module = impl / TOPIC / "purity.py"
    module.write_text(module.read_text(encoding="utf-8") + case, encoding="utf-8")


@pytest.mark.parametrize("mode", [["-n", "0"], []], ids=["in-process", "xdist"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_patching_the_grader_earns_nothing(case, mode, tmp_path, grade_katas):
    stubs_with(CASES[case], tmp_path / "impl")
    record = grade_katas([f"exercises/{TOPIC}"], tmp_path / "impl", *mode)
    assert record["tests"], record["output"]
    assert record["totals"]["points"] == 0, f"{case} earned {record['totals']['points']}"
    named = [t for t in record["tests"] if "tampered at run time" in t["message"]]
    assert named, f"{case}: no test says it was tampered with:\n{record['output'][-2000:]}"
    assert all(t["points"] == 0 for t in named)


@pytest.mark.parametrize("mode", [["-n", "0"], []], ids=["in-process", "xdist"])
def test_a_record_rewritten_at_exit_is_put_back(mode, tmp_path, grade_katas):
    """In-process, the plugin's own exit handler runs after the kata's; under pytest-xdist
    the controller writes the record after its worker (and the kata's handlers) ended."""
    stubs_with(ATEXIT_FORGERY, tmp_path / "impl")
    record = grade_katas([f"exercises/{TOPIC}"], tmp_path / "impl", *mode)
    assert len(record["tests"]) > 1, f"the record lost its tests:\n{record['output'][-2000:]}"
    assert record["totals"]["points"] == 0


# Every kata function ends its test as skipped, so a topic not done would cost nothing.
SKIPS = {
    "not_gradable_called": "import graders as _graders\n"
                           "_skip = lambda *a, **k: _graders.not_gradable('too busy', 'rerun')\n",
    "pytest_skip_called": "import pytest as _pytest\n"
                          "_skip = lambda *a, **k: _pytest.skip('no time')\n",
}
EVERY_FUNCTION_SKIPS = '''
for _name, _value in list(globals().items()):
    if callable(_value) and getattr(_value, "__module__", None) == __name__ and _name[0] != "_":
        globals()[_name] = _skip
'''
SKIPPED_AT_IMPORT = '''
import pytest as _pytest
_pytest.skip("not today", allow_module_level=True)
'''


@pytest.mark.parametrize("mode", [["-n", "0"], []], ids=["in-process", "xdist"])
@pytest.mark.parametrize("case", [*sorted(SKIPS), "skipped_at_import"])
def test_a_kata_cannot_declare_itself_not_gradable(case, mode, tmp_path, grade_katas):
    """Not gradable costs no points, as the maximum drops: only tests may say it."""
    cheat = SKIPPED_AT_IMPORT if case == "skipped_at_import" else SKIPS[case] + EVERY_FUNCTION_SKIPS
    stubs_with(cheat, tmp_path / "impl")
    record = grade_katas([f"exercises/{TOPIC}"], tmp_path / "impl", *mode)
    purity = [t for t in record["tests"] if t["kata"] == "purity"]
    assert purity, record["output"][-2000:]
    assert all(t["verdict"] == "error" and "skipped or not gradable" in t["message"]
               for t in purity), purity
    assert sum(t["max_points"] for t in purity) == pytest.approx(
        next(k.points for k in classroom.named_topic(REPOSITORY, TOPIC).katas
             if k.name == "purity"))


def classroom_grade(impl: Path, results: Path) -> dict[str, dict]:
    """Run the Classroom step on `impl`; return its runner documents by runner id."""
    command = [sys.executable, "-m", "graders.classroom", "grade", "--topic", TOPIC,
               "--results", str(results), "--impl", str(impl)]
    completed = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True,
                               timeout=900, stdin=subprocess.DEVNULL)
    assert completed.returncode == 0, completed.stderr[-3000:]
    lines = dict(line.split("=", 1) for line in completed.stdout.splitlines())
    return {runner: json.loads(base64.b64decode(payload)) for runner, payload in lines.items()}


@pytest.mark.parametrize("case", ["honest", "atexit", "kills_the_grader"])
def test_the_classroom_step_trusts_only_the_record_its_grader_sealed(case, tmp_path):
    """An honest stub is graded (todo, sealed); a record rewritten at exit is put back or
    refused; a forged record and seal left by a kata that killed the grader is refused:
    every kata is an error worth 0 that says the record was tampered with."""
    forgery = {"honest": "", "atexit": ATEXIT_FORGERY, "kills_the_grader": KILLS_THE_GRADER}
    stubs_with(forgery[case], tmp_path / "impl")
    documents = classroom_grade(tmp_path / "impl", tmp_path / "results.json")
    topic = classroom.named_topic(REPOSITORY, TOPIC)
    assert list(documents) == classroom.runners(topic)
    entries = [entry for document in documents.values() for entry in document["tests"]]
    assert sum(entry["score"] for entry in entries) == 0, entries
    refused = [e for e in entries if e["message"] == classroom.TAMPERED]
    if case == "honest":
        assert not refused and any(e["message"].startswith("todo:") for e in entries)
    elif case == "kills_the_grader":
        assert len(refused) == len(topic.katas), entries
