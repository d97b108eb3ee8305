"""Screenshots of the reader on the demo cache, compared with the SVGs in __snapshots__/.

Regenerate after an intended change of the look with
``python -m pytest tests/tui/test_snapshots.py --snapshot-update``, then look at the SVGs.
The clock is frozen (make_app) and the zone is UTC (conftest), so the dates are fixed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from scitui.library import ArticleFilter
from scitui.tui.app import SciTuiApp
from scitui.tui.screens.dialogs import TagDialog
from scitui.tui.screens.feeds import FeedsScreen
from scitui.tui.screens.help import HelpScreen
from scitui.tui.screens.main import MainScreen

SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((100, 30), id="100x30"),
    pytest.param((120, 40), id="120x40"),
    pytest.param((200, 60), id="200x60"),
]


@pytest.fixture(autouse=True)
def colours(monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshots are in colour: a NO_COLOR in the environment would turn them grey."""
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def app(make_app: Callable[..., SciTuiApp]) -> SciTuiApp:
    """The app over the demo cache, with its clock frozen (make_app)."""
    return make_app()


async def _settle(pilot: Pilot) -> None:
    """Wait until the main screen shows its articles and every pane's counts.

    The panes are counted by a worker thread: wait for it, then for its message to land.
    """
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    assert all(pane.counted for pane in screen.panes)
    if screen.has_class("-wide"):  # three columns: the reader previews the cursor's article
        deadline = time.monotonic() + 10
        while screen.reader.article is None:
            assert time.monotonic() < deadline, "no preview"
            await pilot.pause(0.05)
        await pilot.pause()


async def _opened(pilot: Pilot) -> None:
    """After Enter: wait until the reader is up and the panes are recounted with one read.

    Opening marks the article read and recounts after a short delay, in a worker: without
    this wait the screenshot could show the counts before or after, depending on speed.
    """
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen) and screen.reading
    deadline = time.monotonic() + 10
    unread = screen.library.count(ArticleFilter(unread=True, stories=True))  # opening wrote it
    while screen.panes[0].unread != unread:
        assert time.monotonic() < deadline, "the panes were not recounted"
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, app, size):
    """Panes with counts (hidden when narrow), the newest articles, status line, footer."""
    assert snap_compare(app, terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_reader(snap_compare, app, size):
    """The newest article opened: the reader takes the screen below 190 columns."""

    async def open_newest(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("enter")
        await _opened(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_newest)


def test_wide_screen_shows_panes_list_and_reader(snap_compare, app):
    """At 190 columns and more the panes, the list and the opened article sit side by side."""

    async def open_second(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("j", "enter")
        await _opened(pilot)

    assert snap_compare(app, terminal_size=(200, 60), run_before=open_second)


def test_help_screen(snap_compare, app):
    """? lists every key, grouped by where it works."""

    async def open_help(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_help)


def test_tag_dialog(snap_compare, app):
    """t asks for a tag over the list, offering the existing ones."""

    async def open_tag_dialog(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, TagDialog)
        # The cursor blinks every 0.5 s: hold it still so a slow run draws the same frame.
        screen.query_one(Input).cursor_blink = False

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_tag_dialog)


@pytest.mark.parametrize("size", SIZES)
def test_feeds_screen(snap_compare, app, size):
    """f lists every feed: unread/total, name, URL, last success (and error, whole)."""

    async def open_feeds(pilot: Pilot) -> None:
        await _settle(pilot)
        await pilot.press("f")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, FeedsScreen)
        assert pilot.app.screen.feeds

    assert snap_compare(app, terminal_size=size, run_before=open_feeds)


def test_search_pane(snap_compare, app):
    """/ results as a pane: "N matches", best first, with live counts in the status line."""

    async def search(pilot: Pilot) -> None:
        await _settle(pilot)
        pilot.app.search("lithography")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen.current.kind == "search"

    assert snap_compare(app, terminal_size=(80, 24), run_before=search)
