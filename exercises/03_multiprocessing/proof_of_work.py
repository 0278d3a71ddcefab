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
    # TODO: write pow_hash; the lesson is README.md, kata proof_of_work
    raise NotImplementedError("TODO: pow_hash (kata proof_of_work)")


def is_solved(text: str, rule: str = "1") -> bool:
    """True when pow_hash(text) ends with `rule`."""
    # TODO: write is_solved; the lesson is README.md, kata proof_of_work
    raise NotImplementedError("TODO: is_solved (kata proof_of_work)")


def first_with_prefix(base: str, prefix: str, length: int,
                      check: Callable[[str], bool]) -> str | None:
    """The first suffix (in lexical order) that starts with `prefix`, has `length` letters
    and makes check(base + suffix) true; None when there is none."""
    # TODO: write first_with_prefix; the lesson is README.md, kata proof_of_work
    raise NotImplementedError("TODO: first_with_prefix (kata proof_of_work)")


def find_suffix(base: str, length: int, check: Callable[[str], bool], workers: int,
                mp_context: BaseContext | None = None) -> str | None:
    """The first `length`-letter suffix, in lexical order, for which check(base + suffix).

    Search one first letter per task in a pool of `workers` processes. Take the answers in
    the order of the letters so that the result is always the same, and stop (cancel what
    has not started) as soon as the answer is known. None when no suffix works.
    """
    # TODO: write find_suffix; the lesson is README.md, kata proof_of_work
    raise NotImplementedError("TODO: find_suffix (kata proof_of_work)")
