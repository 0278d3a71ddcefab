"""Mutant of http_fetch: a blocking HTTP client (urllib) called inside the coroutines."""

import asyncio
import urllib.error
import urllib.request

import aiohttp


async def fetch_text(session: aiohttp.ClientSession, url: str, attempts: int = 3) -> str:
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(url) as response:  # blocks the event loop
                return response.read().decode()
        except urllib.error.HTTPError as error:
            if error.code >= 500 and attempt < attempts:
                continue
            raise aiohttp.ClientResponseError(None, (), status=error.code) from None
    raise ValueError(f"attempts must be at least 1, got {attempts}")


async def fetch_all(urls: list[str], limit: int = 4, attempts: int = 3) -> dict[str, str | None]:
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
