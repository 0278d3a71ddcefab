"""Benchmark: grade 06_dask, 07_ray and 08_spark on real clusters, as the lessons say.

Run (as root, for the two-host case): `python tests/benchmarks/bench_clusters.py
[--engines dask,ray,spark] [--where local,cluster,two-hosts] [--impl solutions,exercises]`.

- local: the tests start their own engine, as a student's run does.
- cluster: a cluster started with the engine's own launcher on this machine (127.0.0.1),
  joined through the variable each lesson names.
- two-hosts: the cluster runs in one network namespace ("host" 10.77.0.1) and the graded
  run in another (10.77.0.2), joined by a veth pair: the driver's 127.0.0.1 is not the
  workers'. Data goes through KATA_SHARED_TMP, as the lessons say.

Each lesson's cluster section is followed word for word (launcher commands, variables).
Everything started is stopped by its pid; the namespaces are deleted. For each run the
table gives passed, failed (any other verdict), wall time and where the tasks ran: the
cluster's own count of what its workers executed.

Ray, 2026-12-02, on this 2-core machine at load 14-17 (a head and a second node, `ray://`
with a token of the run; the head started at the 3rd attempt, see start_ray):

| where | impl | passed | other | wall s | where tasks ran (process titles sampled) |
|---|---|---|---|---|---|
| cluster | solutions | 21/21 | - | 368 | both nodes: 52 and 33 task/process pairs |
| cluster | exercises | 0/21 | todo 21 | 85 | both nodes: the warm-up's 2 workers each |
| two-hosts | solutions | 21/21 | - | 249 | both nodes: 46 and 28 task/process pairs |
| two-hosts | exercises | 0/21 | todo 21 | 49 | both nodes: the warm-up's 2 workers each |
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import psutil

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "tests"))
import launch  # noqa: E402  (tests/launch.py: stopping what was started, by pid)

BIN = Path(sys.executable).parent
TOPICS = {"dask": "06_dask", "ray": "07_ray", "spark": "08_spark"}
NS = {"cluster": "kata-h1", "driver": "kata-h2"}
ADDRESS = {"cluster": "10.77.0.1", "driver": "10.77.0.2"}
UP = 180.0  # seconds a launcher gets to come up on a busy machine


# --- processes and namespaces ----------------------------------------------------------------


class Started:
    """The processes this benchmark started, stopped by pid (children first)."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.processes: list[subprocess.Popen] = []
        self.named: dict[str, subprocess.Popen] = {}
        self.folders: list[Path] = []

    def launch(self, name: str, command: list, namespace: str | None = None,
               env: dict | None = None) -> subprocess.Popen:
        prefix = ["ip", "netns", "exec", namespace] if namespace else []
        log = open(self.logs / f"{name}.log", "w", encoding="utf-8")  # noqa: SIM115
        process = subprocess.Popen([*prefix, *map(str, command)], stdout=log, stderr=log,
                                   env={**os.environ, **(env or {})}, cwd=self.logs)
        self.processes.append(process)
        self.named[name] = process
        return process

    @staticmethod
    def end(process: subprocess.Popen) -> None:
        """End one launched process and what it started, children first."""
        launch.stop([process])

    def folder(self, parent: str) -> Path:
        """A fresh folder under `parent`, removed by stop()."""
        self.folders.append(Path(tempfile.mkdtemp(prefix="kata-", dir=parent)))
        return self.folders[-1]

    def stop(self) -> None:
        for process in reversed(self.processes):
            self.end(process)
        self.processes.clear()
        self.named.clear()
        while self.folders:
            shutil.rmtree(self.folders.pop(), ignore_errors=True)


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


@contextlib.contextmanager
def two_hosts():
    """Two network namespaces joined by a veth pair; deleted on the way out."""
    try:
        for namespace in NS.values():
            run("ip", "netns", "add", namespace)
            run("ip", "-n", namespace, "link", "set", "lo", "up")
        run("ip", "link", "add", "kata-v1", "type", "veth", "peer", "name", "kata-v2")
        for side, link in (("cluster", "kata-v1"), ("driver", "kata-v2")):
            run("ip", "link", "set", link, "netns", NS[side])
            run("ip", "-n", NS[side], "addr", "add", f"{ADDRESS[side]}/24", "dev", link)
            run("ip", "-n", NS[side], "link", "set", link, "up")
        yield
    finally:
        for namespace in NS.values():
            subprocess.run(["ip", "netns", "delete", namespace], capture_output=True)


