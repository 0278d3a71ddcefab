"""Kata http_fetch: fetch many URLs from a real HTTP server with one aiohttp session."""

import asyncio

import aiohttp


async def fetch_text(session: aiohttp.ClientSession, url: str, attempts: int = 3) -> str:
    """GET `url` with `session` and return the body as text.

    An answer with a 5xx status (the server is busy or flaky) is tried again, `attempts`
    tries in all. After the last try, or at once for any other error status (404 will never
    turn into 200), raise `aiohttp.ClientResponseError` (`response.raise_for_status()`).
    """
    # TODO: write fetch_text; the lesson is README.md, kata http_fetch
    raise NotImplementedError("TODO: fetch_text (kata http_fetch)")


async def fetch_all(urls: list[str], limit: int = 4, attempts: int = 3) -> dict[str, str | None]:
    """Fetch every URL through ONE `aiohttp.ClientSession`, at most `limit` requests at once.

    Returns URL -> body, and URL -> None for a URL that still failed (`aiohttp.ClientError`)
    after `fetch_text`'s tries; one failure must not lose the other results.
    """
    # TODO: write fetch_all; the lesson is README.md, kata http_fetch
    raise NotImplementedError("TODO: fetch_all (kata http_fetch)")
