"""Shared data for the MapReduce katas: one generated corpus per test run."""

from collections import Counter
from pathlib import Path

import pytest

from graders.support.mapreduce_support import serial_word_count, write_corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """16 text files, about 5 MB in all, with a Zipf-like vocabulary (seeded)."""
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """4 text files, 800 kB in all, drawn like `corpus`: for jobs run several times per test."""
    return write_corpus(tmp_path_factory.mktemp("small_corpus"), files=4, total_bytes=800_000)


@pytest.fixture(scope="session")
def corpus_counts(corpus: list[Path]) -> Counter:
    """The serial reference answer for word count on the corpus."""
    return serial_word_count(corpus)
