import random
from collections import Counter

from mr_jobs import inverted_index, top_n_words

from graders.support.mapreduce_support import serial_word_count


def write_documents(folder, count=6, seed=7):
    rng = random.Random(seed)
    words = ["alpha", "beta", "gamma", "delta", "kappa", "omega", "sigma", "theta"]
    folder.mkdir()
    paths = []
    for index in range(count):
        path = folder / f"doc{index}.txt"
        path.write_text(" ".join(rng.choices(words, k=rng.randint(2, 6))))
        paths.append(path)
    return paths


def test_inverted_index_matches_serial(tmp_path):
    docs = write_documents(tmp_path / "docs")
    got = inverted_index(docs, tmp_path / "job", n_map=3, n_reduce=2)
    expected = {}
    for path in docs:
        for word in set(path.read_text().split()):
            expected.setdefault(word, []).append(path.name)
    expected = {word: sorted(names) for word, names in expected.items()}
    got = {word: list(names) for word, names in dict(got).items()}
    assert got == expected, (
        f"inverted_index returned {got!r}; expected {expected!r}: each word maps to the "
        "sorted file names (no folders, no repeats) of the documents that contain it."
    )


def test_top_n_breaks_ties_by_word(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("pear fig apple pear")
    (folder / "b.txt").write_text("apple kiwi fig")
    got = top_n_words([folder / "a.txt", folder / "b.txt"], 4, tmp_path / "job", 2, 2)
    expected = [("apple", 2), ("fig", 2), ("pear", 2), ("kiwi", 1)]
    assert [tuple(item) for item in got] == expected, (
        f"top_n_words returned {got!r}; expected {expected!r}: most frequent first, and "
        "words with the same count in alphabetical order (the lesson's tie-break)."
    )


def test_top_n_on_the_corpus(corpus, tmp_path):
    inputs = corpus[:4]
    got = top_n_words(inputs, 10, tmp_path / "job")
    counts: Counter = serial_word_count(inputs)
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]
    assert [tuple(item) for item in got] == expected, (
        f"top_n_words(corpus[:4], 10) returned {got!r}; the serial count gives {expected!r}."
    )
