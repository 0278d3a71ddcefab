"""data_locality, wrong: the parent reads every block and ships its text to the node."""

from collections import Counter
from pathlib import Path


def count_block(path):
    return Counter(Path(path).read_text(encoding="utf-8").split())


def count_text(text):
    return Counter(text.split())


def run_local(locations, pools, count=count_block):
    futures = [pools[node].submit(count_text, Path(path).read_text(encoding="utf-8"))
               for path, node in locations.items()]
    total = Counter()
    for future in futures:
        total.update(future.result())
    return total
