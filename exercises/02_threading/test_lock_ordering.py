"""Kata lock_ordering: what the lesson says it proves, and the test that checks each claim.

The test's accounts have locks that know which thread holds them: every balance change is
logged with the accounts whose locks the writing thread held, and a thread about to wait
forever for a lock whose holder waits for one of its own raises Deadlock instead of hanging.

- Result: `amount` moves from source to target, for any amount and any account numbers
  (not in argument order): test_transfer_moves_the_money.
- Both balances change while the writing thread holds both accounts' locks (not one lock
  at a time, not only the first): test_balances_change_only_under_both_locks.
- No deadlock when transfers run at once in opposite directions, between two accounts or
  around a cycle of three: test_opposite_transfers_do_not_deadlock.
"""

import threading

import pytest
from lock_ordering import transfer

from graders.support.threading_support import Bank, Deadlock


def test_transfer_moves_the_money():
    bank = Bank(pause=0)
    a, b = bank.account(7, 100), bank.account(3, 50)
    transfer(a, b, 30)
    transfer(b, a, 45)
    assert (a.balance, b.balance) == (115, 35), (
        f"after transfer(a, b, 30) and transfer(b, a, 45) from 100 and 50 the balances are "
        f"{a.balance} and {b.balance}; expected 115 and 35: take `amount` from the source "
        "and add it to the target."
    )


def test_balances_change_only_under_both_locks():
    bank = Bank(pause=0)
    a, b = bank.account(5, 100), bank.account(2, 50)
    transfer(a, b, 20)
    transfer(b, a, 5)
    writes = bank.writes
    loose = [(number, sorted(held)) for number, held in writes if held != {2, 5}]
    assert writes and not loose, (
        f"balance changes (account, locks the writer held): {loose}; expected every change "
        "made while holding both accounts' locks, {2, 5}. Change both balances inside "
        "`with first.lock, second.lock:`, not under one lock at a time."
    )


def _shuffle(source, target, times: int, errors: list) -> None:
    try:
        for _ in range(times):
            transfer(source, target, 1)
    except Exception as error:  # handed to the test's thread, which raises it
        errors.append(error)


ROUTES = {
    "two accounts": ([1, 2], [(0, 1, 40), (1, 0, 25)]),
    "a cycle of three": ([9, 4, 6], [(0, 1, 30), (1, 2, 30), (2, 0, 30)]),
}


@pytest.mark.parametrize("route", ROUTES)
def test_opposite_transfers_do_not_deadlock(route):
    # Every lock pauses a moment after it is taken, so threads that take the locks in
    # argument order wait for each other; the locks notice and raise Deadlock.
    numbers, moves = ROUTES[route]
    bank = Bank()
    accounts = [bank.account(number, 1000) for number in numbers]
    errors: list[Exception] = []
    threads = [threading.Thread(target=_shuffle, daemon=True,
                                args=(accounts[s], accounts[t], times, errors))
               for s, t, times in moves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deadlocks = [error for error in errors if isinstance(error, Deadlock)]
    if deadlocks:
        raise AssertionError(
            f"deadlock between transfers ({route}): {deadlocks[0]}. Each thread held one "
            "account's lock and waited for another's. Take the locks in one global order, "
            "the smaller account number first: `sorted((source, target), key=lambda a: "
            "a.number)`."
        )
    if errors:
        raise errors[0]
    expected = [1000] * len(accounts)
    for s, t, times in moves:
        expected[s] -= times
        expected[t] += times
    got = [account.balance for account in accounts]
    assert got == expected, (
        f"transfers of 1 ({route}) left balances {got}; expected {expected}. Both balances "
        "must change under both locks."
    )
