from collections import Counter

from mr_wordcount import map_reduce, shuffle, wc_map, wc_reduce

from graders.support.mapreduce_support import WORD_RECORDS

ALL_PAIRS = [("data", 1), ("scientist", 1), ("data", 1), ("engineer", 1), ("data", 1)]


def test_wc_map_first_record():
    got = wc_map(WORD_RECORDS[0])
    expected = [("data", 1), ("scientist", 1), ("data", 1), ("engineer", 1)]
    assert got == expected, (
        f"wc_map({WORD_RECORDS[0]!r}) returned {got!r}; expected {expected!r}: "
        "one (word, 1) pair per word, in the record's order."
    )


def test_shuffle_groups_every_key():
    got = shuffle(ALL_PAIRS)
    expected = {"data": [1, 1, 1], "scientist": [1], "engineer": [1]}
    assert dict(got) == expected, (
        f"shuffle({ALL_PAIRS!r}) returned {got!r}; expected {expected!r}: every value of a "
        "key in one list. Try a `collections.defaultdict(list)`."
    )
    backwards = shuffle(list(reversed(ALL_PAIRS)))
    assert {k: len(v) for k, v in backwards.items()} == {"data": 3, "scientist": 1,
                                                          "engineer": 1}, (
        "shuffle of the same pairs in reverse order grouped them differently: grouping must "
        "not depend on the pairs being sorted (itertools.groupby only groups neighbours; "
        "sort by key first)."
    )


def test_wc_reduce_first_record():
    assert wc_reduce("data", [1, 1]) == ("data", 2), (
        "wc_reduce('data', [1, 1]) should be ('data', 2): the key and the sum of its values."
    )
    got = map_reduce([WORD_RECORDS[0]], wc_map, wc_reduce)
    expected = [("data", 2), ("engineer", 1), ("scientist", 1)]
    assert got == expected, (
        f"map_reduce on the first record returned {got!r}; expected {expected!r} "
        "(sorted by word)."
    )


def test_pipeline_counts_all_records():
    try:
        got = map_reduce(WORD_RECORDS, wc_map, wc_reduce)
    except TypeError as error:
        raise AssertionError(
            f"map_reduce raised TypeError ({error}): the reducer received single values "
            "instead of a list per key. This is the course notebook's bug: its grouping line "
            "is commented out, so it reduces before the shuffle. Group the pairs by key "
            "(shuffle) first, then call the reducer once per key."
        ) from None
    expected = [("data", 7), ("engineer", 3), ("scientist", 4)]
    assert got == expected, (
        f"map_reduce on the course's three records returned {got!r}; expected {expected!r}."
    )


def test_reducer_sees_each_key_once_with_all_values():
    calls = []

    def recording_reducer(key, values):
        calls.append((key, values))
        return key, len(values) if isinstance(values, list) else values

    map_reduce(WORD_RECORDS, wc_map, recording_reducer)
    times = Counter(key for key, _ in calls)
    repeated = {key: n for key, n in times.items() if n > 1}
    assert not repeated, (
        f"the reducer was called several times for the same key {repeated}: reduce ran "
        "before the shuffle grouped the values by key (the course notebook's bug). Shuffle "
        "every pair first, then reduce each key exactly once."
    )
    not_lists = [(key, values) for key, values in calls if not isinstance(values, list)]
    assert not not_lists, (
        f"the reducer received {not_lists[0]!r}: its values should be a list of every value "
        "of the key, as built by shuffle."
    )
    assert sorted(times) == ["data", "engineer", "scientist"], (
        f"the reducer was called for {sorted(times)}; expected each of data, engineer and "
        "scientist once."
    )
