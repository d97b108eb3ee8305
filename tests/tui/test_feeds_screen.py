"""The Feeds screen (f): every feed, its counts, last success and whole last error; Enter
lists that feed's articles as a pane, Esc goes back."""

from __future__ import annotations

import io
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pytest_httpserver import HTTPServer
from rich.console import Console
from tui_pilot import settle

from scitui.library import ArticleFilter, Library
from scitui.tui.app import SciTuiApp
from scitui.tui.screens.feeds import FeedsScreen
from scitui.tui.screens.main import MainScreen

SIZE = (100, 30)
NOW = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Good Wire</title>
<item><title>One</title><link>http://example.invalid/1</link><guid>1</guid></item>
<item><title>Two</title><link>http://example.invalid/2</link><guid>2</guid></item>
</channel></rss>"""


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def option_texts(screen: FeedsScreen, width: int = 200) -> list[str]:
    """Each feed's entry as the characters it shows, at a width."""
    options = screen.query_one("#feeds")
    texts = []
    for index in range(options.option_count):  # type: ignore[attr-defined]
        out = io.StringIO()
        prompt = options.get_option_at_index(index).prompt  # type: ignore[attr-defined]
        Console(width=width, file=out, color_system=None).print(prompt)
        texts.append(out.getvalue())
    return texts


async def test_feeds_screen_shows_counts_success_and_whole_errors(
    httpserver: HTTPServer, write_config: Callable[..., Path], tmp_path: Path
) -> None:
    httpserver.expect_request("/good.xml").respond_with_data(
        RSS, content_type="application/rss+xml"
    )
    dead = f"http://127.0.0.1:{closed_port()}/a/very/long/path/that/must/not/be/cut/feed.xml"
    config = write_config(
        [{"url": httpserver.url_for("/good.xml"), "name": "Good Wire"}, dead], content=False
    )
    library = Library.open(config, tmp_path / "feeds.db")
    try:
        list(library.refresh())
        app = SciTuiApp(library, now=lambda: NOW, watch_interval=None)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, FeedsScreen)
            good, bad = option_texts(screen)
            assert "2/2" in good and "Good Wire" in good and "last success never" not in good
            assert dead in bad  # the whole URL
            assert "✕ ConnectError: [Errno 111] Connection refused" in bad  # the error, whole
            assert "✕ failed" in bad
            narrow = option_texts(screen, width=60)[1]  # wrapped, nothing cut
            assert "Connection refused" in " ".join(narrow.split())
            assert "last success never" in bad
            header = str(screen.query_one("#feeds-header").content)
            assert "2 feeds · 1 failing" in header

            await pilot.press("enter")  # the first feed: its articles as a pane
            await settle(pilot)
            main = app.screen
            assert isinstance(main, MainScreen)
            assert main.current.kind == "feed"
            assert main.current.title == "Feed: Good Wire"
            assert main.article_list.total == 2
            assert "Esc leaves the feed" in str(main.query_one("#pane-header").content)

            await pilot.press("escape")
            assert main.current.key == "all"
            assert all(pane.kind != "feed" for pane in main.panes)

            await pilot.press("f", "escape")  # Esc closes the feeds screen
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
    finally:
        library.close()


async def test_feed_pane_counts_follow_reading(
    make_app: Callable[..., SciTuiApp], library: Library
) -> None:
    app = make_app()
    feed = library.feeds()[0]
    unread = library.count(ArticleFilter(feed_url=feed.source_url, unread=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        main = app.main
        assert main.current.kind == "feed"
        assert main.article_list.total == feed.article_count
        await pilot.press("m")
        current = main.current
        assert (current.unread, current.total) == (unread - 1, feed.article_count)
