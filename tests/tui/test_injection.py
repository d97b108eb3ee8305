"""Hostile text from the network is shown literally and never reaches the terminal as control.

Titles, bodies, feed names, authors and tags carry Textual/Rich markup and terminal escapes.
Part of the cache comes through the real pipeline (a feed on the loopback server); what XML
cannot carry (ESC, BEL) is stored with the store's own insert, as if an older or buggy ingest
had let it through. Each test looks at what the widgets render and at what the app would write
to the terminal.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from pytest_httpserver import HTTPServer
from rich.console import Console
from textual.command import CommandList, CommandPalette
from textual.widget import Widget
from textual.widgets._toast import Toast
from tui_pilot import settle, until
from werkzeug import Response as WerkzeugResponse

from scitui.ingest import entry_hash
from scitui.library import Library
from scitui.models import ArticleDraft, EntryData
from scitui.tui.app import SciTuiApp
from scitui.tui.screens.dialogs import TagDialog, UntagDialog
from scitui.tui.screens.main import MainScreen
from scitui.tui.widgets.article_list import ArticleList
from scitui.tui.widgets.pane_list import PaneList
from scitui.tui.widgets.status_line import StatusLine

SIZE = (120, 40)
FROZEN_NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
RSS_TYPE = "application/rss+xml; charset=utf-8"

FEED_TITLE = "[red]Wire[/red] [@click=app.quit]w[/]"
AUTHOR = "[i]Mallory[/i] [@click=app.quit]a[/]"
BODY_MARKUP = "[@click=app.quit]z[/]"
MARKUP_TITLES = ["[bold red]x[/]", "[@click=app.quit]y[/]", "[/bold]", "[link=https://e.test]l"]

EVIL_FEED_NAME = "\x1b]0;owned\x07Evil \x1b[2JFeed"
CONTROL_TITLES = {
    "\x1b[31mred\x1b[0m": "[31mred[0m",
    "\x07bell": "bell",
    "c1\x1b[5mblink\x9b2J": "c1[5mblink2J",
}
CONTROL_AUTHOR = "\x1b[5mEve\x1b[0m"
CONTROL_BODY = "<p>esc \x1b[31mred\x1b[0m here \x07 and [@click=app.quit]q[/]</p>"
CONTROL_SEQUENCES = ["\x1b[31mred", "\x1b[5m", "\x1b]0;owned", "\x1b[2J", "\x07", "\x9b"]

CLICK_TAG = "[@click=app.quit]t[/]"
HOSTILE_TAGS = [CLICK_TAG, "\x1b[31mtagged"]


def hostile_feed() -> bytes:
    """RSS 2.0 whose channel title, item titles, authors and bodies are markup."""
    items = []
    for index, title in enumerate(MARKUP_TITLES):
        body = f"<p>{BODY_MARKUP}</p><p>[bold]not bold[/bold] and <b>bold</b> number {index}.</p>"
        items.append(
            f"<item><guid>m{index}</guid><title>{escape(title)}</title>"
            f"<link>https://wire.test/{index}</link><author>{escape(AUTHOR)}</author>"
            f"<pubDate>Fri, 2{7 - index} Nov 2026 09:00:00 GMT</pubDate>"
            f"<description>{escape(body)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(FEED_TITLE)}</title><link>https://wire.test/</link>"
        "<description>x</description>" + "".join(items) + "</channel></rss>"
    ).encode()


def control_drafts() -> list[tuple[ArticleDraft, str]]:
    drafts = []
    for index, title in enumerate(CONTROL_TITLES):
        entry = EntryData(
            key=f"c{index}",
            guid=f"c{index}",
            url=f"https://evil.test/{index}\x1b[31m",
            title=title,
            author=CONTROL_AUTHOR,
            published=datetime(2026, 11, 20, tzinfo=UTC) - timedelta(days=index),
            summary=CONTROL_BODY,
            content_html=CONTROL_BODY,
        )
        text = "esc \x1b[31mred\x1b[0m here \x07 and [@click=app.quit]q[/]"
        drafts.append((ArticleDraft(entry, CONTROL_BODY, text, "feed"), entry_hash(entry)))
    return drafts


@pytest.fixture
def hostile_library(
    httpserver: HTTPServer, write_config: Callable[..., Path], tmp_path: Path
) -> Iterator[Library]:
    """A cache of hostile articles: markup through the pipeline, control characters stored."""
    httpserver.expect_request("/hostile.xml").respond_with_data(
        hostile_feed(), content_type=RSS_TYPE
    )
    config = write_config([httpserver.url_for("/hostile.xml")], content=False)
    library = Library.open(config, tmp_path / "hostile.db")
    [outcome] = library.refresh()
    assert (outcome.status, outcome.new) == ("ok", len(MARKUP_TITLES))
    feed = library.store.ensure_feed("https://evil.test/feed.xml", EVIL_FEED_NAME)
    assert library.store.save_new(feed.id, control_drafts()) == len(CONTROL_TITLES)
    yield library
    library.close()


# what the app shows and would write -----------------------------------------------------


def screen_lines(app: SciTuiApp) -> list[str]:
    """The characters of every cell of the screen, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def terminal_output(app: SciTuiApp) -> str:
    """What the app would write to the terminal for a full redraw of the screen."""
    width, height = app.size
    out = io.StringIO()
    console = Console(
        width=width,
        height=height,
        file=out,
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return out.getvalue()


def assert_clean(app: SciTuiApp) -> str:
    """No control character is drawn, and none of the hostile sequences goes out."""
    text = "\n".join(screen_lines(app))
    for char in text:
        assert char == "\n" or not is_control(char), repr(char)
    raw = terminal_output(app)
    for sequence in CONTROL_SEQUENCES:
        assert sequence not in raw, f"{sequence!r} reaches the terminal"
    return text


def is_control(char: str) -> bool:
    return ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0


def widget_text(app: SciTuiApp, widget: Widget) -> str:
    """The characters drawn in a widget's cells on the current screen."""
    region = widget.region
    strips = app.screen._compositor.render_strips()[region.y : region.bottom]
    return "\n".join(strip.crop(region.x, region.right).text for strip in strips)


def list_lines(articles: ArticleList) -> list[str]:
    return [articles.render_line(y).text for y in range(articles.scrollable_content_region.height)]


def make_app(library: Library) -> SciTuiApp:
    return SciTuiApp(library, now=lambda: FROZEN_NOW)


def main_screen(app: SciTuiApp) -> MainScreen:
    assert app.is_running, "the app quit"
    assert isinstance(app.screen, MainScreen), f"left the main screen for {app.screen!r}"
    return app.screen


def expected_title(title: str) -> str:
    return CONTROL_TITLES.get(title, title)


# tests ------------------------------------------------------------------------------


async def test_hostile_titles_and_feed_names_are_listed_literally(hostile_library):
    app = make_app(hostile_library)
    titles = [summary.title for summary in hostile_library.articles(limit=100)]
    assert len(titles) == len(MARKUP_TITLES) + len(CONTROL_TITLES)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = main_screen(app).article_list
        assert articles.total == len(titles)
        rows = list_lines(articles)
        for index, title in enumerate(titles):
            assert expected_title(title) in rows[index], (title, rows[index])
        # the source column is narrow: the feed names are cut, but start as stored
        assert sum("[red]Wire[/" in row for row in rows) == len(MARKUP_TITLES)
        assert sum("]0;ownedEv" in row for row in rows) == len(CONTROL_TITLES)
        text = assert_clean(app)
        for title in MARKUP_TITLES:
            assert title in text
        for index in range(len(titles)):
            await pilot.press("j")
            assert articles.cursor == min(index + 1, len(titles) - 1)
            assert_clean(app)
        # clicking on a row whose title is [@click=app.quit]... only moves the cursor there
        row = titles.index("[@click=app.quit]y[/]")
        await pilot.click(ArticleList, offset=(8, row))
        await pilot.pause()
        assert main_screen(app).article_list.cursor == row
        await pilot.click(ArticleList, offset=(8, row))
        await pilot.click(ArticleList, offset=(12, row))
        await pilot.pause()
        main_screen(app)


async def test_hostile_articles_read_literally_and_clicks_do_nothing(hostile_library):
    app = make_app(hostile_library)
    titles = [summary.title for summary in hostile_library.articles(limit=100)]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("enter")
        for index, title in enumerate(titles):
            if index:
                await pilot.press("n")  # the next unread opens in the reader
            await pilot.pause()
            assert screen.reading and screen.reader.article is not None
            assert screen.reader.article.title == title
            text = assert_clean(app)
            lines = text.splitlines()
            assert expected_title(title) in text
            if title in MARKUP_TITLES:
                assert FEED_TITLE in text
                assert AUTHOR in text
                assert "[bold]not bold[/bold]" in text
                marker = BODY_MARKUP
            else:
                assert "]0;ownedEvil [2JFeed" in text
                assert "[5mEve[0m" in text
                assert "esc [31mred[0m here" in text
                marker = "[@click=app.quit]q[/]"
            if title not in ("[@click=app.quit]y[/]", "\x1b[31mred\x1b[0m"):
                continue
            # click on the characters of the body's [@click=...] and on the title
            y = next(number for number, line in enumerate(lines) if marker in line)
            await pilot.click(offset=(lines[y].index(marker) + 2, y))
            y = next(number for number, line in enumerate(lines) if expected_title(title) in line)
            await pilot.click(offset=(lines[y].index(expected_title(title)) + 1, y))
            await pilot.pause()
            assert main_screen(app) is screen
            assert screen.reading and screen.reader.article.title == title
    assert all(article.read for article in hostile_library.articles(limit=100))


async def test_hostile_tags_are_shown_literally_everywhere(hostile_library):
    """Every place a tag is drawn, checked in turn; the failure lists all the places."""
    first = hostile_library.articles(limit=1)[0]
    hostile_library.store.add_tags(first.id, HOSTILE_TAGS)
    problems: list[str] = []

    def check(place: str, widgets: Widget | str | type[Widget], *shown: str) -> None:
        """Record what is wrong with the cells drawn by a widget (or those a query finds)."""
        found = [widgets] if isinstance(widgets, Widget) else list(app.screen.query(widgets))
        assert found, f"{place}: nothing matches {widgets!r}"
        lines = [widget_text(app, widget) for widget in found]
        controls = sorted({c for line in lines for c in line if c != "\n" and is_control(c)})
        missing = [text for text in shown if not any(text in line for line in lines)]
        if controls or missing:
            problems.append(f"{place}: draws the control characters {controls}, misses {missing}")

    app = make_app(hostile_library)
    # wide enough for the article list's tags column, short of the three-column layout
    async with app.run_test(size=(150, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert set(HOSTILE_TAGS) <= set(screen.article_list.highlighted.tags)
        check("article list (tags column)", screen.article_list, "#[31mtagged #")
        check("pane list", PaneList, CLICK_TAG, "[31mtagged")

        await pilot.press("enter")
        await pilot.pause()
        assert screen.reading
        check("reader header", "#article-header", f"#{CLICK_TAG}", "#[31mtagged")
        await pilot.press("escape")

        # the tags' panes come last, A-Z: the ESC one, then the [@click] one
        keys = [pane.key for pane in screen.panes]
        assert keys[-2:] == [f"tag:{tag}" for tag in sorted(HOSTILE_TAGS)]
        await pilot.press("left_square_bracket")
        assert screen.current.key == keys[-1] and screen.article_list.total == 1
        check("pane header", "#pane-header", CLICK_TAG)
        check("status line", StatusLine, CLICK_TAG)
        await pilot.press("left_square_bracket")
        assert screen.current.key == keys[-2] and screen.article_list.total == 1
        check("pane header", "#pane-header", "[31mtagged")
        check("status line", StatusLine, "[31mtagged")
        await pilot.press("M")
        await settle(pilot)
        check("notification after M", Toast, "[31mtagged")
        app.clear_notifications()

        await pilot.press("T")
        assert isinstance(app.screen, UntagDialog)
        check("untag dialog", ".dialog", CLICK_TAG, "[31mtagged")
        await pilot.press("escape")

        await pilot.press("1", "j", "t")
        assert isinstance(app.screen, TagDialog)
        check("tag dialog's choices", ".dialog", CLICK_TAG, "[31mtagged")
        await pilot.press("escape")

        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        check("jump list (g)", CommandList, CLICK_TAG, "[31mtagged")
        await pilot.press("escape")

        await pilot.press("ctrl+p")
        await pilot.press(*"pane")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        check("command palette (ctrl+p)", CommandList, CLICK_TAG, "[31mtagged")
        # click the first character of the [@click] tag's title in its "Go to pane" command
        lines = screen_lines(app)
        prefix = "Go to pane: "
        y = next(
            number
            for number, line in enumerate(lines)
            if prefix + CLICK_TAG in line or (prefix + "t ") in line
        )
        await pilot.click(offset=(lines[y].index(prefix) + len(prefix), y))
        await pilot.pause()
        if not app.is_running:
            problems.append("command palette (ctrl+p): a click on the tag ran app.quit")
        else:
            assert main_screen(app).current.key == f"tag:{CLICK_TAG}"
    assert not problems, "tags not shown literally:\n" + "\n".join(problems)


async def test_the_jump_list_shows_hostile_names_literally_after_a_query(hostile_library):
    """Typing in `g` highlights the matches (a markup path of its own): names stay as stored."""
    first = hostile_library.articles(limit=1)[0]
    hostile_library.store.add_tags(first.id, HOSTILE_TAGS)
    app = make_app(hostile_library)
    async with app.run_test(size=(150, 40)) as pilot:
        await settle(pilot)
        for query, shown in (("t", CLICK_TAG), ("tagged", "[31mtagged")):
            await pilot.press("g", *query)
            await settle(pilot)
            assert isinstance(app.screen, CommandPalette)
            commands = app.screen.query_one(CommandList)
            await until(pilot, lambda found=commands: found.option_count > 0, "the matches")
            text = widget_text(app, commands)
            assert shown in text, text
            assert not any(is_control(char) for char in text if char != "\n")
            await pilot.press("escape")
        assert app.is_running


def palette_prompts(app: SciTuiApp) -> list[str]:
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def test_a_hostile_server_error_is_notified_literally(
    httpserver: HTTPServer, write_config: Callable[..., Path], tmp_path: Path
) -> None:
    """The reason phrase of an HTTP error comes from the server and ends up in a notification."""
    reason = "[@click=app.quit]boom[/] [bold]x"
    httpserver.expect_request("/down.xml").respond_with_response(
        WerkzeugResponse("down", status=f"503 {reason}")
    )
    config = write_config([httpserver.url_for("/down.xml")], content=False)
    library = Library.open(config, tmp_path / "down.db")
    try:
        app = make_app(library)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            toasts = list(app.screen.query(Toast))
            shown = "\n".join(widget_text(app, toast) for toast in toasts)
            assert reason in shown, shown
            assert not any(is_control(char) for char in shown if char != "\n")
            lines = screen_lines(app)
            y = next(number for number, line in enumerate(lines) if reason in line)
            await pilot.click(offset=(lines[y].index(reason) + 1, y))
            await pilot.pause()
            main_screen(app)
        assert "503" in (library.feeds()[0].last_error or "")
    finally:
        library.close()
