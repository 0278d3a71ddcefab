"""Kata ticket_lock: what the lesson says it proves, and the test that checks each claim.

The test takes the tickets itself, so it knows the order in which threads asked; it starts
the waiting threads in the opposite order, and each thread logs the moment it holds the
lock (graders/support/fairness_support.py). Only the order of the grants and how many
threads held the lock at once are judged, never a duration.

- Tickets are numbered 0, 1, 2, ... in the order they are taken, by each lock on its own
  (another lock's tickets do not count): test_tickets_count_up_from_zero.
- No ticket is handed out twice when many threads take tickets at once: take_ticket reads
  and advances the counter as one step. The test's subclass of TicketLock lets other
  threads run before every attribute assignment (as a scheduler may), so a read and
  write-back that are not under one lock overlap: test_tickets_are_never_handed_out_twice.
- The lock is granted in ticket order, one holder at a time, whatever order the threads
  started waiting in; a later ticket does not go first when the next ticket's thread has
  not even asked yet (a plain lock, or threads staggered by sleeping, let it in); and every
  waiting thread is woken when its turn comes: test_turns_follow_ticket_order.
- No thread starves: a thread that releases and asks again at once queues behind every
  thread already waiting: test_a_greedy_thread_waits_behind_the_queue.
- It is still a lock: while one thread holds it, the next ticket does not get in, and
  `with lock:` keeps many threads' read-modify-writes whole: test_one_holder_at_a_time.
- A waiting thread sleeps until its turn (a Condition, an Event, or a short sleep between
  checks), never spins: while the test's thread holds the lock and computes, the waiting
  thread takes at most a quarter of the CPU time the two use together (a spinning waiter
  takes about half, the GIL being shared); the share, unlike a duration, does not change
  on a busy machine, and a machine that gives the two almost no CPU is not gradable:
  test_a_waiting_thread_does_not_spin.
"""

import sys
import threading

import pytest
from ticket_lock import TicketLock

from graders import not_gradable
from graders.support.fairness_support import (
    GrantLog,
    busy_for,
    hold_repeatedly,
    hold_ticket,
    join_all,
    start_all,
    take_tickets,
    wait_timed,
    yielding,
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


TAKERS, TAKES = 4, 25  # threads taking tickets at once, tickets each


def test_tickets_are_never_handed_out_twice():
    lock = yielding(TicketLock)()
    start = threading.Barrier(TAKERS)
    taken: list[list[int]] = [[] for _ in range(TAKERS)]
    threads = [threading.Thread(target=take_tickets, args=(lock, TAKES, start, out), daemon=True)
               for out in taken]
    for thread in threads:
        thread.start()
    stuck = join_all(threads)
    tickets = sorted(ticket for out in taken for ticket in out)
    twice = sorted({ticket for ticket in tickets if tickets.count(ticket) > 1})
    total = TAKERS * TAKES
    assert not stuck, f"{len(stuck)} thread(s) taking tickets never returned from take_ticket()."
    assert not twice and tickets == list(range(total)), (
        f"{TAKERS} threads each taking {TAKES} tickets at once got {len(set(tickets))} "
        f"different tickets out of {len(tickets)}; handed out more than once: {twice[:10]}; "
        f"expected each of 0 to {total - 1} exactly once. Reading the counter and writing "
        "it back are two steps another thread can run between: do both as one step, "
        "under the lock (`with self._changed:` around the read and the increment)."
    )


HOLD = 0.3  # seconds the test holds the lock and computes while another thread waits


def test_a_waiting_thread_does_not_spin():
    lock = TicketLock()
    lock.acquire()
    asking, cpu = threading.Event(), []
    waiter = threading.Thread(target=wait_timed, daemon=True,
                              args=(lock, lock.take_ticket(), asking, cpu))
    waiter.start()
    asking.wait(5)
    mine = busy_for(HOLD)
    lock.release()
    stuck = join_all([waiter])
    assert not stuck and cpu, "the waiting thread never got its turn after the test released."
    theirs = cpu[0]
    if mine + theirs < 0.1 * HOLD:
        not_gradable(f"the machine gave the test's threads {mine + theirs:.3f} CPU seconds "
                     f"in {HOLD} s, too little to compare them",
                     "rerun the test on a less busy machine")
    share = theirs / (mine + theirs)
    assert share <= 0.25, (
        f"while the test held the lock for {HOLD} s and computed, the waiting thread used "
        f"{theirs:.3f} CPU seconds against the holder's {mine:.3f} ({share:.0%} of the two); "
        "expected little: a waiting thread that spins (`while self._serving != ticket: "
        "pass`) burns a CPU and takes the GIL from the holder. Sleep until notified: "
        "`self._changed.wait_for(lambda: self._serving == ticket)` under the Condition."
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
