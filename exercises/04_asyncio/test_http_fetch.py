import asyncio

import aiohttp
import http_fetch
from http_fetch import fetch_all, fetch_text

from graders.support.asyncio_support import no_blocking


def get_text(url: str, attempts: int = 3):
    """`fetch_text` with a fresh session; the answer, or the ClientResponseError it raised."""

    async def main():
        async with aiohttp.ClientSession() as session:
            return await fetch_text(session, url, attempts)

    try:
        return asyncio.run(main())
    except aiohttp.ClientResponseError as error:
        return error


def shown(value) -> str:
    """A short description of what fetch_text gave: a body or an error with its status."""
    if isinstance(value, aiohttp.ClientResponseError):
        return f"ClientResponseError (status {value.status})"
    return repr(value)


def test_fetch_text_returns_the_body(server):
    got = get_text(server.url("/item/a?delay=0.05"))
    assert got == "item a", (
        f"fetch_text gave {shown(got)} for {server.url('/item/a')}; expected the body 'item a'. "
        "Use `async with session.get(url) as response:` and `return await response.text()`."
    )


def test_flaky_endpoint_is_retried(server):
    got = get_text(server.url("/flaky/b?fail=2&delay=0.01"), attempts=3)
    tries = server.stats.requests["/flaky/b"]
    assert got == "item b", (
        f"fetch_text gave {shown(got)} for an endpoint that answers 503 twice and then 200; "
        f"expected 'item b' after 3 tries (the server saw {tries}). Try again while the "
        "status is 5xx and tries are left."
    )
    assert tries == 3, (
        f"the server saw {tries} requests; expected exactly 3 (2 failures, then 1 success)."
    )


def test_gives_up_after_the_last_try(server):
    got = get_text(server.url("/flaky/c?fail=5&delay=0.01"), attempts=3)
    tries = server.stats.requests["/flaky/c"]
    assert isinstance(got, aiohttp.ClientResponseError) and got.status == 503, (
        f"fetch_text gave {shown(got)} for an endpoint that answers 503 five times, with "
        "attempts=3; expected aiohttp.ClientResponseError with status 503 after the third "
        "try. Call `response.raise_for_status()` on the last answer."
    )
    assert tries == 3, (
        f"the server saw {tries} requests with attempts=3; expected exactly 3 tries in all."
    )
    missing = get_text(server.url("/missing/d?delay=0.01"), attempts=3)
    seen = server.stats.requests["/missing/d"]
    assert isinstance(missing, aiohttp.ClientResponseError) and missing.status == 404, (
        f"fetch_text gave {shown(missing)} for a 404 page; expected ClientResponseError with "
        "status 404."
    )
    assert seen == 1, (
        f"a 404 page was asked for {seen} times; expected once: only a 5xx answer (busy, "
        "flaky) can change, so only 5xx is worth another try."
    )


def test_fetch_all_keys_results_by_url(server):
    good = [server.url(f"/item/{name}?delay=0.05") for name in "ab"]
    flaky = server.url("/flaky/c?fail=1&delay=0.01")
    missing = server.url("/missing/d?delay=0.01")
    got = asyncio.run(fetch_all([*good, flaky, missing], limit=4, attempts=3))
    expected = {good[0]: "item a", good[1]: "item b", flaky: "item c", missing: None}
    assert got == expected, (
        f"fetch_all returned {got}; expected {expected}: every URL as a key, its body as the "
        "value, None where it failed for good (catch aiohttp.ClientError per URL so one "
        "failure does not lose the others)."
    )


def test_fetch_all_keeps_to_the_limit(server):
    pages = [server.url(f"/item/{i}?delay=0.3") for i in range(12)]
    got = asyncio.run(fetch_all(pages, limit=4))
    peak = server.stats.peak
    assert len(got) == 12, f"fetch_all returned {len(got)} results for 12 URLs; expected 12."
    assert peak == 4, (
        f"with limit=4 the server had at most {peak} of the 12 requests in progress at once; "
        "expected exactly 4. "
        + ("1 means one request at a time: each `await` finished before the next request "
           "started; start them all (asyncio.gather) and let a Semaphore hold them back."
           if peak == 1 else
           "More than 4 means nothing held them back: `async with semaphore:` around each "
           "request, one `asyncio.Semaphore(limit)` for all.")
    )


def test_fetch_all_uses_one_session(server, monkeypatch):
    created = []
    original = aiohttp.ClientSession.__init__

    def counting_init(self, *args, **kwargs):
        created.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(aiohttp.ClientSession, "__init__", counting_init)
    pages = [server.url(f"/item/{i}?delay=0.01") for i in range(6)]
    got = asyncio.run(fetch_all(pages, limit=3))
    assert len(got) == 6, f"fetch_all returned {len(got)} results for 6 URLs; expected 6."
    assert len(created) == 1, (
        f"fetch_all created {len(created)} aiohttp.ClientSession objects for 6 URLs; expected "
        "exactly 1. A session holds a pool of connections that its requests share; open it "
        "once (`async with aiohttp.ClientSession() as session:`) and pass it to fetch_text."
    )


def test_fetch_all_never_blocks_the_loop(server):
    pages = [server.url(f"/item/{i}?delay=0.01") for i in range(4)]
    with no_blocking(http_fetch, "A synchronous HTTP client (urllib, requests) inside a "
                     "coroutine stalls the loop; use aiohttp: `await session.get(...)`."):
        got = asyncio.run(fetch_all(pages, limit=2))
    assert len(got) == 4, f"fetch_all returned {len(got)} results for 4 URLs; expected 4."
