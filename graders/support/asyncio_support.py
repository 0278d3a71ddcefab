"""Test-side helpers for topic 04_asyncio: a virtual clock, fake I/O, probes and a real server.

- `run_virtual` runs a coroutine on looptime's fake clock: sleeps take no real time and the
  loop's clock reads exact totals (10 concurrent 5 s waits end at 5.0, never 5.03).
- `FakeFetch` is an injected `fetch(url)` that waits a scripted time and records what it saw:
  how many calls were in flight at once, when each started and ended, which were cancelled
  and when. Tests read it the moment the kata returns, never after the loop's own shutdown
  (which cancels leftovers itself). `slot_report` checks a schedule against a limit both ways.
- `reference_count`, `reference_fetch_text` and `reference_run_blocking` are known-good
  versions of kata functions that other kata functions call: a test patches them in, so one
  mistake costs one test.
- `no_blocking` turns blockbuster's `BlockingError` (a blocking call made by the kata module
  while the loop runs) into a teaching failure; other modules, and worker threads, may block.
  `blocking_watch` lets a test catch the hit itself and weigh it with other evidence.
- `Heartbeat` counts the loop's ticks; `busy_until_ticks` computes in pure Python (and
  `sleep_until_ticks` blocks in `time.sleep`) until the heartbeat has ticked: while the loop's
  thread is held it never does, so a blocked loop shows as a count, not as a wall-clock gap.
- `KataServer` is a real aiohttp server on 127.0.0.1 in a background thread, with latency it
  injects per request, a flaky endpoint, a gate that holds requests until enough are in flight,
  and counters the tests read. `refused_url` is a port that refuses connections.

looptime, blockbuster and aiohttp are imported where they are used, so that a machine without
them reports the kata as not gradable instead of failing to import this module.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import socket
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from types import ModuleType
from typing import Any, TypeVar

T = TypeVar("T")

VIRTUAL_LIMIT = 10_000.0  # virtual seconds after which a run counts as stuck


# --- the virtual clock ------------------------------------------------------------------------


class StuckError(AssertionError):
    """A run on the virtual clock that never finished: something waits forever."""


def run_virtual(main: Callable[[], Awaitable[T]], limit: float = VIRTUAL_LIMIT) -> tuple[T, float]:
    """Run `main()` on a fresh looptime loop starting at 0; return its result and the clock.

    The clock is the loop's virtual time when `main()` returned. A run that waits forever
    (a queue nobody reads, a task nobody ends) reaches `limit` virtual seconds at once and
    fails with a `StuckError` instead of hanging.
    """
    import looptime

    async def bounded() -> T:
        try:
            async with asyncio.timeout(limit):
                return await main()
        except TimeoutError:
            if asyncio.get_running_loop().time() >= limit:
                raise StuckError(
                    f"the code was still waiting after {limit:g} virtual seconds: something "
                    "waits forever (a queue nobody reads, a task nobody ends, a lock never "
                    "released). Check that every task you start can finish."
                ) from None
            raise

    factory = partial(looptime.new_event_loop, start=0)
    with asyncio.Runner(loop_factory=factory) as runner:
        result = runner.run(bounded())
        return result, runner.get_loop().time()


def exact(seconds: float) -> str:
    """`seconds` written with every digit it has (up to looptime's 1e-6 s resolution and past
    it when needed), so that two different times never read the same in a message: 1 and
    1.000001, not 1 and 1 as `:g` writes them."""
    short = f"{seconds:.6f}".rstrip("0").rstrip(".")
    return short if float(short) == seconds else repr(seconds)


def now() -> float:
    """The running loop's clock (virtual under looptime)."""
    return asyncio.get_running_loop().time()


def other_tasks() -> list[asyncio.Task]:
    """Tasks of the running loop other than the current one, that are not finished."""
    current = asyncio.current_task()
    return [t for t in asyncio.all_tasks() if t is not current and not t.done()]


# --- fake I/O -----------------------------------------------------------------------------------


