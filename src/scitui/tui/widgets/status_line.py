"""StatusLine: counts on the left; refresh time, connection state and progress on the right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from scitui.models import Progress
from scitui.text import clean_line

Connection = Literal["cache", "online", "offline"]

CONNECTION_LABELS = {
    "cache": "○ cache only",
    "online": "● online",
    "offline": "✕ offline",
}


class StatusLine(Static):
    """One line of state; every piece is plain text."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def __init__(
        self,
        *,
        now: Callable[[], datetime] | None = None,
        id: str | None = None,  # noqa: A002
    ) -> None:
        super().__init__("", id=id)
        self._now = now or (lambda: datetime.now(UTC))
        self.counts = ""
        self.last_refresh: datetime | None = None
        self.connection: Connection = "cache"
        self.progress: Progress | None = None

    def set_counts(self, title: str, total: int, unread: int) -> None:
        self.counts = f"{clean_line(title)}: {total:,} articles · {unread:,} unread"
        self._redraw()

    def set_refresh(
        self,
        *,
        last_refresh: datetime | None = None,
        connection: Connection | None = None,
        progress: Progress | None = None,
        done: bool = False,
    ) -> None:
        if last_refresh is not None:
            self.last_refresh = last_refresh
        if connection is not None:
            self.connection = connection
        if progress is not None:
            self.progress = progress
        if done:
            self.progress = None
        self._redraw()

    def _redraw(self) -> None:
        right = Text()
        if self.progress is not None:
            progress = self.progress
            right.append(
                f"refreshing {progress.feeds_done}/{progress.feeds_total} feeds",
                style=Style(bold=True),
            )
            if progress.pages_total:
                right.append(f" · {progress.pages_done}/{progress.pages_total} pages")
            right.append("  ")
        if self.last_refresh is not None:
            local = self.last_refresh.astimezone()
            today = local.date() == self._now().astimezone().date()
            stamp = local.strftime("%H:%M" if today else "%Y-%m-%d %H:%M")
            right.append(f"refreshed {stamp}  ")
        else:
            right.append("never refreshed  ")
        right.append(CONNECTION_LABELS[self.connection])
        line = Text(self.counts)
        width = max(0, (self.content_region.width or 80) - line.cell_len - right.cell_len)
        line.append(" " * max(2, width))
        line.append_text(right)
        self.update(line, layout=False)  # always one line: a repaint, not a relayout

    def on_resize(self) -> None:
        self._redraw()
