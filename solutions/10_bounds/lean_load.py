"""Kata lean_load: read only the columns you need, each in the smallest dtype that fits."""

from pathlib import Path

import pandas as pd

COLUMNS = ["city", "amount", "paid"]  # what the analysis needs, in this order


def lean_load(csv_path: Path) -> pd.DataFrame:
    """Read the orders file with only the columns COLUMNS, in that order: `city` as a
    category, `amount` as float32 and `paid` ("yes" or "no" in the file) as bool."""
    ### BEGIN SOLUTION
    orders = pd.read_csv(
        csv_path,
        usecols=COLUMNS,
        dtype={"city": "category", "amount": "float32", "paid": "bool"},
        true_values=["yes"],
        false_values=["no"],
    )
    return orders[COLUMNS]
    ### END SOLUTION
