"""Kata ticket_lock: what the lesson says it proves, and the test that checks each claim.

The test takes the tickets itself, so it knows the order in which threads asked; it starts
the waiting threads in the opposite order, and each thread logs the moment it holds the
lock (graders/support/fairness_support.py). Only the order of the grants and how many
threads held the lock at once are judged, never a duration.

- Tickets are numbered 0, 1, 2, ... in the order they are taken, by each lock on its own
  (another lock's tickets do not count): test_tickets_count_up_from_zero.
- The lock is granted in ticket order, one holder at a time, whatever order the threads
  started waiting in; a later ticket does not go first when the next ticket's thread has
  not even asked yet (a plain lock, or threads staggered by sleeping, let it in); and every
  waiting thread is woken when its turn comes: test_turns_follow_ticket_order.
- No thread starves: a thread that releases and asks again at once queues behind every
  thread already waiting: test_a_greedy_thread_waits_behind_the_queue.
- It is still a lock: while one thread holds it, the next ticket does not get in, and
  `with lock:` keeps many threads' read-modify-writes whole: test_one_holder_at_a_time.
"""

import sys
import threading

import pytest
from ticket_lock import TicketLock

from graders.support.fairness_support import (
    GrantLog,
    hold_repeatedly,
    hold_ticket,
    join_all,
    start_all,
)
from graders.support.threading_support import LedgerCell


@pytest.fixture
def switch_often():
    """Make the interpreter switch threads very often, so a missing lock shows every time."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


LATE = 1.0  # seconds the next ticket's thread stays away; a fair lock lets nobody in meanwhile


def _never_served(stuck: list[threading.Thread], log: GrantLog) -> str:
    return (
        f"{len(stuck)} thread(s) never got their turn (served so far: {log.order}): a waiting "
        "thread sleeps until someone wakes it. In release(), after serving the next ticket, "
        "call `notify_all()` on the Condition the waiters wait on."
    )


def test_tickets_count_up_from_zero():
    other = TicketLock()
    other.take_ticket()  # another lock has given out a ticket already
    lock = TicketLock()
    tickets = []
    for _ in range(5):
        tickets.append(lock.take_ticket())
        other.take_ticket()
    assert tickets == [0, 1, 2, 3, 4], (
        f"five take_ticket() calls on a new lock returned {tickets}, while another lock gave "
        "out tickets too; expected [0, 1, 2, 3, 4]: the first caller gets 0 and each later "
        "one the next number. Each lock counts its own tickets: set its counters on `self` "
        "in __init__, not on the class."
    )


@pytest.mark.parametrize("waiters", [5, 8])
def test_turns_follow_ticket_order(waiters):
    lock = TicketLock()
    lock.acquire()  # the test holds the lock (ticket 0) while the others queue up
    tickets = [lock.take_ticket() for _ in range(waiters)]
    log = GrantLog()
    names = [f"ticket {ticket}" for ticket in tickets]
    targets = [(hold_ticket, (lock, ticket, log, name, threading.Event()))
               for ticket, name in zip(tickets, names, strict=True)]
    threads = start_all(targets[:0:-1])  # the last ticket starts waiting first ...
    lock.release()
    threads[0].join(LATE)  # ... and the first one asks only after this pause
    early = list(log.order)
    threads += start_all(targets[:1])
    stuck = join_all(threads)
    assert not early, (
        f"{early} got the lock while {names[0]}, served next, had not asked for its turn "
        "yet; expected nobody to get in before it. A fair lock goes by ticket number, not "
        "by who is waiting (a plain Lock) or by when a thread arrives (sleeping a time per "
        "ticket): let wait_turn(ticket) return only when `ticket` is the one being served."
    )
    assert not stuck, _never_served(stuck, log)
    assert log.most_inside == 1, (
        f"up to {log.most_inside} threads held the lock at once (grants: {log.order}); "
        "expected one. A waiter woken by notify_all must check again that its own ticket is "
        "served (`wait_for`, or `wait()` in a `while` loop), not return after one wake-up."
    )
    assert log.order == names, (
        f"the threads got the lock in the order {log.order}; expected ticket order, {names}. "
        "They started waiting in the opposite order; a plain Lock (or anything that lets "
        "whoever wakes first in) ignores the tickets. Let wait_turn(ticket) return only when "
        "`ticket` is the one being served."
    )


def test_a_greedy_thread_waits_behind_the_queue():
    lock = TicketLock()
    lock.acquire()
    waiting = [lock.take_ticket() for _ in range(5)]
    greedy_ticket = lock.take_ticket()
    log = GrantLog()
    targets = [(hold_ticket, (lock, ticket, log, f"waiter {ticket}", threading.Event()))
               for ticket in waiting]
    targets.append((hold_repeatedly, (lock, greedy_ticket, 4, log, "greedy", threading.Event())))
    threads = start_all(targets[::-1])
    lock.release()
    stuck = join_all(threads)
    assert not stuck, _never_served(stuck, log)
    expected = [f"waiter {ticket}" for ticket in waiting] + ["greedy"] * 4
    assert log.order == expected, (
        f"the lock went to {log.order}; expected {expected}. The greedy thread releases and "
        "asks again at once: with a fair lock it queues behind the threads already waiting "
        "(a new ticket each time), so nobody starves. Serve tickets strictly in order."
    )


def test_one_holder_at_a_time(switch_often):
    lock = TicketLock()
    lock.acquire()
    log = GrantLog()
    asking = threading.Event()
    second = threading.Thread(target=hold_ticket, daemon=True,
                              args=(lock, lock.take_ticket(), log, "next ticket", asking))
    second.start()
    asking.wait(5)
    second.join(1.0)  # a second holder would get in at once; a correct one waits for us
    early = list(log.order)
    lock.release()
    second.join(5)
    assert not early, (
        f"{early} got the lock while the test still held it: wait_turn(ticket) must wait "
        "until `ticket` itself is served, not the one before it."
    )
    cell = LedgerCell()
    # 320 turns: tickets past 256, where `is` no longer finds equal ints the same object
    threads = [threading.Thread(target=_add_with_lock, args=(lock, cell, 80)) for _ in range(4)]
    for thread in threads:
        thread.start()
    stuck = join_all(threads)
    assert not stuck, _never_served(stuck, log)
    assert cell.most_inside == 1 and cell.value == 320, (
        f"4 threads x 80 increments under `with lock:` gave {cell.value} (expected 320), with "
        f"up to {cell.most_inside} threads between read() and write() at once (expected 1)."
    )


def _add_with_lock(lock: TicketLock, cell: LedgerCell, times: int) -> None:
    for _ in range(times):
        with lock:
            cell.write(cell.read() + 1)