def wait_port(host: str, port: int, namespace: str | None,
              launched: subprocess.Popen | None = None) -> None:
    """Wait until host:port accepts a connection; raise when the launcher that should open it
    ended, or after UP seconds."""
    prefix = ["ip", "netns", "exec", namespace] if namespace else []
    probe = f"import socket; socket.create_connection(({host!r}, {port}), timeout=2).close()"
    deadline = time.monotonic() + UP
    while subprocess.run([*prefix, sys.executable, "-c", probe],
                         capture_output=True).returncode != 0:
        if launched is not None and launched.poll() is not None:
            raise TimeoutError(f"{host}:{port} did not open: its launcher ended")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{host}:{port} did not open within {UP:g} s")
        time.sleep(1)


# --- one cluster per engine, from the lessons ----------------------------------------------------


def start_dask(started: Started, host: str, namespace: str | None) -> dict:
    # 06_dask/README.md: `dask scheduler` on one machine, `dask worker tcp://SCHEDULER:8786`
    started.launch("dask-scheduler", [BIN / "dask", "scheduler", "--host", host,
                                      "--port", "8786", "--no-dashboard"], namespace)
    wait_port(host, 8786, namespace)
    for n in (1, 2):
        started.launch(f"dask-worker-{n}", [BIN / "dask", "worker", f"tcp://{host}:8786",
                                            "--nthreads", "2", "--no-dashboard"], namespace)
    return {"DASK_SCHEDULER_ADDRESS": f"tcp://{host}:8786"}


def start_ray(started: Started, host: str, namespace: str | None) -> dict:
    # 07_ray/README.md: `ray start --head --port 6379 --ray-client-server-port 10001` on HEAD,
    # `ray start --address HEAD:6379` on each worker. Added here: --block (so each node stays
    # a child stopped by pid), the node's address in its namespace, and a token of this run
    # (the lesson's token authentication; nothing written to ~/.ray).
    auth = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": uuid.uuid4().hex}
    short = started.folder("/tmp")  # under the logs, Ray's socket paths pass 107 bytes
    env = {"RAY_TMPDIR": str(short), "RAY_USAGE_STATS_ENABLED": "0", **auth}
    ray = [BIN / "ray", "start", "--block", "--node-ip-address", host, "--num-cpus", "2"]
    for attempt in range(1, 7):  # the raylet gives its agent a fixed 15 s (ray#65983)
        head = started.launch(f"ray-head-{attempt}", [
            *ray, "--head", "--port", "6379", "--ray-client-server-port", "10001",
            "--include-dashboard", "false"], namespace, env)
        try:
            wait_port(host, 10001, namespace, head)
            break
        except TimeoutError:
            started.end(head)
    else:
        raise TimeoutError("Ray's head did not start in 6 attempts")
    started.launch("ray-worker", [*ray, "--address", f"{host}:6379"], namespace, env)
    return {"RAY_ADDRESS": f"ray://{host}:10001", **auth}


def start_spark(started: Started, host: str, namespace: str | None) -> dict:
    # 08_spark/README.md: spark-class ...Master --host MASTER --port 7077, then ...Worker
    spark_class = BIN / "spark-class"
    env = {"SPARK_LOCAL_IP": host, "SPARK_WORKER_DIR": str(started.logs / "spark-work"),
           "PATH": f"{BIN}:{os.environ['PATH']}"}  # the executors' python3 is this venv's
    started.launch("spark-master", [spark_class, "org.apache.spark.deploy.master.Master",
                                    "--host", host, "--port", "7077", "--webui-port", "0"],
                   namespace, env)
    wait_port(host, 7077, namespace)
    started.launch("spark-worker", [spark_class, "org.apache.spark.deploy.worker.Worker",
                                    f"spark://{host}:7077", "--cores", "2", "--webui-port", "0"],
                   namespace, env)
    return {"SPARK_MASTER_URL": f"spark://{host}:7077"}


START = {"dask": start_dask, "ray": start_ray, "spark": start_spark}


def where_tasks_ran(engine: str, logs: Path, seen: dict[str, set[str]]) -> str:
    """What the cluster's own processes say they ran (not what the driver says)."""
    if engine == "spark":
        executors = list((logs / "spark-work").glob("app-*/*/stderr"))
        return f"{len(executors)} executor(s) ran on the cluster's worker"
    if engine == "dask":
        text = "".join(p.read_text(errors="replace") for p in logs.glob("dask-worker-*.log"))
        return f"{text.count('Starting established connection')} connection(s) to workers"
    return ", ".join(f"{node}: {len({run.split('@')[1] for run in runs})} worker(s) ran "
                     f"{len({run.split('@')[0] for run in runs})} kinds of task "
                     f"({', '.join(sorted({run.split('@')[0] for run in runs})[:4])}, ...)"
                     for node, runs in seen.items())


