"""HttpRetriever against raw-socket servers that trickle, hang, bomb and redirect badly."""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator

import pytest
from hostile_server import (
    HostileServer,
    gzip_bomb,
    hang,
    huge,
    ok,
    redirect,
    trickle_body,
    trickle_empty_gzip,
    trickle_headers,
)

from scitui.errors import FetchError
from scitui.retrieve import MAX_BODY_BYTES, HttpRetriever, decoded

DEADLINE = 0.6
FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Fine</title></channel></rss>'
MiB = 1024 * 1024


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


@pytest.fixture
def retriever() -> Iterator[HttpRetriever]:
    """A retriever whose per-step timeout is far longer than its total deadline."""
    client = HttpRetriever(jobs=4, timeout=30.0, deadline=DEADLINE)
    yield client
    client.close()


def peak_memory(action: Callable[[], object]) -> int:
    """The most bytes Python held at once while ``action`` ran (tracemalloc)."""
    tracemalloc.start()
    try:
        action()
    except FetchError:
        pass
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


# --- the total deadline ------------------------------------------------------------------


def assert_cut_off_near_the_deadline(started: float) -> None:
    """The request ended at the deadline: not before it, and far short of the 30 s step
    timeout a deadline that failed to cut (a broken time left) would fall back on."""
    elapsed = time.monotonic() - started
    assert DEADLINE * 0.9 <= elapsed < DEADLINE + 3.0, f"cut off after {elapsed:.2f} s"


@pytest.mark.parametrize(
    "behaviour",
    [
        pytest.param(trickle_body(FEED * 100, interval=0.05), id="trickled-body"),
        pytest.param(trickle_headers(interval=0.05), id="trickled-headers"),
        pytest.param(trickle_empty_gzip(interval=0.05), id="gzip-decoding-to-nothing"),
        pytest.param(hang(), id="accepts-and-never-answers"),
    ],
)
def test_a_slow_or_silent_server_is_cut_off_at_the_deadline(
    behaviour: Callable[..., bool], hostile: HostileServer, retriever: HttpRetriever
) -> None:
    url = hostile.route("/slow.xml", behaviour)

    started = time.monotonic()
    with pytest.raises(FetchError) as raised:
        retriever.get(url)

    assert str(raised.value) == f"{url}: timed out (over {DEADLINE:g} s)"
    assert_cut_off_near_the_deadline(started)


def test_the_deadline_covers_a_redirect_to_a_trickling_server(
    hostile: HostileServer, retriever: HttpRetriever
) -> None:
    hostile.route("/slow.xml", trickle_body(FEED * 100, interval=0.05))
    url = hostile.route("/moved.xml", redirect(hostile.url("/slow.xml"), 301))

    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out") as raised:
        retriever.get(url)
    assert str(raised.value).startswith(url + ": ")
    assert_cut_off_near_the_deadline(started)


def test_a_reused_connection_obeys_the_next_requests_deadline(
    hostile: HostileServer, retriever: HttpRetriever
) -> None:
    good = hostile.route("/good.xml", ok(FEED))
    stuck = hostile.route("/stuck.xml", hang())

    assert retriever.get(good).content == FEED
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        retriever.get(stuck)
    assert_cut_off_near_the_deadline(started)
    assert hostile.connections == 1, "the hanging request went over the kept-alive connection"


def test_keep_alive_reuses_one_connection(hostile: HostileServer, retriever: HttpRetriever) -> None:
    urls = [hostile.route(f"/feed{index}.xml", ok(FEED)) for index in range(5)]

    bodies = [retriever.get(url).content for url in urls]

    assert bodies == [FEED] * 5
    assert hostile.connections == 1


def test_per_step_timeout_still_applies_under_a_long_deadline(hostile: HostileServer) -> None:
    url = hostile.route("/hang.xml", hang())
    client = HttpRetriever(timeout=0.3, deadline=30.0)
    try:
        with pytest.raises(FetchError) as raised:
            client.get(url)
    finally:
        client.close()
    assert str(raised.value) == f"{url}: timed out (no data for 0.3 s)"


