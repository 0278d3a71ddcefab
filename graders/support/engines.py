"""Start dask, ray and Spark once per test session, quietly, or join an existing cluster.

The topic conftests (`exercises/06_dask`, `07_ray`, `08_spark`) call these. Nothing here
imports an engine at module level: a missing package must end as not-gradable, not as an
import error.

Each engine joins a real cluster when its usual variable is set:

- dask: `DASK_SCHEDULER_ADDRESS=tcp://host:8786`
- ray: `RAY_ADDRESS=ray://host:10001` (or `host:6379` on a cluster node)
- Spark: `SPARK_MASTER_URL=spark://host:7077` (`MASTER` is read too)

Otherwise each starts on this machine, bound to 127.0.0.1, with its logs in a temporary
folder instead of on stderr.

Starting an engine is the machine's job, not the student's: a start that fails or times out
(a busy laptop can take 40 s to start Ray) is retried once, with longer timeouts where the
engine has them, and if it fails again every test that needs the engine ends as
not-gradable with the reason and the fix, never as an error. The session fixtures run in
the setup phase, so the start never counts against a test's time budget.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from graders.capabilities import usable_cores
from graders.verdicts import NotGradable

T = TypeVar("T")

ENGINE_TMP = Path(tempfile.mkdtemp(prefix="kata-engines-"))
atexit.register(shutil.rmtree, ENGINE_TMP, ignore_errors=True)  # engines are stopped by then


def prepare_environment() -> None:
    """Set the variables the engines read at import or start; call before importing them."""
    defaults = {
        "RAY_AUTH_MODE": "disabled",  # no token notice, no ~/.ray/auth_token
        "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",  # every Ray address on 127.0.0.1
        "RAY_TMPDIR": str(ENGINE_TMP),
        "RAY_USAGE_STATS_ENABLED": "0",
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_LOCAL_DIRS": str(ENGINE_TMP),
        "PYSPARK_PYTHON": sys.executable,  # Spark's Python workers: this interpreter
        "PYSPARK_DRIVER_PYTHON": sys.executable,
    }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")


def engine_log(name: str) -> Path:
    """Where an engine's own output goes instead of stderr."""
    return ENGINE_TMP / f"{name}.log"


def topic_modules(topic: str) -> list[Path]:
    """The kata modules (not the tests) of the implementation under test for one topic."""
    root = Path(os.environ.get("KATA_IMPL_ROOT", "exercises")) / topic
    return sorted(p for p in root.glob("*.py") if not p.name.startswith(("test_", "conftest")))


def startup_timeout(base: float, attempt: int) -> float:
    """`base` seconds, doubled on the retry, and scaled by the load per usable core (at
    most 4 times)."""
    load = os.getloadavg()[0] / usable_cores() if hasattr(os, "getloadavg") else 1.0
    return base * attempt * min(4.0, max(1.0, load))


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"[:300]


def start_or_not_gradable(engine: str, start: Callable[[int], T], stop: Callable[[], None],
                          fix: str) -> T:
    """`start(attempt)` for attempt 1, then once more after `stop()`; if both fail, end the
    test (and, from a session fixture, every test that needs the engine) as not-gradable."""
    errors = []
    for attempt in (1, 2):
        try:
            return start(attempt)
        except Exception as error:  # whatever stops an engine starting is the machine's
            errors.append(_first_line(error))
            with contextlib.suppress(Exception):
                stop()
    why = errors[0] if errors[0] == errors[1] else " / then: ".join(errors)
    raise NotGradable(f"{engine} did not start on this machine (tried twice: {why})", fix)


# --- dask -------------------------------------------------------------------------------------


