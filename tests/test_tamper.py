"""A kata module that patches the grader at run time earns nothing, and says so.

Each case is appended to a stub of 01_functional (every other kata stays a stub too), so an
honest grade is 0 of 20. Graded in-process (plain pytest) and under pytest-xdist, where the
record is written by the controller, which runs no kata code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
}

ATEXIT_FORGERY = '''
import atexit as _atexit, json as _json, sys as _sys
def _forge():
    path = next(a.split("=", 1)[1] for a in _sys.argv if a.startswith("--results="))
    with open(path, "w") as out:
        _json.dump({"totals": {"points": 20.0, "max_points": 20.0}, "tests": [],
                    "katas": []}, out)
_atexit.register(_forge)
'''


def stubs_with(case: str, impl: Path) -> None:
    shutil.copytree(REPOSITORY / "exercises" / TOPIC, impl / TOPIC,
                    ignore=shutil.ignore_patterns("test_*", "*.md", "*.toml", "conftest.py"))
    module = impl / TOPIC / "purity.py"
    module.write_text(module.read_text(encoding="utf-8") + case, encoding="utf-8")


@pytest.mark.parametrize("mode", [[], ["-n", "1"]], ids=["in-process", "xdist"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_patching_the_grader_earns_nothing(case, mode, tmp_path, grade_katas):
    stubs_with(CASES[case], tmp_path / "impl")
    record = grade_katas([f"exercises/{TOPIC}"], tmp_path / "impl", *mode)
    assert record["tests"], record["output"]
    assert record["totals"]["points"] == 0, f"{case} earned {record['totals']['points']}"
    named = [t for t in record["tests"] if "tampered at run time" in t["message"]]
    assert named, f"{case}: no test says it was tampered with:\n{record['output'][-2000:]}"
    assert all(t["points"] == 0 for t in named)


def test_a_record_rewritten_at_exit_is_put_back(tmp_path, grade_katas):
    stubs_with(ATEXIT_FORGERY, tmp_path / "impl")
    record = grade_katas([f"exercises/{TOPIC}"], tmp_path / "impl")
    assert record["tests"], f"the record lost its tests:\n{record['output'][-2000:]}"
    assert record["totals"]["points"] == 0
