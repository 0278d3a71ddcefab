"""Kata mr_shuffle_size: measure how much a combiner shrinks the shuffle.

What the lesson says the kata proves, and the test that checks each claim:

- shuffle_bytes: the bytes (not characters) of the map-*-*.jsonl files only, not the reduce
  outputs or other files, for sizes not shown in the lesson:
  test_shuffle_bytes_counts_only_map_files.
- word_pairs: (word, 1) per word, repeats included, each word kept as written (no
  lower-casing: "The" and "the" are two keys), whatever the whitespace (tabs, newlines,
  several spaces): test_word_pairs_splits_on_any_whitespace.
- add_values: the sum of the values, not their number: test_add_values_adds.
- combiner_saving: runs the same job twice with the engine, in workdir/plain without and in
  workdir/combined with the combiner, with the task counts it is given, and the combiner
  shrinks the shuffle at least 3x on Zipf-like text: test_combiner_shrinks_the_shuffle,
  test_combiner_saving_uses_the_task_counts; and the combiner does not change the job's
  result (the reduce-*.jsonl of workdir/combined hold the same counts as those of
  workdir/plain): test_combiner_keeps_the_result.
"""

import random

from mr_shuffle_size import add_values, combiner_saving, shuffle_bytes, word_pairs

from graders.support.mapreduce_support import read_pairs, returned


def test_shuffle_bytes_counts_only_map_files(tmp_path):
    lengths = random.Random().sample(range(1, 500), 3)
    # "é" is 2 bytes in UTF-8: a file's size is its bytes, not its characters.
    texts = {"map-0-0.jsonl": "a" * lengths[0], "map-1-3.jsonl": "é" * lengths[1],
             "map-2-0.jsonl": "c" * lengths[2], "reduce-0.jsonl": "x" * 100,
             "notes.txt": "y" * 50}
    for name, text in texts.items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
    sizes = [len(text.encode("utf-8")) for name, text in texts.items()
             if name.startswith("map-")]
    got = shuffle_bytes(tmp_path)
    assert got == sum(sizes), (
        f"shuffle_bytes gave {got}; expected {sum(sizes)}, the sizes in bytes of only the "
        f"intermediate map-*-*.jsonl files ({' + '.join(map(str, sizes))} bytes; one "
        f"holds {lengths[1]} two-byte characters), not the reduce outputs (100 bytes) or "
        "other files (50 bytes). Take each file's size from the file system "
        "(Path.stat().st_size)."
    )


def test_word_pairs_splits_on_any_whitespace():
    text = "The  cat\tsat\n\nthe cat "
    got = list(returned(word_pairs("doc", text), "word_pairs", "the (word, 1) pairs"))
    expected = [(word, 1) for word in text.split()]
    if got == [(word.lower(), 1) for word in text.split()]:
        why = ("The words were lower-cased: keep each word as written, \"The\" and \"the\" "
               "are two different keys.")
    elif sorted(set(got)) == sorted(set(expected)) and len(got) < len(expected):
        why = ("Repeated words were dropped: every occurrence of a word becomes its own "
               "(word, 1) pair, so the reducer can count it.")
    else:
        why = ("Text holds tabs, newlines and runs of spaces: str.split() with no argument "
               "splits on any of them and never yields an empty word; keep each word as "
               "written.")
    assert got == expected, (
        f"word_pairs('doc', {text!r}) gave {got!r}; expected {expected!r}. {why}"
    )


def test_add_values_adds():
    for values, expected in (([1, 2, 3], 6), ([4], 4), ([0, 7], 7)):
        got = add_values("a", values)
        assert got == expected, (
            f"add_values('a', {values!r}) returned {got!r}; expected {expected}: the sum of "
            "the values (after a combiner they are counts, not 1s)."
        )


def test_combiner_shrinks_the_shuffle(small_corpus, tmp_path):
    inputs = small_corpus
    without, with_combiner = returned(combiner_saving(inputs, tmp_path), "combiner_saving",
                                      "(bytes without, bytes with)")
    words = sum(len(p.read_text().split()) for p in inputs)
    assert shuffle_bytes(tmp_path / "plain") == without and shuffle_bytes(
        tmp_path / "combined") == with_combiner, (
        f"combiner_saving returned ({without}, {with_combiner}); the map files in "
        f"workdir/plain and workdir/combined hold {shuffle_bytes(tmp_path / 'plain')} and "
        f"{shuffle_bytes(tmp_path / 'combined')} bytes. Run the jobs in those folders and "
        "measure them there."
    )
    assert without >= 8 * words, (
        f"without a combiner the shuffle held {without} bytes for {words} words; every "
        "(word, 1) pair should be on disk (at least 8 bytes each as a JSON line)."
    )
    assert with_combiner * 3 < without, (
        f"with the combiner the shuffle held {with_combiner} bytes, without it {without}: "
        "expected at least a 3x saving on this Zipf-like corpus. Pass the combiner to "
        "run_job so each map task adds up its own counts before writing them."
    )


def test_combiner_saving_uses_the_task_counts(small_corpus, tmp_path):
    combiner_saving(small_corpus[:2], tmp_path, n_map=2, n_reduce=5)
    for folder in ("plain", "combined"):
        names = {p.name for p in (tmp_path / folder).glob("map-*-*.jsonl")}
        expected = {f"map-{m}-{r}.jsonl" for m in range(2) for r in range(5)}
        assert names == expected, (
            f"combiner_saving(..., n_map=2, n_reduce=5) left {sorted(names)[:4]}... in "
            f"workdir/{folder}; expected map-<m>-<r>.jsonl for m < 2 and r < 5. Pass n_map "
            "and n_reduce on to run_job."
        )


def test_combiner_keeps_the_result(small_corpus, tmp_path):
    inputs = small_corpus[:2]
    combiner_saving(inputs, tmp_path, n_map=2, n_reduce=2)
    results = {}
    for folder in ("plain", "combined"):
        files = sorted((tmp_path / folder).glob("reduce-*.jsonl"))
        assert files, (
            f"combiner_saving left no reduce-*.jsonl in workdir/{folder}: run the whole job "
            "there with run_job (map and reduce)."
        )
        results[folder] = dict(pair for path in files for pair in read_pairs(path))
    plain, combined = results["plain"], results["combined"]
    wrong = sorted(key for key in plain.keys() | combined.keys()
                   if combined.get(key) != plain.get(key))
    assert not wrong, (
        f"with the combiner the job's result changed: {len(wrong)} word(s) have another "
        f"count in workdir/combined than in workdir/plain (e.g. {wrong[0]!r}: "
        f"{combined.get(wrong[0])!r} with it, {plain.get(wrong[0])!r} without). A combiner "
        "runs on a map task's values of a key and its output is reduced again, so it must "
        "give what the reducer would: pass add_values (a sum of partial sums is the sum) as "
        "the combiner."
    )
