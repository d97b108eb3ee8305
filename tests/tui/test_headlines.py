"""Whole headlines: the rendered list at the four sizes, two-line rows (W), the pane fold (P).

Every check reads the rows as drawn (``ArticleList.render_line``) over a copy of the demo.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from rich.cells import cell_len
from tui_pilot import settle, until

from scitui.library import Library
from scitui.models import ArticleSummary
from scitui.tui.app import SciTuiApp
from scitui.tui.render import date_label
from scitui.tui.rows import chips, columns, source_and_date, wrap_title
from scitui.tui.widgets.article_list import ArticleList
from scitui.tui.widgets.pane_list import PaneList

pytestmark = pytest.mark.usefixtures("article_rows")  # rows counted as articles

CHIP = re.compile(r"#\S+")


def drawn(articles: ArticleList) -> list[str]:
    """The list's lines on screen, as drawn."""
    return [articles.render_line(y).text for y in range(articles.scrollable_content_region.height)]


async def every_row(app: SciTuiApp) -> dict[int, str]:
    """Each article's one-line row as drawn, by id, moving down the whole list."""
    articles = app.main.article_list
    rows: dict[int, str] = {}
    await app.workers.wait_for_complete()
    for index in range(articles.total):
        articles.move_to(index)
        top = int(articles.scroll_y)
        article = articles.highlighted
        assert article is not None
        rows[article.id] = drawn(articles)[index - top]
    return rows


def all_articles(library: Library) -> list[ArticleSummary]:
    return library.articles(limit=1000)


def cell_prefix(text: str, cells: int) -> str:
    """The longest start of ``text`` that fits in ``cells`` terminal cells (wide characters 2)."""
    end = 0
    while end < len(text) and cell_len(text[: end + 1]) <= cells:
        end += 1
    return text[:end]


def assert_headlines(
    rows: dict[int, str], articles: list[ArticleSummary], whole_up_to: int
) -> None:
    """Titles of up to ``whole_up_to`` cells are whole; chips are whole tags of the row's.

    A longer title keeps at least ``whole_up_to - 1`` cells before its ellipsis: the column
    would hold a title of ``whole_up_to`` whole (the demo's one title of 55 or fewer is its rule's).
    """
    for article in articles:
        if cell_len(article.title) <= whole_up_to:
            assert article.title in rows[article.id], (whole_up_to, rows[article.id])
        else:
            kept = cell_prefix(article.title, whole_up_to - 1)
            assert kept in rows[article.id], rows[article.id]
        shown = set(CHIP.findall(rows[article.id]))
        assert shown <= {f"#{tag}" for tag in article.tags}, rows[article.id]


# pure layout ---------------------------------------------------------------------------


def test_the_title_column_holds_55_cells_at_80_columns_and_75_in_the_wide_list() -> None:
    assert columns(79).title >= 55  # 80 columns less the scrollbar
    assert columns(101).title >= 75  # the wide layout's list: 102 columns less the scrollbar
    assert columns(119).title >= 75
    assert columns(30).source == 0  # too narrow for a source: the title keeps its room


def test_chips_are_whole_or_absent() -> None:
    assert chips(("ai-chips", "export-controls"), 30) == "#ai-chips #export-controls"
    assert chips(("ai-chips", "export-controls"), 20) == "#ai-chips"
    assert chips(("export-controls",), 10) == ""


def test_titles_wrap_between_words() -> None:
    assert wrap_title("Commerce adds chip firms", 14) == ("Commerce adds", "chip firms")
    assert wrap_title("Short", 14) == ("Short", "")
    assert wrap_title("Supercalifragilistic words", 5) == ("Super", "califragilistic words")


@pytest.mark.parametrize("width", [7, 8, 9, 10, 11, 20])
def test_unspaced_chinese_titles_wrap_between_characters_and_lose_none(width: int) -> None:
    title = "商务部公告2023年第23号：镓锗相关物项实施出口管制"
    first, rest = wrap_title(title, width)
    assert first + rest == title
    assert width - 1 <= cell_len(first) <= width  # a wide character that would not fit waits


def test_a_narrow_date_takes_six_cells_and_keeps_the_year() -> None:
    now = datetime(2026, 11, 29, tzinfo=UTC)
    assert date_label(datetime(2026, 11, 20, tzinfo=UTC), now, wide=False) == "Nov 20"
    assert date_label(datetime(2024, 11, 20, tzinfo=UTC), now, wide=False) == "Nov'24"
    assert date_label(datetime(2024, 11, 20, tzinfo=UTC), now) == "2024-11-20"


def test_a_long_titles_second_line_shortens_then_drops_the_source_before_the_date() -> None:
    assert (
        source_and_date("Self-Reliance Monitor", "Nov 27", 40) == "Self-Reliance Monitor · Nov 27"
    )
    assert source_and_date("Self-Reliance Monitor", "Nov 27", 20) == "Self-Relia… · Nov 27"
    assert source_and_date("Self-Reliance Monitor", "Nov 27", 9) == "Nov 27"
    assert source_and_date("Self-Reliance Monitor", "Nov 27", 5) == ""


