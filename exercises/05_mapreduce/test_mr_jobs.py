"""Kata mr_jobs: two more jobs on the engine, an inverted index and the top-N words.

What the lesson says the kata proves, and the test that checks each claim:

- inverted_index: each word maps to the sorted file names (no folders, no repeats) of the
  documents that contain it, whatever the whitespace between words, each word kept as
  written ("Alpha" and "alpha" are two words, no lower-casing):
  test_inverted_index_matches_serial.
- Both jobs run on the engine (run_job), with the workdir and task counts they are given:
  test_jobs_run_on_the_engine_with_the_task_counts.
- top_n_words ranks most frequent first and breaks ties alphabetically, on ties that the
  engine's own output order does not already sort: test_top_n_breaks_ties_by_word; it
  returns exactly n words (fewer only when there are fewer words):
  test_top_n_returns_n_words; it counts words split on any whitespace:
  test_top_n_splits_on_any_whitespace; and it agrees with a serial count on the corpus:
  test_top_n_on_the_corpus.
"""

import random
from collections import Counter

from mr_jobs import inverted_index, top_n_words

from graders.support.mapreduce_support import returned, serial_word_count

SEPARATORS = [" ", "  ", "\t", "\n", " \n "]
# 25 words with the same count, written in reverse alphabetical order, and two above them.
TIED = sorted((a + b for a in "pqrst" for b in "aeiou"), reverse=True)
TIE_TEXT = " ".join(["zeta"] * 4 + ["yak"] * 3 + TIED + TIED)


def ranked(counts, n):
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]


def write_documents(folder, count=6, seed=7):
    """Small documents with repeated words, irregular whitespace and one capitalised word."""
    rng = random.Random(seed)
    words = ["alpha", "Alpha", "beta", "gamma", "delta", "kappa", "omega", "sigma", "theta"]
    folder.mkdir()
    paths = []
    for index in range(count):
        chosen = rng.choices(words, k=rng.randint(2, 7))
        text = "".join(word + rng.choice(SEPARATORS) for word in chosen)
        path = folder / f"doc{index}.txt"
        path.write_text(text)
        paths.append(path)
    return paths


def test_inverted_index_matches_serial(tmp_path):
    docs = write_documents(tmp_path / "docs")
    got = returned(inverted_index(docs, tmp_path / "job", n_map=3, n_reduce=2), "inverted_index",
                   "a dict")
    expected = {}
    for path in docs:
        for word in set(path.read_text().split()):
            expected.setdefault(word, []).append(path.name)
    expected = {word: sorted(names) for word, names in expected.items()}
    got = {word: list(names) for word, names in dict(got).items()}
    assert got == expected, (
        f"inverted_index returned {got!r}; expected {expected!r}: each word maps to the "
        "sorted file names (no folders, no repeats) of the documents that contain it. "
        "Words are separated by any whitespace (tabs, newlines, runs of spaces) and kept as "
        "written (\"Alpha\" and \"alpha\" are two words): str.split(), no lower()."
    )


def test_jobs_run_on_the_engine_with_the_task_counts(tmp_path):
    docs = write_documents(tmp_path / "docs")
    index_dir, top_dir = tmp_path / "index", tmp_path / "top"
    inverted_index(docs, index_dir, n_map=3, n_reduce=5)
    top_n_words(docs, 3, top_dir, n_map=3, n_reduce=5)
    for job, workdir in (("inverted_index", index_dir), ("top_n_words", top_dir)):
        names = [p.name for p in workdir.rglob("*-*.jsonl")]  # a job folder inside is fine
        map_tasks = {int(name.split("-")[1]) for name in names if name.startswith("map-")}
        reduce_tasks = {int(name[7:-6]) for name in names if name.startswith("reduce-")}
        assert map_tasks == set(range(3)) and reduce_tasks == set(range(5)), (
            f"{job}(..., n_map=3, n_reduce=5) left files of map tasks {sorted(map_tasks)} and "
            f"reduce tasks {sorted(reduce_tasks)} in its workdir; expected map tasks 0 to 2 "
            "and reduce tasks 0 to 4. Run the job on the engine: call run_job with the "
            "workdir, n_map and n_reduce it is given (not a Counter in the parent, not fixed "
            "task counts)."
        )


def write_text(tmp_path, text):
    folder = tmp_path / "docs"
    folder.mkdir()
    half = len(text) // 2
    cut = text.index(" ", half)
    paths = [folder / "a.txt", folder / "b.txt"]
    paths[0].write_text(text[:cut])
    paths[1].write_text(text[cut:])
    return paths


def test_top_n_breaks_ties_by_word(tmp_path):
    inputs = write_text(tmp_path, TIE_TEXT)
    got = returned(top_n_words(inputs, 8, tmp_path / "job", n_map=2, n_reduce=3), "top_n_words",
                   "a list of (word, count)")
    expected = ranked(serial_word_count(inputs), 8)
    assert [tuple(item) for item in got] == expected, (
        f"top_n_words(..., n=8) returned {got!r}; expected {expected!r}: most frequent first, "
        "and words with the same count in alphabetical order (the lesson's tie-break): sort "
        "by (-count, word)."
    )


def test_top_n_returns_n_words(tmp_path):
    inputs = write_text(tmp_path, TIE_TEXT)
    counts = serial_word_count(inputs)
    for n in (3, len(counts) + 5):
        got = returned(top_n_words(inputs, n, tmp_path / f"job-{n}", n_map=2, n_reduce=3),
                       "top_n_words", "a list of (word, count)")
        expected = ranked(counts, n)
        assert [tuple(item) for item in got] == expected, (
            f"top_n_words(..., n={n}) returned {len(got)} words ({list(got)[:4]}...); "
            f"expected the {len(expected)} words {expected[:4]}...: exactly n words, or "
            "every word when there are fewer than n."
        )


def test_top_n_splits_on_any_whitespace(tmp_path):
    text = "fig\tfig  kiwi\nfig \n kiwi pear "
    inputs = write_text(tmp_path, text)
    got = returned(top_n_words(inputs, 5, tmp_path / "job", n_map=2, n_reduce=2), "top_n_words",
                   "a list of (word, count)")
    expected = [("fig", 3), ("kiwi", 2), ("pear", 1)]
    assert [tuple(item) for item in got] == expected, (
        f"top_n_words on {text!r} returned {got!r}; expected {expected!r}. Split the text "
        "with str.split() (no argument): tabs, newlines and runs of spaces all separate "
        "words, and no empty word is counted."
    )


def test_top_n_on_the_corpus(corpus, tmp_path):
    inputs = corpus[:3]
    got = returned(top_n_words(inputs, 10, tmp_path / "job"), "top_n_words",
                   "a list of (word, count)")
    counts: Counter = serial_word_count(inputs)
    expected = ranked(counts, 10)
    assert [tuple(item) for item in got] == expected, (
        f"top_n_words(corpus[:3], 10) returned {got!r}; the serial count gives {expected!r}."
    )
