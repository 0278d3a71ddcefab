"""Kata mr_engine: a MapReduce engine with worker processes and partition files on disk.

What the lesson says `run_job` proves, and the test that checks each claim:

- Result: word count equals a serial Counter on files of the corpus, for any n_map, n_reduce,
  workers and with or without a combiner: test_word_count_equals_counter,
  test_any_task_counts_give_the_same_result.
- Where, for every phase: mappers and reducers run in worker processes, never in the test
  process, and the test process reads no input file and no intermediate file (an audit hook
  sees every open): test_map_and_reduce_run_in_workers.
- How concurrent, for every phase: exactly `workers` map tasks and exactly `workers` reduce
  tasks at once (workers = 2 and 3): test_each_phase_runs_exactly_workers_at_once.
- In what order: the shuffle is a barrier, no reducer starts before every mapper has ended:
  test_reduce_starts_after_every_map.
- Partitioning: `partition` is the same in fresh interpreters with other PYTHONHASHSEEDs
  that see the keys in another order (test_partition_is_the_same_in_other_processes), and
  the engine is right when its workers are spawned, as on macOS and Windows, where builtin
  hash() differs per worker (test_engine_runs_under_spawn, which also checks the workers
  really were not forked).
- Files: map-<m>-<r>.jsonl for every m and r, each key in one partition only, reduce task r
  reads exactly its partition: test_workdir_holds_one_file_per_partition.
- Combiner: given one, each map task writes each key once per partition file (combined
  before the shuffle, not only in the reducer): test_combiner_runs_in_each_map_task.
- Surviving what: a map worker or a reduce worker that dies (os._exit), and a map worker
  killed by a signal (a negative exitcode is no success), is run again:
  test_worker_crash_is_recovered; `max_attempts` counts each task's attempts on its own, so
  every map task dying once still succeeds with max_attempts=2:
  test_each_task_has_its_own_attempts; a task that always dies is tried exactly `max_attempts`
  times, then the job fails: test_gives_up_after_max_attempts; when it fails, no worker is
  left running: test_giving_up_stops_the_other_workers.
"""

import multiprocessing
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mr_engine import partition, run_job

from graders.support.mapreduce_support import (
    BARRIER_TIMEOUT,
    LONG_TASK,
    AlwaysCrashMapper,
    CrashEachTaskOnce,
    CrashOnce,
    GiveUpMapper,
    ProbeMapper,
    ProbeReducer,
    RecordingWordCount,
    assert_not_in_parent,
    count_attempts,
    is_running,
    partition_keys,
    partitions_in_child,
    peak_overlap,
    probe_key,
    read_here,
    read_pairs,
    read_visits,
    returned,
    serial_word_count,
    started_pids,
    stop_leftovers,
    sum_reducer,
    wc_mapper,
    write_probe_inputs,
)

PARTITION_KEYS = [f"word{i}" for i in range(150)] + ["naïve", "日本語", "", "a b", "Zürich"]


def compare_counts(got, expected, what):
    """Assert that a job's result equals the serial Counter, with a useful message."""
    got = dict(returned(got, "run_job", "a dict {key: reduced value}"))
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


def probe_job(tmp_path, workers):
    """Run a job whose mapper and reducer record where and when they ran; return the visits."""
    folder = tmp_path / "visits"
    folder.mkdir()
    inputs = write_probe_inputs(tmp_path / "inputs", 2 * workers)
    mapper = ProbeMapper(str(folder), workers, os.getpid())
    reducer = ProbeReducer(str(folder), workers, os.getpid())
    try:
        got = run_job(inputs, mapper, reducer, 2 * workers, workers + 1,
                      workdir=tmp_path / "job", workers=workers)
    finally:
        assert_not_in_parent(folder)
    expected = {probe_key(index): len(inputs) for index in range(mapper.keys)}
    got = returned(got, "run_job", "a dict {key: reduced value}")
    assert dict(got) == expected, (
        f"the probe job (each of {len(inputs)} files maps to {mapper.keys} keys with value 1) "
        f"returned {dict(list(dict(got).items())[:3])}...; expected each key with {len(inputs)}."
    )
    return read_visits(folder, "map"), read_visits(folder, "reduce")