# --- size ---------------------------------------------------------------------------------


def test_a_gzip_bomb_is_too_large_and_never_held_whole(
    hostile: HostileServer, retriever: HttpRetriever
) -> None:
    url = hostile.route("/bomb.xml", gzip_bomb(200 * MiB))

    with pytest.raises(FetchError, match="too large") as raised:
        retriever.get(url)
    assert str(raised.value).startswith(url + ": ")
    peak = peak_memory(lambda: retriever.get(url))
    assert peak < MAX_BODY_BYTES + 4 * MiB, f"held {peak:,} bytes at once"


def test_a_declared_length_over_the_cap_is_refused_before_reading(
    hostile: HostileServer, retriever: HttpRetriever
) -> None:
    url = hostile.route("/huge.xml", huge(200 * MiB, declare_length=True))

    with pytest.raises(FetchError) as raised:
        retriever.get(url)

    assert str(raised.value) == (
        f"{url}: too large (Content-Length {200 * MiB:,} is over {MAX_BODY_BYTES:,})"
    )
    assert peak_memory(lambda: retriever.get(url)) < MiB


def test_a_huge_chunked_body_is_cut_off_at_the_cap(hostile: HostileServer) -> None:
    url = hostile.route("/huge.xml", huge(200 * MiB, declare_length=False))
    client = HttpRetriever(deadline=10.0)
    try:
        with pytest.raises(FetchError, match="too large") as raised:
            client.get(url)
        assert str(raised.value) == f"{url}: too large (over {MAX_BODY_BYTES:,} bytes)"
        assert peak_memory(lambda: client.get(url)) < MAX_BODY_BYTES + 4 * MiB
    finally:
        client.close()


def test_a_body_at_the_cap_is_kept_whole(hostile: HostileServer) -> None:
    small = HttpRetriever(max_bytes=100_000, deadline=5.0)
    exact = hostile.route("/exact.xml", ok(b"a" * 100_000))
    packed = hostile.route(
        "/packed.xml", ok(gzip.compress(b"b" * 100_000), headers={"Content-Encoding": "gzip"})
    )
    over = hostile.route("/over.xml", gzip_bomb(100_001))
    try:
        assert small.get(exact).content == b"a" * 100_000
        assert small.get(packed).content == b"b" * 100_000
        with pytest.raises(FetchError, match="too large"):
            small.get(over)
    finally:
        small.close()


def test_a_redirects_body_is_never_read(hostile: HostileServer, retriever: HttpRetriever) -> None:
    hostile.route("/feed.xml", ok(FEED))
    url = hostile.route("/go", huge(200 * MiB, declare_length=False, redirect_to="/feed.xml"))

    assert retriever.get(url).content == FEED
    assert peak_memory(lambda: retriever.get(url)) < 2 * MiB


def test_corrupt_gzip_is_a_clear_error(hostile: HostileServer, retriever: HttpRetriever) -> None:
    url = hostile.route(
        "/corrupt.xml", ok(b"\x1f\x8b\x08\x00garbage-garbage", headers={"Content-Encoding": "gzip"})
    )

    with pytest.raises(FetchError, match="cannot decompress") as raised:
        retriever.get(url)
    assert str(raised.value).startswith(url + ": ")


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [
        ("gzip", gzip.compress(FEED)),
        ("x-gzip", gzip.compress(FEED)),
        ("deflate", zlib.compress(FEED)),
        ("deflate", zlib.compress(FEED)[2:-4]),  # raw deflate, as some servers send it
        ("gzip, deflate", zlib.compress(gzip.compress(FEED))),
        ("identity", FEED),
        ("br", FEED),  # never asked for: passed through as it came
    ],
)
def test_content_codings_are_undone(encoding: str, packed: bytes) -> None:
    pieces = [packed[index : index + 7] for index in range(0, len(packed), 7)]

    assert b"".join(decoded(iter(pieces), encoding)) == FEED