class RayTaskWatch:
    """Which node's Ray workers ran tasks: each node (a `ray start --block` process) is the
    ancestor of its workers, and a worker's process title names the task it runs
    (`ray::timed_sleep`); sampled every 0.2 s while the run grades."""

    def __init__(self, started: Started) -> None:
        self.nodes = {name: process.pid for name, process in started.named.items()
                      if name.startswith("ray-") and process.poll() is None}
        self.seen: dict[str, set[str]] = {node: set() for node in self.nodes}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> RayTaskWatch:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()

    def _watch(self) -> None:
        while not self.done.wait(0.2):
            for node, pid in self.nodes.items():
                with contextlib.suppress(psutil.Error):
                    for child in psutil.Process(pid).children(recursive=True):
                        with contextlib.suppress(psutil.Error):
                            title = " ".join(child.cmdline())
                            if title.startswith("ray::") and not title.startswith(
                                    ("ray::IDLE", "ray::_", "ray::RuntimeEnv", "ray::Dashboard")):
                                self.seen[node].add(f"{title.split()[0][5:]}@{child.pid}")


# --- grading ---------------------------------------------------------------------------------


def graded(engine: str, impl: str, env: dict, namespace: str | None, results: Path) -> dict:
    topic = TOPICS[engine]
    prefix = ["ip", "netns", "exec", namespace] if namespace else []
    command = [*prefix, sys.executable, "-m", "pytest", f"exercises/{topic}", f"--impl={impl}",
               f"--results={results}", "-p", "no:randomly", "-q"]
    start = time.perf_counter()
    subprocess.run(command, cwd=REPOSITORY, env={**os.environ, **env}, capture_output=True,
                   timeout=1800)
    record = json.loads(results.read_text(encoding="utf-8")) if results.exists() else {}
    tests = record.get("tests", [])
    verdicts = Counter(test["verdict"] for test in tests)
    return {"passed": verdicts["passed"], "other": dict(verdicts - Counter(passed=10**6)),
            "tests": len(tests), "wall": time.perf_counter() - start,
            "why": [f"{t['name']}: {t['verdict']}: {t['message'][:300]}" for t in tests
                    if t["verdict"] != "passed"]}


def bench(engine: str, where: str, impls: list[str], folder: Path) -> list[dict]:
    logs = folder / f"{engine}-{where}"
    (logs / "shared").mkdir(parents=True)
    started = Started(logs)
    rows = []
    try:
        env = {"KATA_SHARED_TMP": str(logs / "shared")}
        namespace = None
        try:
            if where == "cluster":
                env |= START[engine](started, "127.0.0.1", None)
            elif where == "two-hosts":
                env |= START[engine](started, ADDRESS["cluster"], NS["cluster"])
                namespace = NS["driver"]
        except TimeoutError as error:  # the cluster's own logs say why
            tails = {log.name: log.read_text(errors="replace")[-1500:]
                     for log in logs.glob("*.log")}
            print(json.dumps({"engine": engine, "where": where, "error": str(error), **tails}))
            return rows
        for impl in impls:
            with RayTaskWatch(started) as watch:
                result = graded(engine, impl, env, namespace, logs / f"{impl}.json")
            ran = where_tasks_ran(engine, logs, watch.seen) if where != "local" else "here"
            result |= {"engine": engine, "where": where, "impl": impl, "ran": ran}
            rows.append(result)
            print(json.dumps(result), flush=True)
    finally:
        started.stop()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="dask,ray,spark")
    parser.add_argument("--where", default="local,cluster,two-hosts")
    parser.add_argument("--impl", default="solutions,exercises")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kata-bench-clusters-"))
    os.chmod(folder, 0o755)
    rows = []
    try:
        with two_hosts() if "two-hosts" in options.where else contextlib.nullcontext():
            for engine in options.engines.split(","):
                for where in options.where.split(","):
                    rows += bench(engine, where, options.impl.split(","), folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("\n| engine | where | impl | passed | other verdicts | wall s | where tasks ran |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['engine']} | {r['where']} | {r['impl']} | {r['passed']}/{r['tests']} | "
              f"{r['other'] or '-'} | {r['wall']:.0f} | {r['ran']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
