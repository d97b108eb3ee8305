"""The app starts on the demo cache and shows its first pane."""

from __future__ import annotations

from scitui.tui.screens.main import MainScreen
from scitui.tui.widgets.article_list import ArticleList


async def test_first_screen_lists_the_newest_article(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        articles = screen.query_one(ArticleList)
        assert articles.total == 30  # 33 articles: the demo's story of four is one row
        assert articles.highlighted is not None
        assert articles.highlighted.title.startswith("Big Fund III")
        await pilot.press("enter")
        assert screen.reading
        assert screen.reader.article is not None and screen.reader.article.read


async def test_counts_that_arrive_while_the_screen_closes_are_dropped(make_app):
    """Closing removes the main screen's widgets before the screen: a late count is dropped."""
    from scitui.tui.messages import CountsLoaded
    from scitui.tui.widgets.pane_list import PaneList

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        panes = list(screen.panes)
        await screen.query_one(PaneList).remove()
        app.post_message(CountsLoaded(panes))
        await pilot.pause()
        assert app.is_running  # before the guard: NoMatches ended the app
        assert screen.panes == panes
