"""Benchmark: grading 1,000 simulated requests on the virtual clock takes well under 1 s.

Run: `python tests/benchmarks/bench_asyncio.py [--impl solutions|DIR]`. Each check below is
what a 04_asyncio test does, scaled to 1,000 requests of 1 to 30 virtual seconds each: the
exact virtual total, the peak in flight, the order of completion, and blockbuster watching
the kata module. Exits 1 if a check is wrong or the three runs together take 1 s of CPU
time or more. CPU time, not wall time: it is what grading costs, and it does not grow with
the load of a shared machine (wall time is printed beside it).
"""

from __future__ import annotations

import argparse
import importlib
import math
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY))

from graders.support.asyncio_support import (  # noqa: E402
    FakeFetch,
    no_blocking,
    run_virtual,
    sleeper,
    urls,
)

REQUESTS = 1_000
LIMIT = 50
CPU_LIMIT = 1.0


def bench_bounded(bounded_fetch) -> str:
    fetch = FakeFetch(default=1.0)
    pages = urls(REQUESTS)
    with no_blocking(bounded_fetch, "benchmark"):
        results, clock = run_virtual(lambda: bounded_fetch.fetch_bounded(pages, fetch, LIMIT))
    assert len(results) == REQUESTS and clock == math.ceil(REQUESTS / LIMIT), clock
    assert fetch.peak == LIMIT, fetch.peak
    return f"bounded_fetch: {REQUESTS} x 1 s, limit {LIMIT}: virtual {clock:g} s, peak {fetch.peak}"


def bench_gather(gather_counts) -> str:
    jobs = [sleeper(1 + i % 30, i) for i in range(REQUESTS)]
    results, clock = run_virtual(lambda: gather_counts.run_concurrently(jobs))
    assert results == list(range(REQUESTS)) and clock == 30.0, clock
    return f"gather_counts.run_concurrently: {REQUESTS} jobs of 1-30 s: virtual {clock:g} s"


def bench_completion(completion_order) -> str:
    pages = urls(REQUESTS)
    fetch = FakeFetch(delays={url: REQUESTS - i for i, url in enumerate(pages)})
    results, clock = run_virtual(lambda: completion_order.in_completion_order(pages, fetch))
    assert [url for url, _ in results] == pages[::-1] and clock == REQUESTS, clock
    return f"completion_order: {REQUESTS} fetches, reverse finishing order: virtual {clock:g} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--impl", default="solutions")
    args = parser.parse_args()
    root = REPOSITORY / args.impl if args.impl in ("solutions", "exercises") else Path(args.impl)
    sys.path.insert(0, str(root / "04_asyncio"))
    modules = {name: importlib.import_module(name)
               for name in ("bounded_fetch", "gather_counts", "completion_order")}
    benches = [(bench_bounded, "bounded_fetch"), (bench_gather, "gather_counts"),
               (bench_completion, "completion_order")]
    total = 0.0
    for bench, name in benches:
        start, start_cpu = time.perf_counter(), time.process_time()
        line = bench(modules[name])
        cpu = time.process_time() - start_cpu
        total += cpu
        print(f"{line}; CPU {cpu:.3f} s, wall {time.perf_counter() - start:.3f} s")
    print(f"{len(benches)} x {REQUESTS} simulated requests graded in {total:.3f} s of CPU time "
          f"in all (limit {CPU_LIMIT:g} s for all of them)")
    return 0 if total < CPU_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
