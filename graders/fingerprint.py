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


def _members(module: types.ModuleType) -> dict[str, object]:
    """Name -> identity of what `module` defines: functions, methods, constants."""
    found: dict[str, object] = {}
    for name, value in list(vars(module).items()):
        if isinstance(value, types.FunctionType) and value.__module__ == module.__name__:
            found[name] = (id(value), id(value.__code__))
        elif isinstance(value, type) and value.__module__ == module.__name__:
            for attribute, member in list(vars(value).items()):
                function = getattr(member, "__func__", member)
                if isinstance(function, types.FunctionType):
                    found[f"{name}.{attribute}"] = (id(function), id(function.__code__))
        elif isinstance(value, CONSTANTS) and not name.startswith("__"):
            found[name] = repr(value)
    return found


def _hooks(pluginmanager: pytest.PytestPluginManager) -> set[tuple[str, str, str]]:
    """(hook, module, function) for every hook implementation registered now."""
    return {(name, getattr(impl.function, "__module__", "?") or "?",
             getattr(impl.function, "__qualname__", "?"))
            for name, caller in list(vars(pluginmanager.hook).items())
            if hasattr(caller, "get_hookimpls")
            for impl in caller.get_hookimpls()}


class Fingerprint:
    """What decides a grade, as it was when taken; `changes()` says what differs now."""

    def __init__(self, pluginmanager: pytest.PytestPluginManager, results: Path | None,
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

    def changes(self, results: Path | None) -> list[str]:
        """What was replaced, removed or added since the fingerprint was taken."""
        found = []
        current = self._watched()
        for name, members in self.modules.items():
            module = current.get(name)
            now = _members(module) if module is not None else {}
            found += [f"{name}.{member} was replaced" for member, identity in members.items()
                      if now.get(member) != identity]
        for hook, module, function in sorted(_hooks(self.pluginmanager) - self.hooks):
            if not self._allowed_hook(module):
                found.append(f"a {hook} hook was added by {module}.{function}")
        if results != self.results:
            found.append(f"the results path was changed to {results}")
        return found
