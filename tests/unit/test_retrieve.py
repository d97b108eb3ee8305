"""HTTP retrieval against a real loopback server; FileRetriever against tmp_path."""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scitui.errors import FetchError
from scitui.retrieve import MAX_REDIRECTS, USER_AGENT, FileRetriever, HttpRetriever


@pytest.fixture
def retriever() -> Iterator[HttpRetriever]:
    client = HttpRetriever(jobs=4, timeout=2.0)
    yield client
    client.close()


def redirect_chain(server: HTTPServer, statuses: list[int]) -> str:
    """/hop0 -> /hop1 -> ... -> /end (200); returns the first URL."""
    for index, status in enumerate(statuses):
        target = f"/hop{index + 1}" if index + 1 < len(statuses) else "/end"
        server.expect_request(f"/hop{index}").respond_with_data(
            "", status=status, headers={"Location": server.url_for(target)}
        )
    server.expect_request("/end").respond_with_data("arrived", content_type="text/plain")
    return server.url_for("/hop0")


def test_get_returns_body_headers_and_sends_user_agent(
    retriever: HttpRetriever, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/feed.xml", headers={"User-Agent": USER_AGENT}).respond_with_data(
        b"<rss/>",
        content_type="application/rss+xml; charset=utf-8",
        headers={"ETag": '"abc"', "Last-Modified": "Tue, 03 Jun 2025 09:30:00 GMT"},
    )

    response = retriever.get(httpserver.url_for("/feed.xml"))

    assert (response.status, response.content) == (200, b"<rss/>")
    assert response.url == httpserver.url_for("/feed.xml")
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert (response.etag, response.last_modified) == ('"abc"', "Tue, 03 Jun 2025 09:30:00 GMT")
    assert response.permanent_url is None
    assert USER_AGENT.startswith("scitui/")


def test_conditional_request_headers_and_304(
    retriever: HttpRetriever, httpserver: HTTPServer
) -> None:
    httpserver.expect_request(
        "/feed.xml", headers={"If-None-Match": '"v1"', "If-Modified-Since": "Mon, 02 Jun 2025"}
    ).respond_with_data("", status=304)
    httpserver.expect_request("/feed.xml").respond_with_data("full body")
    url = httpserver.url_for("/feed.xml")

    unconditional = retriever.get(url)
    conditional = retriever.get(url, etag='"v1"', last_modified="Mon, 02 Jun 2025")

    assert (unconditional.status, unconditional.content) == (200, b"full body")
    assert (conditional.status, conditional.content) == (304, b"")
    first = httpserver.log[0][0]
    assert "If-None-Match" not in first.headers and "If-Modified-Since" not in first.headers


def test_gzip_body_is_decoded(retriever: HttpRetriever, httpserver: HTTPServer) -> None:
    body = ("<rss>" + "<item>compressible</item>" * 500 + "</rss>").encode()
    compressed = gzip.compress(body)
    assert len(compressed) < len(body) // 10

    def handler(request: Request) -> Response:
        assert "gzip" in request.headers.get("Accept-Encoding", "")
        return Response(
            compressed, headers={"Content-Encoding": "gzip"}, content_type="application/xml"
        )

    httpserver.expect_request("/big.xml").respond_with_handler(handler)

    assert retriever.get(httpserver.url_for("/big.xml")).content == body


def test_body_over_max_bytes_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/huge").respond_with_data(b"x" * 200_000)
    small = HttpRetriever(max_bytes=50_000)
    try:
        with pytest.raises(FetchError, match="too large") as raised:
            small.get(httpserver.url_for("/huge"))
        assert httpserver.url_for("/huge") in str(raised.value)
        httpserver.expect_request("/fits").respond_with_data(b"y" * 50_000)
        assert len(small.get(httpserver.url_for("/fits")).content) == 50_000
    finally:
        small.close()


def test_gzip_bomb_is_measured_after_decoding(httpserver: HTTPServer) -> None:
    compressed = gzip.compress(b"\0" * 2_000_000)
    assert len(compressed) < 50_000
    httpserver.expect_request("/bomb").respond_with_data(
        compressed, headers={"Content-Encoding": "gzip"}
    )
    small = HttpRetriever(max_bytes=100_000)
    try:
        with pytest.raises(FetchError, match="too large"):
            small.get(httpserver.url_for("/bomb"))
    finally:
        small.close()


