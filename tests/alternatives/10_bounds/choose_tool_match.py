"""Kata choose_tool in another style: one match statement over the job, the rules as cases."""

from dataclasses import dataclass

MANY_WAITS = 100
ROOM = 2


@dataclass(frozen=True)
class Job:
    bound: str
    data_gb: float
    ram_gb: float
    waits: int = 0
    repeated: bool = False
    language: str = "python"
    cluster: str = ""
    work: str = "arrays"


def choose_tool(job: Job) -> str:
    fits = job.data_gb <= job.ram_gb / ROOM
    match job:
        case Job(language="jvm"):
            return "spark"
        case Job(bound="io", waits=waits) if waits > MANY_WAITS:
            return "asyncio"
        case Job(bound="io"):
            return "threads"
        case Job(bound="cpu") if fits:
            return "processes"
        case _ if fits:
            return "one machine is enough"
        case Job(cluster=cluster) if cluster:
            return cluster
        case Job(repeated=False):
            return "one machine is enough"
        case Job(work="sql"):
            return "spark"
        case Job(work="ml"):
            return "ray"
        case _:
            return "dask"
