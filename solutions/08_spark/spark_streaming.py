"""Kata spark_streaming: the word count again, on files that keep arriving."""

from __future__ import annotations

from typing import Any

QUERY = "word_counts"  # the in-memory table the query writes its totals to


def word_stream(spark: Any, folder: str) -> Any:
    """A streaming DataFrame of (word, count) over the text files in `folder`.

    Words are `line.split()`: runs of spaces and tabs separate them, no word is empty, case
    is kept. Describe the stream (`spark.readStream`); starting it is `count_new_files`' job.
    """
    from pyspark.sql import functions as F

    ### BEGIN SOLUTION
    lines = spark.readStream.text(folder)
    words = lines.select(F.explode(F.split("value", r"\s+")).alias("word"))
    return words.where(F.col("word") != "").groupBy("word").count()
    ### END SOLUTION


def count_new_files(spark: Any, folder: str, checkpoint: str) -> dict[str, int]:
    """Count the words of the files that arrived since the last call; return the totals.

    Run `word_stream(spark, folder)` as a streaming query that processes what is there now
    and stops (`trigger(availableNow=True)`), keeps its progress in `checkpoint` (so a
    file is counted once, however often this runs), writes the whole table of totals
    (`outputMode("complete")`) to the in-memory table QUERY, and waits for it to end.
    """
    ### BEGIN SOLUTION
    query = (
        word_stream(spark, folder)
        .writeStream.outputMode("complete")
        .format("memory")
        .queryName(QUERY)
        .option("checkpointLocation", checkpoint)
        .trigger(availableNow=True)
        .start()
    )
    query.awaitTermination()
    return {row["word"]: row["count"] for row in spark.table(QUERY).collect()}
    ### END SOLUTION
