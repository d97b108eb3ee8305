"""`r` refreshes in the background over a real loopback HTTP server, and nothing is fetched
unless asked: the app starts on the cache alone.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from multiprocessing import forkserver, resource_tracker
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from pytest_httpserver import HTTPServer
from textual.message import Message
from textual.notifications import Notification, Notify
from tui_pilot import label_counts, settle, until

from scitui.library import ArticleFilter, Library
from scitui.tui.app import SciTuiApp
from scitui.tui.messages import FeedRefreshed, RefreshFinished, RefreshProgressed, RefreshStarted
from scitui.tui.screens.main import MainScreen
from scitui.tui.widgets.status_line import StatusLine

SIZE = (120, 40)
FROZEN_NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
RSS_TYPE = "application/rss+xml; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
TOPICS = {"quantum": {"title": "Quantum computing", "keywords": ["qubit", "quantum"]}}


def rss(*items: Mapping[str, str], title: str = "Loopback Wire") -> bytes:
    """An RSS 2.0 feed; item keys: guid, title, link, description, date."""
    parts = []
    for item in items:
        fields = [f'<guid isPermaLink="false">{escape(item["guid"])}</guid>']
        for key, tag in (("title", "title"), ("link", "link"), ("description", "description")):
            if key in item:
                fields.append(f"<{tag}>{escape(item[key])}</{tag}>")
        if "date" in item:
            fields.append(f"<pubDate>{item['date']}</pubDate>")
        parts.append("<item>" + "".join(fields) + "</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>/</link><description>tests</description>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


def page(title: str, sentence: str) -> bytes:
    """An article page whose body is much longer than the feed's summary."""
    paragraphs = "".join(
        f"<p>{sentence} Paragraph {n} goes on about it at length.</p>" for n in range(8)
    )
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>Loopback Wire</footer></body></html>"
    ).encode()


OLD = {
    "guid": "old",
    "title": "Older story about budgets",
    "link": "/a/old.html",
    "description": "Budgets.",
    "date": "Mon, 23 Nov 2026 09:00:00 GMT",
}
NEW = [
    {
        "guid": "q1",
        "title": "A qubit milestone in the lab",
        "link": "/a/q1.html",
        "description": "Qubits.",
        "date": "Fri, 27 Nov 2026 09:00:00 GMT",
    },
    {
        "guid": "q2",
        "title": "Grid operators plan for winter",
        "link": "/a/q2.html",
        "description": "The grid.",
        "date": "Thu, 26 Nov 2026 09:00:00 GMT",
    },
]