@dataclass
class FakeFetch:
    """An injected `await fetch(url)`: waits `delays[url]` (or `default`) seconds of loop time.

    It returns `results[url]` (default `f"body of {url}"`), raises `failures[url]` when one is
    given, and records the evidence a test needs: peak in-flight count, start/end times and
    cancellations with their time. When cancelled, it cleans up for `cleanup_turns` turns of
    the loop (as closing a connection does) before it stops: code that cancels it and only
    yields once (`await asyncio.sleep(0)`) instead of waiting for it still finds it running.
    """

    delays: dict[str, float] = field(default_factory=dict)
    default: float = 1.0
    failures: dict[str, BaseException] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)
    cleanup_turns: int = 0
    in_flight: int = 0
    peak: int = 0
    calls: list[str] = field(default_factory=list)
    started: dict[str, float] = field(default_factory=dict)
    finished: dict[str, float] = field(default_factory=dict)
    cancelled: list[str] = field(default_factory=list)
    cancelled_at: dict[str, float] = field(default_factory=dict)

    async def __call__(self, url: str) -> str:
        self.calls.append(url)
        self.started[url] = now()
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            await asyncio.sleep(self.delays.get(url, self.default))
            if url in self.failures:
                raise self.failures[url]
            self.finished[url] = now()
            return self.results.get(url, body(url))
        except asyncio.CancelledError:
            self.cancelled.append(url)
            self.cancelled_at[url] = now()
            for _ in range(self.cleanup_turns):
                await asyncio.sleep(0)
            raise
        finally:
            self.in_flight -= 1


def slot_report(fetch: FakeFetch, names: list[str], limit: int) -> str | None:
    """The first moment at which `fetch`'s calls for `names` broke `limit`, or None.

    After every start or end, exactly min(`limit`, calls not finished yet) must be in flight:
    more breaks the limit, fewer leaves a slot idle while a call waits (as batches of `limit`
    do). Needs distinct names that all succeed.
    """
    moments = sorted({0.0, *fetch.started.values(), *fetch.finished.values()})
    for moment in moments:
        running = sum(fetch.started.get(n, math.inf) <= moment < fetch.finished.get(n, math.inf)
                      for n in names)
        unfinished = sum(fetch.finished.get(n, math.inf) > moment for n in names)
        expected = min(limit, unfinished)
        if running != expected:
            return (f"at {moment:g} s, {running} call(s) were in flight while {unfinished} were "
                    f"not finished; expected {expected} (limit {limit})")
    return None


def body(url: str) -> str:
    """What `FakeFetch` returns for `url`."""
    return f"body of {url}"


def urls(count: int) -> list[str]:
    """`count` distinct fake URLs."""
    return [f"https://example.test/page/{i}" for i in range(count)]


def sleeper(seconds: float, result: Any = None, log: list[str] | None = None,
            name: str = "", cleanup_turns: int = 0) -> Callable[[], Awaitable[Any]]:
    """A job for katas that take jobs: waits `seconds`, returns `result`.

    With a `log`, it appends `name + ":cancelled"` when cancelled and `name + ":cleanup"` at
    the end however it ended. When cancelled, it cleans up for `cleanup_turns` turns of the
    loop before it stops (see FakeFetch).
    """

    async def job() -> Any:
        try:
            await asyncio.sleep(seconds)
            return result
        except asyncio.CancelledError:
            if log is not None:
                log.append(f"{name}:cancelled")
            for _ in range(cleanup_turns):
                await asyncio.sleep(0)
            raise
        finally:
            if log is not None:
                log.append(f"{name}:cleanup")

    return job


def failer(seconds: float, error: BaseException) -> Callable[[], Awaitable[Any]]:
    """A job that waits `seconds` and then raises `error`."""

    async def job() -> Any:
        await asyncio.sleep(seconds)
        raise error

    return job


# --- known-good kata functions, patched in where another kata function calls them ------------


async def reference_count(log: list[str], delay: float = 1.0) -> None:
    """gather_counts.count, done right."""
    log.append("One")
    await asyncio.sleep(delay)
    log.append("Two")


async def reference_fetch_text(session: Any, url: str, attempts: int = 3) -> str:
    """http_fetch.fetch_text, done right, whatever `raise_for_status` the caller's session has."""
    for attempt in range(1, attempts + 1):
        async with session.get(url, raise_for_status=False) as response:
            if response.status >= 500 and attempt < attempts:
                continue
            response.raise_for_status()
            return await response.text()
    raise ValueError(f"attempts must be at least 1, got {attempts}")


async def reference_run_blocking(func: Callable[..., T], *args: Any) -> T:
    """offload_blocking.run_blocking, done right."""
    return await asyncio.to_thread(func, *args)


# --- blocking and hogging -----------------------------------------------------------------------


