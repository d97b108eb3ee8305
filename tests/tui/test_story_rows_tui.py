"""Story rows in the reader, through Pilot: one row per story, S, the version strip, , and .,
reading every version, and new coverage in a story read before."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from textual.widgets import Static
from tui_pilot import label_counts, settle, status_text, texts

from scitui.library import ArticleFilter, Library
from scitui.models import ArticleSummary
from scitui.tui.app import SciTuiApp
from scitui.tui.panes import STORY_ROWS_KEY
from scitui.tui.rows import NEW_COVERAGE_GLYPH, one_line
from scitui.tui.screens.main import MainScreen
from scitui.tui.widgets.article_list import ArticleList

SIZE = (120, 40)
FROZEN_NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
"""The tests' clock (conftest's)."""


def outlets(library: Library, count: int) -> list[ArticleSummary]:
    """The newest article alone in its story of ``count`` different feeds, oldest first."""
    found: dict[str, ArticleSummary] = {}
    articles = library.articles(limit=500)
    sizes = library.story_sizes(article.id for article in articles)
    for article in articles:
        if sizes[article.id][1] == 1:
            found.setdefault(article.feed, article)
    chosen = list(found.values())[:count]
    assert len(chosen) == count, "the demo has too few feeds"
    return chosen[::-1]


def make_story(library: Library, articles: list[ArticleSummary]) -> int:
    """Put these articles in one story (as placement would); returns its id."""
    story_id = min(article.id for article in articles)
    library.store.set_story_ids({article.id: story_id for article in articles})
    return story_id


def rows(app: SciTuiApp) -> list[ArticleSummary]:
    articles = app.screen.query_one(ArticleList)
    return [row for index in range(articles.total) if (row := articles.row(index)) is not None]


def row_of(app: SciTuiApp, article_id: int) -> tuple[int, ArticleSummary]:
    """The list's row of this article, and its index."""
    return next((i, row) for i, row in enumerate(rows(app)) if row.id == article_id)


def line_text(row: ArticleSummary) -> str:
    return "".join(text for text, _role in one_line(row, 110, FROZEN_NOW))


async def test_a_story_of_three_outlets_is_one_row_with_plus_two_and_S_lists_each(
    library: Library, make_app: Callable[..., SciTuiApp], reopen: Callable[[], Library]
) -> None:
    three = outlets(library, 3)
    rows_before = library.count(ArticleFilter(stories=True))  # the demo's own stories too
    make_story(library, three)
    every = library.count()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(ArticleList).total == rows_before - 2
        index, row = row_of(app, three[0].id)
        assert row.story_size == 3 and "+2" in line_text(row)
        assert [r.id for r in rows(app)].count(row.id) == 1
        assert not {a.id for a in three} - {row.id} & {r.id for r in rows(app)}
        await pilot.press("S")
        await settle(pilot)
        assert app.screen.query_one(ArticleList).total == every
        assert {a.id for a in three} <= {r.id for r in rows(app)}
        assert all(r.story_size == 1 and "+" not in line_text(r)[-20:] for r in rows(app))
        await pilot.press("S")
        await settle(pilot)
        assert app.screen.query_one(ArticleList).total == rows_before - 2
        await pilot.press("S")
        await settle(pilot)
    assert reopen().preference(STORY_ROWS_KEY) == "0"  # remembered: per article next time


async def test_opening_a_story_reads_every_version_and_comma_full_stop_step_through_them(
    library: Library, make_app: Callable[..., SciTuiApp]
) -> None:
    three = outlets(library, 3)
    make_story(library, three)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        index, row = row_of(app, three[0].id)
        screen.article_list.move_to(index)
        await pilot.press("enter")
        await settle(pilot)
        reader = screen.reader
        assert reader.article is not None and reader.article.id == row.id
        assert [v.id for v in reader.versions] == [a.id for a in three]
        header = reader.query_one("#article-header", Static).content
        strip = next(t.plain for t in texts(header) if t.plain.startswith("Story, 3 outlets"))
        assert all(a.feed in strip for a in three)
        assert all(library.article(a.id).read for a in three)  # every version read
        assert screen.article_list.row(index) is not None
        assert screen.article_list.row(index).read  # type: ignore[union-attr]
        shown = [reader.article.id]
        for key in ("full_stop", "full_stop", "full_stop", "comma"):
            await pilot.press(key)
            await settle(pilot)
            assert reader.article is not None
            shown.append(reader.article.id)
        ids = [a.id for a in three]
        start = ids.index(row.id)
        assert shown == [ids[(start + step) % 3] for step in (0, 1, 2, 3, 2)]


async def test_u_on_a_story_row_marks_every_version(
    library: Library, make_app: Callable[..., SciTuiApp]
) -> None:
    three = outlets(library, 3)
    make_story(library, three)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        index, _row = row_of(app, three[0].id)
        screen.article_list.move_to(index)
        await pilot.press("u")
        await settle(pilot)
        assert all(library.article(a.id).read for a in three)
        await pilot.press("u")
        await settle(pilot)
        assert not any(library.article(a.id).read for a in three)


async def test_a_version_arriving_in_a_read_story_is_new_coverage_not_a_new_story(
    library: Library, make_app: Callable[..., SciTuiApp]
) -> None:
    four = outlets(library, 4)
    make_story(library, four[:3])
    library.mark_read([a.id for a in four[:3]])
    library.mark_read([four[3].id], False)
    make_story(library, four)  # a fourth outlet's version placed in the story later
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _index, row = row_of(app, four[0].id)
        assert (row.story_size, row.story_unread, row.read) == (4, 1, False)
        assert row.new_coverage
        text = line_text(row)
        assert text.startswith(f" {NEW_COVERAGE_GLYPH} ") and "+3" in text
        unread = library.articles(ArticleFilter(unread=True, stories=True), limit=500)
        assert row.id in [r.id for r in unread]  # in Unread, dimmed, until read
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.article_list.move_to(_index)
        await pilot.press("enter")
        await settle(pilot)
        assert library.article(four[3].id).read
        after = screen.article_list.row(_index)
        assert after is not None and after.read and not after.new_coverage


async def test_pane_counts_count_stories_while_the_panes_list_them_and_articles_after_S(
    library: Library, make_app: Callable[..., SciTuiApp]
) -> None:
    three = outlets(library, 3)
    make_story(library, three)
    stories = library.count(ArticleFilter(stories=True))
    articles = library.count()
    assert stories < articles
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.article_list.total == stories
        assert label_counts(app, "all") == f"{stories}/{stories}"
        header = str(screen.query_one("#pane-header", Static).content)
        assert f"{stories} unread of {stories}" in header
        assert f"All: {stories} stories · {stories} unread" in status_text(app)
        await pilot.press("S")
        await settle(pilot)
        await pilot.pause(0.4)  # the recount after the switch
        await settle(pilot)
        assert screen.article_list.total == articles
        assert label_counts(app, "all") == f"{articles}/{articles}"
        assert f"All: {articles} articles · {articles} unread" in status_text(app)
