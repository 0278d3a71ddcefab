"""What `spark_streaming` proves, and the test that checks each claim.

- word_stream only describes a stream: it returns a DataFrame whose `isStreaming` is true
  (spark.read would give a batch one), no Spark job ran and no streaming query was
  started (test_stream_is_described_not_started).
- One trigger counts the words of the files present: equal to a serial Counter of
  `line.split()` over text with tabs, runs of spaces, blank lines and words that differ
  only in case; wrong totals with the query still running after count_new_files returned
  are reported as that (the table was read too early); with QUERY set to another name,
  the in-memory table of that name holds them (test_counts_equal_a_serial_count).
- Files added between triggers are counted once: a streaming query ran, the file
  source's log in the checkpoint the test chose lists every file in exactly one batch,
  the second trigger read only the new files, the totals after each trigger equal a
  serial count of every file so far, a.txt included though it left the folder (archived)
  before the second trigger, so the totals come from the query's state, not from a
  fresh read of the folder, and no query is left running, after the first call or the
  second (a second call whose query name is still taken says so)
  (test_files_added_between_triggers_are_counted_once).
"""

from collections import Counter

import pytest
import spark_streaming
from spark_streaming import count_new_files, word_stream

from graders.support.engines import shared_folder
from graders.support.spark_jvm_support import files_per_batch, write_text
from graders.support.spark_support import jobs_started_by, ragged_lines


@pytest.fixture
def stop_queries(spark):
    """Stops any query a test leaves running, so the next test starts clean."""
    yield
    for query in spark.streams.active:
        query.stop()


def serial_count(*texts: list[str]) -> dict[str, int]:
    return dict(Counter(word for lines in texts for line in lines for word in line.split()))


def counts_problem(got: dict, expected: dict) -> str | None:
    """None when the totals are right; else what differs and what to try."""
    if got == expected:
        return None
    if "" in got:
        return (f"the empty string was counted {got['']} time(s): splitting a line that "
                "starts with a blank, or a blank line, on \\s+ leaves an empty word. Keep "
                "only the words that are not \"\".")
    if got and all(word == word.lower() for word in got) and expected != {
            w: n for w, n in expected.items() if w == w.lower()}:
        return "every word came back lowercased; expected the case kept (Data and data differ)."
    wrong = {w: (got.get(w), n) for w, n in expected.items() if got.get(w) != n}
    extra = sorted(set(got) - set(expected))[:3]
    return (f"{len(wrong)} word count(s) differ from a serial Counter of line.split(), e.g. "
            f"{dict(list(wrong.items())[:3])} as (yours, expected)"
            + (f", and words no line has: {extra}" if extra else "")
            + ". Split each line on runs of blanks (F.split with \\s+), explode, drop empty "
              "words, then groupBy(\"word\").count(); write the complete table each trigger.")


STILL_RUNNING = (
    "count_new_files returned while its streaming query was still running, so the totals "
    "were read before the query had finished. Wait for it: after start(), "
    "query.awaitTermination() returns once trigger(availableNow=True) has processed "
    "every file and stopped the query."
)


def trigger(spark, source, checkpoint) -> dict:
    """count_new_files once more on the same checkpoint; a query that cannot restart from
    it, or whose name is taken by a query still running, becomes a failure that says why."""
    from pyspark.errors import AnalysisException, IllegalArgumentException

    try:
        return dict(count_new_files(spark, str(source), str(checkpoint)))
    except IllegalArgumentException as error:
        if "already active" not in str(error):
            raise
        raise AssertionError(
            f"count_new_files could not start its query: {str(error).splitlines()[0]} A query "
            "of that name was still running: an earlier count_new_files returned while its "
            "query was still running (or this call started two). Wait for the query to end "
            "before returning (query.awaitTermination() with trigger(availableNow=True)), "
            "or stop it."
        ) from error
    except AnalysisException as error:
        if "recovering from checkpoint" not in str(error):
            raise
        raise AssertionError(
            "after b.txt and c.txt arrived, the query could not restart from its checkpoint: "
            f"{str(error).splitlines()[0]} An in-memory table is rebuilt on restart only in "
            "outputMode(\"complete\"), which writes the whole table of totals every trigger."
        ) from error


