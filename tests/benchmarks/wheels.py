"""Which of the project's extras install from wheels on each OS and Python (issue 16 item 3).

    python tests/benchmarks/wheels.py [--jobs 6] [--out tests/benchmarks/wheels-report.md]

For every target (OS x Python 3.11-3.14 and free-threaded 3.14t) it asks PyPI, through
`pip install --dry-run --only-binary=:all: --platform ... --python-version ... --abi ...`,
whether each extra resolves to wheels (students install no compilers). pip evaluates the
markers of a transitive dependency on THIS machine (Linux), so the project's own markers are
evaluated here for the target, and a Windows- or macOS-only dependency of a dependency is
not checked. It asks only the package registry; its results change as projects publish wheels.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement

REPOSITORY = Path(__file__).resolve().parents[2]
PYTHONS = ["3.11", "3.12", "3.13", "3.14", "3.14t"]
RESOLVE_TIMEOUT = 600  # seconds; pip may backtrack for long over a large extra


@dataclass(frozen=True)
class Target:
    os: str  # the name in the report
    platforms: tuple[str, ...]  # pip's --platform, each tag a wheel may carry
    sys_platform: str
    machine: str


TARGETS = [
    Target("linux x86_64", ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64",
                            "manylinux2014_x86_64"), "linux", "x86_64"),
    Target("macOS arm64", ("macosx_14_0_arm64", "macosx_11_0_arm64"), "darwin", "arm64"),
    Target("macOS x86_64", ("macosx_13_0_x86_64", "macosx_10_15_x86_64", "macosx_10_9_x86_64"),
           "darwin", "x86_64"),
    Target("windows amd64", ("win_amd64",), "win32", "AMD64"),
]


def extras() -> dict[str, list[str]]:
    """Each extra's own requirements, `base` for the dependencies, `all` fully expanded."""
    project = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
    optional = project["project"]["optional-dependencies"]
    name = project["project"]["name"]

    def expand(requirements: list[str]) -> list[str]:
        out = []
        for text in requirements:
            requirement = Requirement(text)
            if requirement.name == name:
                out += [r for extra in sorted(requirement.extras) for r in expand(optional[extra])]
            else:
                out.append(text)
        return out

    found = {"base": project["project"]["dependencies"]}
    found |= {extra: expand(requirements) for extra, requirements in optional.items()}
    return found


def for_target(requirements: list[str], target: Target, python: str) -> list[str]:
    """The requirements whose markers hold on the target, without their markers."""
    version = python.rstrip("t")
    environment = {"sys_platform": target.sys_platform, "platform_machine": target.machine,
                   "python_version": version, "python_full_version": f"{version}.0",
                   "platform_system": {"linux": "Linux", "darwin": "Darwin",
                                       "win32": "Windows"}[target.sys_platform],
                   "os_name": "nt" if target.sys_platform == "win32" else "posix",
                   "implementation_name": "cpython",
                   "platform_python_implementation": "CPython"}
    kept = []
    for text in requirements:
        requirement = Requirement(text)
        if requirement.marker is None or Marker(str(requirement.marker)).evaluate(environment):
            requirement.marker = None
            kept.append(str(requirement))
    return kept


def resolve(requirements: list[str], target: Target, python: str) -> str:
    """'ok', or the last line of pip's complaint."""
    if not requirements:
        return "ok (nothing to install here)"
    version = python.rstrip("t")
    abi = "cp" + version.replace(".", "") + ("t" if python.endswith("t") else "")
    with tempfile.TemporaryDirectory() as folder:
        try:
            completed = subprocess.run(
                [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet",
                 "--disable-pip-version-check", "--ignore-installed", "--only-binary=:all:",
                 "--target", folder, *[f"--platform={tag}" for tag in target.platforms],
                 "--python-version", version, "--implementation", "cp", "--abi", abi,
                 *requirements],
                capture_output=True, text=True, encoding="utf-8", errors="replace",
                timeout=RESOLVE_TIMEOUT)
        except subprocess.TimeoutExpired:
            return f"unknown: pip was still resolving after {RESOLVE_TIMEOUT} s"
    if completed.returncode == 0:
        return "ok"
    lines = [line for line in completed.stderr.splitlines()
             if line.startswith("ERROR") and "Location" not in line]
    return (lines[0] if lines else completed.stderr.strip()[-200:])[:160]


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--jobs", type=int, default=6)
    arguments.add_argument("--extras", nargs="+", help="only these (base, all, an extra)")
    arguments.add_argument("--pythons", nargs="+", default=PYTHONS)
    arguments.add_argument("--os", nargs="+", help="only these targets (linux, macOS, ...)")
    arguments.add_argument("--out", type=Path,
                           default=REPOSITORY / "tests" / "benchmarks" / "wheels-report.md")
    options = arguments.parse_args()
    found = extras()
    names = options.extras or [name for name in found if name != "all"] + ["all"]
    targets = [t for t in TARGETS if not options.os or t.os.split()[0] in options.os]
    cells = [(t, p, n) for t in targets for p in options.pythons for n in names]
    with ThreadPoolExecutor(options.jobs) as pool:
        results = list(pool.map(lambda c: resolve(for_target(found[c[2]], c[0], c[1]), c[0],
                                                  c[1]), cells))
    table = dict(zip(cells, results, strict=True))
    lines = ["# Extras that install from wheels, per OS and Python",
             "", "Made by `python tests/benchmarks/wheels.py` (pip --dry-run against PyPI).",
             "", "| OS | Python | " + " | ".join(names) + " |",
             "|---|---|" + "---|" * len(names)]
    problems = []
    for target in targets:
        for python in options.pythons:
            row = [table[target, python, n] for n in names]
            lines.append(f"| {target.os} | {python} | "
                         + " | ".join("ok" if r.startswith("ok") else "**no**" for r in row)
                         + " |")
            problems += [f"- {target.os}, {python}, `{n}`: {r}" for n, r in zip(names, row,
                                                                                strict=True)
                         if not r.startswith("ok")]
    lines += ["", "Why not:", "", *problems] if problems else []
    options.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
