"""Kata lock_ordering: move money between two accounts, each with its own lock, safely."""

import threading
from dataclasses import dataclass, field


@dataclass
class Account:
    """A bank account: a unique number, a balance, and the lock that guards the balance."""

    number: int
    balance: int
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


def transfer(source, target, amount: int) -> None:
    """Move `amount` from `source` to `target` while holding both accounts' locks.

    Many threads may transfer at once, in both directions. Take the two locks in one global
    order (the smaller account number first) so that no two threads can wait on each other.
    """
    ### BEGIN SOLUTION
    first, second = sorted((source, target), key=lambda account: account.number)
    with first.lock, second.lock:
        source.balance -= amount
        target.balance += amount
    ### END SOLUTION
