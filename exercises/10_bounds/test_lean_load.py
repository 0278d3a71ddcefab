"""Kata lean_load: what the lesson says it proves, and the test that checks each claim.

The test writes a fresh orders file on every run: the needed columns among other columns,
in a shuffled order; cities that are not the lesson's (some with accents or commas); empty
cities and amounts; "yes"/"no" for paid.

- `lean_load(csv_path)` returns a plain DataFrame with exactly the columns city, amount and
  paid, in that order, whatever the file's order: test_reads_only_the_needed_columns.
- Each column has the lean dtype: city `category`, amount `float32`, paid `bool`:
  test_each_column_has_the_lean_dtype.
- The values are the file's: equal to a plain `read_csv` of the same file (empty cells stay
  missing, amounts equal within float32 precision, "yes" is True):
  test_values_equal_a_plain_read.
- It needs at most MEMORY_SHARE of the memory of a plain read of the same three columns,
  measured with `memory_usage(deep=True)` on the returned frame:
  test_uses_a_fraction_of_the_memory.

Not graded: whether the other columns were parsed at all (`usecols` versus dropping them
after the read). pandas parses outside the Python heap, so tracemalloc cannot see it.
"""

import csv
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from lean_load import lean_load

COLUMNS = ["city", "amount", "paid"]
DTYPES = {"city": "category", "amount": "float32", "paid": "bool"}
OTHERS = ["order_id", "customer", "notes", "discount", "created"]
CITIES = ["Ōsaka", "Reykjavík", "São Paulo", "Windhoek", "Tromsø", "Ushuaia", "Hobart",
          "Kraków", "Quito", "Nouméa", "Thimphu", "Valparaíso", "Zanzibar City", "Irkutsk",
          "Luang Prabang", "Saint-Étienne", "Washington, D.C.", "Port Louis", "Nuuk", "Iqaluit"]
ROWS = 12_000
MEMORY_SHARE = 0.25


def shuffled_header(rng: random.Random) -> list[str]:
    """All columns in a random order in which the needed ones are NOT in COLUMNS' order."""
    while True:
        header = rng.sample(COLUMNS + OTHERS, len(COLUMNS + OTHERS))
        if [c for c in header if c in COLUMNS] != COLUMNS:
            return header


def row(rng: random.Random, cities: list[str], index: int) -> dict[str, str]:
    return {
        "order_id": str(100_000 + index),
        "customer": f"customer-{rng.randint(1, 5000)}",
        "notes": " ".join(rng.choice(["fragile", "gift", "late", "call first", "express"])
                          for _ in range(rng.randint(5, 15))),
        "discount": f"{rng.random():.3f}",
        "created": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "city": "" if rng.random() < 0.05 else rng.choice(cities),
        "amount": "" if rng.random() < 0.05 else f"{rng.uniform(0.5, 5000):.2f}",
        "paid": rng.choice(["yes", "no"]),
    }


@pytest.fixture
def orders(tmp_path: Path) -> Path:
    rng = random.Random()
    cities = rng.sample(CITIES, rng.randint(8, len(CITIES)))
    path = tmp_path / f"orders-{rng.randint(0, 999)}.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=shuffled_header(rng))
        writer.writeheader()
        writer.writerows(row(rng, cities, i) for i in range(ROWS))
    return path


def plain_read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, usecols=COLUMNS, keep_default_na=True)[COLUMNS]


def test_reads_only_the_needed_columns(orders):
    got = lean_load(orders)
    assert type(got) is pd.DataFrame, (
        f"lean_load returned a {type(got).__name__}; expected a pandas DataFrame.")
    file_order = pd.read_csv(orders, nrows=0).columns.tolist()
    assert list(got.columns) == COLUMNS, (
        f"lean_load returned the columns {list(got.columns)} from a file whose columns are "
        f"{file_order}; expected exactly {COLUMNS}, in that order. Read only those with "
        "`usecols=`, which keeps the file's order, then select `df[COLUMNS]`."
    )


def test_each_column_has_the_lean_dtype(orders):
    got = lean_load(orders)
    found = {c: str(t) for c, t in got.dtypes.items()}
    wrong = {c: found.get(c) for c, t in DTYPES.items() if found.get(c) != t}
    assert not wrong, (
        f"lean_load gave the dtypes {found}; expected {DTYPES}. Wrong: {wrong}. Pass "
        "`dtype={...}` to read_csv; a yes/no column becomes bool only when read_csv is told "
        "which words are True and False (`true_values`, `false_values`)."
    )


def test_values_equal_a_plain_read(orders):
    got = lean_load(orders)
    plain = plain_read(orders)
    assert len(got) == len(plain), f"lean_load gave {len(got)} rows; the file has {len(plain)}."
    mismatched = [c for c in COLUMNS if c not in got.columns]
    assert not mismatched, f"lean_load gave no column {mismatched}; expected {COLUMNS}."
    city = got["city"].astype(object).where(got["city"].notna(), None).tolist()
    expected_city = plain["city"].astype(object).where(plain["city"].notna(), None).tolist()
    amount = got["amount"].to_numpy(dtype=np.float64)
    same_amount = np.allclose(amount, plain["amount"].to_numpy(), rtol=1e-6, equal_nan=True)
    paid = got["paid"].tolist()
    expected_paid = (plain["paid"] == "yes").tolist()
    wrong = [name for name, same in (("city", city == expected_city),
                                     ("amount", same_amount), ("paid", paid == expected_paid))
             if not same]
    assert not wrong, (
        f"lean_load's values differ from a plain read of the same file in {wrong}; expected "
        "the same cities (empty ones missing), the same amounts within float32 precision "
        "(empty ones NaN) and paid True exactly where the file says 'yes'. Let read_csv "
        "convert while reading (`dtype=`, `true_values=['yes']`, `false_values=['no']`) "
        "rather than converting by hand."
    )


def test_uses_a_fraction_of_the_memory(orders):
    got = lean_load(orders)
    lean = int(got.memory_usage(deep=True).sum())
    plain = int(plain_read(orders).memory_usage(deep=True).sum())
    assert lean <= MEMORY_SHARE * plain, (
        f"lean_load's frame takes {lean / 1e6:.2f} MB (memory_usage(deep=True)); a plain "
        f"read of the same three columns takes {plain / 1e6:.2f} MB; expected at most "
        f"{MEMORY_SHARE:.0%} of it. Text repeated in many rows is smallest as a 'category', "
        "an amount needs no more than 'float32', and yes/no fits in a 'bool'."
    )
