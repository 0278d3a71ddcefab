"""Kata data_locality: what the lesson says the kata proves, and the test that checks each claim.

- count_block: a block's words split on any whitespace (tabs, newlines, runs of spaces, an
  em space; non-ASCII letters), counted as they are written: case, punctuation and
  apostrophes are part of a word ("The" and "the", "end." and "end", "it's" stay apart)
  -> test_count_block_counts_every_word
- result: the exact word count of 12 blocks (about 90 kB each, a Zipf-like vocabulary, so
  most words are in blocks of several nodes) spread over 3 nodes -> test_word_count_is_exact
- ship the path: the bytes multiprocessing pickles in the test's process (every task sent to
  a pool), counted where the kata cannot reach, stay below 5% of the blocks' size: a task
  carries a path, never a block's text -> test_only_the_path_travels
- compute goes to the data: with 2 and 3 nodes, every block is counted exactly once, in the
  worker of the node that holds it -> test_each_block_is_counted_on_its_node
"""

import os
from collections import Counter
from pathlib import Path

import pytest
from data_locality import count_block, run_local

from graders.support.locality_support import (
    NodeLog,
    counted_where,
    node_pools,
    word_count,
    write_blocks,
)
from graders.support.parallel import process_context
from graders.support.shared_memory_support import count_pickled_bytes

NODES = ("node-c", "node-a", "node-b")


def test_count_block_counts_every_word(tmp_path):
    text = "The cat\tsat\n\n  on the  mat\r\nthe café\tend.\u2003it's the end\n"
    path = tmp_path / "blk_000000001"
    path.write_text(text, encoding="utf-8")
    got = count_block(str(path))
    expected = Counter(text.split())
    assert got == expected, (
        f"count_block of a block holding {text!r} gave {got!r}; expected {dict(expected)!r}. "
        "Words are separated by any whitespace (tabs, newlines, runs of spaces, Unicode "
        "spaces) and kept as written: str.split() without an argument, no lower() and no "
        "regex that drops punctuation; open the file as UTF-8."
    )


def test_word_count_is_exact(tmp_path):
    locations = write_blocks(tmp_path / "dfs", NODES, blocks=12, seed=49)
    with node_pools(NODES, process_context()) as pools:
        got = run_local(locations, pools)
    expected = word_count(list(locations))
    wrong = sorted(w for w in expected.keys() | dict(got or {}).keys()
                   if (got or {}).get(w, 0) != expected[w])
    assert not wrong, (
        f"run_local counted {len(wrong)} of {len(expected)} words wrongly, e.g. "
        f"{[(w, (got or {}).get(w), expected[w]) for w in wrong[:3]]} (word, yours, "
        "expected). Most words are in blocks of several nodes: add up the counts that come "
        "back (Counter.update or +=), do not let one block's count replace another's."
    )


def test_only_the_path_travels(tmp_path):
    locations = write_blocks(tmp_path / "dfs", NODES, blocks=12, seed=7)
    size = sum(os.path.getsize(path) for path in locations)
    with node_pools(NODES, process_context()) as pools, count_pickled_bytes() as pickled:
        got = run_local(locations, pools)
    # Only proof that the blocks were counted: wrong totals lose test_word_count_is_exact.
    assert set(got or {}) == set(word_count(list(locations))), (
        "run_local did not return the blocks' words; see test_word_count_is_exact.")
    per_task = pickled.total // len(locations)
    assert pickled.total < size / 20, (
        f"multiprocessing pickled {pickled.total:,} bytes ({per_task:,} a task) to count "
        f"{len(locations)} blocks of {size // len(locations):,} bytes each: the blocks "
        "themselves travelled. The data stays where it is: submit count(path) with the "
        "block's path only, and let the worker on the block's node open the file."
    )


@pytest.mark.parametrize("nodes", [2, 3])
def test_each_block_is_counted_on_its_node(nodes, tmp_path):
    names = NODES[:nodes]
    locations = write_blocks(tmp_path / "dfs", names, blocks=9, seed=nodes)
    log = tmp_path / "log"
    log.mkdir()
    with node_pools(names, process_context()) as pools:
        run_local(locations, pools, NodeLog(str(log)))
    calls = counted_where(log)
    for path, node in locations.items():
        where = [call["node"] for call in calls if call["path"] == path]
        assert where == [node], (
            f"block {Path(path).name} is held by {node}; the `count` you were given ran "
            f"for it on {where} (one entry per call; None is this process). Submit "
            "count(path) once per block, to pools[locations[path]]: the pool of the node "
            "that holds it."
        )
