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
import inspect
import logging
import os
import select
import shutil
import socket
import sys
import tempfile
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

from graders.budget import on_expiry
from graders.capabilities import host_and_port, reachable, usable_cores
from graders.processes import descendants, kill, started_since
from graders.verdicts import NotGradable

T = TypeVar("T")

# Short on every OS: Ray's socket paths live under it, and macOS's long $TMPDIR pushes them past
# the 104 bytes an AF_UNIX path may have.
ENGINE_TMP = Path(tempfile.mkdtemp(prefix="kata-engines-",
                                   dir=None if sys.platform == "win32" else "/tmp"))
atexit.register(shutil.rmtree, ENGINE_TMP, ignore_errors=True)  # engines are stopped by then


def prepare_environment() -> None:
    """Set the variables the engines read at import or start; call before importing them.

    On this machine every engine is bound to 127.0.0.1. A given cluster decides for itself:
    Ray's authentication is the cluster's, and Spark's driver advertises the address on its
    route to the master (its executors elsewhere must reach it) and leaves the executors'
    interpreter to them (`PYSPARK_PYTHON`, else `python3` on their PATH).
    """
    defaults = {
        "RAY_TMPDIR": str(ENGINE_TMP),
        "RAY_USAGE_STATS_ENABLED": "0",
        "SPARK_LOCAL_DIRS": str(ENGINE_TMP),
        "PYSPARK_DRIVER_PYTHON": sys.executable,
    }
    if not os.environ.get("RAY_ADDRESS"):
        defaults["RAY_AUTH_MODE"] = "disabled"  # no token notice, no ~/.ray/auth_token
        defaults["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"  # every Ray address on 127.0.0.1
    if spark_master().startswith("local"):
        defaults["SPARK_LOCAL_IP"] = "127.0.0.1"
        defaults["PYSPARK_PYTHON"] = sys.executable  # Spark's Python workers: this one
    else:
        defaults["SPARK_LOCAL_IP"] = address_towards(spark_master())
    for name, value in defaults.items():
        os.environ.setdefault(name, value)
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")


def address_towards(url: str) -> str:
    """This machine's address on its route to `url`'s host: where that host's machines can
    reach it (no packet is sent). 127.0.0.1 when the host cannot be resolved."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(host_and_port(url, 7077))
            return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"


def engine_log(name: str) -> Path:
    """Where an engine's own output goes instead of stderr."""
    return ENGINE_TMP / f"{name}.log"


@contextlib.contextmanager
def shared_folder(tmp_path: Path) -> Iterator[Path]:
    """A fresh folder for files a cluster's workers read: under KATA_SHARED_TMP (a folder
    every machine of the cluster sees at the same path) when it is set, else `tmp_path`.
    Removed on the way out."""
    shared = os.environ.get("KATA_SHARED_TMP")
    if not shared:
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="kata-", dir=shared))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
    test (and, from a session fixture, every test that needs the engine) as not-gradable.

    Whatever a failed attempt left running is killed: a Ray whose raylet died keeps its GCS
    server, which would take CPU from the retry and outlive the run."""
    errors = []
    for attempt in (1, 2):
        before = descendants()
        try:
            return start(attempt)
        except Exception as error:  # whatever stops an engine starting is the machine's
            errors.append(_first_line(error))
            with contextlib.suppress(Exception):
                stop()
            kill(started_since(before))
    why = errors[0] if errors[0] == errors[1] else " / then: ".join(errors)
    raise NotGradable(f"{engine} did not start on this machine (tried twice: {why})", fix)


# --- a test stopped inside an engine call -----------------------------------------------------
# Each engine registers a hook with graders.budget (`on_expiry`): when a test's budget stops it
# inside an engine call, that call may still be running (a Spark job, dask futures, Ray tasks),
# would hold the workers the next tests need, and Spark would answer the next call on the same
# connection only once its job ends. The hooks run in the signal handler and never wait on a
# busy connection: what may wait (until a cancelled call answers) runs in a daemon thread.

CANCEL_WAIT = 15.0  # seconds a cancelled Spark call gets to answer before its connection closes


def inside(package: str, frame: FrameType | None) -> bool:
    """Whether the interrupted stack ending at `frame` runs code of `package`."""
    while frame is not None:
        if frame.f_globals.get("__name__", "").split(".")[0] == package:
            return True
        frame = frame.f_back
    return False


def _in_background(work: Callable[[], None]) -> None:
    def quietly() -> None:
        with contextlib.suppress(Exception):
            work()

    threading.Thread(target=quietly, name="kata-engine-cancel", daemon=True).start()


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
                reachable(address, 8786, "the dask scheduler")
                client = Client(address, timeout=f"{timeout:.0f}s")
                started.append(client)
                started.append(KataCodeByValue(topic_modules(topic)))
                return client
            cluster = LocalCluster(
                n_workers=2, threads_per_worker=2, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR, local_directory=str(ENGINE_TMP / "dask"),
            )
            started.append(cluster)
            client = Client(cluster, timeout=f"{timeout:.0f}s")
            started.append(client)
            return client

    client = start_or_not_gradable(
        "dask", start, stop,
        "rerun when the machine is less busy; on a cluster, check that "
        "DASK_SCHEDULER_ADDRESS names a running scheduler (`dask scheduler`)")
    with on_expiry(_dask_canceller(client)):
        yield client
    stop()


def _dask_canceller(client: Any) -> Callable[[FrameType | None], None]:
    """Cancel every future this client holds (a running task ends its current call first:
    Python cannot stop a thread)."""
    def cancel(frame: FrameType | None) -> None:
        from distributed import Future

        keys = list(client.futures)
        if keys:
            _in_background(lambda: client.cancel([Future(key, client) for key in keys]))

    return cancel


class KataCodeByValue:
    """On a shared cluster, this run's kata functions and classes travel inside each task.

    dask sends a module-level function by name, for the scheduler (which unpickles the
    graph) and every worker to import: a class sharing one scheduler would import students'
    modules there, and two runs with a same-named module (`dask_futures`) would run each
    other's code. Each kata module the tests imported gets a name of this run only
    (`kata_<run>_dask_futures`) that no process can import: pickle then refuses it, and dask
    falls back to cloudpickle, which sends such functions and classes by value. Nothing is
    installed on the cluster, so nothing is left there; `close()` gives the names back.
    """

    def __init__(self, paths: list[Path]) -> None:
        run = f"kata_{uuid.uuid4().hex[:12]}"
        self.renamed: list[tuple[Any, str]] = []  # (function or class, its module's name)
        for path in paths:
            module = sys.modules.get(path.stem)
            if module is None or Path(getattr(module, "__file__", "")).resolve() != path.resolve():
                continue  # not imported by the tests of this run: no task refers to it
            for value in vars(module).values():
                if ((inspect.isfunction(value) or inspect.isclass(value))
                        and value.__module__ == module.__name__):
                    self.renamed.append((value, value.__module__))
                    value.__module__ = f"{run}_{path.stem}"

    def close(self) -> None:
        for value, name in self.renamed:
            value.__module__ = name


# --- ray --------------------------------------------------------------------------------------


def ray_session(topic: str = "07_ray") -> Iterator:
    """`ray.init` on this machine (4 logical CPUs, no dashboard) or on `RAY_ADDRESS`.

    Ray waits a fixed 30 s for its raylet (not configurable); the retry starts afresh, on
    warm caches.
    """
    import ray

    quiet = {"log_to_driver": False, "logging_level": logging.ERROR}

    def start(attempt: int) -> None:
        address = os.environ.get("RAY_ADDRESS")
        if address:
            if address not in ("auto", "local"):
                reachable(address, 10001 if address.startswith("ray://") else 6379,
                          "Ray's head node")
            folder = topic_modules(topic)[0].parent if topic_modules(topic) else None
            runtime_env = {"working_dir": str(folder)} if folder else None
            ray.init(runtime_env=runtime_env, **quiet)
            warm_ray_workers(ray)
        else:
            # Logical CPUs: sleeping tasks run 4 at a time even on 2 cores.
            ray.init(num_cpus=4, include_dashboard=False, **quiet)

    start_or_not_gradable(
        "Ray", start, ray.shutdown,
        "rerun when the machine is less busy (`ray.init` alone can take 40 s under load); "
        "check that RAY_TMPDIR is a writable folder. On a cluster: RAY_ADDRESS names a "
        "running head node (`ray start --head`), `ray://` needs `pip install 'ray[client]'`, "
        "and a cluster with token authentication needs RAY_AUTH_MODE=token and its token "
        "(RAY_AUTH_TOKEN)")
    with on_expiry(_cancel_ray):
        yield ray
    ray.shutdown()


def warm_ray_workers(ray: Any) -> None:
    """Start this job's workers on every CPU of the cluster now (each one unpacks the kata
    folder first), so that no timing check pays for a cold start."""
    from graders.support.ecosystem import timed_sleep

    cpus = int(ray.cluster_resources().get("CPU", 1))
    ray.get([ray.remote(timed_sleep).remote(0.2) for _ in range(cpus)])


def _cancel_ray(frame: FrameType | None) -> Callable[[], None] | None:
    """Cancel every task whose result this driver still holds; force ends its worker (an
    actor's tasks refuse force: they are asked to stop).

    A test blocked in `ray.get` or `ray.wait` waits in Ray's C code, which ignores what the
    budget raises there: the cancel is handed back to the budget, which has the verdict
    raised when the call returns (see graders.budget)."""
    import ray

    def work() -> None:
        core = ray._private.worker.global_worker.core_worker
        for object_id in core.get_all_reference_counts():  # hex ids, as bytes
            ref = ray.ObjectRef(bytes.fromhex(object_id.decode()))
            for force in (True, False):
                with contextlib.suppress(Exception):  # not a task (ray.put), or done
                    ray.cancel(ref, force=force)
                    break

    if frame is not None and frame.f_globals.get("__name__") == "ray._private.worker":
        return work
    _in_background(work)
    return None


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
    on_cluster = not spark_master().startswith("local")
    driver = os.environ.get("SPARK_LOCAL_IP", "127.0.0.1")  # see prepare_environment
    conf.set("spark.driver.bindAddress", driver).set("spark.driver.host", driver)
    launched: list = []  # the JVM gateways started, so a failed start leaves no JVM behind

    def start(attempt: int) -> SparkSession:
        if on_cluster:
            reachable(spark_master(), 7077, "the Spark master")
        with open(engine_log("spark"), "a", encoding="utf-8") as log:
            gateway = launch_gateway(conf, popen_kwargs={"stdout": log, "stderr": log})
        launched.append(gateway)
        context = SparkContext(conf=conf, gateway=gateway)
        context.setLogLevel("ERROR")
        if on_cluster:
            for module in topic_modules(topic):
                context.addPyFile(str(module))
            warm_executors(context, startup_timeout(60, attempt))
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
        "cluster that SPARK_MASTER_URL names a running master with a worker "
        "(`spark-class org.apache.spark.deploy.worker.Worker MASTER_URL`) that can reach "
        f"this driver at {driver} (set SPARK_LOCAL_IP to the address they can reach)")
    with on_expiry(_spark_canceller(session.sparkContext)):
        yield session
    session.stop()


def warm_executors(context: Any, timeout: float) -> None:
    """Wait until an executor has joined, then start a Python worker on each core: the
    first job of a timing check must not pay for them. Raises when none joins in time."""
    status = context._jsc.sc()
    deadline = time.monotonic() + timeout
    while status.getExecutorMemoryStatus().size() < 2:  # the driver counts as one
        if time.monotonic() > deadline:
            raise TimeoutError(f"no executor joined within {timeout:.0f} s")
        time.sleep(0.5)
    cores = context.defaultParallelism
    context.parallelize(range(cores), cores).map(lambda _: os.getpid()).distinct().count()


def _spark_canceller(context: Any) -> Callable[[FrameType | None], None]:
    """Jobs carry the tag of the connection that started them: a call still running on a
    connection that was set aside can then be cancelled without touching the next test's
    jobs."""
    tags = [f"kata-{uuid.uuid4().hex}"]
    context.addJobTag(tags[0])  # this thread's connection, the one the tests use

    def cancel(frame: FrameType | None) -> None:
        if inside("py4j", frame):  # the test's connection waits for the interrupted call
            client = context._gateway._gateway_client
            busy = client.get_thread_connection()  # waits for the interrupted call's answer
            client.thread_connection.connection = None  # the next call opens a fresh one
            old, tags[0] = tags[0], f"kata-{uuid.uuid4().hex}"
            context.addJobTag(tags[0])
            _in_background(lambda: _cancel_until_answered(context, busy, old))
        context.cancelAllJobs()  # and what the kata's other threads started

    return cancel


def _cancel_until_answered(context: Any, busy: Any, tag: str) -> None:
    """Cancel the jobs of the set-aside connection until its call answers (a job it was
    still planning starts after the first cancel), then close it."""
    deadline = time.monotonic() + CANCEL_WAIT
    while not select.select([busy.socket], [], [], 1.0)[0] and time.monotonic() < deadline:
        context.cancelJobsWithTag(tag)
    busy.close()
