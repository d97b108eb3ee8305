"""Reading moves: J/K, Space at the end, search highlights, the link list, the wide layout's
preview, M's confirmation, the text measure and the reader's header, driven through Pilot."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.geometry import Region
from textual.notifications import Notification, Notify
from textual.widget import Widget
from textual.widgets import OptionList, Static
from tui_pilot import settle, texts, until

from scitui.library import ArticleFilter, Library
from scitui.tui.app import SciTuiApp
from scitui.tui.render import HIGHLIGHT_STYLE, Link, render_article, search_terms
from scitui.tui.screens.dialogs import ConfirmDialog, LinkDialog, SearchDialog
from scitui.tui.screens.main import CONFIRM_OVER, MainScreen
from scitui.tui.widgets.article_list import ArticleList
from scitui.tui.widgets.article_view import WithNote

pytestmark = pytest.mark.usefixtures("article_rows")  # rows counted as articles

SIZE = (120, 40)
NARROW = (80, 24)
WIDE = (200, 60)


# helpers ------------------------------------------------------------------------------


def main_screen(app: SciTuiApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen), f"expected the main screen, got {screen!r}"
    return screen


def ids_for(library: Library, where: ArticleFilter | None = None) -> list[int]:
    return [article.id for article in library.articles(where or ArticleFilter(), limit=1000)]


def notes(messages: list[object]) -> list[Notification]:
    return [message.notification for message in messages if isinstance(message, Notify)]


def highlighted(renderable: object) -> list[str]:
    return [
        text.plain[span.start : span.end].lower()
        for text in texts(renderable)
        for span in text.spans
        if span.style == HIGHLIGHT_STYLE
    ]


def body_of(screen: MainScreen) -> object:
    return screen.reader.query_one("#article-body", Static).content


def screen_lines(widget: Widget) -> list[str]:
    """The widget's lines as drawn, trailing blanks dropped."""
    strips = widget.render_lines(Region(0, 0, widget.outer_size.width, widget.outer_size.height))
    return ["".join(segment.text for segment in strip).rstrip() for strip in strips]


# J / K --------------------------------------------------------------------------------


async def test_capital_j_k_open_articles_in_list_order_read_or_not(make_app, library, reopen):
    ids = ids_for(library)
    library.mark_read([ids[1]])
    messages: list[object] = []
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = main_screen(app)
        await pilot.press("J")  # from the list: opens the next article
        assert screen.reading and screen.reader.article is not None
        assert screen.reader.article.id == ids[1]  # read already: not skipped
        assert screen.article_list.cursor == 1
        await pilot.press("J")
        assert screen.reader.article.id == ids[2] and screen.article_list.cursor == 2
        await pilot.press("K", "K")
        assert screen.reader.article.id == ids[0] and screen.article_list.cursor == 0
        await pilot.press("K")
        await pilot.pause()
        assert screen.reader.article.id == ids[0]
        assert any("first article" in note.message for note in notes(messages))
        stored = reopen()
        assert [stored.article(i).read for i in ids[:4]] == [True, True, True, False]
        assert stored.totals().unread == len(ids) - 3  # passing toggled nothing

        await pilot.press("escape", "end", "enter", "J")
        await pilot.pause()
        assert screen.reader.article.id == ids[-1]
        assert screen.article_list.cursor == len(ids) - 1
        assert any("last article" in note.message for note in notes(messages))


# Space at the end -----------------------------------------------------------------------


async def test_space_at_the_end_opens_the_next_unread(make_app, library, reopen):
    ids = ids_for(library)
    library.mark_read([ids[1]])
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        screen = main_screen(app)
        reader = screen.reader
        await pilot.press("enter")
        assert reader.article is not None and reader.article.id == ids[0]
        assert reader.max_scroll_y > 0
        await pilot.press("space")
        await pilot.pause()
        assert reader.article.id == ids[0] and reader.scroll_y > 0  # not at the end: a page
        await pilot.press("end")
        await until(pilot, lambda: reader.scroll_y >= reader.max_scroll_y, "the end")
        await pilot.press("space")
        assert reader.article.id == ids[2]  # ids[1] is read: skipped
        assert screen.article_list.cursor == 2
        assert reader.scroll_y == 0
        assert reopen().article(ids[2]).read


