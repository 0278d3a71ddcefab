"""Correct solutions in other styles earn full points.

A check that rejects a correct solution written another way (a `multiprocessing.Pool`
instead of a `ProcessPoolExecutor`, a TaskGroup instead of gather, SQL instead of the
DataFrame API) costs an honest student points. Alternatives are listed in
`tests/alternatives/<topic>.toml`:

    [[alternatives]]
    name = "pool_instead_of_executor"
    kata = "pool_map"
    why = "multiprocessing.Pool is as correct as ProcessPoolExecutor"
    replace = [["old text", "new text"]]   # applied to the solution, or:
    # source = "pool_map_with_pool.py"     # a whole module in tests/alternatives/<topic>/

Every test of the kata must pass; not-gradable is allowed where the honesty proof allows it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
ALTERNATIVES = REPOSITORY / "tests" / "alternatives"


def load_alternatives() -> list[dict]:
    return [{"topic": listing.stem, **entry}
            for listing in sorted(ALTERNATIVES.glob("*.toml"))
            for entry in tomllib.loads(listing.read_text(encoding="utf-8"))["alternatives"]]


@pytest.mark.parametrize("alternative", load_alternatives(),
                         ids=lambda a: f"{a['topic']}-{a['kata']}-{a['name']}")
def test_alternative_earns_full_points(alternative, tmp_path, grade_katas, variant,
                                       not_gradable_allowed):
    variant(alternative, ALTERNATIVES, tmp_path / "impl")
    test_file = f"exercises/{alternative['topic']}/test_{alternative['kata']}.py"
    record = grade_katas([test_file], tmp_path / "impl", in_process=True)
    tests = [t for t in record["tests"] if t["kata"] == alternative["kata"]]
    assert tests, f"{alternative['name']}: no result\n{record['output']}"
    lost = [(t["name"], t["verdict"], t["message"][:300]) for t in tests
            if t["verdict"] != "passed"
            and not (t["verdict"] == "not-gradable" and not_gradable_allowed(t))]
    assert not lost, f"alternative {alternative['name']} ({alternative['why']}) lost: {lost}"
