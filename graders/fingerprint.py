"""Run-time tamper evidence: a fingerprint of what decides a grade, taken before any kata
module is imported and compared after each kata module is imported, after each test and
before the record is written.

Kata code runs in the same process as the grader, so it can replace a grader function, a
pytest hook, a limit, a test or the clock a test reads. The fingerprint covers
- every function and method of the `graders` and `pluggy` modules and of pytest's report,
  call, fixture and assertion machinery loaded when it is taken (object and code identity),
  and their module-level constants (the limits);
- every pytest hook implementation registered, its code, and by which module: later ones are
  allowed only from the instructor's conftest.py files; and the plugin manager's hook runner;
- the kata test modules: each function and method they define is the code their file on
  disk compiles to (checked once collected), and nothing they hold changes afterwards;
- the measurements tests trust (clocks, tracemalloc, thread and process ids, builtins such
  as isinstance and len), by identity;
- the student's classes: none may say its instances equal any object (a forged `==`);
- the results path.
It is evidence, not a lock: code in the same process can always go further (it can replace
this module's functions too), which is why `kata grade` grades each submission in a sandbox
and seals the record in a process that runs no kata code.
"""

from __future__ import annotations

import importlib
import sys
import sysconfig
import types
from pathlib import Path

import pytest

from graders.impl import is_student_code

try:  # how pytest compiles a test file (asserts rewritten); internal, so it may move
    from _pytest.assertion.rewrite import _rewrite_test
except ImportError:  # then test files are not compared with their code on disk
    _rewrite_test = None

# The grader, and the pytest and pluggy machinery a forged pass would have to go through
# (not all of _pytest: its legacypath plugin patches Config and Cache, and undoes it at exit).
WATCHED_PACKAGES = ("graders", "pluggy")
PYTEST_MODULES = ("pytest", "_pytest.runner", "_pytest.reports", "_pytest.terminal",
                  "_pytest.main", "_pytest.python", "_pytest.python_api", "_pytest.outcomes",
                  "_pytest.skipping", "_pytest.fixtures", "_pytest.nodes",
                  "_pytest.assertion.rewrite", "_pytest.assertion.util")
CONSTANTS = (int, float, str, bytes, bool, tuple, frozenset, type(None))
# What tests measure with. Built-in functions have no code to compare: kept by identity.
MEASUREMENTS = {
    "builtins": ("abs", "all", "any", "isinstance", "issubclass", "len", "max", "min",
                 "round", "sorted", "sum", "repr", "id", "hash", "getattr", "hasattr", "iter",
                 "next", "zip", "enumerate", "map", "filter", "range", "type", "int", "float",
                 "str", "bool", "list", "tuple", "dict", "set", "frozenset"),
    "time": ("perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "time",
             "time_ns", "process_time", "process_time_ns", "thread_time", "thread_time_ns"),
    "tracemalloc": ("start", "stop", "is_tracing", "get_traced_memory", "reset_peak",
                    "take_snapshot", "get_object_traceback", "clear_traces"),
    "threading": ("get_ident", "get_native_id", "current_thread", "active_count", "enumerate"),
    "os": ("getpid", "getppid"),
}
# Where library code lives: a wrapper a test's decorator made may come from there.
LIBRARIES = tuple(Path(p).resolve() for key, p in sysconfig.get_paths().items()
                  if key in ("stdlib", "platstdlib", "purelib", "platlib"))


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


def _hooks(pluginmanager: pytest.PytestPluginManager) -> dict[tuple[str, str, str], object]:
    """(hook, module, function) -> its identity, for every hook implementation registered now,
    and ("runner", hook, "") -> the function that runs each hook's implementations."""
    found: dict[tuple[str, str, str], object] = {
        ("runner", "", ""): _identity(getattr(pluginmanager, "_inner_hookexec", None))}
    for name, caller in list(vars(pluginmanager.hook).items()):
        if not hasattr(caller, "get_hookimpls"):
            continue
        found[("runner", name, "")] = _identity(getattr(caller, "_hookexec", None))
        for impl in caller.get_hookimpls():
            key = (name, getattr(impl.function, "__module__", "?") or "?",
                   getattr(impl.function, "__qualname__", "?"))
            found[key] = _identity(impl.function)
    return found


