"""Clusters started as an instructor would start them (dask's and Ray's own launchers), for
the suite and the benchmarks. Everything is stopped by its pid: never `ray stop`, which would
end every Ray cluster of this user."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil

START = 120.0  # seconds a launcher gets to come up on a busy machine
QUIET = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
# Ray 2.59+ gives a cluster started with `ray start` token authentication by default, which
# `ray status` and a driver then need; the clusters started here are on 127.0.0.1 only.
# Whoever talks to them (a `kata grade --ray` run) needs the same variable.
RAY_ENV = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}


class DidNotStart(RuntimeError):
    """A launcher did not come up in time: not gradable on this machine, not a failure."""


def cli(name: str) -> str:
    """The console script `name` (dask, ray, kata) of this Python environment."""
    return str(Path(sys.executable).with_name(name))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(processes: list[subprocess.Popen]) -> None:
    """End these launchers and everything they started, children first."""
    for process in processes:
        with contextlib.suppress(psutil.Error):
            parent = psutil.Process(process.pid)
            for child in [*parent.children(recursive=True), parent]:
                with contextlib.suppress(psutil.Error):
                    child.kill()
        process.wait(timeout=30)


def descendants(processes: list[subprocess.Popen]) -> list[psutil.Process]:
    """Every process the launchers have started, at this moment."""
    found = []
    for process in processes:
        with contextlib.suppress(psutil.Error):
            found += psutil.Process(process.pid).children(recursive=True)
    return found


def start_dask(folder: Path, workers: int, threads: int = 1) -> tuple[str, list[subprocess.Popen]]:
    """`dask scheduler` and `dask worker --nworkers workers`; ready once every worker has
    registered. Returns the scheduler's address and the launchers."""
    from distributed import Client

    scheduler_file = folder / "scheduler.json"
    launched = [subprocess.Popen(
        [cli("dask"), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
         "--scheduler-file", str(scheduler_file)], **QUIET)]
    try:
        deadline = time.monotonic() + START
        while not scheduler_file.exists():
            if time.monotonic() > deadline:
                raise DidNotStart(f"dask scheduler did not start within {START:g} s")
            time.sleep(0.2)
        launched.append(subprocess.Popen(
            [cli("dask"), "worker", "--scheduler-file", str(scheduler_file), "--nworkers",
             str(workers), "--nthreads", str(threads), "--no-dashboard", "--local-directory",
             str(folder / "workers")], **QUIET))
        address = json.loads(scheduler_file.read_text(encoding="utf-8"))["address"]
        with Client(address, timeout=START) as client:
            try:
                client.wait_for_workers(workers, timeout=START)
            except TimeoutError as late:
                raise DidNotStart(f"{workers} dask workers did not register within "
                                  f"{START:g} s") from late
    except BaseException:
        stop(launched)
        raise
    return address, launched


def start_ray(cpus: int, attempts: int = 3) -> tuple[str, list[subprocess.Popen]]:
    """`ray start --head --block` with `cpus` CPUs; ready once `ray status` sees its node.
    Ray's raylet gives up when its agents are slow to start on a busy machine (ray#65983),
    so a head that exits is started again, up to `attempts` times."""
    for _ in range(attempts):
        address = f"127.0.0.1:{free_port()}"
        head = subprocess.Popen(
            [cli("ray"), "start", "--head", "--block", "--port", address.split(":")[1],
             "--num-cpus", str(cpus), "--include-dashboard=false"],
            env={**os.environ, **RAY_ENV}, **QUIET)
        deadline = time.monotonic() + START
        while head.poll() is None and time.monotonic() < deadline:
            with contextlib.suppress(subprocess.TimeoutExpired):
                status = subprocess.run([cli("ray"), "status", "--address", address],
                                        env={**os.environ, **RAY_ENV}, capture_output=True,
                                        text=True, timeout=60)
                if status.returncode == 0 and "CPU" in status.stdout:
                    return address, [head]
            time.sleep(2)
        stop([head])
    raise DidNotStart(f"ray start --head did not come up in {attempts} attempts")
