"""Waiting helpers for the Pilot tests of the reader."""

from __future__ import annotations

import time
import webbrowser
from collections.abc import Callable

from rich.console import Group
from rich.text import Text
from textual.app import App
from textual.pilot import Pilot


async def until(pilot: Pilot[None], predicate: Callable[[], bool], what: str) -> None:
    """Let the app run until ``predicate`` holds (counts are redrawn on a short timer)."""
    deadline = time.monotonic() + 5
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for: {what}"
        await pilot.pause(0.02)


async def settle(pilot: Pilot[None]) -> None:
    """Let background work (counts, search, marks) finish and its messages be handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def label_counts(app: App[None], key: str) -> str:
    """A pane's 'unread/total' as its line in the pane list shows it."""
    from scitui.tui.widgets.pane_list import PaneList

    panes = app.screen.query_one(PaneList)
    for index in range(panes.option_count):
        option = panes.get_option_at_index(index)
        if option.id == key:
            return str(option.prompt).split()[-1]
    raise AssertionError(f"no pane {key}")


def status_text(app: App[None]) -> str:
    """The status line under the list, as shown."""
    from scitui.tui.widgets.status_line import StatusLine

    return str(app.screen.query_one(StatusLine).content)


def texts(renderable: object) -> list[Text]:
    """Every Text inside a rendered header or body."""
    if isinstance(renderable, Text):
        return [renderable]
    if isinstance(renderable, Group):
        return [text for child in renderable.renderables for text in texts(child)]
    inner = getattr(renderable, "renderable", None)
    return texts(inner) if inner is not None else []


class FakeBrowser(webbrowser.BaseBrowser):
    """Stands in for the system browser (none exists here): records what it was asked to open."""

    def __init__(self) -> None:
        super().__init__("fake")
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True