# the rendered list at the four sizes ----------------------------------------------------


async def test_headlines_are_whole_at_each_size(make_app, library) -> None:
    articles = all_articles(library)
    for size, whole_up_to in (((80, 24), 55), ((120, 40), 75), ((200, 60), 75)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            rows = await every_row(app)
            assert len(rows) == len(articles) == 33
            assert_headlines(rows, articles, whole_up_to)
            if whole_up_to == 75:
                assert sum(cell_len(article.title) <= 75 for article in articles) >= 10
            # three columns at 200: the reader beside a list that keeps its room
            assert app.main.has_class("-wide") == (size == (200, 60))


async def test_the_list_is_no_narrower_at_100_columns_than_at_80(make_app) -> None:
    widths = {}
    for size in ((80, 24), (100, 30)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            widths[size] = app.main.article_list.scrollable_content_region.width
    assert widths[(100, 30)] >= widths[(80, 24)] >= 79


async def test_a_star_is_followed_by_a_space_before_the_title(make_app, library) -> None:
    first = all_articles(library)[0]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        line = drawn(app.main.article_list)[0]
        assert f"★ {first.title[:20]}" in line, line


# W: one or two lines per article --------------------------------------------------------


async def test_two_line_rows_show_every_title_whole_and_keys_land_on_the_right_article(
    make_app, library, reopen
) -> None:
    articles = all_articles(library)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listed = app.main.article_list
        await pilot.press("W")
        assert listed.row_mode == "two" and listed.lines_per_row == 2
        assert listed.virtual_size.height == 2 * len(articles)
        lines = drawn(listed)
        for index in range(len(lines) // 2):  # every title whole over its two lines
            words = " ".join(lines[2 * index].split() + lines[2 * index + 1].split())
            assert articles[index].title in words, (articles[index].title, lines[2 * index :])
            assert articles[index].feed.split()[0] in lines[2 * index + 1]

        await pilot.press("j", "j", "j")
        assert listed.cursor == 3 and listed.highlighted.id == articles[3].id
        await pilot.press("G")
        assert listed.cursor == len(articles) - 1
        height = listed.scrollable_content_region.height
        assert listed.scroll_y == listed.max_scroll_y == 2 * len(articles) - height
        assert articles[-1].title[:30] in drawn(listed)[-2]
        await pilot.press("home", "pagedown")
        assert listed.cursor == listed.rows_in_view - 1 == 9  # 21 lines: 10 whole rows
        top = int(listed.scroll_y)
        assert articles[listed.cursor].title[:30] in drawn(listed)[2 * listed.cursor - top]
        await pilot.click(ArticleList, offset=(10, 2 * 4 + 1 - top))  # a row's second line
        assert listed.cursor == 4 and listed.highlighted.id == articles[4].id

        await pilot.press("W")
        assert listed.row_mode == "one" and listed.virtual_size.height == len(articles)
        assert listed.highlighted.id == articles[4].id
        await pilot.press("W")
    assert reopen().preference("list.row_mode") == "two"

    again = make_app(target=reopen())
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listed = again.main.article_list
        assert listed.row_mode == "two" and listed.virtual_size.height == 2 * len(articles)
        assert articles[0].title[:30] in drawn(listed)[0]


# P: the pane column ---------------------------------------------------------------------


async def test_p_folds_the_pane_column_and_the_list_gets_wider(make_app, reopen) -> None:
    app = make_app()
    async with app.run_test(size=(150, 40)) as pilot:
        await settle(pilot)
        screen = app.main
        panes = screen.query_one(PaneList)
        await until(pilot, lambda: panes.display and panes.region.width > 0, "the pane column")
        assert panes.region.width <= 37  # fitted to its names, within bounds
        beside = screen.article_list.region.width
        await pilot.press("P")
        await until(pilot, lambda: not panes.display, "the panes folded")
        await pilot.pause()
        assert screen.article_list.region.width > beside
        await pilot.press("P")
        await until(pilot, lambda: panes.region.width > 0, "the panes back")
        await pilot.pause()
        assert screen.article_list.region.width == beside
        await pilot.press("P")
    assert reopen().preference("panes.hidden") == "1"

    again = make_app(target=reopen())
    async with again.run_test(size=(150, 40)) as pilot:
        await settle(pilot)
        assert not again.main.query_one(PaneList).display


async def test_p_shows_the_pane_column_where_it_is_folded_by_width(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        panes = app.main.query_one(PaneList)
        assert not panes.display and app.main.article_list.region.width == 80
        await pilot.press("P")
        await until(pilot, lambda: panes.region.width > 0, "the pane column")
        await pilot.pause()
        assert app.main.article_list.region.width == 80 - panes.region.width