def _compiled_codes(path: Path, config: pytest.Config) -> set[types.CodeType] | None:
    """Every code object `path` compiles to, plain and with pytest's assertion rewriting
    (code objects compare by their bytecode, constants and names); None where pytest's
    rewriting cannot be reproduced, so no test is judged by a compile that differs."""
    try:
        tops = [compile(path.read_bytes(), str(path), "exec", dont_inherit=True),
                _rewrite_test(path, config)[1]]
    except Exception:  # noqa: BLE001  (pytest's internals moved, or the file is gone)
        return None
    codes: set[types.CodeType] = set()
    while tops:
        code = tops.pop()
        codes.add(code)
        tops.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return codes


def _defined_in(module: types.ModuleType) -> dict[str, object]:
    """Name -> function (test, fixture, helper, or a method of a class) that `module` defines."""
    found: dict[str, object] = {}
    for name, value in list(vars(module).items()):
        if getattr(value, "__module__", None) != module.__name__:
            continue
        if isinstance(value, type):
            found.update({f"{name}.{a}": m for a, m in vars(value).items()
                          if isinstance(getattr(m, "__func__", m), types.FunctionType)})
        elif callable(value):
            found[name] = value
    return found


def _layers(function: object) -> list[types.FunctionType]:
    """The function and those it wraps (functools.wraps, pytest fixtures, hypothesis)."""
    layers: list[types.FunctionType] = []
    seen: set[int] = set()
    while function is not None and id(function) not in seen and len(seen) < 10:
        seen.add(id(function))
        plain = getattr(function, "__func__", function)
        if isinstance(plain, types.FunctionType):
            layers.append(plain)
        inner = getattr(getattr(function, "hypothesis", None), "inner_test", None)
        function = inner or getattr(function, "__wrapped__", None)
    return layers


def _not_from_disk(name: str, function: object, path: Path, codes: set) -> str | None:
    """Why `function` is not what the test file says, or None."""
    layers = _layers(function)
    for layer in layers:
        source = Path(layer.__code__.co_filename)
        if source == path:
            if layer is layers[-1] and layer.__code__ not in codes:
                return f"{path.name}: {name} does not run the code of its file"
        elif layer.__code__.co_filename != "<string>" and not any(
                source.resolve().is_relative_to(library) for library in LIBRARIES):
            return f"{path.name}: {name} was replaced by code from {source}"
    return None


def _claims_equal(cls: type) -> bool:
    """True when an instance of `cls`, made without its __init__, equals a fresh object()."""
    try:
        return (cls.__new__(cls) == object()) is True
    except Exception:  # noqa: BLE001  (a real __eq__ may need what __init__ sets)
        return False


_STUDENT_MODULES: dict[tuple[str, int], bool] = {}  # (name, id) -> a student module?


def _is_student_module(name: str, module: object) -> bool:
    key = (name, id(module))
    if key not in _STUDENT_MODULES:
        _STUDENT_MODULES[key] = is_student_code(getattr(module, "__file__", None) or "")
    return _STUDENT_MODULES[key]


# Classes a result that fakes `==` is made from: checked with their direct subclasses (a walk
# of every class in a loaded engine costs 10 ms a test; these, under 1 ms).
RESULT_BASES = (object, int, float, complex, str, bytes, list, tuple, dict, set, frozenset)


