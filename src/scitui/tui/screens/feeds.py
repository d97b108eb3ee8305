"""FeedsScreen: every configured feed with its counts, last success and whole last error.

newsboat's feed list is the model: one entry per feed, Enter lists only that feed's articles.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from scitui.models import Feed
from scitui.runs import plural
from scitui.text import clean_line, clean_text
from scitui.tui.screens.choices import ChoiceScreen


def _when(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    local = moment.astimezone(now.tzinfo)
    return local.strftime("%H:%M today" if local.date() == now.date() else "%Y-%m-%d %H:%M")


def _error(feed: Feed) -> str:
    """The feed's last error on one line, without the URL it starts with (shown above it)."""
    error = " ".join(clean_text(feed.last_error or "").split())
    for url in (feed.source_url, feed.url):
        error = error.removeprefix(f"{url}: ")
    return error


def feed_prompt(feed: Feed, now: datetime) -> Table:
    """A feed's entry: counts, then its name, URL, last success and whole last error.

    Two columns, so that a long URL or error wraps inside its own column.
    """
    grid = Table.grid(padding=(0, 2))
    grid.add_column(width=11, justify="right", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    details = Text()
    details.append(clean_line(feed.display_name), style=Style(bold=True))
    if feed.last_error:
        details.append("  ✕ failed", style=Style(bold=True))
    details.append("\n" + clean_line(feed.source_url), style=Style(dim=True))
    details.append(f"\nlast success {_when(feed.last_success, now)}", style=Style(dim=True))
    if feed.last_fetched and feed.last_fetched != feed.last_success:
        details.append(f" · last tried {_when(feed.last_fetched, now)}", style=Style(dim=True))
    if feed.last_error:
        details.append("\n✕ " + _error(feed))
    counts = Text(f"{feed.unread_count:,}/{feed.article_count:,}")
    counts.stylize(Style(bold=feed.unread_count > 0))
    grid.add_row(counts, details)
    return grid


class FeedsScreen(ChoiceScreen[str]):
    """The feeds; dismissed with the URL of the feed whose articles to list, or None."""

    TITLE_TEXT = "Feeds"
    HEADER_ID = "feeds-header"
    LIST_ID = "feeds"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f,q", "dismiss(None)", "Back", id="scitui.feeds_close",
                tooltip="Back to the articles"),
        Binding("j", "cursor_down", "Down", show=False, id="scitui.feeds_down"),
        Binding("k", "cursor_up", "Up", show=False, id="scitui.feeds_up"),
    ]  # fmt: skip

    def __init__(self, now: datetime) -> None:
        super().__init__(now)
        self.feeds: list[Feed] = []

    def show_feeds(self, feeds: list[Feed]) -> None:
        """List the feeds (loaded by a worker), keeping the highlighted one."""
        highlighted = self.query_one(OptionList).highlighted
        self.feeds = feeds
        failing = sum(1 for feed in feeds if feed.last_error)
        title = Text("Feeds", style=Style(bold=True))
        title.append(f"  {plural(len(feeds), 'feed')}")
        if failing:
            title.append(f" · {failing:,} failing", style=Style(bold=True))
        title.append("  ·  unread/total · Enter lists one · Esc back", style=Style(dim=True))
        self.show_entries(
            title,
            (feed_prompt(feed, self.now) for feed in feeds),
            "No feeds configured: `scitui feeds add URL`.",
            highlighted or 0,
        )

    def chosen(self, index: int) -> str:
        return self.feeds[index].source_url