def test_word_count_equals_counter(corpus, tmp_path):
    inputs = corpus[:4]
    got = run_job(inputs, wc_mapper, sum_reducer, 6, 4, workdir=tmp_path / "job")
    compare_counts(got, serial_word_count(inputs),
                   "word count on 4 files of the corpus (6 map, 4 reduce tasks)")


@settings(max_examples=3, deadline=None, database=None, derandomize=True)
@given(n_map=st.integers(1, 6), n_reduce=st.integers(1, 4), workers=st.integers(1, 3),
       combine=st.booleans())
def test_any_task_counts_give_the_same_result(small_corpus, tmp_path_factory, n_map,
                                              n_reduce, workers, combine):
    inputs = small_corpus[:2]
    workdir = tmp_path_factory.mktemp("any")
    got = run_job(inputs, wc_mapper, sum_reducer, n_map, n_reduce,
                  sum_reducer if combine else None, workdir=workdir, workers=workers)
    compare_counts(got, serial_word_count(inputs),
                   f"word count on 2 small files with n_map={n_map}, n_reduce={n_reduce}, "
                   f"workers={workers}, {'a' if combine else 'no'} combiner")


def test_map_and_reduce_run_in_workers(tmp_path):
    watched = (tmp_path / "job", "map-*-*.jsonl"), (tmp_path / "inputs", "*")
    with read_here(*watched) as opened:
        map_visits, reduce_visits = probe_job(tmp_path, 2)
    assert map_visits and reduce_visits, "the probe job's mapper or reducer never ran."
    intermediate = sorted({name for name in opened if name.startswith("map-")})
    assert not intermediate, (
        f"the test process opened {intermediate[:3]} during run_job. The parent only "
        "schedules tasks and reads reduce-*.jsonl: each reduce task reads its own "
        "map-*-<r>.jsonl files in its worker, so no intermediate data passes through the "
        "parent."
    )
    inputs = sorted(set(opened) - set(intermediate))
    assert not inputs, (
        f"the test process opened the input file(s) {inputs[:3]} during run_job. The parent "
        "only schedules tasks: give each map task the names of its input files and let it "
        "read them in its worker, so no input data passes through the parent."
    )


@pytest.mark.parametrize("workers", [2, 3])
def test_each_phase_runs_exactly_workers_at_once(tmp_path, workers):
    map_visits, reduce_visits = probe_job(tmp_path, workers)
    for phase, visits in (("map", map_visits), ("reduce", reduce_visits)):
        peak = peak_overlap(visits)
        assert peak >= workers, (
            f"with workers={workers}, at most {peak} {phase} task(s) ran at the same time"
            + (f" (no two {phase} tasks ran at the same time)" if peak == 1 else "")
            + f"; the first ones waited {BARRIER_TIMEOUT:.0f} s for {workers} to be running "
            f"at once. Run the {phase} tasks in parallel, `workers` worker processes at a "
            "time: start that many before waiting, and a new one as soon as one ends."
        )
        assert peak <= workers, (
            f"with workers={workers}, {peak} {phase} tasks ran at the same time (each "
            "recorded its [start, end] inside its process's life). Start at most `workers` "
            "worker processes at once."
        )


def test_reduce_starts_after_every_map(tmp_path):
    map_visits, reduce_visits = probe_job(tmp_path, 2)
    last_map = max(v["end"] for v in map_visits)
    early = [v for v in reduce_visits if v["start"] < last_map]
    assert not early, (
        f"{len(early)} reducer call(s) started before the last mapper ended. The shuffle is "
        "a barrier: start the reduce tasks only when every map task has finished."
    )


