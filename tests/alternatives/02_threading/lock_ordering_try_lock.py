"""Alternative for kata lock_ordering: no order at all, but never wait while holding a lock:
take the source's lock, try the target's without blocking, and on failure let go and retry."""

import random
import threading
import time
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
    while True:
        source.lock.acquire()
        if target.lock.acquire(blocking=False):
            break
        source.lock.release()
        time.sleep(random.uniform(0, 0.002))
    try:
        source.balance -= amount
        target.balance += amount
    finally:
        target.lock.release()
        source.lock.release()
