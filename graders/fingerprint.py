"""Run-time tamper evidence: a fingerprint of what decides a grade, taken before any kata
module is imported and compared after each kata module is imported, after each test and
before the record is written.

Kata code runs in the same process as the grader, so it can replace a grader function, a
pytest hook or a limit. The fingerprint covers
- every function and method of the `graders` modules loaded when it is taken (object and
  code identity), and their module-level constants (the limits);
- pytest's own report and call machinery;
- every pytest hook implementation registered, and by which module: later ones are allowed
  only from the instructor's conftest.py files;
- the results path.
It is evidence, not a lock: code in the same process can always go further (it can replace
this module's functions too), which is why `kata grade` grades each submission in a sandbox
and seals the record in a process that runs no kata code.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

# pytest internals a forged pass would have to go through.
PYTEST_MODULES = ("_pytest.runner", "_pytest.reports", "_pytest.terminal", "_pytest.main")
CONSTANTS = (int, float, str, bytes, bool, tuple, frozenset, type(None))


Member = tuple[object, str, object, object]  # (owner, attribute, value, identity)


def _identity(value: object) -> object:
    function = getattr(value, "__func__", value)
    if isinstance(function, types.FunctionType):
        return (id(function), function.__code__)
    return repr(value)


def _members(module: types.ModuleType) -> dict[str, Member]:
    """Name -> (owner, attribute, value, identity) for what `module` holds: functions (its
    own or imported), the methods of its classes, and its UPPER_CASE constants (the limits)."""
    found: dict[str, Member] = {}
    for name, value in list(vars(module).items()):
        # A def, or an import under its own name; not a variable that holds a function.
        if isinstance(value, types.FunctionType) and value.__name__ == name:
            found[name] = (module, name, value, _identity(value))
        elif isinstance(value, type) and value.__module__ == module.__name__:
            for attribute, member in list(vars(value).items()):
                if isinstance(getattr(member, "__func__", member), types.FunctionType):
                    found[f"{name}.{attribute}"] = (value, attribute, member, _identity(member))
        elif isinstance(value, CONSTANTS) and name.isupper():
            found[name] = (module, name, value, _identity(value))
    return found


def _hooks(pluginmanager: pytest.PytestPluginManager) -> set[tuple[str, str, str]]:
    """(hook, module, function) for every hook implementation registered now."""
    return {(name, getattr(impl.function, "__module__", "?") or "?",
             getattr(impl.function, "__qualname__", "?"))
            for name, caller in list(vars(pluginmanager.hook).items())
            if hasattr(caller, "get_hookimpls")
            for impl in caller.get_hookimpls()}


def _put_back(owner: object, attribute: str, original: object, identity: object) -> None:
    setattr(owner, attribute, original)
    function = getattr(original, "__func__", original)
    if isinstance(function, types.FunctionType):
        function.__code__ = identity[1]


class Fingerprint:
    """What decides a grade, as it was when taken; `changes()` says what differs now."""

    def __init__(self, pluginmanager: pytest.PytestPluginManager, results: str | None,
                 conftests: Path) -> None:
        self.pluginmanager = pluginmanager
        self.conftests = conftests
        self.results = results
        self.modules = {name: _members(module) for name, module in self._watched().items()}
        self.hooks = _hooks(pluginmanager)

    @staticmethod
    def _watched() -> dict[str, types.ModuleType]:
        return {name: module for name, module in list(sys.modules.items())
                if module is not None and (name == "graders" or name.startswith("graders.")
                                           or name in PYTEST_MODULES)}

    def _allowed_hook(self, module_name: str) -> bool:
        """Hooks from the instructor's conftest.py files, which collection loads later."""
        module = sys.modules.get(module_name)
        path = Path(getattr(module, "__file__", "") or "")
        return path.name == "conftest.py" and path.resolve().is_relative_to(self.conftests)

    def changes(self, results: str | None) -> list[str]:
        """What was replaced, removed or added since the fingerprint was taken. Replaced
        members are put back, so the rest of the run grades with the grader's own code."""
        found = []
        for name, members in self.modules.items():
            for member, (owner, attribute, original, identity) in members.items():
                if _identity(vars(owner).get(attribute)) != identity:
                    found.append(f"{name}.{member} was replaced")
                    _put_back(owner, attribute, original, identity)
        hooks = _hooks(self.pluginmanager)
        for hook, module, function in sorted(hooks - self.hooks):
            if not self._allowed_hook(module):
                found.append(f"a {hook} hook was added by {module}.{function}")
        for hook, module, function in sorted(self.hooks - hooks):
            if module.startswith("graders"):
                found.append(f"the grader's {hook} hook ({function}) was removed")
        if results != self.results:
            found.append(f"the results path was changed to {results}")
        return found
