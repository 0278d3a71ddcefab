import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from mr_engine import run_job

from graders.support.mapreduce_support import (
    CrashOnce,
    overlapping_pair,
    partition_keys,
    probe_mapper,
    read_pairs,
    read_probe_records,
    sum_reducer,
    wc_mapper,
    write_probe_inputs,
)


def compare_counts(got, expected, what):
    """Assert that a job's result equals the serial Counter, with a useful message."""
    got = dict(got)
    wrong = [key for key in expected if got.get(key) != expected[key]]
    extra = [key for key in got if key not in expected]
    assert not wrong and not extra, (
        f"{what}: {len(wrong)} word(s) have the wrong count (e.g. {wrong[:1]!r}: got "
        f"{got.get(wrong[0]) if wrong else None}, expected "
        f"{expected[wrong[0]] if wrong else None}) and {len(extra)} unexpected key(s); "
        f"total words {sum(got.values())} instead of {sum(expected.values())}. "
        "Every pair must reach exactly one reducer: check the partitioner and that each "
        "reduce task reads map-<m>-<r>.jsonl for every map task m."
    )


def test_word_count_equals_counter(corpus, corpus_counts, tmp_path):
    got = run_job(corpus, wc_mapper, sum_reducer, 16, 4, workdir=tmp_path / "job")
    compare_counts(got, corpus_counts, "word count on the 5 MB corpus (16 map, 4 reduce tasks)")


@settings(max_examples=3, deadline=None, database=None, derandomize=True)
@given(n_map=st.integers(1, 24), n_reduce=st.integers(1, 7))
def test_any_task_counts_give_the_same_result(corpus, corpus_counts, tmp_path_factory,
                                              n_map, n_reduce):
    workdir = tmp_path_factory.mktemp("any")
    got = run_job(corpus, wc_mapper, sum_reducer, n_map, n_reduce, sum_reducer,
                  workdir=workdir)
    compare_counts(got, corpus_counts, f"word count with n_map={n_map}, n_reduce={n_reduce} "
                   "and a combiner")


def test_map_tasks_overlap_in_two_processes(tmp_path):
    records = tmp_path / "records"
    inputs = write_probe_inputs(tmp_path / "inputs", records, 6)
    got = run_job(inputs, probe_mapper, sum_reducer, 6, 2, workdir=tmp_path / "job")
    seen = read_probe_records(records)
    assert len(got) == 6 and len(seen) >= 6, (
        f"the probe job mapped {len(seen)} of its 6 input files; every input must be mapped."
    )
    assert os.getpid() not in {r["pid"] for r in seen}, (
        "the mapper ran in the parent process; map tasks must run in worker processes."
    )
    assert overlapping_pair(seen) is not None, (
        "no two map tasks ran at the same time in different processes (each recorded its "
        "pid and [start, end]). Start up to `workers` map tasks at once and wait for them "
        "together, not one after another."
    )


def test_workdir_holds_one_file_per_partition(corpus, tmp_path):
    workdir = tmp_path / "job"
    # 4 map tasks for 3 files: map task 3 has no input, and still writes its (empty) files.
    got = run_job(corpus[:3], wc_mapper, sum_reducer, 4, 3, workdir=workdir)
    names = {p.name for p in workdir.iterdir()}
    expected = {f"map-{m}-{r}.jsonl" for m in range(4) for r in range(3)}
    expected |= {f"reduce-{r}.jsonl" for r in range(3)}
    missing = sorted(expected - names)
    assert not missing, (
        f"the workdir lacks {missing[:4]}; it holds {sorted(names)[:8]}. Map task m writes "
        "map-<m>-<r>.jsonl for every partition r (even an empty one) and reduce task r "
        "writes reduce-<r>.jsonl, as the lesson lays out."
    )
    keys = partition_keys(workdir, 4, 3)
    shared = {k for a in range(3) for b in range(a + 1, 3) for k in keys[a] & keys[b]}
    assert not shared, (
        f"key {sorted(shared)[0]!r} was sent to several reduce partitions; a key's partition "
        "must depend only on the key (a stable hash modulo n_reduce)."
    )
    for r in range(3):
        reduced = {key for key, _ in read_pairs(workdir / f"reduce-{r}.jsonl")}
        assert reduced == keys[r], (
            f"reduce-{r}.jsonl holds {len(reduced)} keys but the files map-*-{r}.jsonl hold "
            f"{len(keys[r])}: reduce task {r} must read exactly its own partition's files "
            f"(map-<m>-{r}.jsonl for every m), no other."
        )
    assert sum(got.values()) == sum(
        value for m in range(4) for r in range(3)
        for _, value in read_pairs(workdir / f"map-{m}-{r}.jsonl")
    ), "the result does not add up to the intermediate files: reduce only what they hold."


def test_map_worker_crash_is_recovered(corpus, corpus_counts, tmp_path):
    marker = tmp_path / "crashed"
    mapper = CrashOnce(str(marker))
    try:
        got = run_job(corpus, mapper, sum_reducer, 8, 3, sum_reducer,
                      workdir=tmp_path / "job")
    except NotImplementedError:
        raise
    except Exception as error:
        raise AssertionError(
            f"run_job raised {type(error).__name__}: {error} after one map worker died "
            "(os._exit) on its first attempt. The master must notice the dead worker (a "
            "non-zero exitcode) and run its map task again; otherwise its counts are lost."
        ) from None
    assert Path(marker).exists(), "the crash probe never ran: was the mapper called?"
    compare_counts(got, corpus_counts, "word count after a map worker crashed once")
