"""What this machine can do: cores, GIL, Java, GPU, engine packages.

Used three ways: a kata's `needs` decide whether its tests are gradable here, the results
record describes the machine, and the `00_setup` self-check reports each fact with its fix.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from functools import cache


def free_threaded_build() -> bool:
    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def ray_install() -> str:
    """How to get Ray here. Ray publishes no wheels (and no source package) for
    free-threaded builds, nor for Intel Macs from Python 3.14, where pyproject.toml's marker
    skips it: pip would install nothing or fail, so say so and name the way out."""
    if free_threaded_build():
        return ("Ray publishes no wheels for free-threaded Python (this is "
                f"{platform.python_version()}t); for 07_ray, make a second environment with "
                "a standard (GIL) Python 3.11-3.14 and `pip install -e '.[ray]'` there")
    if sys.platform == "darwin" and platform.machine() == "x86_64" and sys.version_info >= (3, 14):
        return ("Ray publishes no wheels for Intel Macs from Python 3.14; for 07_ray, make a "
                "second environment with Python 3.13 and `pip install -e '.[ray]'` there")
    return "pip install -e '.[ray]'"


# The command that provides each optional engine package (the project's extras).
INSTALL = {
    "dask": "pip install -e '.[dask]'",
    "distributed": "pip install -e '.[dask]'",
    "ray": ray_install(),
    "pyspark": "pip install -e '.[spark]'",
    "nbgrader": "pip install -e '.[nb]'",
    "pyarrow": "pip install -e '.[dask]'",
    "aiohttp": "pip install -e '.[asyncio]'",
    "looptime": "pip install -e '.[asyncio]'",
    "blockbuster": "pip install -e '.[asyncio]'",
    "cupy": "pip install -e '.[gpu]'  (needs an NVIDIA GPU and driver)",
}
JAVA_FIX = "install Java 17 or newer, e.g. `sudo apt-get install openjdk-17-jre-headless`"
GPU_FIX = "use a machine with an NVIDIA GPU and run `pip install -e '.[gpu]'`"
CORES_FIX = "use a machine (or VM, or Codespace) with at least 2 CPU cores"


def usable_cores() -> int:
    """Cores this process may run on (the affinity mask, not the machine's total)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def gil_enabled() -> bool:
    """False only on a free-threaded build running with the GIL off."""
    return getattr(sys, "_is_gil_enabled", lambda: True)()


def start_method() -> str:
    """The multiprocessing start method a plain `Pool()` would use here."""
    return multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_context(
    ).get_start_method()


@cache
def java_version() -> int | None:
    """The major version of `java` on PATH, or None when there is none."""
    java = shutil.which("java")
    if java is None:
        return None
    try:
        banner = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30
        ).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', banner)
    if match is None:
        return None
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 else major  # "1.8" means Java 8


@cache
def gpu_name() -> str | None:
    """The first NVIDIA GPU's name, or None when no GPU and driver are usable."""
    smi = shutil.which("nvidia-smi")
    if smi is None:
        return None
    try:
        out = subprocess.run(
            [smi, "--query-gpu=name", "--format=csv,noheader"],
            capture_output=True, text=True, timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    names = out.stdout.strip().splitlines()
    return names[0] if out.returncode == 0 and names else None


def has_module(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@dataclass(frozen=True)
class Missing:
    """A capability a kata needs that this machine lacks, and how to get it."""

    need: str
    what: str
    fix: str

    def sentence(self) -> str:
        return f"needs {self.what}; to get it: {self.fix}"


def check_need(need: str) -> Missing | None:
    """None when the need is met here, else what is missing and the fix.

    Needs are written `cores>=2`, `java>=17`, `gpu` or `module:ray`.
    """
    kind, _, value = need.partition(">=") if ">=" in need else need.partition(":")
    if kind == "cores":
        have = usable_cores()
        if have < int(value):
            return Missing(need, f"{value} usable CPU cores (this machine has {have})", CORES_FIX)
        return None
    if kind == "java":
        have = java_version()
        if have is None or have < int(value):
            found = "no java on PATH" if have is None else f"Java {have} found"
            return Missing(need, f"Java {value} or newer ({found})", JAVA_FIX)
        return None
    if kind == "gpu":
        if gpu_name() is None or not has_module("cupy"):
            return Missing(need, "an NVIDIA GPU with CuPy", GPU_FIX)
        return None
    if kind == "module":
        if not has_module(value):
            fix = INSTALL.get(value, f"pip install {value}")
            return Missing(need, f"the package `{value}`", fix)
        return None
    raise ValueError(f"unknown need {need!r}: use cores>=N, java>=N, gpu or module:NAME")


def environment() -> dict:
    """The facts about this machine that a results record carries."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "build": "free-threaded" if free_threaded_build() else "default (GIL)",
        "gil_enabled": gil_enabled(),
        "platform": platform.platform(),
        "usable_cores": usable_cores(),
        "start_method": start_method(),
        "java": java_version(),
        "gpu": gpu_name(),
    }


# --- clusters ---------------------------------------------------------------------------------


def host_and_port(url: str, default_port: int) -> tuple[str, int]:
    """('host', port) of `scheme://host:port/...`, `host:port` or `host` (the first host of
    a list)."""
    where = url.split("://")[-1].split("/")[0].split(",")[0]
    host, _, port = where.rpartition(":") if ":" in where else (where, "", "")
    return host, int(port or default_port)


def reachable(url: str, default_port: int, what: str) -> None:
    """Raise ConnectionError, naming `what` and where, unless its port accepts a connection
    within 10 s (a cluster that is not there must not take minutes to say so)."""
    host, port = host_and_port(url, default_port)
    try:
        socket.create_connection((host, port), timeout=10).close()
    except OSError as error:
        raise ConnectionError(f"{what} at {host}:{port} cannot be reached ({error})") from None
