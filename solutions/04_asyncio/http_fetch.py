"""Kata http_fetch: fetch many URLs from a real HTTP server with one aiohttp session."""

import asyncio

import aiohttp


async def fetch_text(session: aiohttp.ClientSession, url: str, attempts: int = 3) -> str:
    """GET `url` with `session` and return the body as text.

    An answer with a 5xx status (the server is busy or flaky) is tried again, `attempts`
    tries in all. After the last try, or at once for any other error status (404 will never
    turn into 200), raise `aiohttp.ClientResponseError` (`response.raise_for_status()`).
    """
    ### BEGIN SOLUTION
    for attempt in range(1, attempts + 1):
        async with session.get(url) as response:
            if response.status >= 500 and attempt < attempts:
                continue
            response.raise_for_status()
            return await response.text()
    raise ValueError(f"attempts must be at least 1, got {attempts}")
    ### END SOLUTION


async def fetch_all(urls: list[str], limit: int = 4, attempts: int = 3) -> dict[str, str | None]:
    """Fetch every URL through ONE `aiohttp.ClientSession`, at most `limit` requests at once.

    Returns URL -> body, and URL -> None for a URL that still failed (`aiohttp.ClientError`)
    after `fetch_text`'s tries; one failure must not lose the other results.
    """
    ### BEGIN SOLUTION
    semaphore = asyncio.Semaphore(limit)
    async with aiohttp.ClientSession() as session:

        async def fetch_one(url: str) -> tuple[str, str | None]:
            async with semaphore:
                try:
                    return url, await fetch_text(session, url, attempts)
                except aiohttp.ClientError:
                    return url, None

        pairs = await asyncio.gather(*(fetch_one(url) for url in urls))
    return dict(pairs)
    ### END SOLUTION
