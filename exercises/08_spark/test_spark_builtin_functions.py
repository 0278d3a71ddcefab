"""What `spark_builtin_functions` proves, and the test that checks each claim.

- The work stays in the JVM: the physical plan Spark would run has no step that runs
  Python (no BatchEvalPython or ArrowEvalPython for `udf`/`pandas_udf`, no MapInPandas,
  MapInArrow or grouped pandas function), and it still reads the customers table itself,
  so the rows did not leave for Python through `.rdd.map(...)` or `collect()` and come
  back as a new table. Building it ran no Spark job (test_work_stays_in_the_jvm).
- The rows equal the Python functions' answers on adversarial tables: tabs, runs of
  spaces and blanks at the ends of names, letters outside ASCII, a missing name, a
  missing spend (tier "unknown", not the `otherwise` branch), spends exactly on the
  GOLD and SILVER boundaries, and a seeded random table (test_same_rows_as_the_python_functions).
- The tiers follow the module's GOLD and SILVER, not copies of their values: the test sets
  them to two other values (test_tiers_follow_gold_and_silver).

Not checked: speed. The boundary costs time per row, but on a table this small the
difference is noise; the plan is the evidence.
"""

import pytest
import spark_builtin_functions
from spark_builtin_functions import with_key_and_tier

from graders.support.spark_jvm_support import (
    CUSTOMERS,
    CUSTOMERS_SCHEMA,
    key_and_tier_reference,
    python_nodes,
    random_customers,
    scans,
    tier_reference,
)
from graders.support.spark_support import (
    collected,
    columns_of,
    columns_problem,
    jobs_started_by,
    order,
    plan_of,
)


@pytest.fixture(scope="module")
def customers(spark):
    return spark.createDataFrame(CUSTOMERS, CUSTOMERS_SCHEMA)


def test_work_stays_in_the_jvm(spark, customers):
    from pyspark.sql import DataFrame

    result, jobs = jobs_started_by(spark, with_key_and_tier, customers)
    assert isinstance(result, DataFrame), (
        f"with_key_and_tier returned a {type(result).__name__}; expected a DataFrame. "
        "Add the columns with withColumn and return the DataFrame itself."
    )
    assert jobs == 0, (
        f"with_key_and_tier ran {jobs} Spark job(s) (counted across the whole application); "
        "expected none: column functions only describe the work, the caller runs it."
    )
    plan = plan_of(result)
    nodes = python_nodes(plan)
    assert not nodes, (
        f"the physical plan has {', '.join(nodes)}: a step where Spark sends every row from "
        "the JVM to a Python worker and reads the answer back (serialised both ways, a "
        "Python call per row or per batch). Express the columns with pyspark.sql.functions "
        "(lower, trim, regexp_replace, when/otherwise) so the JVM computes them itself."
    )
    missing = [scan for scan in scans(plan_of(customers)) if scan not in plan]
    assert not missing, (
        f"the result no longer reads the customers table ({missing[0]}): its rows were "
        "taken out (`.rdd.map(...)`, `collect()`) and made into a new table, so they went "
        "through Python. Add columns to `customers` itself with withColumn or select."
    )


def row_problem(got: tuple, expected: tuple) -> str:
    """What is wrong with one customer's (name, spend, key, tier), and what to try."""
    name, spend, key, tier = expected
    if got[3] != tier and spend is None:
        return (f"a missing spend got tier {got[3]!r}; expected 'unknown'. A comparison "
                "with a missing value is missing, neither true nor false, so when() falls "
                "through to otherwise(); test F.col('spend').isNull() first.")
    if got[3] != tier:
        return (f"spend {spend} got tier {got[3]!r}; expected {tier!r}: gold from GOLD, "
                "silver from SILVER (each boundary belongs to the higher tier, >=), else "
                "bronze.")
    return (f"name {name!r} got key {got[2]!r}; expected {key!r}: lowercase it, remove the "
            "blanks at its ends, and make every run of spaces or tabs inside it one space "
            "(regexp_replace with the pattern \\s+, then trim); a missing name stays "
            "missing.")


def test_same_rows_as_the_python_functions(spark, customers):
    tables = [(CUSTOMERS, customers), *[
        (rows, spark.createDataFrame(rows, CUSTOMERS_SCHEMA))
        for rows in (random_customers(7), random_customers(8))]]
    for rows, frame in tables:
        result = with_key_and_tier(frame)
        got = collected(result, "with_key_and_tier")
        problem = columns_problem(columns_of(result, got), ["name", "spend", "key", "tier"])
        assert problem is None, (
            f"{problem}. Keep the customers' columns and add `key` and `tier` (withColumn)."
        )
        got_rows = sorted(((r["name"], r["spend"], r["key"], r["tier"]) for r in got), key=order)
        expected = sorted(key_and_tier_reference(rows), key=order)
        assert len(got_rows) == len(expected), (
            f"{len(got_rows)} rows for {len(expected)} customers; expected one row per "
            "customer, none dropped or added."
        )
        for got_row, expected_row in zip(got_rows, expected, strict=True):
            assert got_row == expected_row, (
                f"with_key_and_tier: {row_problem(got_row, expected_row)}")


def test_tiers_follow_gold_and_silver(spark, monkeypatch):
    gold, silver = 50.0, 5.0
    monkeypatch.setattr(spark_builtin_functions, "GOLD", gold)
    monkeypatch.setattr(spark_builtin_functions, "SILVER", silver)
    spends = [None, 4.75, 5.0, 19.75, 20.0, 49.75, 50.0, 99.75, 100.0]
    frame = spark.createDataFrame([("Ada", spend) for spend in spends], CUSTOMERS_SCHEMA)
    got = collected(with_key_and_tier(frame), "with_key_and_tier")
    wrong = [(row["spend"], row["tier"]) for row in got
             if row["tier"] != tier_reference(row["spend"], gold, silver)]
    assert len(got) == len(spends) and not wrong, (
        f"with GOLD set to {gold} and SILVER to {silver}, {len(got)} rows for {len(spends)} "
        f"customers and (spend, tier) pairs {wrong[:3]}; expected gold from {gold}, silver "
        f"from {silver}. Compare with the module's GOLD and SILVER, not copies of their "
        "values."
    )
