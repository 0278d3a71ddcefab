"""A seal on the results record, so that a grader can tell the record it asked for from one
that kata code wrote.

`kata grade` and the Classroom step (`python -m graders.classroom grade`) start pytest with
`start()`: it loads this plugin (`-p graders.seal`) and hands a fresh key to the
pytest-xdist controller through an inherited pipe (`KATA_SEAL_FD`). The controller never
runs kata code: it reads the key before any worker starts, closes the pipe, and makes itself
undumpable so that no other process can read its memory. At the end it writes an HMAC of the
record it holds in memory beside the file (`<record>.seal`). A record rewritten by a
submission (at exit, or by a process it left behind), a record left by a controller it
killed, or a seal made without the key, does not verify. A run without workers runs kata
code in the controller, so it is never sealed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SEAL_FD = "KATA_SEAL_FD"
KEY_BYTES = 32


def seal_of(record: dict, key: bytes) -> str:
    text = json.dumps(record, sort_keys=True)
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def seal_path(record: Path) -> Path:
    return record.with_name(record.name + ".seal")


def verified(record: Path, key: bytes) -> bool:
    """Whether `record` is exactly what the sealing grader wrote."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        seal = seal_path(record).read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        return False
    return hmac.compare_digest(seal, seal_of(data, key))


def start(command: list[str], **popen) -> tuple[subprocess.Popen, bytes]:
    """Start `command` (a pytest run) with this plugin loaded and a fresh key handed to it
    through an inherited pipe; return the process and the key its record must verify with.
    `popen` goes to subprocess.Popen (`env` is extended, not replaced)."""
    key = os.urandom(KEY_BYTES)
    reading, writing = os.pipe()
    os.write(writing, key)
    os.close(writing)
    env = {**popen.pop("env", os.environ), SEAL_FD: str(reading)}
    try:
        process = subprocess.Popen([*command, "-p", "graders.seal"], env=env,
                                   pass_fds=(reading,), **popen)
    finally:
        os.close(reading)
    return process, key


def _undumpable() -> None:
    """Without CAP_SYS_PTRACE, no other process may read this one's memory (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4


class Sealer:
    def __init__(self, key: bytes) -> None:
        self.key = key

    @pytest.hookimpl(tryfirst=True)
    def pytest_unconfigure(self, config: pytest.Config) -> None:
        # Before the katas plugin's own unconfigure, which may end the process.
        grader = config.pluginmanager.get_plugin("kata-plugin")
        if grader is None or grader.record.path is None:
            return
        seal = seal_of(grader.record.to_dict(), self.key)
        seal_path(grader.record.path).write_text(seal + "\n", encoding="utf-8")


def pytest_configure(config: pytest.Config) -> None:
    descriptor = os.environ.get(SEAL_FD)
    if descriptor is None or hasattr(config, "workerinput"):
        return
    with os.fdopen(int(descriptor), "rb") as pipe:
        key = pipe.read(KEY_BYTES)
    if config.getoption("dist", "no") == "no":
        return  # kata code runs in this process: its record cannot be vouched for
    _undumpable()
    config.pluginmanager.register(Sealer(key), "kata-sealer")
