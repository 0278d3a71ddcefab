"""What `spark_wordcount` proves, and the test that checks each claim.

- It returns an RDD and runs no Spark job: jobs are counted for the whole application,
  from any thread or job group (test_returns_a_lazy_rdd).
- The counting happens in a shuffle by key, by reduceByKey, not on the driver: the lineage
  has a ShuffledRDD fed by a PairwiseRDD (PySpark's shuffle of (key, value) pairs; a
  repartition of whole lines into one partition is not one) and building it ran no job
  (test_returns_a_lazy_rdd).
- The counts are MapReduce's answer for the course's records
  (test_counts_match_the_mapreduce_topic).
- Words are `line.split()`: tabs, runs of spaces, leading and trailing blanks and blank
  lines make no empty or glued words; case is kept, and so is punctuation ("data," is a
  word of its own, not "data"; the second text has such words)
  (test_irregular_whitespace_makes_no_empty_words).
- The counts equal a serial Counter over a generated corpus, whose words and counts no
  lesson shows (test_counts_match_a_serial_count_of_a_corpus).

Not checked: the map-side combine that reduceByKey adds (groupByKey also gives the right
counts; its shuffle is larger, but compressed shuffle files hide the difference here).
"""

from collections import Counter

from spark_wordcount import word_counts

from graders.support.engines import shared_folder
from graders.support.mapreduce_support import WORD_RECORDS, serial_word_count, write_corpus
from graders.support.spark_support import collected, jobs_started_by, ragged_lines

PUNCTUATION = ".,;:!?\"'()"


def counts_of(result) -> dict:
    return dict(collected(result, "word_counts"))


def test_returns_a_lazy_rdd(spark):
    from pyspark import RDD

    lines = spark.sparkContext.parallelize([" ".join(r) for r in WORD_RECORDS], 2)
    result, jobs = jobs_started_by(spark, word_counts, lines)
    assert isinstance(result, RDD), (
        f"word_counts returned a {type(result).__name__}; expected an RDD of (word, count) "
        "pairs. Return the transformed RDD and let the caller run the action (collect)."
    )
    assert jobs == 0, (
        f"word_counts ran {jobs} Spark job(s) (counted across the whole application, every "
        "thread included); expected none. Transformations (flatMap, map, reduceByKey) only "
        "build the plan; an action such as collect() or count() runs it (and so does "
        "sortBy or sortByKey, which samples the keys at once: leave sorting to the caller)."
    )
    lineage = result.toDebugString().decode()
    assert "ShuffledRDD" in lineage and "PairwiseRDD" in lineage, (
        "the RDD's lineage has no shuffle by key (a ShuffledRDD fed by the PairwiseRDD that "
        "reduceByKey builds): the words were not sent to partitions by word, so the counting "
        "did not happen in a shuffle (coalesce or repartition move whole lines, and then one "
        "partition counts everything). Expected reduceByKey to group the (word, 1) pairs by "
        "word."
    )


def test_counts_match_the_mapreduce_topic(spark):
    lines = spark.sparkContext.parallelize([" ".join(r) for r in WORD_RECORDS], 2)
    got = counts_of(word_counts(lines))
    expected = dict(Counter(word for record in WORD_RECORDS for word in record))
    assert got == expected, (
        f"word_counts gave {got}; expected {expected}, the MapReduce topic's answer for the "
        "course's three records: one (word, 1) pair per word, added up per word."
    )


def test_irregular_whitespace_makes_no_empty_words(spark):
    for seed, punctuated in ((11, False), (12, True)):
        text = ragged_lines(seed, punctuated=punctuated)
        got = counts_of(word_counts(spark.sparkContext.parallelize(text, 3)))
        expected = dict(Counter(word for line in text for word in line.split()))
        odd = sorted(repr(w) for w in got if not w or w != w.strip() or len(w.split()) > 1)
        assert not odd, (
            f"word_counts counted the 'words' {', '.join(odd[:4])} in text separated by tabs "
            "and runs of spaces; expected only real words. `line.split(\" \")` cuts at every "
            "single space; `line.split()` with no argument splits on any run of whitespace "
            "and ignores leading and trailing blanks."
        )
        stripped = sorted(w for w in expected if w not in got and w.strip(PUNCTUATION) != w
                          and got.get(w.strip(PUNCTUATION), 0)
                          > expected.get(w.strip(PUNCTUATION), 0))
        assert not stripped, (
            f"word_counts counted no {', '.join(repr(w) for w in stripped[:3])}, which "
            "`line.split()` gives, and counted the same words without their punctuation too "
            "often: the punctuation was stripped. Words are exactly `line.split()`: "
            "\"data,\" is a word of its own; clean nothing off."
        )
        assert got == expected, (
            f"word_counts gave {got}; expected {expected} (seed {seed}): words are exactly "
            "`line.split()`, case kept, each counted as often as it occurs."
        )


def test_counts_match_a_serial_count_of_a_corpus(spark, tmp_path):
    with shared_folder(tmp_path) as folder:  # on a cluster, a folder its workers see
        paths = write_corpus(folder, files=4, total_bytes=200_000, seed=8)
        got = counts_of(word_counts(spark.sparkContext.textFile(str(folder))))
        expected = dict(serial_word_count(paths))
    wrong = {w: (got.get(w), n) for w, n in expected.items() if got.get(w) != n}
    assert not wrong and len(got) == len(expected), (
        f"{len(wrong)} word count(s) differ from a serial Counter, e.g. "
        f"{dict(list(wrong.items())[:3])} as (yours, expected), and {len(got)} words "
        f"counted where the corpus has {len(expected)}; split each line with "
        "`line.split()` and add the counts with reduceByKey."
    )
