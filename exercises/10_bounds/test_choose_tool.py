"""Kata choose_tool: what the lesson says it proves, and the test that checks each claim.

Each test is one of the lesson's six rules, with jobs on both sides of its boundary and jobs
where an earlier rule must win over it; the first rule that applies decides. The sizes vary
(RAM from 6 to 64 GB, data in fractions of a GB at the fit's boundary), so a fixed size or a
rounded one (//, int(), round()) fails.

1. Code that must run on the JVM (Scala, Java) goes to Spark, whatever else the job is:
   test_jvm_code_runs_on_spark.
2. A job that waits (IO-bound) uses threads, or asyncio when more than MANY_WAITS (100)
   requests wait at once, however big its data and whatever cluster there is:
   test_a_waiting_job_uses_threads_or_asyncio.
3. A job whose data fits on the machine (RAM at least ROOM = 2 times the data) stays on it:
   processes when CPU-bound, "one machine is enough" when memory-bound (make it lean), even
   beside a cluster: test_a_job_that_fits_stays_on_one_machine.
4. A job that does not fit uses the cluster the team already runs (and pays for):
   test_a_job_that_does_not_fit_uses_the_teams_cluster.
5. Else a one-off job stays on one machine, in chunks (a cluster does not pay off for one
   run): test_a_one_off_job_stays_on_one_machine.
6. Else a repeated big job picks by its work: arrays (NumPy, pandas) dask, tables and SQL
   Spark, ML training and actors Ray: test_a_big_repeated_job_picks_by_its_work.
"""

import pytest
from choose_tool import Job, choose_tool

RULES = {
    1: "rule 1: code that must run on the JVM (Scala, Java) runs on Spark, whatever else",
    2: "rule 2: a job that waits (bound 'io') uses threads, or asyncio when more than "
       "MANY_WAITS (100) requests wait at once; its data size and any cluster do not matter",
    3: "rule 3: data that fits on the machine (data_gb * ROOM <= ram_gb, ROOM = 2) stays "
       "there: 'processes' when CPU-bound, 'one machine is enough' when memory-bound, even "
       "when a cluster is at hand",
    4: "rule 4: a job that does not fit uses the cluster the team already runs",
    5: "rule 5: with no cluster, a one-off job that does not fit stays on one machine, in "
       "chunks: a cluster does not pay off for one run",
    6: "rule 6: a repeated job that does not fit picks by its work: 'arrays' dask, 'sql' "
       "spark, 'ml' ray",
}


def check(job: Job, expected: str, rule: int) -> None:
    got = choose_tool(job)
    assert got == expected, (
        f"choose_tool({job}) gave {got!r}; expected {expected!r} by {RULES[rule]}. "
        "Ask the rules in the lesson's order: the first that applies decides."
    )


@pytest.mark.parametrize("job", [
    Job("cpu", data_gb=1, ram_gb=16, language="jvm"),
    Job("io", data_gb=1, ram_gb=16, waits=5000, language="jvm"),
    Job("memory", data_gb=500, ram_gb=16, repeated=True, cluster="dask", language="jvm"),
], ids=["small_cpu", "waiting", "big_with_a_dask_cluster"])
def test_jvm_code_runs_on_spark(job):
    check(job, "spark", 1)


@pytest.mark.parametrize(("job", "expected"), [
    (Job("io", data_gb=1, ram_gb=16, waits=10), "threads"),
    (Job("io", data_gb=1, ram_gb=16, waits=100), "threads"),
    (Job("io", data_gb=1, ram_gb=16, waits=101), "asyncio"),
    (Job("io", data_gb=1, ram_gb=16, waits=5000), "asyncio"),
    (Job("io", data_gb=900, ram_gb=16, waits=20, repeated=True, cluster="spark"), "threads"),
    (Job("io", data_gb=900, ram_gb=16, waits=800, repeated=True, work="ml"), "asyncio"),
], ids=["10_waits", "100_waits", "101_waits", "5000_waits", "big_beside_spark",
        "big_repeated"])