def test_decoding_yields_bounded_pieces() -> None:
    bomb = gzip.compress(bytes(5 * MiB))

    sizes = [len(piece) for piece in decoded([bomb], "gzip")]

    assert sum(sizes) == 5 * MiB
    assert max(sizes) <= 64 * 1024


# --- redirects ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "problem"),
    [
        ("file:///etc/passwd", "redirected to a non-http(s) URL (file:"),
        ("ftp://files.test/feed.xml", "redirected to a non-http(s) URL"),
    ],
)
def test_a_redirect_off_http_is_a_clear_error(
    location: str, problem: str, hostile: HostileServer, retriever: HttpRetriever
) -> None:
    url = hostile.route("/feed.xml", redirect(location))

    with pytest.raises(FetchError) as raised:
        retriever.get(url)

    assert str(raised.value).startswith(f"{url}: {problem}")


def test_a_redirect_loop_is_a_clear_error(hostile: HostileServer, retriever: HttpRetriever) -> None:
    hostile.route("/a", redirect(hostile.url("/b")))
    hostile.route("/b", redirect("/a"))  # relative, as servers often send

    with pytest.raises(FetchError) as raised:
        retriever.get(hostile.url("/a"))

    assert str(raised.value) == f"{hostile.url('/a')}: redirect loop (back to {hostile.url('/a')})"
    assert hostile.requests == ["/a", "/b"]


def test_a_redirect_to_itself_is_a_loop(hostile: HostileServer, retriever: HttpRetriever) -> None:
    url = hostile.route("/self", redirect("/self", 301))

    with pytest.raises(FetchError, match="redirect loop"):
        retriever.get(url)


def test_six_redirects_are_too_many(hostile: HostileServer, retriever: HttpRetriever) -> None:
    for hop in range(6):
        hostile.route(f"/hop{hop}", redirect(f"/hop{hop + 1}", 301))
    hostile.route("/hop6", ok(FEED))

    with pytest.raises(FetchError) as raised:
        retriever.get(hostile.url("/hop0"))

    assert str(raised.value) == f"{hostile.url('/hop0')}: more than 5 redirects"
    assert len(hostile.requests) == 6, "the sixth redirect is not followed"


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_an_error_status_with_a_feed_body_is_an_error(
    status: int, hostile: HostileServer, retriever: HttpRetriever
) -> None:
    url = hostile.route("/feed.xml", ok(FEED, status=status))

    with pytest.raises(FetchError) as raised:
        retriever.get(url)

    assert str(raised.value) == f"{url}: HTTP {status} Whatever"


def test_a_reason_phrase_with_control_characters_is_cleaned(
    hostile: HostileServer, retriever: HttpRetriever
) -> None:
    def answer(conn, request, stop):  # type: ignore[no-untyped-def]
        conn.sendall(b"HTTP/1.1 404 Gone\x9b31m away\r\nContent-Length: 0\r\n\r\n")
        return False

    url = hostile.route("/gone.xml", answer)

    with pytest.raises(FetchError) as raised:
        retriever.get(url)

    assert str(raised.value) == f"{url}: HTTP 404 Gone31m away"


# --- proxies from the environment -----------------------------------------------------------


@pytest.fixture
def proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    return monkeypatch


def test_an_environment_proxy_is_used_and_obeys_the_deadline(
    hostile: HostileServer, proxy_env: pytest.MonkeyPatch
) -> None:
    proxy_env.setenv("http_proxy", hostile.base_url)
    hostile.route("http://feeds.invalid/feed.xml", ok(FEED))  # a proxy is asked for full URLs
    hostile.route("http://feeds.invalid/hang.xml", hang())
    client = HttpRetriever(timeout=30.0, deadline=DEADLINE)
    try:
        assert client.get("http://feeds.invalid/feed.xml").content == FEED
        started = time.monotonic()
        with pytest.raises(FetchError, match="timed out"):
            client.get("http://feeds.invalid/hang.xml")
        assert_cut_off_near_the_deadline(started)
    finally:
        client.close()
    assert hostile.requests == ["http://feeds.invalid/feed.xml", "http://feeds.invalid/hang.xml"]


