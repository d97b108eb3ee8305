"""A feed with more new entries than one run downloads pages for: the newest get their pages
now, the rest keep their feed content and get their pages on later runs."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from pytest_httpserver import HTTPServer

from scitui.library import Library

RSS_TYPE = "application/rss+xml; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
BODY = "The agency said the new rule would apply to advanced chips and tools. " * 10


def big_feed(base: str, count: int) -> bytes:
    items = "".join(
        f"<item><guid>e{index}</guid><title>Story {index}</title>"
        f"<link>{base}/page/{index}.html</link><description>Short {index}.</description>"
        f"<pubDate>Mon, {1 + index % 28:02d} Sep 2025 {index % 24:02d}:00:00 GMT</pubDate>"
        "</item>"
        for index in range(count)
    )
    channel = f"<channel><title>Big</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


def serve(httpserver: HTTPServer, count: int) -> str:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/big.xml").respond_with_data(
        big_feed(base, count), content_type=RSS_TYPE
    )
    for index in range(count):
        html = f"<html><body><article><h1>Story {index}</h1><p>{BODY}</p></article></body></html>"
        httpserver.expect_request(f"/page/{index}.html").respond_with_data(
            html, content_type=HTML_TYPE
        )
    return httpserver.url_for("/big.xml")


def page_hits(httpserver: HTTPServer) -> list[str]:
    return [request.path for request, _ in httpserver.log if request.path.startswith("/page/")]


def sources(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT title, content_source FROM articles"))


def capped(make_library: Callable[..., Library], url: str, cap: int) -> Library:
    """A library over that one feed whose config sets pages_per_feed (the caller closes it)."""
    config = make_library([url]).config_path
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[settings]", f"[settings]\npages_per_feed = {cap}"), "utf-8")
    return Library.open(config, config.parent / "scitui.db")


def test_pages_come_newest_first_over_several_runs(
    httpserver: HTTPServer, make_library: Callable[..., Library], tmp_path: Path
) -> None:
    library = capped(make_library, serve(httpserver, 5), 2)
    try:
        [first] = library.refresh()
        assert first.new == 5
        stored = sources(tmp_path / "scitui.db")
        by_date = [a.title for a in library.articles(limit=10)]  # newest first
        assert [stored[title] for title in by_date] == ["page", "page", "feed", "feed", "feed"]
        assert len(page_hits(httpserver)) == 2
        library.mark_read([library.articles(limit=10)[2].id])  # the reader's state stays

        [second] = library.refresh()
        assert (second.new, second.updated) == (0, 2)
        stored = sources(tmp_path / "scitui.db")
        assert [stored[title] for title in by_date] == ["page", "page", "page", "page", "feed"]
        assert library.articles(limit=10)[2].read

        list(library.refresh())
        assert set(sources(tmp_path / "scitui.db").values()) == {"page"}
        assert len(page_hits(httpserver)) == 5
        list(library.refresh())
        assert len(page_hits(httpserver)) == 5, "a page was downloaded twice"
    finally:
        library.close()


def test_a_huge_feed_is_stored_without_a_page_per_entry(
    httpserver: HTTPServer, make_library: Callable[..., Library], tmp_path: Path
) -> None:
    library = capped(make_library, serve(httpserver, 1500), 10)
    try:
        [outcome] = library.refresh()
    finally:
        library.close()
    assert outcome.new == 1500
    assert len(page_hits(httpserver)) == 10
    assert list(sources(tmp_path / "scitui.db").values()).count("page") == 10
