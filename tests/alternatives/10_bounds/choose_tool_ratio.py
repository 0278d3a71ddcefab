"""Kata choose_tool in another style: the fit as a ratio, one if per bound."""

from dataclasses import dataclass

MANY_WAITS = 100  # more requests waiting at once than threads handle well: asyncio
ROOM = 2  # data fits on one machine when the machine has at least ROOM times its size in RAM


@dataclass(frozen=True)
class Job:
    """What you know about a job before you pick a tool."""

    bound: str  # "cpu", "io" or "memory": what limits it (measure it: kata find_bound)
    data_gb: float  # the data it works on
    ram_gb: float  # the memory of the one machine you have
    waits: int = 0  # how many requests wait at the same time (IO jobs)
    repeated: bool = False  # True: it runs again and again (every day); False: once
    language: str = "python"  # "python", or "jvm" when the code must be Scala or Java
    cluster: str = ""  # the cluster the team already runs: "", "dask", "spark" or "ray"
    work: str = "arrays"  # "arrays" (NumPy, pandas), "sql" (tables) or "ml" (training, actors)


def choose_tool(job: Job) -> str:
    """The lesson's tool for `job`: "threads", "asyncio", "processes", "one machine is enough",
    "dask", "spark" or "ray". The lesson's six rules, the first that applies decides."""
    if job.language == "jvm":
        return "spark"
    if job.bound == "io":
        return "asyncio" if job.waits > MANY_WAITS else "threads"
    fits = job.ram_gb / job.data_gb >= ROOM if job.data_gb else True
    if fits and job.bound == "memory":
        return "one machine is enough"
    if fits:
        return "processes"
    if job.cluster:
        return job.cluster
    if not job.repeated:
        return "one machine is enough"
    return {"arrays": "dask", "sql": "spark", "ml": "ray"}[job.work]