def test_partition_is_the_same_in_other_processes():
    here = [partition(key, 5) for key in PARTITION_KEYS]
    outside = [p for p in here if not (isinstance(p, int) and 0 <= p < 5)]
    assert not outside, f"partition(key, 5) returned {outside[:3]}; expected ints from 0 to 4."
    for seed in ("1", "2"):
        there = partitions_in_child("mr_engine", PARTITION_KEYS, 5, seed)
        moved = [k for k, a, b in zip(PARTITION_KEYS, here, there, strict=True) if a != b]
        assert not moved, (
            f"{len(moved)} of {len(PARTITION_KEYS)} keys (e.g. {moved[0]!r}) went to another "
            f"partition in a fresh process with PYTHONHASHSEED={seed} that partitioned the "
            "keys in reverse order. A key's partition must depend only on the key and "
            "n_partitions: Python salts hash() of a str per process, and partitions handed "
            "out in order of arrival differ between map workers, so spawned map workers "
            "would send one key to several reducers. Use a stable hash such as "
            "zlib.crc32(key.encode('utf-8'))."
        )


@pytest.fixture
def spawn_by_default(monkeypatch):
    """Make spawn the default start method (as on macOS and Windows), each worker salted."""
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("spawn", force=True)
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    yield
    multiprocessing.set_start_method(previous, force=True)


def test_engine_runs_under_spawn(spawn_by_default, small_corpus, tmp_path):
    inputs, workdir, folder = small_corpus[:2], tmp_path / "job", tmp_path / "visits"
    folder.mkdir()
    got = run_job(inputs, RecordingWordCount(str(folder), os.getpid()), sum_reducer, 2, 2,
                  workdir=workdir, workers=2)
    assert_not_in_parent(folder)
    forked = [v["name"] for v in read_visits(folder, "map") if v["forked"]]
    assert not forked, (
        f"the default start method was spawn, yet the mapper of {forked[0]} ran in a forked "
        "copy of the test process. Start workers with the default start method "
        "(multiprocessing.Process, or multiprocessing.get_context() without a name), so the "
        "engine also runs where fork does not exist (Windows) or is unsafe (macOS)."
    )
    keys = partition_keys(workdir, 2, 2)
    shared = keys[0] & keys[1]
    assert not shared, (
        f"with spawned workers, {len(shared)} keys (e.g. {sorted(shared)[0]!r}) were sent to "
        "several reduce partitions: each spawned worker salts hash() differently. Use a "
        "stable hash such as zlib.crc32(json.dumps(key).encode('utf-8'))."
    )
    compare_counts(got, serial_word_count(inputs), "word count with spawned workers")


def test_workdir_holds_one_file_per_partition(corpus, tmp_path):
    workdir = tmp_path / "job"
    # 4 map tasks for 3 files: map task 3 has no input, and still writes its (empty) files.
    got = run_job(corpus[:3], wc_mapper, sum_reducer, 4, 3, sum_reducer, workdir=workdir)
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


def test_combiner_runs_in_each_map_task(small_corpus, tmp_path):
    workdir = tmp_path / "job"
    inputs = small_corpus[:2]
    got = run_job(inputs, wc_mapper, sum_reducer, 2, 2, sum_reducer, workdir=workdir)
    files = sorted(workdir.glob("map-*-*.jsonl"))
    assert files, "run_job left no map-*-*.jsonl files in the workdir."
    for path in files:
        repeated = [(key, n) for key, n in Counter(k for k, _ in read_pairs(path)).items()
                    if n > 1]
        assert not repeated, (
            f"run_job was given a combiner, yet {path.name} holds the key {repeated[0][0]!r} "
            f"{repeated[0][1]} times (its map task read one input file). Apply the combiner "
            "in the map task: "
            "group the task's pairs of each partition by key and write "
            "(key, combiner(key, values)) once per key, so the shuffle carries fewer pairs."
        )
    compare_counts(got, serial_word_count(inputs), "word count with a combiner")


@pytest.mark.parametrize(("phase", "by_signal"),
                         [("map", False), ("reduce", False), ("map", True)],
                         ids=["map-exit", "reduce-exit", "map-sigkill"])
