"""Kata proof_of_work: what the lesson says the kata proves, and the test that checks each claim.

- pow_hash and is_solved: decimal adler32 of the UTF-8 bytes, and any rule as a suffix of it,
  on strings and rules beyond the lesson's -> test_hash_matches_the_course
- result: the first suffix in lexical order, whichever task finishes first: the lexically
  first answer is found last on purpose -> test_first_suffix_in_lexical_order; with the
  course's own rule on bases not in the lesson, suffix lengths 1, 2 and 3 and 2 to 4 workers
  -> test_course_rule_on_other_bases
- completeness: every first letter 'a' to 'z' is searched -> test_every_letter_is_searched;
  None when nothing works -> test_none_when_nothing_works
- where: one first letter per task, in worker processes started by the asked method (proven
  in each worker) -> test_search_runs_in_workers_started_the_way_asked
- how concurrent, both ways, for 2 and 3 workers: the first `workers` letters are searched
  at once (each waits for the others to start), by no more than `workers` processes
  -> test_workers_search_at_once
- early stop: letters still queued when the answer is known are cancelled; the letters
  without an answer wait for the answer and then hold the workers, so the count does not
  depend on the machine's load -> test_stops_once_the_answer_is_known
"""

import itertools
import os
import zlib

import pytest
from proof_of_work import find_suffix, is_solved, pow_hash

from graders.support.parallel import (
    AdlerRule,
    SearchProbe,
    letters_searched,
    process_context,
    start_methods,
)

CASES = [(method, 2 + i % 2) for i, method in enumerate(start_methods())]
IDS = [f"{method}-{workers}workers" for method, workers in CASES]


def test_hash_matches_the_course():
    texts = ["baseman", "basemans", "I miss DSR already", "café au lait", ""]
    got = [pow_hash(s) for s in texts]
    expected = [str(zlib.adler32(s.encode("utf-8"))) for s in texts]
    assert got == expected, (
        f"pow_hash gave {got} for {texts}; expected {expected}: the decimal zlib.adler32 of "
        "the UTF-8 bytes (text.encode()), as a str."
    )
    rules = {("basemans", "1"): True, ("baseman", "1"): False,
             ("I miss DSR already", "169"): True, ("I miss DSR already", "69"): True,
             ("I miss DSR already", "96"): False, ("I miss DSR already", "19"): False,
             ("baseman", "088"): True}
    wrong = {k: v for k, v in rules.items() if is_solved(*k) != v}
    assert not wrong, (
        f"is_solved(text, rule) should be True exactly when pow_hash(text) ends with the "
        f"whole rule; these came out wrong: {wrong} (True is the right answer where shown)."
    )


def brute_force(base: str, length: int, rule: str) -> str | None:
    """The first suffix in lexical order, searched here one candidate at a time."""
    check = AdlerRule(rule)
    for letters in itertools.product("abcdefghijklmnopqrstuvwxyz", repeat=length):
        if check(base + "".join(letters)):
            return "".join(letters)
    return None


@pytest.mark.parametrize(("start_method", "workers"), CASES, ids=IDS)
def test_first_suffix_in_lexical_order(start_method, workers, tmp_path):
    # 'bq' is found first and 'ak' last: the answer is 'ak' all the same.
    check = SearchProbe("miner", ("ak", "bq"), str(tmp_path), late_first=True)
    got = find_suffix("miner", 2, check, workers, process_context(start_method))
    assert got == "ak", (
        f"both 'ak' and 'bq' work, and the search found 'bq' first, but the answer is the "
        f"first in lexical order, 'ak'; find_suffix gave {got!r}. Take the letters' results "
        "in the order of the letters, not as they finish (as_completed)."
    )


# Lengths 1, 2 and 3: a slip in the length of the rest after the first letter (length >> 1,
# length // 2, length - 2) agrees with length - 1 for one or two of them, never for all three.
@pytest.mark.parametrize(("base", "length", "rule", "workers"),
                         [("miner", 1, "3", 3), ("sha", 2, "07", 2), ("ore", 3, "007", 4)])
def test_course_rule_on_other_bases(base, length, rule, workers):
    expected = brute_force(base, length, rule)
    got = find_suffix(base, length, AdlerRule(rule), workers, process_context())
    assert got == expected, (
        f"find_suffix({base!r}, {length}, rule {rule!r}) gave {got!r}; expected {expected!r}, "
        f"the first {length}-letter suffix in lexical order whose hash ends with the rule. "
        "Each task fixes the first letter and tries every combination of the other "
        "length - 1 letters (itertools.product(ALPHABET, repeat=length - 1))."
    )


def test_none_when_nothing_works(tmp_path):
    got = find_suffix("miner", 2, SearchProbe("miner", (), str(tmp_path)), 3,
                      process_context())
    assert got is None, f"no suffix works here, yet find_suffix gave {got!r}; expected None."


def test_every_letter_is_searched(tmp_path):
    check = SearchProbe("miner", ("zq",), str(tmp_path))
    got = find_suffix("miner", 2, check, 2, process_context())
    searched = "".join(s.letter for s in letters_searched(str(tmp_path)))
    assert got == "zq", (
        f"the only answer was 'zq', but find_suffix gave {got!r}; searched first letters: "
        f"{searched}. Search the whole alphabet, 'a' to 'z'."
    )


@pytest.mark.parametrize(("start_method", "workers"), CASES, ids=IDS)
def test_search_runs_in_workers_started_the_way_asked(start_method, workers, tmp_path):
    check = SearchProbe("miner", ("mc",), str(tmp_path))
    got = find_suffix("miner", 2, check, workers, process_context(start_method))
    searched = letters_searched(str(tmp_path))
    where = sorted({s.method for s in searched})
    assert where == [start_method] and os.getpid() not in {s.pid for s in searched}, (
        f"asked for {start_method} workers, the letters were searched in processes started "
        f"by {where} ('main' is this process). Submit one task per first letter to "
        "ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)."
    )
    assert got == "mc", f"the only answer was 'mc', but find_suffix gave {got!r}."


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_search_at_once(workers, tmp_path):
    check = SearchProbe("miner", ("gk",), str(tmp_path), together=workers)
    got = find_suffix("miner", 2, check, workers, process_context())
    searched = letters_searched(str(tmp_path))
    apart = sorted(path.name[-1] for path in tmp_path.glob("apart_*"))
    pids = {s.pid for s in searched}
    assert not apart and len(pids) <= workers, (
        f"with workers={workers}, the letters were searched by {len(pids)} process(es), and "
        f"the letters that waited in vain for {workers} letters to be searched at once were "
        f"{apart}; expected {workers} processes searching together, never more. "
        "Use a pool of `workers` processes: ProcessPoolExecutor(max_workers=workers, "
        "mp_context=mp_context), not a fixed size."
    )
    assert got == "gk", f"the only answer was 'gk', but find_suffix gave {got!r}."


def test_stops_once_the_answer_is_known(tmp_path):
    workers = 3
    check = SearchProbe("miner", ("ad",), str(tmp_path), slow_misses=True)
    got = find_suffix("miner", 2, check, workers, process_context())
    searched = "".join(s.letter for s in letters_searched(str(tmp_path)))
    assert got == "ad", f"the only answer was 'ad', but find_suffix gave {got!r}."
    most = 2 * workers + 2
    assert len(searched) <= most, (
        f"the answer 'ad' was found in the first task, yet {len(searched)} first letters were "
        f"searched ({searched}); with {workers} workers at most {most} can have started before "
        "the answer was known. Stop as soon as the answer is known: "
        "`pool.shutdown(cancel_futures=True)` (or `pool.terminate()`)."
    )