def test_a_waiting_job_uses_threads_or_asyncio(job, expected):
    check(job, expected, 2)


@pytest.mark.parametrize(("job", "expected"), [
    (Job("cpu", data_gb=1, ram_gb=16), "processes"),
    (Job("cpu", data_gb=8, ram_gb=16, repeated=True), "processes"),
    (Job("cpu", data_gb=2, ram_gb=16, repeated=True, cluster="ray", work="ml"), "processes"),
    (Job("memory", data_gb=4, ram_gb=16), "one machine is enough"),
    (Job("memory", data_gb=8, ram_gb=16, repeated=True, cluster="spark", work="sql"),
     "one machine is enough"),
    (Job("cpu", data_gb=7.5, ram_gb=15, repeated=True, cluster="dask"), "processes"),
    (Job("memory", data_gb=8.5, ram_gb=17, repeated=True), "one machine is enough"),
    (Job("cpu", data_gb=3, ram_gb=6), "processes"),
    (Job("memory", data_gb=30, ram_gb=64, cluster="ray"), "one machine is enough"),
], ids=["small_cpu", "cpu_at_half_the_ram", "cpu_beside_ray", "memory",
        "memory_at_half_the_ram_beside_spark", "cpu_at_half_of_15_gb",
        "memory_at_half_of_17_gb", "cpu_on_6_gb", "memory_on_64_gb"])
def test_a_job_that_fits_stays_on_one_machine(job, expected):
    check(job, expected, 3)


@pytest.mark.parametrize(("job", "expected"), [
    (Job("cpu", data_gb=9, ram_gb=16, cluster="dask"), "dask"),
    (Job("memory", data_gb=400, ram_gb=64, repeated=True, cluster="spark"), "spark"),
    (Job("cpu", data_gb=100, ram_gb=32, repeated=True, cluster="ray", work="sql"), "ray"),
    (Job("cpu", data_gb=8.25, ram_gb=16, cluster="spark"), "spark"),
    (Job("memory", data_gb=33, ram_gb=64, repeated=True, cluster="dask"), "dask"),
], ids=["just_over_half_the_ram", "memory_repeated", "sql_beside_ray",
        "a_quarter_gb_over_half_the_ram", "just_over_half_of_64_gb"])
def test_a_job_that_does_not_fit_uses_the_teams_cluster(job, expected):
    check(job, expected, 4)


@pytest.mark.parametrize("job", [
    Job("cpu", data_gb=9, ram_gb=16),
    Job("memory", data_gb=200, ram_gb=16, work="sql"),
    Job("cpu", data_gb=50, ram_gb=8, work="ml"),
    Job("cpu", data_gb=5, ram_gb=8),
    Job("cpu", data_gb=7.6, ram_gb=15),
], ids=["just_over_half_the_ram", "memory_sql", "cpu_ml", "cpu_5_gb_on_8", "cpu_7_6_gb_on_15"])
def test_a_one_off_job_stays_on_one_machine(job):
    check(job, "one machine is enough", 5)


@pytest.mark.parametrize(("job", "expected"), [
    (Job("cpu", data_gb=9, ram_gb=16, repeated=True, work="arrays"), "dask"),
    (Job("memory", data_gb=300, ram_gb=32, repeated=True, work="arrays"), "dask"),
    (Job("cpu", data_gb=100, ram_gb=16, repeated=True, work="sql"), "spark"),
    (Job("memory", data_gb=100, ram_gb=16, repeated=True, work="sql"), "spark"),
    (Job("cpu", data_gb=100, ram_gb=16, repeated=True, work="ml"), "ray"),
    (Job("cpu", data_gb=40, ram_gb=64, repeated=True, work="ml"), "ray"),
], ids=["arrays_just_over_half_the_ram", "arrays_memory", "sql", "sql_memory", "ml",
        "ml_40_gb_on_64"])
def test_a_big_repeated_job_picks_by_its_work(job, expected):
    check(job, expected, 6)
