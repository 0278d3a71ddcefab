"""http_fetch with the connector's own limit instead of a semaphore, a while loop for the
retries and a TaskGroup instead of gather."""

import asyncio

import aiohttp


async def fetch_text(session: aiohttp.ClientSession, url: str, attempts: int = 3) -> str:
    tries = 0
    while True:
        tries += 1
        async with session.get(url) as response:
            if response.status < 500 or tries >= attempts:
                response.raise_for_status()
                return await response.text()


async def fetch_all(urls: list[str], limit: int = 4, attempts: int = 3) -> dict[str, str | None]:
    results: dict[str, str | None] = {}
    connector = aiohttp.TCPConnector(limit=limit)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def fetch_one(url: str) -> None:
            try:
                results[url] = await fetch_text(session, url, attempts)
            except aiohttp.ClientError:
                results[url] = None

        async with asyncio.TaskGroup() as group:
            for url in urls:
                group.create_task(fetch_one(url))
    return results
