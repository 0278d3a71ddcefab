"""Real clusters, started as an instructor would, and engine calls that outlive their budget.

- Two grading runs on one shared `dask scheduler` (started with dask's own launcher) with a
  same-named kata module each run their own code; nothing of theirs is imported in the
  scheduler, and nothing is left on the workers when they end.
- A Spark job, a dask task and a Ray task that sleep past a real time budget are cancelled,
  the failure is formatted without waiting on the engine, and the next test runs.

Everything started here is stopped by its pid. The slow proofs (two hosts, the whole
topics) are in tests/benchmarks/bench_clusters.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from xml.etree import ElementTree

import pytest

from graders.capabilities import has_module

REPOSITORY = Path(__file__).resolve().parents[1]


# --- two runs on one dask scheduler ------------------------------------------------------------

RUN = textwrap.dedent("""
    import json, os, sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[1])
    from graders.support import engines
    import dask_futures

    def here(_):  # what the scheduler and a worker hold of the kata modules
        return sorted(m for m in sys.modules if 'dask_futures' in m or m.startswith('kata_'))

    client_gen = engines.dask_client()
    client = next(client_gen)
    Path(sys.argv[2]).touch()  # registered: wait until the other run is too
    other = Path(sys.argv[3])
    while not other.exists():
        time.sleep(0.1)
    answers = client.gather(client.map(dask_futures.whoami, range(8)))
    during = client.run(here, None)
    scheduler = client.run_on_scheduler(here, None)
    next(client_gen, None)
    print(json.dumps({"answers": answers, "workers": during, "scheduler": scheduler}))
