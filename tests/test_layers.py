"""`graders/` is layered: each layer imports only itself and the layers it may use.

    contract    manifest, impl, stubs, capabilities, data: what the repository is
    core        grading inside pytest, and where results leave the machine (the package
                root, plugin, verdicts, budget, record, fresh, classroom, notebooks, ...)
    support     test-side helpers that kata tests import
    kata        the student's `kata` command
    instructor  release, workflow, nbgrader course, batch grading: built from solutions/

Only `graders/kata/cli.py` may import `graders.instructor` (the `kata` command reaches the
instructor tools), and only `graders/kata/` imports `graders.kata`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GRADERS = Path(__file__).resolve().parents[1] / "graders"
CONTRACT = {"manifest", "impl", "stubs", "capabilities", "data"}
PACKAGES = {"support", "kata", "instructor"}
MAY_IMPORT = {
    "contract": {"contract"},
    "core": {"contract", "core"},
    "support": {"contract", "core", "support"},
    "kata": {"contract", "core", "support", "kata", "instructor"},
    "instructor": {"contract", "core", "instructor"},
}
KATA_CLI = "graders.kata.cli"


def layer(module: str) -> str:
    """The layer of `graders.x` or `graders.x.y`."""
    parts = module.split(".")[1:]
    if parts and parts[0] in PACKAGES:
        return parts[0]
    return "contract" if parts and parts[0] in CONTRACT else "core"


def module_name(path: Path) -> str:
    parts = path.relative_to(GRADERS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every `graders` module that `path` imports, wherever the import statement is."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module == "graders":
            names.update(f"graders.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name for name in names if name.startswith("graders.")}


MODULES = {module_name(path): path for path in sorted(GRADERS.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_imports_only_the_layers_it_may(module):
    own = layer(module)
    wrong = sorted(name for name in imported(MODULES[module])
                   if layer(name) not in MAY_IMPORT[own]
                   or (layer(name) == "instructor" != own and module != KATA_CLI))
    assert not wrong, (f"{module} ({own}) imports {wrong}; a {own} module may import "
                       f"{sorted(MAY_IMPORT[own])} (and only {KATA_CLI} the instructor tools)")
