"""http_fetch with a session that raises for every error status, retries decided in an
`except` clause, and an exponential backoff between tries."""

import asyncio

import aiohttp


async def fetch_text(session: aiohttp.ClientSession, url: str, attempts: int = 3) -> str:
    for attempt in range(attempts):
        try:
            async with session.get(url, raise_for_status=True) as response:
                return await response.text()
        except aiohttp.ClientResponseError as error:
            if error.status < 500 or attempt == attempts - 1:
                raise
            await asyncio.sleep(0.05 * 2**attempt)
    raise ValueError("attempts must be at least 1")


async def fetch_all(urls: list[str], limit: int = 4, attempts: int = 3) -> dict[str, str | None]:
    semaphore = asyncio.Semaphore(limit)

    async with aiohttp.ClientSession(raise_for_status=True) as session:

        async def fetch_one(url: str) -> str | None:
            async with semaphore:
                try:
                    return await fetch_text(session, url, attempts)
                except aiohttp.ClientError:
                    return None

        bodies = await asyncio.gather(*(fetch_one(url) for url in urls))
    return dict(zip(urls, bodies, strict=True))
