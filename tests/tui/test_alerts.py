"""Alerts in the reader: `r` over loopback HTTP toasts a notify view's new matches, marks its
pane until visited, reports a failing notify_command, and `w` says which rule acted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from multiprocessing import forkserver, resource_tracker
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from textual.message import Message
from textual.notifications import Notification, Notify
from textual.widgets import Static
from tui_pilot import settle, texts

from scitui.library import Library
from scitui.tui.app import SciTuiApp
from scitui.tui.widgets.pane_list import ALERT_MARK, PaneList

from test_refresh import FROZEN_NOW, NEW, OLD, RSS_TYPE, SIZE, rss  # isort: skip

VIEWS = """
[views.qubits]
title = "Qubit news"
query = "qubit"
on_new = ["star", "notify"]
"""


@pytest.fixture
def fresh_process() -> None:
    """As in test_refresh: no forkserver or resource tracker left from the session's cache."""
    forkserver._forkserver._stop()
    resource_tracker._resource_tracker._stop()


@pytest.fixture
def library(
    httpserver: HTTPServer, write_config: Callable[..., Path], tmp_path: Path
) -> Iterator[Callable[[str], Library]]:
    """A library whose feed has OLD stored; ``settings`` is put into [settings]."""
    opened: list[Library] = []

    def open_it(settings: str = "") -> Library:
        config = write_config([httpserver.url_for("/feed.xml")], content=False)
        text = config.read_text("utf-8").replace("[settings]\n", f"[settings]\n{settings}")
        config.write_text(text + VIEWS, encoding="utf-8")
        library = Library.open(config, tmp_path / "x.db")
        opened.append(library)
        httpserver.expect_oneshot_request("/feed.xml").respond_with_data(
            rss(OLD), content_type=RSS_TYPE
        )
        list(library.refresh())
        httpserver.expect_request("/feed.xml").respond_with_data(
            rss(*NEW, OLD), content_type=RSS_TYPE
        )
        return library

    yield open_it
    for library in opened:
        library.close()


def notifications(messages: list[Message]) -> list[Notification]:
    return [message.notification for message in messages if isinstance(message, Notify)]


def pane_line(app: SciTuiApp, key: str) -> str:
    panes = app.main.query_one(PaneList)
    for index in range(panes.option_count):
        option = panes.get_option_at_index(index)
        if option.id == key:
            return str(option.prompt)
    raise AssertionError(f"no pane {key}")


async def test_r_toasts_new_matches_and_marks_the_view_until_visited(
    fresh_process: None, library: Callable[[str], Library]
) -> None:
    messages: list[Message] = []
    app = SciTuiApp(library(""), now=lambda: FROZEN_NOW)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        assert ALERT_MARK not in pane_line(app, "view:qubits")

        await pilot.press("r")
        await settle(pilot)

        [toast] = [n for n in notifications(messages) if n.title == "New matches"]
        assert toast.message == "1 new in Qubit news"
        line = pane_line(app, "view:qubits")
        assert ALERT_MARK in line and "+1 " in line
        assert ALERT_MARK not in pane_line(app, "all")

        app.main.switch_pane("view:qubits")
        await settle(pilot)
        assert ALERT_MARK not in pane_line(app, "view:qubits")
        articles = app.main.article_list
        assert articles.total == 1
        assert articles.row(0).title == NEW[0]["title"]  # type: ignore[union-attr]

        await pilot.press("w")
        await settle(pilot)
        content = app.main.reader.query_one("#article-header", Static).content
        header = "\n".join(text.plain for text in texts(content))
        assert "Starred by view qubits" in header
        assert "Announced by view qubits" in header


async def test_a_failing_notify_command_is_a_warning_toast(
    fresh_process: None, library: Callable[[str], Library], tmp_path: Path
) -> None:
    script = tmp_path / "fail.sh"
    script.write_text("#!/bin/sh\nexit 2\n")
    script.chmod(0o755)
    messages: list[Message] = []
    app = SciTuiApp(library(f'notify_command = ["{script}"]\n'), now=lambda: FROZEN_NOW)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)

    [failed] = [n for n in notifications(messages) if n.title == "Alert failed"]
    assert (failed.message, failed.severity) == (f"notify_command {script}: exited 2", "warning")
    assert any(n.title == "New matches" for n in notifications(messages))