def test_worker_crash_is_recovered(corpus, tmp_path, phase, by_signal):
    inputs = corpus[:3]
    crash = CrashOnce(str(tmp_path / "crashed"), os.getpid(), by_signal)
    mapper, reducer = (crash.map, sum_reducer) if phase == "map" else (wc_mapper, crash.reduce)
    death = "was killed by SIGKILL (exitcode -9)" if by_signal else "died (os._exit(13))"
    try:
        got = run_job(inputs, mapper, reducer, 3, 2, sum_reducer, workdir=tmp_path / "job")
    except NotImplementedError:
        raise
    except Exception as error:
        assert_not_in_parent(tmp_path)
        raise AssertionError(
            f"run_job raised {type(error).__name__}: {error} after one {phase} worker {death} "
            f"on its first attempt. The master must notice the dead worker and run its "
            f"{phase} task again, otherwise its data is lost: only exitcode == 0 is a "
            "success (a worker killed by a signal has a negative exitcode)."
        ) from None
    assert_not_in_parent(tmp_path)
    assert Path(crash.marker).exists(), f"the crash probe never ran: was the {phase} called?"
    compare_counts(got, serial_word_count(inputs), f"word count after a {phase} worker crashed")


def test_each_task_has_its_own_attempts(small_corpus, tmp_path):
    inputs = small_corpus[:3]
    folder = tmp_path / "crashed"
    folder.mkdir()
    mapper = CrashEachTaskOnce(str(folder), os.getpid(), len(inputs))
    try:
        got = run_job(inputs, mapper, sum_reducer, len(inputs), 2, workdir=tmp_path / "job",
                      workers=len(inputs), max_attempts=2)
    except NotImplementedError:
        raise
    except Exception as error:
        assert_not_in_parent(folder)
        raise AssertionError(
            f"run_job raised {type(error).__name__}: {error}, although each of its "
            f"{len(inputs)} map tasks died only once and max_attempts=2 allows each task two "
            "attempts. Count the attempts per task (attempts[index] < max_attempts), not one "
            "failure budget shared by all tasks: on a big cluster many tasks fail, but each "
            "task may fail only max_attempts - 1 times."
        ) from None
    assert_not_in_parent(folder)
    compare_counts(got, serial_word_count(inputs),
                   "word count after every map task's worker died once")


def test_gives_up_after_max_attempts(tmp_path):
    inputs = write_probe_inputs(tmp_path / "inputs", 2)
    mapper = AlwaysCrashMapper(str(tmp_path), os.getpid())
    try:
        run_job(inputs, mapper, sum_reducer, 1, 1, workdir=tmp_path / "job", max_attempts=2)
    except NotImplementedError:
        raise
    except Exception:  # the lesson asks for RuntimeError; any error ends the job here
        failed = True
    else:
        failed = False
    finally:
        assert_not_in_parent(tmp_path)
    tries = count_attempts(tmp_path)
    assert failed, (
        f"run_job returned although its only map task died on each of {tries} attempts; "
        "after max_attempts failures the job must fail (raise RuntimeError)."
    )
    assert tries == 2, (
        f"the always-crashing map task was started {tries} times; with max_attempts=2 it "
        "should be started exactly twice before run_job gives up."
    )


def test_giving_up_stops_the_other_workers(tmp_path):
    inputs = write_probe_inputs(tmp_path / "inputs", 2)
    folder = str(tmp_path)
    mapper = GiveUpMapper(folder, inputs[0].name, os.getpid())
    try:
        run_job(inputs, mapper, sum_reducer, 2, 1, workdir=tmp_path / "job", max_attempts=1)
    except NotImplementedError:
        raise
    except Exception:  # the lesson asks for RuntimeError; any error ends the job here
        pass
    else:
        raise AssertionError("run_job returned although map task 0 died on its only "
                             "attempt (max_attempts=1); the job must fail.")
    finally:
        assert_not_in_parent(tmp_path)
    alive = [pid for pid in started_pids(folder) if is_running(pid)]
    stop_leftovers(alive)
    assert not alive, (
        f"run_job gave up when map task 0 died for good, but the worker of map task 1 (a "
        f"{LONG_TASK:.0f} s task) was still running. When the job fails, kill() and join() "
        "every worker that is still running, so no orphan keeps working for a dead job."
    )
