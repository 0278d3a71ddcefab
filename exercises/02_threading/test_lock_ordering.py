import threading

from lock_ordering import transfer

from graders.support.parallel import WatchedAccount


def test_transfer_moves_the_money():
    a, b = WatchedAccount(1, 100), WatchedAccount(2, 50)
    transfer(a, b, 30)
    assert (a.balance, b.balance) == (70, 80), (
        f"after transfer(a, b, 30) from 100 and 50 the balances are {a.balance} and "
        f"{b.balance}; expected 70 and 80."
    )


def test_balances_change_only_under_their_locks():
    a, b = WatchedAccount(1, 100), WatchedAccount(2, 50)
    transfer(b, a, 20)
    unlocked = a.unlocked_writes + b.unlocked_writes
    assert unlocked == 0, (
        f"{unlocked} balance change(s) happened while that account's lock was free; expected "
        "none. Change both balances inside `with first.lock, second.lock:`."
    )


def _shuffle(source, target, times: int, errors: list) -> None:
    try:
        for _ in range(times):
            transfer(source, target, 1)
    except Exception as error:  # handed to the test's thread, which raises it
        errors.append(error)


def test_opposite_transfers_do_not_deadlock():
    # Every transfer holds its first lock a moment before taking the second: if two threads
    # take the locks in opposite orders they wait for each other forever, and this test ends
    # as a timeout whose stacks show both threads stuck in transfer.
    a, b = WatchedAccount(1, 1000), WatchedAccount(2, 1000)
    errors: list[Exception] = []
    threads = [threading.Thread(target=_shuffle, args=(a, b, 40, errors), daemon=True),
               threading.Thread(target=_shuffle, args=(b, a, 25, errors), daemon=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    assert (a.balance, b.balance) == (985, 1015), (
        f"40 transfers of 1 from a to b and 25 back left balances {a.balance} and "
        f"{b.balance}; expected 985 and 1015. Both balances must change under both locks."
    )
