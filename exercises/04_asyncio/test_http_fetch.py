"""Kata http_fetch: what the lesson says it proves, and the test that checks each claim.

Against a real aiohttp server on 127.0.0.1 (`KataServer`), which counts what it receives.

- `fetch_text` returns the body: `test_fetch_text_returns_the_body`.
- Any 5xx answer (500, 502, 503, and 507, which lists of "usual" retry codes leave out) is
  tried again, `attempts` tries in all, for several values of `attempts`:
  `test_flaky_endpoint_is_retried`; after the last try it raises
  ClientResponseError with that status and has asked exactly `attempts` times:
  `test_gives_up_after_the_last_try`. A 4xx (404, 499) is asked once and raised:
  `test_4xx_is_not_retried`.
- `fetch_all` maps every URL to its body and a URL that failed for good (an error status, a
  refused connection) to None, keeping the others; no URLs give {}:
  `test_fetch_all_keys_results_by_url`; it hands `attempts` on: `test_fetch_all_passes_attempts_on`.
- It keeps exactly `limit` requests in flight at the server's peak, for several limits
  (a gate at the server holds requests until `limit` are in flight, so a busy client still
  shows it): `test_fetch_all_keeps_to_the_limit`.
- One ClientSession for all the requests: `test_fetch_all_uses_one_session`.
- No blocking call in the module while the loop runs, on every path (answers, retries,
  failures): `test_fetch_all_never_blocks_the_loop`.

The `fetch_all` tests other than the last patch in a known-good `fetch_text`, so a mistake in
`fetch_text` costs only its own tests.
"""

import asyncio

import aiohttp
import http_fetch
import pytest
from http_fetch import fetch_all, fetch_text

from graders.support.asyncio_support import no_blocking, reference_fetch_text, refused_url


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


@pytest.fixture
def good_fetch_text(monkeypatch):
    """fetch_all is graded with a known-good fetch_text: one mistake, one lost test."""
    monkeypatch.setattr(http_fetch, "fetch_text", reference_fetch_text)


def test_fetch_text_returns_the_body(server):
    got = get_text(server.url("/item/zebra-7?delay=0.05"))
    assert got == "item zebra-7", (
        f"fetch_text gave {shown(got)} for {server.url('/item/zebra-7')}; expected the body "
        "'item zebra-7'. Use `async with session.get(url) as response:` and "
        "`return await response.text()`."
    )


@pytest.mark.parametrize(("status", "fail", "attempts"),
                         [(503, 2, 3), (500, 3, 4), (502, 1, 2), (507, 1, 2)])
def test_flaky_endpoint_is_retried(server, status, fail, attempts):
    path = f"/flaky/b{status}"
    got = get_text(server.url(f"{path}?fail={fail}&status={status}&delay=0.01"), attempts)
    tries = server.stats.requests[path]
    assert got == f"item b{status}", (
        f"fetch_text gave {shown(got)} for an endpoint that answers {status} {fail} time(s) and "
        f"then 200, with attempts={attempts}; expected the body after {fail + 1} tries (the "
        f"server saw {tries}). Try again while the status is 5xx (any status >= 500) and "
        "tries are left."
    )
    assert tries == fail + 1, (
        f"the server saw {tries} requests; expected exactly {fail + 1} ({fail} failures, then "
        "1 success)."
    )


@pytest.mark.parametrize(("status", "attempts"), [(503, 3), (500, 1), (502, 4)])
def test_gives_up_after_the_last_try(server, status, attempts):
    path = f"/flaky/c{status}"
    got = get_text(server.url(f"{path}?fail=9&status={status}&delay=0.01"), attempts)
    tries = server.stats.requests[path]
    assert isinstance(got, aiohttp.ClientResponseError) and got.status == status, (
        f"fetch_text gave {shown(got)} for an endpoint that answers {status} nine times, with "
        f"attempts={attempts}; expected aiohttp.ClientResponseError with status {status} after "
        "the last try. Call `response.raise_for_status()` on the last answer."
    )
    assert tries == attempts, (
        f"the server saw {tries} requests with attempts={attempts}; expected exactly "
        f"{attempts} tries in all."
    )


