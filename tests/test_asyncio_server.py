"""The 04_asyncio HTTP server (`KataServer`, used by the `kata_server` fixture) cleans up.

After `stop()` nothing it made may remain: no listening or connected socket on its port, no
thread, no pending task in its loop, and the loop closed. Also checked with a client that is
still waiting for an answer when the server stops. Its gate and flaky statuses do what the
kata tests rely on.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import psutil
import pytest

from graders.support.asyncio_support import KataServer

aiohttp = pytest.importorskip("aiohttp")


def sockets_on(port: int) -> list:
    """This process's TCP sockets that use `port` at either end."""
    return [c for c in psutil.Process().net_connections(kind="tcp")
            if (c.laddr and c.laddr.port == port) or (c.raddr and c.raddr.port == port)]


def refused(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex(("127.0.0.1", port)) != 0


async def get(session, url: str) -> int:
    async with session.get(url) as response:
        await response.read()
        return response.status


async def busy_client(server: KataServer) -> list[int]:
    """Normal, flaky and missing pages at once, as the kata tests ask for them."""
    async with aiohttp.ClientSession() as session:
        pages = [server.url(f"/item/{i}?delay=0.05") for i in range(8)]
        pages += [server.url("/flaky/x?fail=1&delay=0.01"), server.url("/missing/y")]
        return list(await asyncio.gather(*(get(session, url) for url in pages)))


def assert_nothing_left(server: KataServer, port: int, threads_before: set) -> None:
    assert not server.running, "the server thread is still alive after stop()"
    assert server.leftover_tasks == [], f"tasks still pending at stop: {server.leftover_tasks}"
    assert server._loop is not None and server._loop.is_closed(), "the server loop is not closed"
    assert refused(port), f"port {port} still accepts connections after stop()"
    assert sockets_on(port) == [], f"sockets left on port {port}: {sockets_on(port)}"
    extra = [t.name for t in threading.enumerate() if t not in threads_before and t.is_alive()]
    assert extra == [], f"threads left behind: {extra}"


def test_server_answers_and_leaves_nothing_behind():
    threads_before = set(threading.enumerate())
    server = KataServer().start()
    port = server.port
    assert sockets_on(port), "the server should listen on its port while it runs"
    statuses = asyncio.run(busy_client(server))
    assert statuses == [200] * 8 + [503, 404]
    assert server.stats.total() == 10 and server.stats.peak == 10
    server.stop()
    assert_nothing_left(server, port, threads_before)


def test_stop_with_a_request_in_flight_leaves_nothing_behind():
    threads_before = set(threading.enumerate())
    server = KataServer().start()
    port = server.port

    async def slow_client() -> str:
        async with aiohttp.ClientSession() as session:
            request = asyncio.create_task(get(session, server.url("/item/slow?delay=30")))
            while server.stats.in_flight == 0:
                await asyncio.sleep(0.01)
            await asyncio.to_thread(server.stop)
            try:
                await request
            except aiohttp.ClientError as error:
                return type(error).__name__
            return "answered"

    outcome = asyncio.run(slow_client())
    assert outcome != "answered", "a 30 s request cannot have been answered"
    assert_nothing_left(server, port, threads_before)


def test_gate_holds_requests_until_enough_are_in_flight():
    """`?gate=K` holds a request until K have been in flight at once (at most GATE_WAIT), and
    `/flaky/...&status=S` answers S before it recovers."""
    threads_before = set(threading.enumerate())
    server = KataServer().start()
    port = server.port

    async def timed(session, paths: list[str]) -> tuple[list[int], float]:
        start = time.monotonic()
        statuses = await asyncio.gather(*(get(session, server.url(p)) for p in paths))
        return list(statuses), time.monotonic() - start

    async def client():
        async with aiohttp.ClientSession() as session:
            server.GATE_WAIT = 0.3
            alone = await timed(session, ["/item/a?gate=2&delay=0"])
            server.GATE_WAIT = 60.0
            server.reset()
            together = await timed(session, ["/item/b?gate=2&delay=0", "/item/c?gate=2&delay=0"])
            peak = server.stats.peak
            flaky = [await get(session, server.url("/flaky/s?fail=1&status=502&delay=0"))
                     for _ in range(2)]
            return alone, together, peak, flaky

    (alone, together, peak, flaky) = asyncio.run(client())
    server.stop()
    assert alone[0] == [200] and alone[1] >= 0.3, f"a lone gated request: {alone}"
    assert together[0] == [200, 200] and together[1] < 60.0 and peak == 2, (
        f"two gated requests together: {together}, peak {peak}")
    assert flaky == [502, 200], f"flaky with status=502 answered {flaky}"
    assert_nothing_left(server, port, threads_before)
