"""Test-side helpers for the data_locality kata (05_mapreduce).

A toy distributed file system on one machine: a folder per node holds that node's blocks,
and a dict (the name node's table) says which node holds which block. Each node has a pool
of its own whose worker knows its node's name, so a probe can tell where a block was counted.
The bytes the kata sends to the workers are counted by shared_memory_support's pickling
counter, where the kata cannot reach.
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path

from graders.support.mapreduce_support import write_corpus

_here: dict[str, str | None] = {"node": None}  # mutated in place: set in a node's worker


def join_node(node: str) -> None:
    """A node pool's initializer: this worker runs on `node` from now on."""
    _here["node"] = node


def node_here(_: object = None) -> str | None:
    """The node this process runs on; None outside every node (the test's process)."""
    return _here["node"]


def write_blocks(folder: Path, nodes: Sequence[str], blocks: int, seed: int) -> dict[str, str]:
    """Write `blocks` block files of a seeded Zipf-like corpus (about 90 kB each), spread
    over the nodes' folders in a shuffled order; return {block path: node}, shuffled too."""
    rng = random.Random(seed)
    staged = write_corpus(folder / "staging", files=blocks, total_bytes=blocks * 60_000,
                          seed=seed)
    locations = {}
    for index, path in enumerate(staged):
        node = nodes[rng.randrange(len(nodes))] if index >= len(nodes) else nodes[index]
        home = folder / node / f"blk_{rng.randrange(10**9):09d}"
        home.parent.mkdir(exist_ok=True)
        path.rename(home)
        locations[str(home)] = node
    shuffled = list(locations.items())
    rng.shuffle(shuffled)
    return dict(shuffled)


@contextmanager
def node_pools(nodes: Sequence[str],
               context: BaseContext) -> Iterator[dict[str, ProcessPoolExecutor]]:
    """One single-worker process pool per node, each worker started and told its node."""
    with ExitStack() as stack:
        pools = {node: stack.enter_context(ProcessPoolExecutor(
            max_workers=1, mp_context=context, initializer=join_node, initargs=(node,)))
            for node in nodes}
        for node, pool in pools.items():  # start every worker now, outside what is counted
            assert pool.submit(node_here).result() == node
        yield pools


@dataclass(frozen=True)
class NodeLog:
    """count(path) for run_local: the block's word counts, and a record of the node (None in
    the test's process) and process that counted it."""

    folder: str

    def __call__(self, path: str) -> Counter:
        record = {"path": path, "node": node_here(), "pid": os.getpid()}
        Path(self.folder, f"{os.getpid()}-{os.urandom(4).hex()}.json").write_text(
            json.dumps(record), encoding="utf-8")
        return Counter(Path(path).read_text(encoding="utf-8").split())


def counted_where(folder: str | Path) -> list[dict]:
    """Every call NodeLog recorded: {"path", "node", "pid"}."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in Path(folder).glob("*.json")]


def word_count(paths: Sequence[str]) -> Counter:
    """The reference answer, counted in this process."""
    counts: Counter = Counter()
    for path in paths:
        counts.update(Path(path).read_text(encoding="utf-8").split())
    return counts
