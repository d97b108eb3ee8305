"""App-level messages, posted by workers and handled on the UI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from scitui.models import Feed, FeedOutcome, Progress, SearchHit, SourceCount
from scitui.tui.panes import Pane

if TYPE_CHECKING:
    from scitui.actions import AlertReport


class RefreshStarted(Message):
    """A background refresh began."""

    def __init__(self, feed_count: int) -> None:
        self.feed_count = feed_count
        super().__init__()


class RefreshProgressed(Message):
    """How far the refresh has come; only the latest one matters."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgressed)


class FeedRefreshed(Message):
    """One feed was fetched (or failed); its new articles are stored."""

    def __init__(self, outcome: FeedOutcome) -> None:
        self.outcome = outcome
        super().__init__()


class RefreshFinished(Message):
    """The refresh ended, with every feed's outcome, or an error that stopped it."""

    def __init__(self, outcomes: list[FeedOutcome], error: str | None = None) -> None:
        self.outcomes = outcomes
        self.error = error
        super().__init__()


class AlertsRaised(Message):
    """A refresh's rules acted: the new matches of `notify` views, and what failed."""

    def __init__(self, report: AlertReport) -> None:
        self.report = report
        super().__init__()


class SearchFinished(Message):
    """A search ran; its hits, best first, or the reason it could not run."""

    def __init__(self, query: str, hits: list[SearchHit], error: str | None = None) -> None:
        self.query = query
        self.hits = hits
        self.error = error
        super().__init__()


class CountsLoaded(Message):
    """Every pane counted again; only the latest one matters."""

    def __init__(self, panes: list[Pane]) -> None:
        self.panes = panes
        super().__init__()

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CountsLoaded)


class CountsFailed(Message):
    """Counting the panes failed (the database went away, say)."""

    def __init__(self, error: str) -> None:
        self.error = error
        super().__init__()


class PaneMarkedRead(Message):
    """Every article of a pane is marked read in the store (or the write failed)."""

    def __init__(self, title: str, count: int, error: str | None = None) -> None:
        self.title = title
        self.count = count
        self.error = error
        super().__init__()


class SourcesLoaded(Message):
    """The primary documents cited were counted (or counting them failed)."""

    def __init__(self, counts: list[SourceCount], error: str | None = None) -> None:
        self.counts = counts
        self.error = error
        super().__init__()


class FeedsLoaded(Message):
    """The feeds' states and counts were read (or reading them failed)."""

    def __init__(self, feeds: list[Feed], error: str | None = None) -> None:
        self.feeds = feeds
        self.error = error
        super().__init__()


class ViewRanked(Message):
    """A relevance view's best matches, best first, or the reason they could not be read."""

    def __init__(self, key: str, hits: list[SearchHit], error: str | None = None) -> None:
        self.key = key
        self.hits = hits
        self.error = error
        super().__init__()