def closed_port_url(path: str = "/feed.xml") -> str:
    """A loopback URL nothing listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


@pytest.fixture
def fresh_process() -> None:
    """Stop multiprocessing's forkserver and resource tracker, as in a process just started.

    The session's demo cache starts them outside any app, which would hide a refresh that
    cannot start its page-extraction pool inside one: under Textual sys.stderr has no file
    descriptor, and the resource tracker hands that descriptor to its child.
    """
    forkserver._forkserver._stop()
    resource_tracker._resource_tracker._stop()


@pytest.fixture
def open_library(tmp_path: Path) -> Iterator[Callable[[Path], Library]]:
    """Library.open over tmp_path/x.db with a given config; closed at the end."""
    opened: list[Library] = []

    def open_it(config: Path) -> Library:
        library = Library.open(config, tmp_path / "x.db")
        opened.append(library)
        return library

    yield open_it
    for library in opened:
        library.close()


def make_app(library: Library) -> SciTuiApp:
    return SciTuiApp(library, now=lambda: FROZEN_NOW)


def status_text(app: SciTuiApp) -> str:
    return str(app.main.query_one(StatusLine).content)


counts_of = label_counts


def notifications(messages: list[Message]) -> list[Notification]:
    return [message.notification for message in messages if isinstance(message, Notify)]


def titles(app: SciTuiApp) -> list[str]:
    articles = app.main.article_list
    return [row.title for i in range(articles.total) if (row := articles.row(i)) is not None]


async def test_r_fetches_in_the_background_and_the_list_updates(
    fresh_process: None,
    httpserver: HTTPServer,
    write_config: Callable[..., Path],
    open_library: Callable[[Path], Library],
    tmp_path: Path,
) -> None:
    httpserver.expect_oneshot_request("/feed.xml").respond_with_data(
        rss(OLD), content_type=RSS_TYPE
    )
    config = write_config([httpserver.url_for("/feed.xml")], TOPICS)
    library = open_library(config)
    [first] = library.refresh(content=False)
    assert (first.status, first.new) == ("ok", 1)
    old_id = library.articles()[0].id

    httpserver.expect_request("/feed.xml").respond_with_data(rss(*NEW, OLD), content_type=RSS_TYPE)
    for item in NEW:
        httpserver.expect_request(item["link"]).respond_with_data(
            page(item["title"], item["description"] + " A qubit and quantum error correction."),
            content_type=HTML_TYPE,
        )

    messages: list[Message] = []
    app = make_app(library)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.article_list.total == 1
        assert "cache only" in status_text(app)
        requests_before = len(httpserver.log)

        await pilot.press("r")
        await settle(pilot)

        assert app.is_running
        assert len(httpserver.log) == requests_before + 1 + len(NEW)
        errors = [note.message for note in notifications(messages) if note.severity == "error"]
        assert errors == []
        assert screen.article_list.total == 3
        assert titles(app) == [NEW[0]["title"], NEW[1]["title"], OLD["title"]]
        # the cursor stays on the article it was on
        assert screen.article_list.highlighted is not None
        assert screen.article_list.highlighted.id == old_id
        assert counts_of(app, "all") == "3/3"
        assert counts_of(app, "tag:quantum") == "2/2"
        status = status_text(app)
        assert "● online" in status
        assert "refreshing" not in status
        assert "never refreshed" not in status
        assert app.main.query_one(StatusLine).progress is None

    kinds = [type(message) for message in messages]
    assert RefreshStarted in kinds and RefreshProgressed in kinds
    [refreshed] = [message for message in messages if isinstance(message, FeedRefreshed)]
    assert (refreshed.outcome.status, refreshed.outcome.new) == ("ok", 2)
    [finished] = [message for message in messages if isinstance(message, RefreshFinished)]
    assert finished.error is None and [outcome.new for outcome in finished.outcomes] == [2]
    assert kinds.index(FeedRefreshed) < kinds.index(RefreshFinished)
    progress = [message.progress for message in messages if isinstance(message, RefreshProgressed)]
    assert progress[-1].feeds_done == progress[-1].feeds_total == 1
    assert any(
        note.severity == "information" and "2 new" in note.message
        for note in notifications(messages)
    )

    stored = Library.open(config, tmp_path / "x.db")
    try:
        assert stored.count() == 3
        assert stored.count(ArticleFilter(tag="quantum")) == 2
        for summary in stored.articles():
            article = stored.article(summary.id)
            expected = "feed" if summary.id == old_id else "page"
            assert article.content_source == expected, summary.title
    finally:
        stored.close()


async def test_a_failing_feed_warns_and_the_other_feeds_articles_arrive(
    httpserver: HTTPServer,
    write_config: Callable[..., Path],
    open_library: Callable[[Path], Library],
) -> None:
    httpserver.expect_request("/good.xml").respond_with_data(rss(*NEW), content_type=RSS_TYPE)
    httpserver.expect_request("/broken.xml").respond_with_data("oops", status=500)
    config = write_config(
        [
            httpserver.url_for("/good.xml"),
            {"url": httpserver.url_for("/broken.xml"), "name": "Broken Feed"},
        ],
        content=False,
    )
    library = open_library(config)
    messages: list[Message] = []
    app = make_app(library)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        assert app.main.article_list.total == 0
        await pilot.press("r")
        await settle(pilot)
        assert app.is_running
        assert app.main.article_list.total == len(NEW)
        assert counts_of(app, "all") == f"{len(NEW)}/{len(NEW)}"
        assert "● online" in status_text(app)
        assert "refreshing" not in status_text(app)

    warnings = [note for note in notifications(messages) if note.severity == "warning"]
    assert len(warnings) == 1
    assert "Broken Feed" in warnings[0].message and "500" in warnings[0].message
    outcomes = {
        message.outcome.url: message.outcome.status
        for message in messages
        if isinstance(message, FeedRefreshed)
    }
    assert outcomes == {
        httpserver.url_for("/good.xml"): "ok",
        httpserver.url_for("/broken.xml"): "error",
    }
    assert library.count() == len(NEW)
    [broken] = [feed for feed in library.feeds() if feed.name == "Broken Feed"]
    assert broken.last_error is not None and "500" in broken.last_error


async def test_refresh_with_every_feed_unreachable_shows_offline(
    write_config: Callable[..., Path], open_library: Callable[[Path], Library]
) -> None:
    config = write_config([closed_port_url("/a.xml"), closed_port_url("/b.xml")], content=False)
    library = open_library(config)
    messages: list[Message] = []
    app = make_app(library)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert app.is_running
        status = status_text(app)
        assert "✕ offline" in status
        assert "2 of 2 feeds failed" in status
        assert "refreshed" not in status and "online" not in status
        assert "refreshing" not in status
        assert app.main.article_list.total == 0
        await pilot.press("j", "enter", "escape")  # an empty list still takes keys
        assert app.is_running

    # the shared cause in one line, not a warning per feed
    warnings = [note.message for note in notifications(messages) if note.severity == "warning"]
    assert warnings == ["offline: every connection was refused (2 feeds)"]
    [finished] = [message for message in messages if isinstance(message, RefreshFinished)]
    assert [outcome.status for outcome in finished.outcomes] == ["error", "error"]
    assert all(feed.last_error for feed in library.feeds())


async def test_the_app_starts_on_the_cache_and_fetches_nothing(
    httpserver: HTTPServer,
    write_config: Callable[..., Path],
    open_library: Callable[[Path], Library],
    tmp_path: Path,
) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(rss(*NEW, OLD), content_type=RSS_TYPE)
    online = write_config([httpserver.url_for("/feed.xml")], content=False, name="online.toml")
    cached = Library.open(online, tmp_path / "x.db")
    try:
        assert [outcome.new for outcome in cached.refresh()] == [3]
    finally:
        cached.close()
    requests = len(httpserver.log)

    offline = write_config(
        [closed_port_url(), httpserver.url_for("/feed.xml")], content=False, name="offline.toml"
    )
    library = open_library(offline)
    app = make_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main.article_list.total == 3
        assert titles(app) == [NEW[0]["title"], NEW[1]["title"], OLD["title"]]
        assert counts_of(app, "all") == "3/3"
        assert "cache only" in status_text(app)
        await pilot.press("enter")
        assert app.main.reading
    assert len(httpserver.log) == requests, "starting the app fetched something"
    assert library.totals().unread == 2


async def test_refresh_minutes_refreshes_in_the_background_with_the_same_reporting(
    httpserver: HTTPServer,
    write_config: Callable[..., Path],
    open_library: Callable[[Path], Library],
) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(rss(*NEW), content_type=RSS_TYPE)
    config = write_config([httpserver.url_for("/feed.xml")], content=False)
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "[settings]", "[settings]\nrefresh_minutes = 15"
        ),
        encoding="utf-8",
    )
    library = open_library(config)
    assert SciTuiApp(library).refresh_interval == 15 * 60
    messages: list[Message] = []
    app = SciTuiApp(library, now=lambda: FROZEN_NOW, refresh_interval=0.3)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        # no key pressed: the timer refreshes
        await until(pilot, lambda: app.main.article_list.total == len(NEW), "the timer's refresh")
        await until(pilot, lambda: "● online" in status_text(app), "the refresh's result")
    assert any(isinstance(message, RefreshFinished) for message in messages)
    assert any("2 new articles" in note.message for note in notifications(messages)), notifications(
        messages
    )