def find_in_chain(error: BaseException, kind: type[BaseException]) -> BaseException | None:
    """The first exception of type `kind` in `error`, its causes and exception-group members."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kind):
            return current
        stack.extend([current.__cause__, current.__context__])
        stack.extend(getattr(current, "exceptions", ()))
    return None


async def error_of(awaitable: Awaitable[Any]) -> BaseException | None:
    """Await `awaitable`; return the exception it raised, or None.

    A stub's NotImplementedError passes through, so the test still ends as todo.
    """
    try:
        await awaitable
    except Exception as error:  # an ExceptionGroup from a TaskGroup included
        if find_in_chain(error, NotImplementedError) is not None:
            raise
        return error
    return None


@contextlib.contextmanager
def no_blocking(module: ModuleType, advice: str) -> Iterator[None]:
    """Fail with a teaching message when `module` makes a blocking call on a running loop.

    Only `module`'s own frames are judged, so `asyncio.to_thread(time.sleep, 1)` (which
    blocks in a worker thread, where no loop runs) is allowed.
    """
    from blockbuster import BlockingError, blockbuster_ctx

    name = module.__name__
    try:
        with blockbuster_ctx(scanned_modules=[module]):
            yield
    except BaseException as error:
        if find_in_chain(error, NotImplementedError) is not None:
            raise
        blocking = find_in_chain(error, BlockingError)
        if blocking is None:
            raise
        raise AssertionError(
            f"{name}.py made a blocking call while the event loop was running ({blocking}): "
            f"every other coroutine froze until it returned. {advice}"
        ) from None


@contextlib.contextmanager
def blocking_watch(module: ModuleType) -> Iterator[type[BaseException]]:
    """blockbuster watching `module`'s own blocking calls on a running loop; yields its
    `BlockingError` type, so that a test catches a hit where it happens (inside its coroutine,
    with the evidence of that moment) and judges it itself, instead of failing on any hit."""
    from blockbuster import BlockingError, blockbuster_ctx

    with blockbuster_ctx(scanned_modules=[module]):
        yield BlockingError


def waits_on_a_lock(blocking: BaseException) -> bool:
    """Whether blockbuster's hit is a wait on a lock (`Thread.join`, `Future.result`, a
    pool's shutdown), not a sleep, file or socket call."""
    return str(blocking).endswith(".acquire") or str(blocking).endswith(".acquire_lock")


class Heartbeat:
    """A task of the loop that ticks every `interval` seconds; `ticks` counts them.

    It ticks only while the loop is free: code that holds the loop's thread stops the count.
    """

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.ticks = 0
        self._task: asyncio.Task | None = None

    async def __aenter__(self) -> Heartbeat:
        self._task = asyncio.create_task(self._beat())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            self.ticks += 1


def busy_until_ticks(heartbeat: Heartbeat, ticks: int, limit: float) -> int:
    """Compute (pure Python, no blocking call) until `heartbeat` has ticked `ticks` more times,
    or for at most `limit` seconds; return how many ticks it saw.

    In a worker thread the loop keeps ticking (the GIL is handed over every few ms) and this
    returns `ticks` soon. On the loop's own thread the heartbeat cannot tick: it returns 0
    after `limit` seconds, however fast or busy the machine is.
    """
    start = heartbeat.ticks
    end = time.perf_counter() + limit
    while heartbeat.ticks - start < ticks and time.perf_counter() < end:
        pass
    return heartbeat.ticks - start


def sleep_until_ticks(heartbeat: Heartbeat, ticks: int, limit: float) -> int:
    """Block (`time.sleep`, in short naps) until `heartbeat` has ticked `ticks` more times, or
    for at most `limit` seconds; return how many ticks it saw.

    The blocking twin of `busy_until_ticks`: called where the loop stays free (a worker thread
    the loop does not wait on) it returns `ticks` soon; called on the loop's own thread, or
    while the loop's thread waits for it with a blocking call (`future.result()`,
    `pool.map`), the heartbeat cannot tick and it returns 0 after `limit` seconds.
    """
    start = heartbeat.ticks
    end = time.perf_counter() + limit
    while heartbeat.ticks - start < ticks and time.perf_counter() < end:
        time.sleep(0.001)
    return heartbeat.ticks - start


# --- the real HTTP server ----------------------------------------------------------------------


