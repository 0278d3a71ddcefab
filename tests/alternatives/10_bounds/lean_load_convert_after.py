"""Alternative for kata lean_load: read the three columns, then convert each one."""

from pathlib import Path

import pandas as pd

COLUMNS = ["city", "amount", "paid"]


def lean_load(csv_path: Path) -> pd.DataFrame:
    orders = pd.read_csv(csv_path, usecols=COLUMNS)[COLUMNS]
    orders["city"] = orders["city"].astype("category")
    orders["amount"] = orders["amount"].astype("float32")
    orders["paid"] = orders["paid"] == "yes"
    return orders
