"""StatusLine: counts on the left; how the last refresh ended and the connection on the right.

(And ``fit_footer``, which keeps the footer's keys whole on narrow screens.)

It tells the truth about the cache: after a refresh where every feed failed it says so, with
the last time a refresh worked, and "online" only when the last refresh reached a feed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Footer, Static

from scitui.models import Progress
from scitui.runs import RunSummary, plural
from scitui.text import clean_line

Connection = Literal["cache", "online", "offline", "demo"]

CONNECTION_LABELS = {
    "cache": "○ cache only",
    "online": "● online",
    "offline": "✕ offline",
    "demo": "◇ demo",
}
SHORT_LABELS = {"cache": "○", "online": "●", "offline": "✕", "demo": "◇"}
RESULT_LOSS = (0.0, 1.0, 3.0, 6.0)
NOUNS = {
    "article": ("article", "articles"),
    "story": ("story", "stories"),
    "match": ("match", "matches"),
}
"""What a pane's counts count, singular and plural."""
"""What dropping detail from the refresh result costs, by variant (see ``_result``)."""


class StatusLine(Static):
    """One line of state; every piece is plain text, shortened to fit rather than cut."""

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
        self.title = ""
        self.total = 0
        self.unread = 0
        self.noun = ("article", "articles")
        self.last_refresh: datetime | None = None
        """When the last refresh ended (of this app or another process), or None."""
        self.last_success: datetime | None = None
        """When a refresh last reached a feed, or None."""
        self.run: RunSummary | None = None
        """How the last refresh ended, when known."""
        self.connection: Connection = "cache"
        self.progress: Progress | None = None

    @property
    def counts(self) -> str:
        return self._counts(with_title=True)

    def set_counts(
        self, title: str, total: int, unread: int, *, noun: Literal["article", "story", "match"]
    ) -> None:
        """Show a pane's counts: ``noun`` is what it lists (articles, story rows, matches)."""
        self.title = clean_line(title)
        self.total = total
        self.unread = unread
        self.noun = NOUNS[noun]
        self._redraw()

    def set_refresh(
        self,
        *,
        last_refresh: datetime | None = None,
        last_success: datetime | None = None,
        run: RunSummary | None = None,
        connection: Connection | None = None,
        progress: Progress | None = None,
        done: bool = False,
    ) -> None:
        if run is not None:
            self.run = run
            last_refresh = last_refresh or run.finished
        if last_refresh is not None:
            self.last_refresh = last_refresh
        if last_success is not None:
            self.last_success = last_success
        if connection is not None:
            self.connection = connection
        if progress is not None:
            self.progress = progress
        if done:
            self.progress = None
        self._redraw()

    def show_last(
        self, run: RunSummary | None, fetched: datetime | None, success: datetime | None
    ) -> None:
        """Show a recorded refresh (or, with none, the last fetch's time) as they are stored."""
        self.run = run
        self.last_refresh = run.finished if run is not None else fetched
        self.last_success = success
        self._redraw()

    # text -------------------------------------------------------------------

    def _counts(self, *, with_title: bool) -> str:
        counts = f"{plural(self.total, *self.noun)} · {self.unread:,} unread"
        return f"{self.title}: {counts}" if with_title and self.title else counts

    def _stamp(self, moment: datetime) -> str:
        local = moment.astimezone()
        today = local.date() == self._now().astimezone().date()
        return local.strftime("%H:%M" if today else "%b %d %H:%M")

    def _result(self) -> list[str]:
        """How the last refresh ended, most detailed first."""
        run = self.run
        if run is not None and run.feeds and not run.reached:
            ended = f"{run.failed:,} of {plural(run.feeds, 'feed')} failed"
            stamp = self._stamp(self.last_refresh or run.finished)
            success = (
                f"last success {self._stamp(self.last_success)}"
                if self.last_success
                else "never reached a feed"
            )
            return [
                f"last refresh {stamp}: {ended} · {success}",
                f"last refresh {stamp}: {ended}",
                f"{stamp}: {run.failed}/{run.feeds} failed",
                "",
            ]
        if self.last_refresh is None:
            return ["never refreshed", ""]
        stamp = self._stamp(self.last_refresh)
        if run is not None and run.failed:
            return [
                f"refreshed {stamp}, {run.failed:,} failed",
                f"{stamp}, {run.failed} failed",
                "",
            ]
        return [f"refreshed {stamp}", stamp, ""]

    def _right(self) -> list[tuple[float, Text]]:
        """The right side's variants, each with what it loses against the most detailed."""
        progress = ""
        if self.progress is not None:
            done = self.progress
            progress = f"refreshing {done.feeds_done}/{done.feeds_total} feeds"
            if done.pages_total:
                progress += f" · {done.pages_done}/{done.pages_total} pages"
        label, short = CONNECTION_LABELS[self.connection], SHORT_LABELS[self.connection]
        variants: list[tuple[float, Text]] = []
        for index, result in enumerate(self._result()):
            for connection, loss in ((label, 0.0), (short, 1.5)):
                text = Text()
                if progress:
                    text.append(progress + "  ", style=Style(bold=True))
                if result:
                    text.append(result + "  ")
                text.append(connection)
                variants.append((RESULT_LOSS[min(index, 3)] + loss, text))
        return variants

    def _redraw(self) -> None:
        width = self.content_region.width or 80
        lefts = [
            (0.0, self._counts(with_title=True)),
            (1.2, self._counts(with_title=False)),
            (5.0, ""),
        ]
        fitting = [
            (left_loss + right_loss, left, right)
            for right_loss, right in self._right()
            for left_loss, left in lefts
            if cell_len(left) + 2 + right.cell_len <= width
        ]
        if fitting:
            _loss, left, right = min(fitting, key=lambda choice: choice[0])
        else:
            left, right = "", self._right()[-1][1]
        line = Text(left)
        line.append(" " * max(2, width - cell_len(left) - right.cell_len))
        line.append_text(right)
        line.truncate(width)
        self.update(line, layout=False)  # always one line: a repaint, not a relayout

    def on_resize(self) -> None:
        self._redraw()


FOOTER_PALETTE_WIDTH = 100
"""From this width the footer names Ctrl+P; under it its keys need the room (? names it)."""


def fit_footer(screen: Widget, width: int) -> None:
    """Show the footer's palette key only where the other keys still fit beside it."""
    for footer in screen.query(Footer):
        wanted = width >= FOOTER_PALETTE_WIDTH
        if footer.show_command_palette != wanted:
            footer.show_command_palette = wanted
