"""Kata mr_wordcount: map, shuffle and reduce by hand.

What the lesson says the kata proves, and the test that checks each claim:

- wc_map: one (word, 1) pair per word, repeats kept, in the record's order, each word kept
  as written ("Kiwi" and "kiwi" are two keys), on records not shown in the lesson:
  test_wc_map.
- shuffle: every value of a key in one list, in arrival order, whatever the pairs' order
  and values (not only 1s): test_shuffle_groups_every_key; from any iterable, a one-shot
  iterator or nothing at all: test_shuffle_accepts_any_iterable.
- wc_reduce: the sum of the values, not their number: test_wc_reduce_adds_values.
- map_reduce: map, then shuffle, then one reducer call per key with all of its values (the
  course notebook's bug reduced before the shuffle): test_pipeline_counts_all_records,
  test_reducer_sees_each_key_once_with_all_values; with whatever mapper and reducer it is
  given, records from a one-shot iterator, results sorted by key although the keys arrive in
  another order: test_map_reduce_uses_the_given_functions.

The map_reduce tests pass their own mapper and reducer, so a mistake in wc_map or wc_reduce
costs only that function's test.
"""

from collections import Counter

from mr_wordcount import map_reduce, shuffle, wc_map, wc_reduce

from graders.support.mapreduce_support import WORD_RECORDS, returned

ALL_PAIRS = [("data", 1), ("scientist", 1), ("data", 1), ("engineer", 1), ("data", 1)]
# Values that are not all 1, keys that arrive out of order.
VALUED_PAIRS = [("pear", 3), ("fig", 0), ("pear", -2), ("kiwi", 7), ("fig", 5), ("pear", 4)]
VALUED_GROUPS = {"pear": [3, -2, 4], "fig": [0, 5], "kiwi": [7]}


def ones(record):
    """The test's own word-count mapper."""
    return [(word, 1) for word in record]


def total(key, values):
    """The test's own word-count reducer."""
    return key, sum(values)


def test_wc_map():
    for record in (["Kiwi", "fig", "kiwi", "apple", "fig"], WORD_RECORDS[0]):
        got = returned(wc_map(record), f"wc_map({record!r})", "a list of pairs")
        expected = [(word, 1) for word in record]
        assert list(got) == expected, (
            f"wc_map({record!r}) returned {got!r}; expected {expected!r}: one (word, 1) "
            "pair per word, repeats included, in the record's order, each word as written "
            "(no lower(): \"Kiwi\" and \"kiwi\" are two keys)."
        )


def test_shuffle_groups_every_key():
    got = returned(shuffle(ALL_PAIRS), "shuffle(pairs)", "a dict of lists")
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
    got = returned(shuffle(VALUED_PAIRS), "shuffle(pairs)", "a dict of lists")
    got = {key: list(values) for key, values in got.items()}
    assert got == VALUED_GROUPS, (
        f"shuffle({VALUED_PAIRS!r}) returned {got!r}; expected {VALUED_GROUPS!r}: keep every "
        "value itself (not a 1 per pair), in the order the pairs arrived."
    )


def test_shuffle_accepts_any_iterable():
    got = returned(shuffle(pair for pair in VALUED_PAIRS), "shuffle(pairs)", "a dict of lists")
    got = {key: list(values) for key, values in got.items()}
    assert got == VALUED_GROUPS, (
        f"shuffle of a generator of pairs returned {got!r}; expected {VALUED_GROUPS!r}. "
        "The pairs may come from a one-shot iterator (a mapper's generator): read them "
        "once, in a single loop."
    )
    empty = shuffle([])
    assert dict(empty) == {}, f"shuffle([]) returned {empty!r}; expected {{}}."


def test_wc_reduce_adds_values():
    for key, values, expected in (("data", [2, 0, 3], ("data", 5)), ("fig", [1], ("fig", 1))):
        got = returned(wc_reduce(key, values), f"wc_reduce({key!r}, {values!r})",
                       "a (key, total) pair")
        assert tuple(got) == expected, (
            f"wc_reduce({key!r}, {values!r}) returned {got!r}; expected {expected!r}: the key "
            "and the sum of its values (a combiner may already have added some up, so a value "
            "is not always 1)."
        )


def test_map_reduce_uses_the_given_functions():
    def by_length(record):
        return [(len(word), word) for word in record]

    def joined(key, values):
        return key, "+".join(values)

    records = (record for record in (["kiwi", "fig", "apple"], ["pear", "fig"]))
    try:
        got = returned(map_reduce(records, by_length, joined), "map_reduce", "a sorted list")
    except TypeError as error:
        raise AssertionError(
            f"map_reduce raised TypeError ({error}) with records from a generator and the "
            "test's own mapper and reducer. Records may be any iterable: read them once, in "
            "one loop (no len() or indexing), and call the mapper and reducer it is given."
        ) from None
    expected = [(3, "fig+fig"), (4, "kiwi+pear"), (5, "apple")]
    got = [tuple(item) for item in got]
    advice = ("Call the mapper and reducer it is given (not wc_map and wc_reduce), read the "
              "records once (they may be a generator), and sort the results by key.")
    mapped = [(4, "kiwi"), (3, "fig"), (5, "apple"), (4, "pear"), (3, "fig")]
    groups = {4: ["kiwi", "pear"], 3: ["fig", "fig"], 5: ["apple"]}
    grouped = None
    if got != expected:
        try:
            grouped = {key: list(values) for key, values in dict(shuffle(mapped)).items()}
        except Exception:  # noqa: BLE001 - only to choose the message; the assertion decides
            grouped = None
    if grouped is not None and grouped != groups:
        advice = (f"map_reduce is meant to group the mapped pairs with shuffle, and "
                  f"shuffle({mapped!r}) returned {grouped!r}, not {groups!r}: values are "
                  "lost or split before the reducer sees them. Fix shuffle so it groups "
                  "every value of a key, even when the pairs of a key are not next to each "
                  "other (test_shuffle_groups_every_key).")
    assert got == expected, (
        f"map_reduce(records, mapper=(len(word), word), reducer=(key, '+'.join(values))) "
        f"returned {got!r}; expected {expected!r}. {advice}"
    )
    assert list(map_reduce([], by_length, joined)) == [], "map_reduce of no records should be []."


def test_pipeline_counts_all_records():
    try:
        got = returned(map_reduce(WORD_RECORDS, ones, total), "map_reduce", "a sorted list")
    except TypeError as error:
        raise AssertionError(
            f"map_reduce raised TypeError ({error}): the reducer received single values "
            "instead of a list per key. This is the course notebook's bug: its grouping line "
            "is commented out, so it reduces before the shuffle. Group the pairs by key "
            "(shuffle) first, then call the reducer once per key."
        ) from None
    expected = [("data", 7), ("engineer", 3), ("scientist", 4)]
    assert [tuple(item) for item in got] == expected, (
        f"map_reduce on the course's three records returned {got!r}; expected {expected!r}."
    )


def test_reducer_sees_each_key_once_with_all_values():
    calls = []

    def recording_reducer(key, values):
        calls.append((key, values))
        return key, len(values) if isinstance(values, list) else values

    map_reduce(WORD_RECORDS, ones, recording_reducer)
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