def test_slow_body_past_the_deadline_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/slow").respond_with_data(b"z" * 1000)
    impatient = HttpRetriever(deadline=-1.0)  # any body at all is past a negative deadline
    try:
        with pytest.raises(FetchError, match="timed out"):
            impatient.get(httpserver.url_for("/slow"))
    finally:
        impatient.close()


def test_timeout_waiting_for_a_response(httpserver: HTTPServer) -> None:
    release = threading.Event()

    def stall(request: Request) -> Response:
        release.wait(2)
        return Response("late")

    httpserver.expect_request("/stall").respond_with_handler(stall)
    quick = HttpRetriever(timeout=0.3)
    try:
        with pytest.raises(FetchError, match="timed out") as raised:
            quick.get(httpserver.url_for("/stall"))
        assert httpserver.url_for("/stall") in str(raised.value)
    finally:
        release.set()
        quick.close()


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_error_status_raises_naming_url_and_status(
    status: int, retriever: HttpRetriever, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/bad").respond_with_data("nope", status=status)
    url = httpserver.url_for("/bad")

    with pytest.raises(FetchError, match=f"HTTP {status}") as raised:
        retriever.get(url)
    assert str(raised.value).startswith(url)


def test_connection_refused_raises_fetch_error(retriever: HttpRetriever) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed.xml"

    with pytest.raises(FetchError) as raised:
        retriever.get(url)
    assert str(raised.value).startswith(url)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://files.test/feed.xml", "feed.xml"])
def test_only_http_urls_are_fetched(url: str, retriever: HttpRetriever) -> None:
    with pytest.raises(FetchError, match="not an http"):
        retriever.get(url)


# --- redirects ------------------------------------------------------------------------


def test_redirects_up_to_the_limit_are_followed(
    retriever: HttpRetriever, httpserver: HTTPServer
) -> None:
    start = redirect_chain(httpserver, [302] * MAX_REDIRECTS)

    response = retriever.get(start)

    assert (response.content, response.url) == (b"arrived", httpserver.url_for("/end"))


def test_more_than_five_redirects_raise(retriever: HttpRetriever, httpserver: HTTPServer) -> None:
    start = redirect_chain(httpserver, [301] * (MAX_REDIRECTS + 1))

    with pytest.raises(FetchError, match="more than 5 redirects") as raised:
        retriever.get(start)
    assert start in str(raised.value)


def test_redirect_loop_raises(retriever: HttpRetriever, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/b")}
    )
    httpserver.expect_request("/b").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for("/a")}
    )

    with pytest.raises(FetchError, match="redirect loop") as raised:
        retriever.get(httpserver.url_for("/a"))
    assert str(raised.value).startswith(httpserver.url_for("/a") + ": ")


@pytest.mark.parametrize(
    ("chain", "permanent"),
    [
        ([301], True),
        ([301, 301], True),
        ([308, 301], True),
        ([302], False),
        ([301, 302], False),
        ([302, 301], False),
        ([307], False),
        ([301, 307, 308], False),
    ],
)
def test_permanent_url_only_for_all_permanent_chains(
    chain: list[int], permanent: bool, retriever: HttpRetriever, httpserver: HTTPServer
) -> None:
    start = redirect_chain(httpserver, chain)

    response = retriever.get(start)

    assert response.content == b"arrived"
    assert response.url == httpserver.url_for("/end")
    assert response.permanent_url == (httpserver.url_for("/end") if permanent else None)


# --- FileRetriever -----------------------------------------------------------------------


def test_file_retriever_serves_files_under_its_root(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "feeds").mkdir(parents=True)
    (root / "feeds" / "a.xml").write_bytes(b"<rss/>")
    (root / "page.html").write_bytes(b"<p>hi</p>")
    (tmp_path / "secret.txt").write_text("outside the root")
    files = FileRetriever("https://demo.test/", root)

    feed = files.get("https://demo.test/feeds/a.xml")
    page = files.get("https://demo.test/page.html")

    assert (feed.status, feed.content, feed.headers["content-type"]) == (
        200,
        b"<rss/>",
        "application/xml; charset=utf-8",
    )
    assert (page.content, page.headers["content-type"]) == (
        b"<p>hi</p>",
        "text/html; charset=utf-8",
    )
    for url, problem in (
        ("https://demo.test/missing.xml", "404"),
        ("https://demo.test/../secret.txt", "404"),
        ("https://demo.test/feeds", "404"),
        ("https://elsewhere.test/feeds/a.xml", "not part of"),
    ):
        with pytest.raises(FetchError, match=problem):
            files.get(url)
    files.close()