async def test_space_at_the_end_with_nothing_unread_left_only_says_so(make_app, library):
    ids = ids_for(library)
    library.mark_read(ids[1:])
    messages: list[object] = []
    app = make_app()
    async with app.run_test(size=NARROW, message_hook=messages.append) as pilot:
        screen = main_screen(app)
        reader = screen.reader
        await pilot.press("enter", "end")
        await until(pilot, lambda: reader.scroll_y >= reader.max_scroll_y, "the end")
        await pilot.press("space")
        await pilot.pause()
        assert reader.article is not None and reader.article.id == ids[0]
        assert any("No more unread" in note.message for note in notes(messages))


# search highlights ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("export controls", ["export", "control"]),
        ('"chip act" OR semiconductors', ["chip", "act", "semiconductor"]),
        ("title:wage NOT union", ["wage"]),
        ("NEAR(lithography export, 5)", ["lithography", "export"]),
        ("ab NOT (bc cd) de*", ["ab", "de"]),
        ("{title text}: regulations AND ^nsf", ["regul", "nsf"]),
        ("AND OR NOT", []),
    ],
)
def test_search_terms_keep_the_words_and_drop_the_syntax(query, terms):
    assert search_terms(query) == terms


async def test_an_article_opened_from_a_search_highlights_the_searched_words(make_app, library):
    query = "export NOT zzzz"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("enter")
        assert not highlighted(body_of(screen))  # not from a search: nothing marked
        await pilot.press("escape", "slash")
        assert isinstance(app.screen, SearchDialog)
        await pilot.press(*query, "enter")
        await settle(pilot)
        assert screen.current.kind == "search"
        await pilot.press("enter")
        marked = highlighted(body_of(screen))
        assert marked and all(word.startswith("export") for word in marked)
        await pilot.press("w")  # the tags' terms join the searched words
        assert screen.reader.why
        assert {word for word in highlighted(body_of(screen)) if word.startswith("expo")}


# links -------------------------------------------------------------------------------


def test_links_are_numbered_once_per_address_and_only_when_http():
    html = (
        '<p>See <a href="javascript:alert(1)">bad</a>, <a href="https://a.test/x">good\x1b</a>'
        ' and <a href="https://a.test/x">again</a>; <a href="http://b.test/">b</a>.</p>'
        '<p><a href="https://c.test/"><img alt="a chart"></a></p>'
    )
    rendered = render_article(html, "")
    assert rendered.links == [
        Link("good", "https://a.test/x"),
        Link("b", "http://b.test/"),
        Link("a chart", "https://c.test/"),
    ]
    plain = "\n".join(text.plain for text in texts(rendered.body))
    assert "See bad, good[1] and again[1]; b[2]." in plain
    assert "[image: a chart] [3]" in plain


async def test_capital_l_lists_the_links_opens_one_by_number_and_copies(make_app, library, browser):
    ids = ids_for(library)
    with_links = next(
        index
        for index, article_id in enumerate(ids)
        if len(render_article(library.article(article_id).html, "").links) >= 3
    )
    article = library.article(ids[with_links])
    links = render_article(article.html, "").links
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press(*["j"] * with_links, "enter")
        assert screen.reader.article is not None and screen.reader.article.id == article.id
        plain = "\n".join(text.plain for text in texts(body_of(screen)))
        for number in range(1, len(links) + 1):
            assert f"[{number}]" in plain
        assert screen.reader.links == links

        await pilot.press("L")
        dialog = app.screen
        assert isinstance(dialog, LinkDialog)
        choices = dialog.query_one(OptionList)
        assert choices.option_count == len(links)
        for number, link in enumerate(links, 1):
            prompt = str(choices.get_option_at_index(number - 1).prompt)
            assert prompt == f"[{number}] {link.text} — {link.url}"
        await pilot.press("2", "enter")
        assert app.screen is screen
        assert browser.opened == [links[1].url]

        await pilot.press("L", "y")  # the first is chosen to start with
        assert app.screen is screen and app.clipboard == links[0].url
        await pilot.press("L", "3", "c")
        assert app.clipboard == links[2].url
        await pilot.press("L", "down", "enter")
        assert browser.opened == [links[1].url, links[1].url]
        await pilot.press("L", "escape")
        assert app.screen is screen
        assert browser.opened == [links[1].url, links[1].url]


