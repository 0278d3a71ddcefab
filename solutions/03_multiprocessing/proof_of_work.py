"""Kata proof_of_work: the course's mining exercise, searched in parallel, deterministically."""

import itertools
import string
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from multiprocessing.context import BaseContext

ALPHABET = string.ascii_lowercase


def pow_hash(text: str) -> str:
    """The decimal string of zlib.adler32 of the text's UTF-8 bytes."""
    ### BEGIN SOLUTION
    return str(zlib.adler32(text.encode()))
    ### END SOLUTION


def is_solved(text: str, rule: str = "1") -> bool:
    """True when pow_hash(text) ends with `rule`."""
    ### BEGIN SOLUTION
    return pow_hash(text).endswith(rule)
    ### END SOLUTION


def first_with_prefix(base: str, prefix: str, length: int,
                      check: Callable[[str], bool]) -> str | None:
    """The first suffix (in lexical order) that starts with `prefix`, has `length` letters
    and makes check(base + suffix) true; None when there is none."""
    ### BEGIN SOLUTION
    for rest in itertools.product(ALPHABET, repeat=length - len(prefix)):
        suffix = prefix + "".join(rest)
        if check(base + suffix):
            return suffix
    return None
    ### END SOLUTION


def find_suffix(base: str, length: int, check: Callable[[str], bool], workers: int,
                mp_context: BaseContext | None = None) -> str | None:
    """The first `length`-letter suffix, in lexical order, for which check(base + suffix).

    Search one first letter per task in a pool of `workers` processes. Take the answers in
    the order of the letters so that the result is always the same, and stop (cancel what
    has not started) as soon as the answer is known. None when no suffix works.
    """
    ### BEGIN SOLUTION
    search = partial(first_with_prefix, base, length=length, check=check)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)
    try:
        futures = [pool.submit(search, letter) for letter in ALPHABET]
        for future in futures:
            found = future.result()
            if found is not None:
                return found
        return None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    ### END SOLUTION