def false_equals() -> list[str]:
    """Classes of student code whose instances say they equal anything: a result like that
    passes every `==` a test makes. Looked for in the student's modules and among the direct
    subclasses of RESULT_BASES (a class made inside a kata function)."""
    student = {name: module for name, module in list(sys.modules.items())
               if _is_student_module(name, module)}
    found = [f"{name} holds {held} from unittest.mock, whose ANY equals anything: return "
             "plain values" for name, module in student.items()
             for held, value in list(vars(module).items())
             if "unittest.mock" in (getattr(value, "__name__", None),
                                    getattr(value, "__module__", None),
                                    type(value).__module__)]
    classes = {id(c): c for module in student.values() for c in list(vars(module).values())
               if isinstance(c, type)}
    classes.update((id(c), c) for base in RESULT_BASES for c in type.__subclasses__(base))
    for cls in classes.values():
        equals = vars(cls).get("__eq__")
        code = getattr(getattr(equals, "__func__", equals), "__code__", None)
        if equals is not None and (cls.__module__ in student or (
                code is not None and is_student_code(code.co_filename))) and _claims_equal(cls):
            found.append(f"{cls.__module__}.{cls.__qualname__} says it equals any object "
                         "(its __eq__ gave True for a fresh object()): return plain values")
    return found


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
        self.measurements = {(module, name): getattr(importlib.import_module(module), name)
                             for module, names in MEASUREMENTS.items() for name in names
                             if hasattr(importlib.import_module(module), name)}
        self.hooks = _hooks(pluginmanager)

    @staticmethod
    def _watched() -> dict[str, types.ModuleType]:
        return {name: module for name, module in list(sys.modules.items())
                if module is not None and (name.split(".")[0] in WATCHED_PACKAGES
                                           or name in PYTEST_MODULES)}

    def watch_tests(self, modules: dict[Path, types.ModuleType],
                    config: pytest.Config) -> dict[Path, list[str]]:
        """Check the collected test modules against their files on disk, then watch them like
        the grader. Returns what differs from the file, per test file."""
        found: dict[Path, list[str]] = {}
        for path, module in modules.items():
            codes = _compiled_codes(path, config)
            changed = [why for name, function in _defined_in(module).items()
                       if codes and (why := _not_from_disk(name, function, path, codes))]
            if changed:
                found[path] = changed
            self.modules[module.__name__] = _members(module)
        return found

    def _allowed_hook(self, module_name: str) -> bool:
        """Hooks from the instructor's conftest.py files, which collection loads later."""
        module = sys.modules.get(module_name)
        path = Path(getattr(module, "__file__", "") or "")
        return path.name == "conftest.py" and path.resolve().is_relative_to(self.conftests)

    def changes(self, results: str | None, classes: bool = False) -> list[str]:
        """What was replaced, removed or added since the fingerprint was taken. Replaced
        members are put back, so the rest of the run grades with the grader's own code.
        With `classes`, the student's classes are checked too (a walk of every class)."""
        found = []
        for name, members in self.modules.items():
            for member, (owner, attribute, original, identity) in members.items():
                if _identity(vars(owner).get(attribute)) != identity:
                    found.append(f"{name}.{member} was replaced")
                    _put_back(owner, attribute, original, identity)
        for (module, name), original in self.measurements.items():
            if getattr(sys.modules[module], name, None) is not original:
                found.append(f"{module}.{name} was replaced")
                setattr(sys.modules[module], name, original)
        found += self._hook_changes()
        if classes:
            found += false_equals()
        if results != self.results:
            found.append(f"the results path was changed to {results}")
        return found

    def _hook_changes(self) -> list[str]:
        found = []
        hooks = _hooks(self.pluginmanager)
        for key in sorted(hooks.keys() - self.hooks.keys()):
            hook, module, function = key
            if self._allowed_hook(module):
                self.hooks[key] = hooks[key]  # from now on, watched like the others
            else:
                found.append(f"a {hook} hook was added by {module}.{function}")
        for hook, module, function in sorted(self.hooks.keys() - hooks.keys()):
            if module.startswith("graders"):
                found.append(f"the grader's {hook} hook ({function}) was removed")
        for key in sorted(hooks.keys() & self.hooks.keys()):
            if hooks[key] != self.hooks[key]:
                hook, module, function = key
                found.append(f"pytest's runner of {module or 'every'} hook was replaced"
                             if hook == "runner" else
                             f"the {hook} hook {module}.{function} was replaced")
        return found
