import multiprocessing
from functools import partial

import pytest
from proof_of_work import find_suffix, is_solved, pow_hash

from graders.support.parallel import RecordingCheck, letters_searched, start_methods


def test_hash_matches_the_course():
    got = [pow_hash(s) for s in ("baseman", "basemans", "I miss DSR already")]
    assert got == ["189072088", "244319051", "928581169"], (
        f"pow_hash gave {got}; expected the decimal zlib.adler32 of the UTF-8 bytes: "
        "['189072088', '244319051', '928581169']."
    )
    assert is_solved("basemans") and not is_solved("baseman"), (
        "is_solved(text) is True when pow_hash(text) ends with '1': 'basemans' yes, "
        "'baseman' no."
    )


@pytest.mark.parametrize("start_method", start_methods())
def test_first_suffix_in_lexical_order(start_method):
    context = multiprocessing.get_context(start_method)
    one = find_suffix("baseman", 1, partial(is_solved, rule="1"), 2, context)
    two = find_suffix("baseman", 2, partial(is_solved, rule="11"), 2, context)
    assert (one, two) == ("i", "ab"), (
        f"find_suffix gave {one!r} (one letter, rule '1') and {two!r} (two letters, rule "
        "'11'); expected 'i' and 'ab', the first answers in lexical order ('s' and 'do' also "
        "work but come later). Take the letters' results in order, not as they finish."
    )


def test_none_when_nothing_works():
    got = find_suffix("baseman", 1, partial(is_solved, rule="11"), 2,
                      multiprocessing.get_context("forkserver"))
    assert got is None, f"no single letter gives a hash ending in '11', yet got {got!r}."


def test_every_letter_is_searched(tmp_path):
    check = RecordingCheck("baseman", "zz", str(tmp_path), pause=0.0)
    got = find_suffix("baseman", 2, check, 2, multiprocessing.get_context("forkserver"))
    assert got == "zz", (
        f"the only answer was 'zz', but find_suffix gave {got!r}; searched first letters: "
        f"{''.join(letters_searched(tmp_path))}. Search the whole alphabet, 'a' to 'z'."
    )


def test_stops_once_the_answer_is_known(tmp_path):
    check = RecordingCheck("baseman", "ab", str(tmp_path))
    got = find_suffix("baseman", 2, check, 2, multiprocessing.get_context("forkserver"))
    searched = letters_searched(tmp_path)
    assert got == "ab", f"the only answer was 'ab', but find_suffix gave {got!r}."
    assert len(searched) <= 8, (
        f"the answer 'ab' was found in the first task, yet {len(searched)} first letters were "
        f"searched ({''.join(searched)}); expected a handful. Stop as soon as the answer is "
        "known: `pool.shutdown(cancel_futures=True)` (or `pool.terminate()`)."
    )