@dataclass
class ServerStats:
    """What the server saw; read by tests after the client has finished."""

    in_flight: int = 0
    peak: int = 0
    requests: Counter = field(default_factory=Counter)
    connections: set = field(default_factory=set)

    def total(self) -> int:
        return sum(self.requests.values())


class KataServer:
    """A real aiohttp server on 127.0.0.1 (a free port), run in its own thread and loop.

    Routes (every one takes `?delay=SECONDS`, the latency the server injects, default 0.1,
    and `?gate=K`: hold the request until K requests have been in flight at once, at most
    `GATE_WAIT` seconds, so that a client that keeps K in flight shows it however slowly it
    is scheduled):
    - `/item/NAME`: 200 with the text `item NAME`;
    - `/flaky/NAME?fail=K&status=S`: status S (default 503) for the first K requests to this
      path, then 200 `item NAME`;
    - `/missing/NAME`: 404.
    """

    GATE_WAIT = 5.0

    def __init__(self) -> None:
        self.stats = ServerStats()
        self.port = 0
        self.leftover_tasks: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    # lifecycle
    def start(self, timeout: float = 15.0) -> KataServer:
        """Start the server thread and wait until the port is listening."""
        self._thread = threading.Thread(target=self._serve, name="kata-http-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError(f"the test HTTP server did not start within {timeout:g} s")
        if self._error is not None:
            raise RuntimeError(f"the test HTTP server could not start: {self._error!r}")
        return self

    def stop(self, timeout: float = 15.0) -> None:
        """Stop serving, close every connection and the loop, and end the thread."""
        if self._loop is not None and self._thread is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def reset(self) -> None:
        """Forget what earlier tests did."""
        self.stats = ServerStats()

    # inside the server thread
    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        runner = None
        try:
            runner = loop.run_until_complete(self._start_app())
        except BaseException as error:  # reported to start()
            self._error = error
        self._ready.set()
        try:
            if self._error is None:
                loop.run_forever()
        finally:
            if runner is not None:
                loop.run_until_complete(runner.cleanup())
            self._cancel_leftovers(loop)
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.run_until_complete(loop.shutdown_default_executor())
            loop.close()

    async def _start_app(self):
        from aiohttp import web

        app = web.Application()
        app.router.add_get("/item/{name}", self._item)
        app.router.add_get("/flaky/{name}", self._flaky)
        app.router.add_get("/missing/{name}", self._missing)
        runner = web.AppRunner(app, access_log=None, handle_signals=False,
                               shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = runner.addresses[0][1]
        return runner

    def _cancel_leftovers(self, loop: asyncio.AbstractEventLoop) -> None:
        tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
        self.leftover_tasks = [repr(t) for t in tasks]
        for task in tasks:
            task.cancel()
        if tasks:
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))

    async def _answer(self, request, status_for: Callable[[int], int]):
        from aiohttp import web

        stats = self.stats
        stats.requests[request.path] += 1
        seen = stats.requests[request.path]
        stats.connections.add(request.transport.get_extra_info("peername") if
                              request.transport else None)
        stats.in_flight += 1
        stats.peak = max(stats.peak, stats.in_flight)
        try:
            await self._gate(int(request.query.get("gate", "0")))
            await asyncio.sleep(float(request.query.get("delay", "0.1")))
        finally:
            stats.in_flight -= 1
        status = status_for(seen)
        name = request.match_info["name"]
        text = f"item {name}" if status == 200 else f"status {status} for {request.path}"
        return web.Response(status=status, text=text)

    async def _gate(self, needed: int) -> None:
        """Wait until `needed` requests have been in flight at once, or GATE_WAIT seconds."""
        deadline = time.monotonic() + self.GATE_WAIT
        while self.stats.peak < needed and time.monotonic() < deadline:
            await asyncio.sleep(0.01)

    async def _item(self, request):
        return await self._answer(request, lambda seen: 200)

    async def _flaky(self, request):
        failures = int(request.query.get("fail", "1"))
        status = int(request.query.get("status", "503"))
        return await self._answer(request, lambda seen: status if seen <= failures else 200)

    async def _missing(self, request):
        return await self._answer(request, lambda seen: 404)


@contextlib.contextmanager
def refused_url() -> Iterator[str]:
    """A URL on 127.0.0.1 whose port is bound but not listening: every connection is refused
    at once (aiohttp raises ClientConnectorError, a ClientError)."""
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{bound.getsockname()[1]}/item/refused"
