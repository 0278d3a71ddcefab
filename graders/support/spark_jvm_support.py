"""Test-side helpers for 08_spark's katas beyond batch SQL: work that stays in the JVM
(spark_builtin_functions) and Structured Streaming (spark_streaming).

The customers table is built to tell right from nearly right: names with tabs, runs of
spaces and blanks at either end, letters outside ASCII whose lower case Python and Java
agree on, a missing name, a missing spend, and spends exactly on the tier boundaries.
A seeded random twin keeps any answer from being copied from a test.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

CUSTOMERS_SCHEMA = "name string, spend double"
CUSTOMERS = [
    ("  Zoë  Ångström ", 100.0),  # exactly gold
    ("ÉLODIE\tDURAND", 99.75),
    ("Łódź\t \tTeam", 20.0),  # exactly silver
    ("ΣΩΚΡΑΤΗΣ", 19.75),
    ("\tbob", 0.0),
    ("Bob", None),  # a known name, an unknown spend
    (None, 250.0),  # an unknown name
    ("北京 Store", -5.0),
    ("Ada  Lovelace", 100.25),
]
GOLD, SILVER = 100.0, 20.0  # the kata's boundaries, restated: the test owns its answer

# Every Python evaluation a physical plan can hold: row-at-a-time and Arrow UDFs, pandas
# and Arrow functions over batches or groups, Python table functions.
PYTHON_NODES = re.compile(r"\w*(EvalPython|InPandas|InArrow|PythonUDTF)\w*")


def random_customers(seed: int, rows: int = 60) -> list[tuple]:
    """Customers in the CUSTOMERS schema drawn from `seed`, boundaries and nulls included."""
    rng = random.Random(seed)
    words = ["Ada", "BOB", "zoë", "Ærø", "ŁUKASZ", "Mañana", "o'neil", "東京"]
    blanks = [" ", "  ", "\t", " \t", ""]
    table = []
    for _ in range(rows):
        parts = rng.sample(words, rng.randint(1, 3))
        inside = rng.choice([" ", "\t ", "   "]).join(parts)
        name = rng.choice(blanks) + inside + rng.choice(blanks)
        drawn = rng.randint(-8, 800) / 4
        spend = rng.choice([None, GOLD, SILVER, GOLD - 0.25, SILVER - 0.25, drawn])
        table.append((None if rng.random() < 0.1 else name, spend))
    return table


def tier_reference(spend: float | None, gold: float = GOLD, silver: float = SILVER) -> str:
    """The tier `tier_udf` gives, for the boundaries `gold` and `silver`."""
    if spend is None:
        return "unknown"
    return "gold" if spend >= gold else "silver" if spend >= silver else "bronze"


def key_and_tier_reference(rows: list[tuple]) -> list[tuple]:
    """(name, spend, key, tier) for every customer: what the Python UDFs give."""
    return [(name, spend, None if name is None else " ".join(name.split()).lower(),
             tier_reference(spend)) for name, spend in rows]


def python_nodes(plan: str) -> list[str]:
    """The names of the plan's steps that run Python code, in plan order."""
    names = [match.group(0) for match in PYTHON_NODES.finditer(plan)]
    return list(dict.fromkeys(names))


def scans(plan: str) -> list[str]:
    """The leaves that read a table (`Scan ...[columns#ids]`, `LocalTableScan ...`): each
    names its columns with ids that are new whenever a table is rebuilt."""
    return re.findall(r"(?:Scan \w+|LocalTableScan) ?\[[^\]]*\]", plan)


# --- streaming -----------------------------------------------------------------------------


def write_text(folder: Path, name: str, lines: list[str]) -> Path:
    """Write a text file whole, then move it in: a stream never sees half a file."""
    part = folder.parent / f".{name}.part"
    part.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return part.replace(folder / name)


def files_per_batch(checkpoint: Path) -> dict[int, list[str]]:
    """{batch id: names of the files that batch read}, from the file source's own log in the
    checkpoint (Spark writes `sources/0/<batch>` as `v1` then one JSON line per file)."""
    batches: dict[int, list[str]] = {}
    log = checkpoint / "sources" / "0"
    for entry in sorted(log.glob("[0-9]*")) if log.is_dir() else []:
        lines = entry.read_text(encoding="utf-8").splitlines()[1:]
        batches[int(entry.name.split(".")[0])] = [
            Path(json.loads(line)["path"]).name for line in lines if line.strip()]
    return batches