def dask_client(topic: str = "06_dask") -> Iterator:
    """A distributed Client: an existing scheduler, or a LocalCluster of 2 workers.

    A generator for a session fixture: yields the client, then closes what it started.
    """
    import dask
    from dask.distributed import Client, LocalCluster

    started: list = []
    scheduler = dask.config.get("scheduler", None)  # a Client that fails to start leaves
    # itself configured as the default scheduler

    def stop() -> None:
        while started:
            started.pop().close()
        dask.config.set(scheduler=scheduler)

    def start(attempt: int) -> Client:
        timeout = startup_timeout(30, attempt)
        with dask.config.set({"distributed.comm.timeouts.connect": f"{timeout:.0f}s"}):
            address = os.environ.get("DASK_SCHEDULER_ADDRESS")
            if address:
                client = Client(address, timeout=f"{timeout:.0f}s")
                started.append(client)
                for module in topic_modules(topic):  # student code travels to the workers
                    client.upload_file(str(module))
                return client
            cluster = LocalCluster(
                n_workers=2, threads_per_worker=2, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR, local_directory=str(ENGINE_TMP / "dask"),
            )
            started.append(cluster)
            client = Client(cluster, timeout=f"{timeout:.0f}s")
            started.append(client)
            return client

    yield start_or_not_gradable(
        "dask", start, stop,
        "rerun when the machine is less busy; on a cluster, check that "
        "DASK_SCHEDULER_ADDRESS names a running scheduler (`dask scheduler`)")
    stop()


# --- ray --------------------------------------------------------------------------------------


def ray_session(topic: str = "07_ray") -> Iterator:
    """`ray.init` on this machine (4 logical CPUs, no dashboard) or on `RAY_ADDRESS`.

    Ray waits a fixed 30 s for its raylet (not configurable); the retry starts afresh, on
    warm caches.
    """
    import ray

    quiet = {"log_to_driver": False, "logging_level": logging.ERROR}

    def start(attempt: int) -> None:
        if os.environ.get("RAY_ADDRESS"):
            folder = topic_modules(topic)[0].parent if topic_modules(topic) else None
            runtime_env = {"working_dir": str(folder)} if folder else None
            ray.init(runtime_env=runtime_env, **quiet)
        else:
            # Logical CPUs: sleeping tasks run 4 at a time even on 2 cores.
            ray.init(num_cpus=4, include_dashboard=False, **quiet)

    start_or_not_gradable(
        "Ray", start, ray.shutdown,
        "rerun when the machine is less busy (`ray.init` alone can take 40 s under load); "
        "check that RAY_TMPDIR is a writable folder, and on a cluster that RAY_ADDRESS names "
        "a running head node (`ray start --head`)")
    yield ray
    ray.shutdown()


# --- Spark ------------------------------------------------------------------------------------


def spark_master() -> str:
    return os.environ.get("SPARK_MASTER_URL") or os.environ.get("MASTER") or "local[2]"


def spark_session(topic: str = "08_spark") -> Iterator:
    """A SparkSession on `local[2]` (UI off, 127.0.0.1) or on `SPARK_MASTER_URL`.

    The JVM is launched with its stdout and stderr in a log file, so Spark's start-up
    warnings and its Python workers' output never reach the graded output.
    """
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway
    from pyspark.sql import SparkSession

    conf = (
        SparkConf()
        .setMaster(spark_master())
        .setAppName("katas")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.sql.shuffle.partitions", "2")
        .set("spark.driver.extraJavaOptions",
             f"-Djava.io.tmpdir={ENGINE_TMP} -XX:-UsePerfData"
             " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
    )
    if spark_master().startswith("local"):  # a cluster's executors must reach the driver
        conf.set("spark.driver.bindAddress", "127.0.0.1").set("spark.driver.host", "127.0.0.1")
    launched: list = []  # the JVM gateways started, so a failed start leaves no JVM behind

    def start(attempt: int) -> SparkSession:
        with open(engine_log("spark"), "a", encoding="utf-8") as log:
            gateway = launch_gateway(conf, popen_kwargs={"stdout": log, "stderr": log})
        launched.append(gateway)
        context = SparkContext(conf=conf, gateway=gateway)
        context.setLogLevel("ERROR")
        if not spark_master().startswith("local"):
            for module in topic_modules(topic):
                context.addPyFile(str(module))
        return SparkSession(context)

    def stop() -> None:
        if SparkContext._active_spark_context is not None:
            SparkContext._active_spark_context.stop()
        while launched:
            gateway = launched.pop()
            with contextlib.suppress(Exception):
                gateway.shutdown()
            gateway.proc.kill()

    session = start_or_not_gradable(
        "Spark", start, stop,
        "rerun when the machine is less busy; check `java -version` (17 or newer), and on a "
        "cluster that SPARK_MASTER_URL names a running master")
    yield session
    session.stop()
