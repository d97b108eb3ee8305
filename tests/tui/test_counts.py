"""Counts are live: reading, m, s, t, T and M change every pane's counts, the header and the
status line at once, without waiting for the background recount; plurals are right."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from tui_pilot import label_counts, settle

import scitui.tui.screens.main as main_module
from scitui.library import ArticleFilter, Library
from scitui.tui.app import SciTuiApp
from scitui.tui.widgets.status_line import StatusLine

SIZE = (120, 40)


def counts_of(app: SciTuiApp, key: str) -> tuple[int, int]:
    """A pane's (unread, total) as the screen holds it."""
    pane = next(pane for pane in app.main.panes if pane.key == key)
    return pane.unread, pane.total


def header(app: SciTuiApp) -> str:
    return str(app.main.query_one("#pane-header").content)


def status(app: SciTuiApp) -> str:
    return str(app.main.query_one(StatusLine).content)


@pytest.fixture
def no_recount(monkeypatch: pytest.MonkeyPatch) -> None:
    """The background recount waits a minute: what the screen shows is its own bookkeeping."""
    monkeypatch.setattr(main_module, "COUNTS_DELAY", 60)


async def started(pilot: Pilot[None]) -> None:
    await settle(pilot)


async def test_m_s_and_reading_change_every_pane_at_once(
    make_app: Callable[..., SciTuiApp], library: Library, no_recount: None
) -> None:
    app = make_app()  # All and Unread list stories (the default), and count them
    total = library.count(ArticleFilter(stories=True))
    unread = library.count(ArticleFilter(unread=True, stories=True))
    assert total < library.count()  # the demo has a story of several outlets
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        first = app.main.article_list.highlighted
        assert first is not None and not first.read and first.tags
        tag = f"tag:{first.tags[0]}"
        tag_unread, tag_total = counts_of(app, tag)

        await pilot.press("m")
        assert counts_of(app, "all") == (unread - 1, total)
        assert counts_of(app, "unread") == (unread - 1, unread - 1)
        assert counts_of(app, tag) == (tag_unread - 1, tag_total)
        assert label_counts(app, "all") == f"{unread - 1}/{total}"
        assert f"{unread - 1} unread of {total}" in header(app)
        assert f"{total} stories · {unread - 1} unread" in status(app)

        await pilot.press("s")
        assert counts_of(app, "starred") == (0, 1)
        await pilot.press("m")  # unread again: it counts as unread everywhere, starred too
        assert counts_of(app, "starred") == (1, 1)
        assert counts_of(app, "all") == (unread, total)

        await pilot.press("j", "enter")  # reading marks read
        assert counts_of(app, "all") == (unread - 1, total)
        assert f"{total} stories · {unread - 1} unread" in status(app)


async def test_tagging_moves_counts_at_once(
    make_app: Callable[..., SciTuiApp], library: Library, no_recount: None
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        first = app.main.article_list.highlighted
        assert first is not None
        tag = f"tag:{first.tags[0]}"
        before = counts_of(app, tag)
        await pilot.press("T")
        await pilot.press("enter")  # the dialog's first tag: the article's first
        await pilot.pause()
        assert counts_of(app, tag) == (before[0] - 1, before[1] - 1)


async def test_search_pane_counts_are_live_and_plural(
    make_app: Callable[..., SciTuiApp], library: Library, no_recount: None
) -> None:
    app = make_app()
    hits = library.search("lithography", limit=500)
    assert len(hits) > 1
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.search("lithography")
        await settle(pilot)
        assert app.main.current.kind == "search"
        assert f"{len(hits)} matches, best first" in header(app)
        assert f"{len(hits)} matches · {len(hits)} unread" in status(app)
        await pilot.press("m")
        assert f"{len(hits)} matches · {len(hits) - 1} unread" in status(app)
        assert counts_of(app, "search") == (len(hits) - 1, len(hits))

        one = next(
            word
            for word in ("Aurora", "isotope", "stipend", "Horizon", "magnet")
            if len(library.search(word, limit=500)) == 1
        )
        app.search(one)
        await settle(pilot)
        assert "1 match, best first" in header(app)
        assert "1 match · " in status(app)


@pytest.mark.usefixtures("article_rows")  # M on story rows also reads untagged versions
async def test_M_counts_the_pane_read_at_once(
    make_app: Callable[..., SciTuiApp], library: Library
) -> None:
    app = make_app()
    chips = library.count(ArticleFilter(tag="ai-chips"))
    unread = library.count(ArticleFilter(unread=True))
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.main.switch_pane("tag:ai-chips")
        await pilot.pause()
        app.main.mark_pane_read_now()
        assert counts_of(app, "tag:ai-chips") == (0, chips)
        assert counts_of(app, "all")[0] == unread - chips
        assert f"{chips} articles · 0 unread" in status(app)
        await settle(pilot)
        assert counts_of(app, "all")[0] == unread - chips  # the recount agrees