""")


@pytest.mark.skipif(not has_module("distributed"), reason="needs the dask extra")
def test_two_runs_on_one_dask_scheduler_each_run_their_own_code(tmp_path, launch):
    try:
        address, launched = launch.start_dask(tmp_path, workers=2, threads=2)
    except launch.DidNotStart as late:
        pytest.skip(str(late))
    try:
        runs = {}
        for name in "AB":
            impl = tmp_path / name / "06_dask"
            impl.mkdir(parents=True)
            (impl / "dask_futures.py").write_text(f"def whoami(_):\n    return {name!r}\n",
                                                encoding="utf-8")
            env = {**os.environ, "DASK_SCHEDULER_ADDRESS": address,
                   "KATA_IMPL_ROOT": str(impl.parent), "PYTHONPATH": str(REPOSITORY)}
            ready, other = tmp_path / f"{name}.ready", tmp_path / f"{'BA'[name == 'B']}.ready"
            runs[name] = subprocess.Popen(
                [sys.executable, "-c", RUN, impl, ready, other], env=env, text=True,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        seen = {}
        for name, run in runs.items():
            out, err = run.communicate(timeout=300)
            assert run.returncode == 0, f"run {name} failed: {err[-3000:]}"
            seen[name] = json.loads(out.strip().splitlines()[-1])
        for name, result in seen.items():
            assert result["answers"] == [name] * 8, (
                f"run {name}'s tasks answered {result['answers']}: another run's module "
                "with the same name ran instead of its own")
            assert result["scheduler"] == [], (
                f"the scheduler imported kata modules: {result['scheduler']}")
            assert all(held == [] for held in result["workers"].values()), (
                f"the workers imported kata modules: {result['workers']}")
    finally:
        launch.stop(launched)


# --- engine calls past their budget -----------------------------------------------------------

CONFTEST = textwrap.dedent('''
    import pytest
    from graders.support import engines

    engines.prepare_environment()


    @pytest.fixture(scope="session")
    def spark():
        yield from engines.spark_session()


    @pytest.fixture(scope="session")
    def dask_client():
        yield from engines.dask_client()


    @pytest.fixture(scope="session")
    def ray_session():
        yield from engines.ray_session()
''')

SLEEPERS = textwrap.dedent('''
    """Each engine runs a task that sleeps past a 3 s budget; the next test needs its workers."""
    import time

    import pytest

    from graders.budget import Budget
    from graders.support.ecosystem import timed_sleep

    BUDGET = 3.0
    held = {}


    def past_budget(call, *args):
        """call(*args) under a real time budget, as a kata test runs."""
        budget = Budget(BUDGET, lambda message: None)
        budget.start()
        try:
            return call(*args)
        finally:
            budget.cancel()


    def collect(frame):  # the DataFrame is an argument: pytest's report shows its repr
        return frame.collect()


    def test_spark_udf_past_budget(spark):
        from pyspark.sql import functions as F

        slow = F.udf(lambda x: (time.sleep(3600), x)[1], "long")
        past_budget(collect, spark.range(2, numPartitions=2).select(slow("id")))


    def test_spark_runs_the_next_job(spark):
        from pyspark.sql import functions as F

        plus_one = F.udf(lambda x: x + 1, "long")
        rows = spark.range(2, numPartitions=2).select(plus_one("id").alias("x")).collect()
        assert sorted(row.x for row in rows) == [1, 2]


    def test_dask_task_past_budget(dask_client):
        held["dask"] = dask_client.submit(time.sleep, 3600, pure=False)
        past_budget(held["dask"].result)


    def test_dask_task_was_cancelled(dask_client):
        deadline = time.monotonic() + 60
        while held["dask"].status != "cancelled" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert held["dask"].status == "cancelled"
        key = held["dask"].key
        assert not dask_client.run_on_scheduler(lambda dask_scheduler: key in dask_scheduler.tasks)


    def test_ray_task_past_budget(ray_session):
        held["ray"] = ray_session.remote(timed_sleep).remote(3600)
        past_budget(ray_session.get, held["ray"])  # Ray's C code ignores the budget's raise


    def test_ray_task_was_cancelled(ray_session):
        from ray.exceptions import TaskCancelledError, WorkerCrashedError

        with pytest.raises((TaskCancelledError, WorkerCrashedError)):
            ray_session.get(held["ray"], timeout=60)
        assert ray_session.get(ray_session.remote(timed_sleep).remote(0)) is not None
''')

HUNG = 600  # seconds: far past an engine's start, one expired budget and one more test
ENGINES = {"spark": "pyspark", "dask": "distributed", "ray": "ray"}


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_an_engine_call_past_its_budget_is_cancelled(engine, tmp_path, leftover_processes):
    """The engine's sleeping task is cancelled when the budget expires inside the call, the
    failure is reported (Spark's through a fresh connection: the interrupted one still waits
    for its job), and the next test gets the workers back. A hang ends the run at HUNG."""
    if not has_module(ENGINES[engine]):
        pytest.skip(f"needs {ENGINES[engine]}")
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (tmp_path / "test_sleepers.py").write_text(SLEEPERS, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY), "KATA_TEST_MARKER": str(tmp_path)}
    try:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:randomly", "-p", "no:cacheprovider",
             "-k", engine, "--tb=long", f"--junitxml={tmp_path / 'report.xml'}",
             str(tmp_path)],
            cwd=tmp_path, env=env, text=True, capture_output=True, timeout=HUNG)
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"the run hung past {HUNG} s: {str(error.stdout)[-3000:]}")
    finally:
        for process in leftover_processes(str(tmp_path)):
            process.kill()
    assert (tmp_path / "report.xml").exists(), (
        f"the run ended ({run.returncode}) without a report: {run.stdout[-3000:]}")
    outcomes = {case.get("name"): outcome(case) for case in
                ElementTree.parse(tmp_path / "report.xml").iter("testcase")}
    past, after = outcomes
    if outcomes[past][0] == "skipped":
        pytest.skip(f"{engine} did not start on this machine: {outcomes[past][1][:300]}")
    assert outcomes[past][0] == "failed" and "KataTimeout: the test ran past its time budget" in (
        outcomes[past][1]), f"expected the budget's timeout: {outcomes[past]}"
    assert outcomes[after][0] == "passed", (
        f"after {engine}'s call ran past its budget, {after} did not pass: "
        f"{outcomes[after][1][-3000:]}")


def outcome(case: ElementTree.Element) -> tuple[str, str]:
    """('passed' | 'failed' | 'skipped', the report's text) of a junit test case."""
    for child in case:
        if child.tag in ("failure", "error", "skipped"):
            verdict = "skipped" if child.tag == "skipped" else "failed"
            return verdict, f"{child.get('message', '')}\n{child.text or ''}"
    return "passed", ""


# --- a cluster that is not there ---------------------------------------------------------------

UNREACHABLE = {  # port 9 (discard) listens nowhere here: the connection is refused at once
    "06_dask": ("test_dask_futures.py", {"DASK_SCHEDULER_ADDRESS": "tcp://127.0.0.1:9"},
                "the dask scheduler at 127.0.0.1:9 cannot be reached"),
    "07_ray": ("test_ray_tasks.py", {"RAY_ADDRESS": "ray://127.0.0.1:9"},
               "Ray's head node at 127.0.0.1:9 cannot be reached"),
    "08_spark": ("test_spark_sql.py", {"SPARK_MASTER_URL": "spark://127.0.0.1:9"},
                 "the Spark master at 127.0.0.1:9 cannot be reached"),
}


@pytest.mark.parametrize("topic", sorted(UNREACHABLE))
def test_an_unreachable_cluster_is_not_gradable(topic, grade_katas):
    test_file, env, reason = UNREACHABLE[topic]
    record = grade_katas([f"exercises/{topic}/{test_file}"], "solutions", env=env, timeout=300)
    seen = [(t["name"], t["verdict"], t["message"][:300]) for t in record["tests"]]
    assert seen, record["output"][-3000:]
    wrong = [t for t in seen if t[1] != "passed" and not (
        t[1] == "not-gradable" and reason in t[2] and "; to fix: " in t[2])]
    assert not wrong, f"expected not-gradable saying {reason!r} and the fix: {wrong}"
