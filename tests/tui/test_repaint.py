"""The shortcuts that keep a pane switch to one frame still draw the right screen.

A switch between two lists taller than the view repaints the list and its scrollbar instead
of laying out the whole screen again; the footer is rebuilt only when Back comes or goes.
"""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey
from tui_pilot import settle, until

from scitui.library import ArticleFilter
from scitui.models import ArticleSummary
from scitui.tui.app import SciTuiApp
from scitui.tui.widgets.article_list import ArticleList

pytestmark = pytest.mark.usefixtures("article_rows")  # rows counted as articles

SHORT = (120, 10)
"""Seven rows of list: the demo's 33 articles and its 12 tagged ai-chips both overflow."""


def shown_titles(articles: ArticleList) -> list[str]:
    """The rows on screen, as drawn."""
    height = articles.scrollable_content_region.height
    return [articles.render_line(y).text for y in range(height)]


def footer_actions(app: SciTuiApp) -> list[str]:
    return [key.action for key in app.main.query(FooterKey)]


class ListSource:
    """A RowSource over a list the test can shorten."""

    def __init__(self, articles: list[ArticleSummary]) -> None:
        self.articles = articles

    def count(self) -> int:
        return len(self.articles)

    def rows(self, offset: int, limit: int) -> list[ArticleSummary]:
        return self.articles[offset : offset + limit]

    def position(self, article_id: int) -> int | None:
        ids = [article.id for article in self.articles]
        return ids.index(article_id) if article_id in ids else None

    def next_unread(self, article_id: int, forward: bool) -> int | None:
        return None


async def test_a_switch_between_tall_lists_sizes_the_list_and_its_scrollbar(make_app, library):
    app = make_app()
    chips = library.articles(ArticleFilter(tag="ai-chips"), limit=100)
    async with app.run_test(size=SHORT) as pilot:
        await settle(pilot)
        screen = app.main
        articles = screen.article_list
        view = articles.scrollable_content_region.height
        assert library.count() > len(chips) > view > 0  # both overflow: the repaint path
        await pilot.press("G")
        assert articles.scroll_y == articles.max_scroll_y == library.count() - view

        screen.switch_pane("tag:ai-chips")
        await pilot.pause()
        assert articles.total == articles.virtual_size.height == len(chips)
        assert articles.vertical_scrollbar.window_virtual_size == len(chips)
        assert articles.max_scroll_y == len(chips) - view
        assert (articles.cursor, articles.scroll_y) == (0, 0)
        assert all(chips[i].title[:20] in line for i, line in enumerate(shown_titles(articles))), (
            shown_titles(articles)
        )

        await pilot.press("G")
        assert articles.scroll_y == len(chips) - view
        assert chips[-1].title[:20] in shown_titles(articles)[-1]


async def test_a_shorter_reload_keeps_the_cursor_and_no_blank_rows_below(make_app, library):
    app = make_app()
    rows = library.articles(limit=100)
    async with app.run_test(size=SHORT) as pilot:
        await settle(pilot)
        articles = app.main.article_list
        view = articles.scrollable_content_region.height
        source = ListSource(list(rows))
        articles.set_source(source)
        await pilot.press("G")
        assert articles.scroll_y == len(rows) - view

        del source.articles[:3]  # the cursor's row stays in view, but the list got shorter
        articles.reload()
        await pilot.pause()
        assert articles.highlighted == rows[-1]
        assert articles.virtual_size.height == articles.total == len(rows) - 3
        assert articles.scroll_y == articles.max_scroll_y == len(rows) - 3 - view
        assert rows[-1].title[:20] in shown_titles(articles)[-1]


async def test_back_shows_in_the_footer_only_while_reading_or_searching(make_app, library):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: "quit" in footer_actions(app), "the footer")
        assert "back" not in footer_actions(app)
        for key in ("right_square_bracket", "right_square_bracket", "left_square_bracket"):
            await pilot.press(key)
        await pilot.pause()
        assert app.main.current.key == "unread"
        assert "back" not in footer_actions(app)

        await pilot.press("enter")
        await until(pilot, lambda: "back" in footer_actions(app), "Back while reading")
        await pilot.press("escape")
        await until(pilot, lambda: "back" not in footer_actions(app), "no Back in a list")

        await pilot.press("slash", *"chip", "enter")
        await settle(pilot)
        assert app.main.current.kind == "search"
        await until(pilot, lambda: "back" in footer_actions(app), "Back in a search")
        await pilot.press("escape")
        await until(pilot, lambda: "back" not in footer_actions(app), "Back gone")
        assert app.main.current.key == "unread"
