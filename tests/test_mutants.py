"""Every behavioural check has a known-wrong implementation that it rejects.

Mutants are listed in `tests/mutants/<topic>.toml`. Each one is the reference solution with
text replaced (`replace = [[old, new], ...]`) or a whole file (`source = "file.py"`, beside
the toml in `tests/mutants/<topic>/`), or the same change as another mutant of the same kata
(`same_change_as = "name"`, for one mistake that several tests must reject). The named test
must reject it with the expected verdict and a message containing `message`. Only that test
runs (a rejected test is a kata without full points), which keeps hundreds of mutants fast.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
MUTANTS = REPOSITORY / "tests" / "mutants"


def load_mutants() -> list[dict]:
    mutants = []
    for manifest in sorted(MUTANTS.glob("*.toml")):
        entries = tomllib.loads(manifest.read_text())["mutants"]
        for entry in entries:
            change = next(e for e in entries if e["kata"] == entry["kata"]
                          and e["name"] == entry.get("same_change_as", entry["name"]))
            mutants.append({"topic": manifest.stem, **entry,
                            **{k: change[k] for k in ("replace", "source") if k in change}})
    return mutants


@pytest.mark.parametrize("mutant", load_mutants(),
                         ids=lambda m: f"{m['topic']}-{m['kata']}-{m['name']}")
def test_mutant_is_rejected(mutant, tmp_path, grade_katas, variant):
    variant(mutant, MUTANTS, tmp_path / "impl")
    # Only the named test runs: once it rejects the mutant, the kata cannot earn full points.
    test = f"exercises/{mutant['topic']}/test_{mutant['kata']}.py::{mutant['rejected_by']}"
    record = grade_katas([test], tmp_path / "impl", in_process=True)
    record["tests"] = [t for t in record["tests"] if t["kata"] == mutant["kata"]]
    named = [t for t in record["tests"] if t["name"].split("[")[0] == mutant["rejected_by"]]
    assert named, f"mutant {mutant['name']}: no result for {mutant['rejected_by']}\n" + (
        record["output"])
    expected = mutant.get("verdict", "failed")
    rejected = [t for t in named
                if t["verdict"] == expected and mutant["message"] in t["message"]]
    seen = [(t["verdict"], t["message"][:300]) for t in named]
    assert rejected, (
        f"mutant {mutant['name']}: {mutant['rejected_by']} gave {seen}; expected {expected} "
        f"with a message containing {mutant['message']!r}"
    )