@pytest.mark.parametrize(("path", "status"), [("/missing/d", 404), ("/flaky/d499", 499)])
def test_4xx_is_not_retried(server, path, status):
    got = get_text(server.url(f"{path}?fail=9&status={status}&delay=0.01"), attempts=3)
    seen = server.stats.requests[path]
    assert isinstance(got, aiohttp.ClientResponseError) and got.status == status, (
        f"fetch_text gave {shown(got)} for a page that answers {status}; expected "
        f"ClientResponseError with status {status} (`response.raise_for_status()`)."
    )
    assert seen == 1, (
        f"a page that answers {status} was asked for {seen} times; expected once: only a 5xx "
        "answer (busy, flaky) can change, so only a status of 500 or more is worth another try."
    )


def test_fetch_all_keys_results_by_url(server, good_fetch_text):
    good = [server.url(f"/item/{name}?delay={delay}") for name, delay in
            [("zulu", 0.05), ("alpha", 0.01), ("mike", 0.03)]]
    flaky = server.url("/flaky/c?fail=1&delay=0.01")
    missing = server.url("/missing/d?delay=0.01")
    with refused_url() as refused:
        try:
            got = asyncio.run(fetch_all([*good, flaky, missing, refused], limit=4, attempts=3))
        except aiohttp.ClientError as error:
            got = f"{type(error).__name__} raised out of fetch_all"
        nothing = asyncio.run(fetch_all([], limit=4, attempts=3))
    expected = {good[0]: "item zulu", good[1]: "item alpha", good[2]: "item mike",
                flaky: "item c", missing: None, refused: None}
    assert got == expected, (
        f"fetch_all returned {got}; expected {expected}: every URL as a key, its body as the "
        "value, None where it failed for good: a 404, and a server that refused the "
        "connection. Catch `aiohttp.ClientError` (the base of both errors) per URL, so one "
        "failure does not lose the others."
    )
    assert nothing == {}, f"fetch_all([]) returned {nothing!r}; expected an empty dict."


@pytest.mark.parametrize(("attempts", "expected"), [(1, None), (2, "item e")])
def test_fetch_all_passes_attempts_on(server, good_fetch_text, attempts, expected):
    flaky = server.url("/flaky/e?fail=1&delay=0.01")
    got = asyncio.run(fetch_all([flaky], limit=2, attempts=attempts))
    tries = server.stats.requests["/flaky/e"]
    assert got == {flaky: expected} and tries == attempts, (
        f"fetch_all(urls, attempts={attempts}) gave {got} for an endpoint that fails once, "
        f"after {tries} request(s); expected {{url: {expected!r}}} after {attempts}: hand "
        "`attempts` on to `fetch_text(session, url, attempts)`."
    )


@pytest.mark.parametrize("limit", [2, 5])
def test_fetch_all_keeps_to_the_limit(server, good_fetch_text, limit):
    pages = [server.url(f"/item/{i}?delay=0.2&gate={limit}") for i in range(3 * limit)]
    got = asyncio.run(fetch_all(pages, limit=limit))
    peak = server.stats.peak
    assert len(got) == len(pages), (
        f"fetch_all returned {len(got)} results for {len(pages)} URLs; expected {len(pages)}."
    )
    if peak == 1:
        advice = ("1 means one request at a time: each `await` finished before the next "
                  "request started; start them all (asyncio.gather) and let a Semaphore hold "
                  "them back.")
    elif peak == len(pages):
        advice = ("All of them at once means nothing held them back: `async with semaphore:` "
                  "around each request, one `asyncio.Semaphore(limit)` for all.")
    else:
        advice = ("The limit used was not `limit`: one `asyncio.Semaphore(limit)` shared by "
                  "all the requests.")
    assert peak == limit, (
        f"with limit={limit} the server had at most {peak} of the {len(pages)} requests in "
        f"progress at once; expected exactly {limit}. {advice}"
    )


def test_fetch_all_uses_one_session(server, good_fetch_text, monkeypatch):
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
    pages = [server.url(f"/item/{i}?delay=0.01") for i in range(3)]
    pages += [server.url("/flaky/f?fail=2&delay=0.01"), server.url("/missing/g?delay=0.01")]
    with no_blocking(http_fetch, "A synchronous HTTP client (urllib, requests) or a "
                     "`time.sleep` between tries stalls the loop; use aiohttp "
                     "(`await session.get(...)`) and `await asyncio.sleep(...)`."):
        got = asyncio.run(fetch_all(pages, limit=2))
    assert len(got) == 5, f"fetch_all returned {len(got)} results for 5 URLs; expected 5."