def set_html(db: Path, article_id: int, html: str) -> None:
    """Change an article's stored body before the app starts."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("UPDATE articles SET html = ? WHERE id = ?", (html, article_id))
        conn.commit()
    finally:
        conn.close()


async def test_link_numbers_of_two_digits_and_hostile_link_text(
    make_app, library, browser, demo_db
):
    first = ids_for(library)[0]
    anchors = [f'<a href="https://links.test/{n}">link {n}</a>' for n in range(1, 12)]
    hostile = '<a href="https://links.test/12">[@click=app.quit]x[/] \x1b[31mred</a>'
    set_html(demo_db, first, "<p>" + " ".join([*anchors, hostile]) + "</p>")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("enter", "L")
        dialog = app.screen
        assert isinstance(dialog, LinkDialog)
        prompt = str(dialog.query_one(OptionList).get_option_at_index(11).prompt)
        assert prompt == "[12] [@click=app.quit]x[/] [31mred — https://links.test/12"
        await pilot.press("1", "2", "enter")
        assert app.is_running and app.screen is screen
        assert browser.opened == ["https://links.test/12"]
        await pilot.press("L", "1", "3", "enter")  # no link 13: the 3 starts a new number
        assert browser.opened[-1] == "https://links.test/3"
        await pilot.press("L", "1", "backspace", "2", "enter")
        assert browser.opened[-1] == "https://links.test/2"


# preview in the wide layout ---------------------------------------------------------


async def test_wide_layout_previews_the_resting_cursor_without_marking_it_read(
    make_app, library, reopen
):
    ids = ids_for(library)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = main_screen(app)
        assert screen.has_class("-wide")
        reader = screen.reader
        await until(pilot, lambda: reader.article is not None, "the first preview")
        assert reader.article is not None and reader.article.id == ids[0]
        await pilot.press("j", "j", "j")
        await until(pilot, lambda: reader.article.id == ids[3], "the preview after moving")
        assert isinstance(app.focused, ArticleList)
        assert not screen.reading
        stored = reopen()
        assert not any(stored.article(i).read for i in ids[:4])
        assert not screen.article_list.highlighted.read

        await pilot.press("enter")  # opening marks read
        assert screen.reading and reader.article.id == ids[3]
        assert reopen().article(ids[3]).read


async def test_holding_j_loads_one_article_once_the_cursor_rests(make_app, library, monkeypatch):
    ids = ids_for(library)
    monkeypatch.setattr("scitui.tui.screens.reading.PREVIEW_DELAY", 1.0)  # far above a key's gap
    loaded: list[int] = []
    read_article = library.article

    def article(article_id: int):
        loaded.append(article_id)
        return read_article(article_id)

    monkeypatch.setattr(library, "article", article)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = main_screen(app)
        reader = screen.reader
        await until(pilot, lambda: reader.article is not None, "the first preview")
        assert loaded == [ids[0]]
        await pilot.press("j", "j", "j", "j")
        assert reader.article.id == ids[0] and loaded == [ids[0]]  # nothing read while moving
        await until(pilot, lambda: reader.article.id == ids[4], "the preview after resting")
        assert loaded == [ids[0], ids[4]]


async def test_no_preview_unless_wide(make_app, library):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("j")
        assert screen._preview_timer is None
        assert screen.reader.article is None


# M asks first -----------------------------------------------------------------------


async def test_capital_m_over_ten_asks_first_and_cancel_leaves_all_unread(
    make_app, library, reopen
):
    ids = ids_for(library)
    assert len(ids) > CONFIRM_OVER
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        for cancel in ("n", "escape"):
            await pilot.press("M")
            dialog = app.screen
            assert isinstance(dialog, ConfirmDialog)
            question = dialog.query_one("#confirm-question", Static).content
            assert str(question) == f"Mark {len(ids)} articles read?"
            await pilot.press(cancel)
            assert app.screen is screen
            await settle(pilot)
            assert reopen().totals().unread == len(ids)
        for accept in ("y", "enter"):
            library.mark_read(ids, read=False)
            await pilot.press("M")
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press(accept)
            await settle(pilot)
            assert reopen().totals().unread == 0


async def test_capital_m_on_ten_or_fewer_marks_at_once(make_app, library, reopen):
    ids = ids_for(library)
    library.mark_read(ids[CONFIRM_OVER:])
    messages: list[object] = []
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = main_screen(app)
        await pilot.press("M")
        assert app.screen is screen
        await settle(pilot)
        assert reopen().totals().unread == 0
        await pilot.press("M")
        await pilot.pause()
        assert app.screen is screen
        assert any("Nothing unread" in note.message for note in notes(messages))


# measure and header -----------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 44, 30])
def test_the_note_after_the_tags_is_never_broken(width):
    tags = Text("tags: #ai-chips #briefing* #self-reliance")
    console = Console(width=width, file=io.StringIO(), color_system=None)
    with console.capture() as captured:
        console.print(WithNote(tags, Text("(* added by you)")))
    lines = captured.get().splitlines()
    assert any("(* added by you)" in line for line in lines), lines
    assert all(len(line) <= width for line in lines)


@pytest.mark.parametrize("size", [(150, 40), WIDE])
async def test_article_text_wraps_at_ninety_columns(make_app, library, size):
    ids = ids_for(library)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = main_screen(app)
        await pilot.press("enter")
        assert screen.reader.article is not None and screen.reader.article.id == ids[0]
        await pilot.pause()
        for part in ("#article-body", "#article-header"):
            widget = screen.reader.query_one(part, Static)
            assert widget.size.width <= 90
            lines = screen_lines(widget)
            assert max(cell_len(line) for line in lines) <= 90
        if size == (150, 40):  # a reader wider than the measure: the text uses all of it
            assert screen.reader.query_one("#article-body", Static).size.width == 90


async def test_header_keeps_byline_and_url_on_one_line_and_explains_the_star(
    make_app, library, demo_db
):
    ids = ids_for(library)
    library.star([ids[0]])
    library.tag(ids[0], ["briefing"])
    article = library.article(ids[0])
    assert article.url
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = main_screen(app)
        await pilot.press("enter")
        await pilot.pause()
        header = screen.reader.query_one("#article-header", Static)
        lines = [line.strip() for line in screen_lines(header) if line.strip()]
        assert lines[0].startswith("★ ")
        assert not any("starred" in line for line in lines)
        byline = [index for index, line in enumerate(lines) if line.startswith(article.feed)]
        assert len(byline) == 1  # one line, cut with an ellipsis in a narrow reader
        assert "UTC" in lines[byline[0]] or lines[byline[0]].endswith("…")
        url_lines = [line for line in lines if "://" in line]
        assert len(url_lines) == 1
        url_line = url_lines[0]
        assert url_line == article.url or (
            url_line.endswith("…") and article.url.startswith(url_line[:-1])
        )
        assert any("#briefing*" in line for line in lines)
        assert any("(* added by you)" in line for line in lines)  # never broken

        await pilot.press("escape", "j", "enter")  # no tag added by hand: no note
        await pilot.pause()
        lines = screen_lines(screen.reader.query_one("#article-header", Static))
        assert not any("added by you" in line for line in lines)
