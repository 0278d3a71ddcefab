"""http_fetch with `limit` worker tasks sharing one session and a queue of URLs."""

import asyncio

import aiohttp


async def fetch_text(session: aiohttp.ClientSession, url: str, attempts: int = 3) -> str:
    for attempt in range(attempts):
        response = await session.get(url)
        try:
            if response.status >= 500 and attempt + 1 < attempts:
                continue
            response.raise_for_status()
            return await response.text()
        finally:
            response.release()
    raise ValueError("attempts must be at least 1")


async def fetch_all(urls: list[str], limit: int = 4, attempts: int = 3) -> dict[str, str | None]:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    results: dict[str, str | None] = {}
    async with aiohttp.ClientSession() as session:

        async def worker() -> None:
            while not queue.empty():
                url = queue.get_nowait()
                try:
                    results[url] = await fetch_text(session, url, attempts)
                except aiohttp.ClientError:
                    results[url] = None

        await asyncio.gather(*(worker() for _ in range(limit)))
    return results