def test_stream_is_described_not_started(spark, tmp_path, stop_queries):
    from pyspark.sql import DataFrame

    with shared_folder(tmp_path) as root:
        (root / "in").mkdir()
        write_text(root / "in", "a.txt", ragged_lines(21, 20))
        stream, jobs = jobs_started_by(spark, word_stream, spark, str(root / "in"))
        running = len(spark.streams.active)
    assert isinstance(stream, DataFrame), (
        f"word_stream returned a {type(stream).__name__}; expected a DataFrame describing "
        "the stream (spark.readStream.text(folder), then the word count)."
    )
    assert stream.isStreaming, (
        "word_stream returned a batch DataFrame (isStreaming is False): spark.read reads "
        "the folder once. Read it with spark.readStream.text(folder), which picks up files "
        "as they arrive."
    )
    assert jobs == 0 and running == 0, (
        f"word_stream ran {jobs} Spark job(s) and left {running} streaming query(ies) "
        "running; expected neither: describe the stream and return it, count_new_files "
        "starts it."
    )


def test_counts_equal_a_serial_count(spark, tmp_path, stop_queries, monkeypatch):
    lines = ragged_lines(22, 200)
    table = "word_totals_for_this_test"  # QUERY set to another name: no copy of its value
    monkeypatch.setattr(spark_streaming, "QUERY", table)
    with shared_folder(tmp_path) as root:
        (root / "in").mkdir()
        write_text(root / "in", "a.txt", lines)
        got = count_new_files(spark, str(root / "in"), str(root / "checkpoint"))
        running = [query.name for query in spark.streams.active]
    expected = serial_count(lines)
    problem = counts_problem(dict(got), expected)
    short = {w: (dict(got).get(w), n) for w, n in expected.items() if dict(got).get(w) != n}
    assert problem is None or not running, (
        f"count_new_files: {len(short)} word count(s) differ from a serial Counter, e.g. "
        f"{dict(list(short.items())[:3])} as (yours, expected), and {len(running)} streaming "
        f"query(ies) {running} were still running after it returned: {STILL_RUNNING}"
    )
    assert problem is None, f"count_new_files: {problem}"
    assert spark.catalog.tableExists(table), (
        f"with QUERY set to {table!r}, count_new_files left no in-memory table of that name: "
        "name the query and read its table with the module's QUERY (`.queryName(QUERY)`, "
        "`spark.table(QUERY)`), not a copy of its value."
    )


def test_files_added_between_triggers_are_counted_once(spark, tmp_path, stop_queries):
    texts = {"a.txt": ragged_lines(31, 60), "b.txt": ragged_lines(32, 60),
             "c.txt": ragged_lines(33, 60)}
    with shared_folder(tmp_path) as root:
        source, checkpoint = root / "in", root / "checkpoint"
        source.mkdir()
        write_text(source, "a.txt", texts["a.txt"])
        first = trigger(spark, source, checkpoint)
        running_first = [query.name for query in spark.streams.active]
        assert not running_first, (
            f"{len(running_first)} streaming query(ies) {running_first} still running after "
            f"the first count_new_files returned: {STILL_RUNNING}"
        )
        after_first = files_per_batch(checkpoint)
        (source / "a.txt").replace(root / "a.txt")  # archived, as cleanSource would
        write_text(source, "b.txt", texts["b.txt"])
        write_text(source, "c.txt", texts["c.txt"])
        second = trigger(spark, source, checkpoint)
        batches = files_per_batch(checkpoint)
        running = len(spark.streams.active)
    assert after_first, (
        "the checkpoint folder count_new_files was given holds no record of the files it "
        "read: no streaming query used it (a batch spark.read remembers nothing, and a "
        "query with another checkpoint forgets its progress). Start word_stream(...)"
        ".writeStream with .option(\"checkpointLocation\", checkpoint)."
    )
    assert running == 0, (
        f"{running} streaming query(ies) still running after count_new_files returned; "
        "expected none: use trigger(availableNow=True) and wait with awaitTermination()."
    )
    read = Counter(name for files in batches.values() for name in files)
    assert all(n == 1 for n in read.values()) and set(read) == set(texts), (
        f"the checkpoint's file log read {dict(read)}; expected each of {sorted(texts)} "
        "exactly once. Reuse the same checkpoint for every trigger."
    )
    new = [files for batch, files in batches.items() if batch not in after_first]
    assert sorted(name for files in new for name in files) == ["b.txt", "c.txt"], (
        f"after the first trigger the query read {new}; expected only the new files "
        "b.txt and c.txt."
    )
    for got, expected, when in [
            (first, serial_count(texts["a.txt"]), "after the first trigger"),
            (second, serial_count(*texts.values()),
             "after a.txt left the folder and b.txt and c.txt arrived")]:
        problem = counts_problem(dict(got), expected)
        assert problem is None, (
            f"{when}: {problem} The totals cover every file read so far, even one that has "
            "left the folder since: they are the query's state, kept in its checkpoint (a "
            "batch spark.read of the folder sees only the files there now). outputMode"
            "(\"complete\") writes that whole table, \"update\" only the words that changed."
        )
