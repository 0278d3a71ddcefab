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
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

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


# --- dask -------------------------------------------------------------------------------------


def dask_client(topic: str = "06_dask") -> Iterator:
    """A distributed Client: an existing scheduler, or a LocalCluster of 2 workers.

    A generator for a session fixture: yields the client, then closes what it started.
    """
    from dask.distributed import Client, LocalCluster

    address = os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        client = Client(address)
        for module in topic_modules(topic):  # student code travels to the workers
            client.upload_file(str(module))
        yield client
        client.close()
        return
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=2, processes=True, dashboard_address=None,
        silence_logs=logging.ERROR, local_directory=str(ENGINE_TMP / "dask"),
    )
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


# --- ray --------------------------------------------------------------------------------------


def ray_session(topic: str = "07_ray") -> Iterator:
    """`ray.init` on this machine (4 logical CPUs, no dashboard) or on `RAY_ADDRESS`."""
    import ray

    quiet = {"log_to_driver": False, "logging_level": logging.ERROR}
    if os.environ.get("RAY_ADDRESS"):
        folder = topic_modules(topic)[0].parent if topic_modules(topic) else None
        runtime_env = {"working_dir": str(folder)} if folder else None
        ray.init(runtime_env=runtime_env, **quiet)
    else:
        # Logical CPUs: sleeping tasks run 4 at a time even on 2 cores.
        ray.init(num_cpus=4, include_dashboard=False, **quiet)
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
    with open(engine_log("spark"), "a") as log:
        gateway = launch_gateway(conf, popen_kwargs={"stdout": log, "stderr": log})
    context = SparkContext(conf=conf, gateway=gateway)
    context.setLogLevel("ERROR")
    if not spark_master().startswith("local"):
        for module in topic_modules(topic):
            context.addPyFile(str(module))
    session = SparkSession(context)
    yield session
    session.stop()
