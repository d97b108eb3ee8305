"""A fetch whose worker processes die, or which is cancelled half way, keeps what it stored
and reports the rest."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from procs import descendants
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scitui.library import Library

RSS_TYPE = "application/rss+xml; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
PARAGRAPH = (
    "<p>" + "The agency said the rule would apply to advanced chips and tools. " * 12 + "</p>"
)


def feed(base: str, name: str, count: int) -> bytes:
    items = "".join(
        f"<item><guid>{name}-{index}</guid><title>{name} story {index}</title>"
        f"<link>{base}/{name}/{index}.html</link><description>Short {name} {index}.</description>"
        "</item>"
        for index in range(count)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>{items}'
        "</channel></rss>"
    ).encode()


def page(title: str) -> bytes:
    head = f"<head><title>{title}</title></head>"
    article = f"<article><h1>{title}</h1>{PARAGRAPH}</article>"
    return f"<html>{head}<body>{article}</body></html>".encode()


def serve_feed(httpserver: HTTPServer, name: str, count: int) -> str:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request(f"/{name}.xml").respond_with_data(
        feed(base, name, count), content_type=RSS_TYPE
    )
    for index in range(count):
        httpserver.expect_request(f"/{name}/{index}.html").respond_with_data(
            page(f"{name} story {index}"), content_type=HTML_TYPE
        )
    return httpserver.url_for(f"/{name}.xml")


def content_sources(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT title, content_source FROM articles"))


def kill_workers() -> int:
    """Kill this process's pool workers (the forkserver's children); how many were killed."""
    mine = os.getpid()
    killed = 0
    for pid in descendants(mine):
        try:
            parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent != mine:  # a grandchild: a worker forked by the forkserver
            os.kill(pid, signal.SIGKILL)
            killed += 1
    return killed


def test_workers_killed_mid_fetch_cost_only_their_pages(
    httpserver: HTTPServer, make_library: Callable[..., Library], tmp_path: Path
) -> None:
    first = serve_feed(httpserver, "first", 3)
    killed: list[int] = []

    def doomed(_request: Request) -> Response:  # the workers die while this page downloads
        killed.append(kill_workers())
        return Response(page("doomed story"), content_type=HTML_TYPE)

    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/doomed.xml").respond_with_data(
        feed(base, "doomed", 1).replace(b"/doomed/0.html", b"/doomed-page.html"),
        content_type=RSS_TYPE,
    )
    httpserver.expect_request("/doomed-page.html").respond_with_handler(doomed)
    last = serve_feed(httpserver, "last", 2)
    library = make_library([first, httpserver.url_for("/doomed.xml"), last], jobs=1)

    outcomes = list(library.refresh())

    assert killed and killed[0] >= 1, "no worker was running to be killed"
    assert [outcome.status for outcome in outcomes] == ["ok", "ok", "ok"]
    doomed_outcome = outcomes[1]
    assert doomed_outcome.new == 1 and doomed_outcome.page_errors == 1  # reported, not lost
    sources = content_sources(tmp_path / "scitui.db")
    assert sources["doomed story 0"] == "feed"  # kept its feed content
    # the feed after it was fetched with new workers, pages and all
    assert sources["last story 0"] == sources["last story 1"] == "page"
    assert len(sources) == 6


def test_a_fetch_cancelled_half_way_keeps_whole_feeds_only(
    httpserver: HTTPServer, make_library: Callable[..., Library], tmp_path: Path
) -> None:
    cancel = threading.Event()
    first = serve_feed(httpserver, "first", 3)
    base = httpserver.url_for("").rstrip("/")

    def cancelling(_request: Request) -> Response:  # cancelled while the second feed's pages load
        cancel.set()
        return Response(page("second story 1"), content_type=HTML_TYPE)

    httpserver.expect_request("/second.xml").respond_with_data(
        feed(base, "second", 3), content_type=RSS_TYPE
    )
    for index in (0, 2):
        httpserver.expect_request(f"/second/{index}.html").respond_with_data(
            page(f"second story {index}"), content_type=HTML_TYPE
        )
    httpserver.expect_request("/second/1.html").respond_with_handler(cancelling)
    library = make_library([first, httpserver.url_for("/second.xml")], jobs=1)

    outcomes = list(library.refresh(cancel=cancel))

    db = tmp_path / "scitui.db"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        per_feed = dict(
            conn.execute(
                "SELECT f.title, count(a.id) FROM feeds f LEFT JOIN articles a ON a.feed_id = f.id "
                "GROUP BY f.id"
            )
        )
        orphans = conn.execute(
            "SELECT count(*) FROM article_tags WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
    assert per_feed.get("first") == 3
    assert per_feed.get("second") in (None, 0, 3)  # all of a feed, or none of it
    assert orphans == 0
    assert outcomes[0].status == "ok"
