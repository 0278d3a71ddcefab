"""Fixtures for topic 04_asyncio: a real HTTP server on 127.0.0.1 for the `http_fetch` kata."""

from __future__ import annotations

import pytest

from graders.support.asyncio_support import KataServer


@pytest.fixture(scope="session")
def kata_server():
    """One aiohttp server for the whole run, on a free port; stopped (and checked) at the end."""
    server = KataServer().start()
    yield server
    server.stop()


@pytest.fixture
def server(kata_server: KataServer) -> KataServer:
    """The running server, with its counters reset for this test."""
    kata_server.reset()
    return kata_server
