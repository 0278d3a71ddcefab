"""data_locality, another style: group the blocks by node, one Executor.map per node."""

import collections


def count_block(path):
    counts = collections.Counter()
    with open(path, encoding="utf-8") as block:
        for line in block:
            counts.update(line.split())
    return counts


def run_local(locations, pools, count=count_block):
    by_node = collections.defaultdict(list)
    for path, node in locations.items():
        by_node[node].append(path)
    results = [pools[node].map(count, paths) for node, paths in by_node.items()]
    return sum((counts for result in results for counts in result), collections.Counter())
