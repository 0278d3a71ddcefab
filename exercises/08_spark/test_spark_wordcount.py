from collections import Counter

from spark_wordcount import word_counts

from graders.support.ecosystem import jobs_started_by
from graders.support.mapreduce_support import WORD_RECORDS, serial_word_count, write_corpus


def test_returns_a_lazy_rdd(spark):
    from pyspark import RDD

    lines = spark.sparkContext.parallelize([" ".join(r) for r in WORD_RECORDS], 2)
    result, jobs = jobs_started_by(spark, word_counts, lines)
    assert isinstance(result, RDD), (
        f"word_counts returned a {type(result).__name__}; expected an RDD of (word, count) "
        "pairs. Return the transformed RDD and let the caller run the action (collect)."
    )
    assert jobs == 0, (
        f"word_counts ran {jobs} Spark job(s); expected none. Transformations (flatMap, map, "
        "reduceByKey) only build the plan; an action such as collect() runs it."
    )
    assert "ShuffledRDD" in result.toDebugString().decode(), (
        "the RDD's lineage has no shuffle; expected reduceByKey to group the pairs by word."
    )


def test_counts_match_the_mapreduce_topic(spark):
    lines = spark.sparkContext.parallelize([" ".join(r) for r in WORD_RECORDS], 2)
    result = word_counts(lines)
    got = dict(result.collect()) if hasattr(result, "collect") else dict(result)
    expected = dict(Counter(word for record in WORD_RECORDS for word in record))
    assert got == expected, (
        f"word_counts gave {got}; expected {expected}, the MapReduce topic's answer for the "
        "course's three records."
    )


def test_counts_match_a_serial_count_of_a_corpus(spark, tmp_path):
    paths = write_corpus(tmp_path, files=4, total_bytes=200_000)
    result = word_counts(spark.sparkContext.textFile(str(tmp_path)))
    got = dict(result.collect()) if hasattr(result, "collect") else dict(result)
    expected = dict(serial_word_count(paths))
    wrong = {w: (got.get(w), n) for w, n in expected.items() if got.get(w) != n}
    assert not wrong and len(got) == len(expected), (
        f"{len(wrong)} word count(s) differ from a serial Counter, e.g. "
        f"{dict(list(wrong.items())[:3])} as (yours, expected); split each line with "
        "`line.split()` and add the counts with reduceByKey."
    )
