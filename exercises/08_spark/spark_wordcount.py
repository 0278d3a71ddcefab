"""Kata spark_wordcount: MapReduce's word count as three RDD transformations."""

from __future__ import annotations

from typing import Any


def word_counts(lines: Any) -> Any:
    """An RDD of (word, count) pairs from an RDD of text lines; words are `line.split()`.

    `flatMap` is the map phase (one line, many words), `map` makes the (word, 1) pairs and
    `reduceByKey` is the shuffle plus the reduce. Return the RDD: no action (`collect`,
    `count`...) here, the caller runs it.
    """
    # TODO: write word_counts; the lesson is README.md, kata spark_wordcount
    raise NotImplementedError("TODO: word_counts (kata spark_wordcount)")