def test_no_proxy_hosts_go_direct(hostile: HostileServer, proxy_env: pytest.MonkeyPatch) -> None:
    with HostileServer() as site:
        direct = site.route("/feed.xml", ok(FEED))
        proxy_env.setenv("http_proxy", hostile.base_url)
        proxy_env.setenv("no_proxy", "127.0.0.1")
        client = HttpRetriever(deadline=DEADLINE)
        try:
            assert client.get(direct).content == FEED
        finally:
            client.close()
        assert (site.requests, hostile.requests) == (["/feed.xml"], [])


# --- name resolution ------------------------------------------------------------------------


def test_a_name_lookup_that_never_answers_is_cut_off_at_the_deadline(
    hostile: HostileServer, retriever: HttpRetriever, monkeypatch: pytest.MonkeyPatch
) -> None:
    """getaddrinfo has no timeout of its own; a resolver that hangs (no DNS server can be
    made to hang here, so the lookup is replaced) must not outlast the request's deadline."""
    real = socket.getaddrinfo
    hanging = threading.Event()

    def slow_lookup(host: str, *args: object, **kwargs: object) -> object:
        if host == "slow-dns.test":
            hanging.wait(10)
            return []
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", slow_lookup)
    url = "http://slow-dns.test/feed.xml"
    started = time.monotonic()
    try:
        with pytest.raises(FetchError) as raised:
            retriever.get(url)
    finally:
        hanging.set()
    assert str(raised.value) == f"{url}: timed out (over {DEADLINE:g} s)"
    assert_cut_off_near_the_deadline(started)


def test_a_host_name_is_looked_up_and_each_address_tried(
    hostile: HostileServer, retriever: HttpRetriever, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name with a dead address first and the server's second connects to the second."""
    good = hostile.route("/feed.xml", ok(FEED))
    port = int(good.rsplit(":", 1)[1].split("/")[0])
    real = socket.getaddrinfo

    def two_addresses(host: str, *args: object, **kwargs: object) -> object:
        if host == "two.test":
            return [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.3", port)),  # refuses
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
            ]
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", two_addresses)
    assert retriever.get(f"http://two.test:{port}/feed.xml").content == FEED


# --- a host that keeps timing out ------------------------------------------------------------


def test_a_host_that_keeps_timing_out_is_given_up_for_the_run(hostile: HostileServer) -> None:
    urls = [hostile.route(f"/slow{index}.xml", hang()) for index in range(8)]
    client = HttpRetriever(jobs=8, timeout=30.0, deadline=DEADLINE, give_up_after=3)
    errors: list[str] = []
    started = time.monotonic()
    try:
        for url in urls:
            with pytest.raises(FetchError) as raised:
                client.get(url)
            errors.append(str(raised.value))
    finally:
        client.close()
    elapsed = time.monotonic() - started

    assert [error.endswith(f"timed out (over {DEADLINE:g} s)") for error in errors[:3]] == [
        True
    ] * 3
    assert errors[3:] == [
        f"{url}: skipped: 127.0.0.1 timed out 3 times in this run" for url in urls[3:]
    ]
    assert elapsed < 3 * DEADLINE + 2.0  # not eight deadlines
    assert len(hostile.requests) == 3  # the skipped feeds were never asked for


def test_a_given_up_host_is_one_line_in_the_run_summary() -> None:
    from datetime import UTC, datetime

    from scitui.models import FeedOutcome
    from scitui.runs import summarize

    outcomes = [
        FeedOutcome(f"http://slow.test/{n}", None, "error", error=f"http://slow.test/{n}: {why}")
        for n, why in enumerate(
            ["timed out (over 20 s)"] * 3 + ["skipped: slow.test timed out 3 times in this run"] * 9
        )
    ] + [FeedOutcome("http://ok.test/", "OK", "ok", new=2)]
    run = summarize(outcomes, datetime(2026, 12, 7, tzinfo=UTC))
    assert run.lines() == ["9 feeds: skipped, their host kept timing out", "3 feeds: timed out"]
