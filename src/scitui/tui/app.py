"""SciTuiApp: wiring only. It owns the Library and the workers; the screen owns the view."""

from __future__ import annotations

import contextlib
import functools
import threading
import webbrowser
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from scitui.config import ViewSpec
from scitui.errors import ScituiError
from scitui.library import ArticleFilter, Library
from scitui.models import FeedOutcome, Progress, Source
from scitui.runs import RunSummary, failure_cause, plural, summarize
from scitui.text import clean_line
from scitui.tui.messages import (
    AlertsRaised,
    CountsFailed,
    CountsLoaded,
    FeedRefreshed,
    FeedsLoaded,
    PaneMarkedRead,
    RefreshFinished,
    RefreshProgressed,
    RefreshStarted,
    SearchFinished,
    SourcesLoaded,
    ViewRanked,
)
from scitui.tui.panes import TRANSIENT, FirstPageReader, build_panes
from scitui.tui.screens.help import HelpScreen
from scitui.tui.screens.main import MainScreen
from scitui.tui.widgets.article_list import PAGE_SIZE, ArticleList
from scitui.tui.widgets.article_view import ArticleView
from scitui.tui.widgets.pane_list import PaneList
from scitui.tui.widgets.status_line import Connection, StatusLine

if TYPE_CHECKING:
    from scitui.actions import AlertReport
    from scitui.tui.screens.feeds import FeedsScreen

SEARCH_LIMIT = 500
MAX_ERROR_NOTICES = 3
WATCH_INTERVAL = 2.0
"""Seconds between looks for articles another process stored (a `scitui fetch` from cron)."""


Handler = TypeVar("Handler", bound=Callable[..., None])


def _while_open(handler: Handler) -> Handler:
    """Drop a worker's message that arrives after the main screen is gone (at shutdown).

    Closing removes the screen's widgets before the screen leaves the stack: a count that
    arrived then found no pane list.
    """

    @functools.wraps(handler)
    def guarded(self: SciTuiApp, *args: object) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen) and screen.is_attached and screen.query(PaneList):
                handler(self, *args)
                return

    return guarded  # type: ignore[return-value]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SciTuiApp(App[None]):
    """The scitui reader over a Library."""

    TITLE = "scitui"
    CSS_PATH = "scitui.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="scitui.help", tooltip="Show every key"),
        Binding("r", "refresh", "Refresh", id="scitui.refresh",
                tooltip="Fetch new articles in the background"),
        Binding("q", "quit", "Quit", id="scitui.quit", tooltip="Quit (everything is saved)"),
        Binding("tab", "focus_next", "Next area", show=False, id="scitui.next_area",
                tooltip="Next area: panes, list, reader (Shift+Tab goes back)"),
    ]  # fmt: skip

    def __init__(
        self,
        library: Library,
        *,
        demo: bool = False,
        now: Callable[[], datetime] = _utc_now,
        watch_interval: float | None = WATCH_INTERVAL,
        prefetch: bool = False,
        refresh_interval: float | None = None,
    ) -> None:
        """``watch_interval``: seconds between looks for another process's writes (None: never).

        ``prefetch``: start reading the All pane's count and first page at once, in a thread,
        so that it overlaps Textual's start-up.

        ``refresh_interval``: seconds between automatic refreshes; default the config's
        ``refresh_minutes`` (None there: never).
        """
        super().__init__()
        self.library = library
        self.demo = demo
        self.now = now
        self.watch_interval = watch_interval
        self.cancel_refresh = threading.Event()
        self._seen_version: int | None = None
        """The store's data version as of the last look (see ``check_for_changes``)."""
        self._own_writes: set[Worker[None]] = set()
        """Our workers that write (refresh, mark pane read) and have not finished."""
        if watch_interval:  # first: a write made while the first page is read is noticed
            self._seen_version = self._data_version()
        self.first_page = FirstPageReader(library, PAGE_SIZE) if prefetch else None
        minutes = library.config.settings.refresh_minutes
        self.refresh_interval = refresh_interval or (minutes * 60 if minutes else None)

    def on_load(self) -> None:
        # multiprocessing's resource tracker hands sys.stderr's descriptor to its child. Once
        # the app runs, sys.stderr is Textual's capture (no descriptor) and the refresh's
        # extraction pool could not start, so start the tracker now, while stderr is real.
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.library, self.first_page))
        self.first_page = None
        if self.watch_interval:
            self.set_interval(self.watch_interval, self.check_for_changes)
        if self.refresh_interval:
            self.set_interval(self.refresh_interval, self.timed_refresh)

    @property
    def main(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("no main screen")

    # refresh ----------------------------------------------------------------

    def action_refresh(self) -> None:
        if self.refreshing:
            self.notify("A refresh is already running.", timeout=2)
            return
        if not self.library.config.feeds:
            self.notify("No feeds configured: add one with `scitui feeds add URL`.", markup=False)
            return
        self.cancel_refresh.clear()
        self._own_writes.add(self.refresh_feeds())

    def timed_refresh(self) -> None:
        """The timer's refresh (settings.refresh_minutes): reported as `r`'s, skipped if busy."""
        if not self.refreshing and self.library.config.feeds:
            self.cancel_refresh.clear()
            self._own_writes.add(self.refresh_feeds())

    @property
    def refreshing(self) -> bool:
        return any(
            worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for worker in self.workers
            if worker.group == "refresh"
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="refresh")
    def refresh_feeds(self) -> None:
        """Fetch every feed; posts messages only, never touches widgets."""
        outcomes: list[FeedOutcome] = []

        def progressed(progress: Progress) -> None:
            self.post_message(RefreshProgressed(progress))

        def alerted(report: AlertReport) -> None:
            self.post_message(AlertsRaised(report))

        self.post_message(RefreshStarted(len(self.library.config.feeds)))
        retriever = None
        if self.demo:
            from scitui.demo import demo_retriever

            retriever = demo_retriever()
        try:
            for outcome in self.library.refresh(
                retriever=retriever,
                cancel=self.cancel_refresh,
                on_progress=progressed,
                on_alerts=alerted,
            ):
                outcomes.append(outcome)
                self.post_message(FeedRefreshed(outcome))
        except ScituiError as exc:
            self.post_message(RefreshFinished(outcomes, error=str(exc)))
            return
        self.post_message(RefreshFinished(outcomes))

    @on(RefreshStarted)
    @_while_open
    def _refresh_started(self, event: RefreshStarted) -> None:
        self.main.query_one(StatusLine).set_refresh(progress=Progress(event.feed_count, 0, 0, 0))

    @on(RefreshProgressed)
    @_while_open
    def _refresh_progressed(self, event: RefreshProgressed) -> None:
        self.main.query_one(StatusLine).set_refresh(progress=event.progress)

    @on(FeedRefreshed)
    @_while_open
    def _feed_refreshed(self, event: FeedRefreshed) -> None:
        if event.outcome.new:
            self.main.articles_arrived()

    @on(AlertsRaised)
    @_while_open
    def _alerts_raised(self, event: AlertsRaised) -> None:
        """A toast for the new matches of `notify` views and a mark on their panes."""
        report = event.report
        if report.alerts:
            self.notify(report.headline(), title="New matches", timeout=8, markup=False)
            self.main.query_one(PaneList).mark_alerts(
                {f"view:{view.slug}": count for view, count in report.per_view()}
            )
        for problem in report.problems:
            self.notify(clean_line(problem), title="Alert failed", severity="warning",
                        markup=False)  # fmt: skip

    @on(RefreshFinished)
    @_while_open
    def _refresh_finished(self, event: RefreshFinished) -> None:
        outcomes = event.outcomes
        if event.error:
            self.notify(f"Refresh stopped: {event.error}", severity="error", markup=False)
        if outcomes:
            run = summarize(outcomes, self.now())
            self._show_run(run)
            self._notify_run(run, outcomes)
        else:
            self.main.query_one(StatusLine).set_refresh(done=True)
        self.main.articles_arrived()
        if self._feeds_screens():
            self.load_feeds()  # the open feeds list shows this refresh's results

    def _show_run(self, run: RunSummary) -> None:
        """The status line after a refresh: how it ended, and when one last worked."""
        connection: Connection = "online" if run.reached else "offline"
        with contextlib.suppress(ScituiError):
            self.main.query_one(StatusLine).set_refresh(last_success=self.library.last_success())
        self.main.query_one(StatusLine).set_refresh(
            run=run, connection="demo" if self.demo else connection, done=True
        )

    def _notify_run(self, run: RunSummary, outcomes: list[FeedOutcome]) -> None:
        """One toast for the result; one line per shared cause; the other failures by name."""
        shared = {cause for cause, count in run.causes if count > 1}
        own = [
            outcome
            for outcome in outcomes
            if not outcome.ok and failure_cause(outcome.error) not in shared
        ]
        for line in run.lines():
            self.notify(line, title="Refresh failed" if not run.reached else "Feeds failed",
                        severity="warning", markup=False)  # fmt: skip
        for outcome in own[:MAX_ERROR_NOTICES]:
            self.notify(
                clean_line(f"{outcome.title or outcome.url}: {outcome.error}"),
                title="Feed failed",
                severity="warning",
                markup=False,
            )
        if len(own) > MAX_ERROR_NOTICES:
            more = len(own) - MAX_ERROR_NOTICES
            self.notify(
                f"{plural(more, 'more feed')} failed; f lists every feed and its error.",
                severity="warning",
                markup=False,
            )
        self.notify(f"Refreshed: {run.headline()}.", timeout=4, markup=False)

    @_while_open
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker in self._own_writes and event.state in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            # Its own message (handled before this one) already updated the screen.
            self._own_writes.discard(event.worker)
            if not self._own_writes:
                self._seen_version = self._data_version()
        if event.state == WorkerState.ERROR and event.worker.group in (
            "refresh",
            "search",
            "counts",
        ):
            error = event.worker.error
            self.notify(f"{event.worker.name} failed: {error}", severity="error", markup=False)
            if event.worker.group == "refresh":
                self.main.query_one(StatusLine).set_refresh(done=True)

    # counts -----------------------------------------------------------------

    def load_counts(self) -> None:
        """Count every pane in the background; a newer request replaces an older one."""
        self.count_panes()

    @work(thread=True, exclusive=True, exit_on_error=False, group="counts")
    def count_panes(self) -> None:
        try:
            panes = build_panes(self.library, self.now(), story_rows=self.main.story_rows)
        except ScituiError as exc:
            self.post_message(CountsFailed(str(exc)))
            return
        self.post_message(CountsLoaded(panes))

    @on(CountsLoaded)
    @_while_open
    def _counts_loaded(self, event: CountsLoaded) -> None:
        self.main.show_counts(event.panes)

    @on(CountsFailed)
    @_while_open
    def _counts_failed(self, event: CountsFailed) -> None:
        self.notify(f"Could not count the panes: {event.error}", severity="error", markup=False)

    # another process's writes ----------------------------------------------

    def _data_version(self) -> int | None:
        try:
            return self.library.data_version()
        except ScituiError:
            return None  # the next read the user asks for reports the problem

    @_while_open
    def check_for_changes(self) -> None:
        """Show what another process stored (a `scitui fetch` from cron): recount and re-page.

        SQLite's data version changes when another connection commits; the app's own writes
        on this thread leave it, and those of its workers are shown by their own messages.
        """
        if not self.main.shown:  # its first page may predate the write: look once it is up
            return
        version = self._data_version()
        if version is None or version == self._seen_version:
            return
        self._seen_version = version
        if self._own_writes:
            return
        self.main.articles_arrived()
        self.main.show_last_run()

    # marking a whole pane ---------------------------------------------------

    def mark_read(
        self, title: str, *, where: ArticleFilter | None = None, ids: list[int] | None = None
    ) -> None:
        """Mark a pane's articles read in the background: those ``where`` selects, or the ids."""
        self._own_writes.add(self._mark_read(title, where=where, ids=ids))

    @work(thread=True, exit_on_error=False, group="marks")
    def _mark_read(
        self, title: str, *, where: ArticleFilter | None = None, ids: list[int] | None = None
    ) -> None:
        try:
            if where is not None:
                count = self.library.mark_all_read(where)
            else:
                count = len(ids or [])
                if ids:
                    self.library.mark_read(ids)
        except ScituiError as exc:
            self.post_message(PaneMarkedRead(title, 0, error=str(exc)))
            return
        self.post_message(PaneMarkedRead(title, count))

    @on(PaneMarkedRead)
    @_while_open
    def _pane_marked_read(self, event: PaneMarkedRead) -> None:
        if event.error:
            self.notify(event.error, severity="error", markup=False)
        else:
            self.notify(
                f"Marked {plural(event.count, 'article')} read in {clean_line(event.title)}.",
                markup=False,
            )
        self.main.refresh_counts()

    # feeds ------------------------------------------------------------------

    def show_feeds(self) -> None:
        """Open the feeds screen; its rows arrive from a worker."""
        from scitui.tui.screens.feeds import FeedsScreen

        def chosen(url: str | None) -> None:
            if url is not None:
                self.main.show_feed(url, next(f for f in screen.feeds if f.source_url == url))

        screen = FeedsScreen(self.now())
        self.push_screen(screen, chosen)
        self.load_feeds()

    @work(thread=True, exclusive=True, exit_on_error=False, group="feeds")
    def load_feeds(self) -> None:
        try:
            feeds = self.library.feeds()
        except ScituiError as exc:
            self.post_message(FeedsLoaded([], error=str(exc)))
            return
        self.post_message(FeedsLoaded(feeds))

    def _feeds_screens(self) -> list[FeedsScreen]:
        """The open Feeds screens (the module is imported once one was opened)."""
        from scitui.tui.screens.feeds import FeedsScreen

        return [screen for screen in self.screen_stack if isinstance(screen, FeedsScreen)]

    @on(FeedsLoaded)
    def _feeds_loaded(self, event: FeedsLoaded) -> None:
        if event.error:
            self.notify(event.error, severity="error", markup=False)
        for screen in self._feeds_screens():
            screen.show_feeds(event.feeds)

    # primary sources --------------------------------------------------------

    def show_sources(self) -> None:
        """Open the primary-sources screen; its rows arrive from a worker."""
        from scitui.tui.screens.sources import SourcesScreen

        def chosen(source: Source | None) -> None:
            if source is None:
                return
            try:  # one indexed read of at most a few hundred rows
                articles = self.library.citing(source.kind, source.id)
            except ScituiError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.main.show_source(source, articles)

        self.push_screen(SourcesScreen(self.now()), chosen)
        self.load_sources()

    @work(thread=True, exclusive=True, exit_on_error=False, group="sources")
    def load_sources(self) -> None:
        try:
            counts = self.library.sources()
        except ScituiError as exc:
            self.post_message(SourcesLoaded([], error=str(exc)))
            return
        self.post_message(SourcesLoaded(counts))

    @on(SourcesLoaded)
    def _sources_loaded(self, event: SourcesLoaded) -> None:
        from scitui.tui.screens.sources import SourcesScreen

        if event.error:
            self.notify(event.error, severity="error", markup=False)
        for screen in self.screen_stack:
            if isinstance(screen, SourcesScreen):
                screen.show_sources(event.counts)

    # search -----------------------------------------------------------------

    def search(self, query: str) -> None:
        """Search in the background; the results arrive as a pane."""
        self.run_search(query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str) -> None:
        try:
            hits = self.library.search(query, limit=SEARCH_LIMIT)
        except ScituiError as exc:
            self.post_message(SearchFinished(query, [], error=str(exc)))
            return
        self.post_message(SearchFinished(query, hits))

    @on(SearchFinished)
    @_while_open
    def _search_finished(self, event: SearchFinished) -> None:
        if event.error:
            self.notify(event.error, severity="error", markup=False)
            return
        self.main.show_search(event.query, event.hits)

    def rank_view(self, key: str, view: ViewSpec, where: ArticleFilter) -> None:
        """Read a relevance view's best matches in the background; they arrive as ViewRanked."""
        self._rank_view(key, view, where)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def _rank_view(self, key: str, view: ViewSpec, where: ArticleFilter) -> None:
        try:
            hits = self.library.view_hits(view, where, SEARCH_LIMIT)
        except ScituiError as exc:
            self.post_message(ViewRanked(key, [], error=str(exc)))
            return
        self.post_message(ViewRanked(key, hits))

    @on(ViewRanked)
    @_while_open
    def _view_ranked(self, event: ViewRanked) -> None:
        if event.error:
            self.notify(event.error, severity="error", markup=False)
            return
        self.main.show_view_hits(event.key, event.hits)

    # the rest ---------------------------------------------------------------

    def open_in_browser(self, url: str) -> None:
        """Open an http(s) URL with the system's browser, never through a shell.

        A text-mode browser gets the terminal: the app steps aside until it exits.
        """
        try:
            browser = webbrowser.get()
        except webbrowser.Error:
            self.copy_to_clipboard(url)
            self.notify("No web browser found; the URL is copied instead.", severity="warning")
            return
        if isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
            browser, webbrowser.BackgroundBrowser
        ):
            with self.suspend():
                browser.open(url)
        else:
            browser.open(url)
        self.notify("Opened in the browser.", timeout=2)

    def action_help(self) -> None:
        self.push_screen(
            HelpScreen(
                [
                    ("Article list", ArticleList.BINDINGS),
                    ("Reader", ArticleView.BINDINGS),
                    ("Anywhere", [*MainScreen.BINDINGS, *self.BINDINGS]),
                ]
            )
        )

    async def action_quit(self) -> None:
        self.cancel_refresh.set()
        self.exit()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title in ("Theme", "Quit"):  # not Textual's Keys, Maximize, Screenshot
                yield command
        main = self.main
        for pane in main.panes:
            if pane.kind not in TRANSIENT:
                # Palette titles are markup: escape them so they show as written.
                yield SystemCommand(
                    f"Go to pane: {escape(clean_line(pane.title))}",
                    f"{pane.unread} unread of {pane.total}",
                    lambda key=pane.key: main.switch_pane(key),
                    discover=False,
                )
        actions = [
            ("Refresh feeds", "Fetch new articles in the background", self.action_refresh),
            ("Search", "Full-text search over titles and bodies", main.action_search),
            ("Tag article", "Add a tag to the current article", main.action_tag),
            ("Remove tag", "Remove a tag from the current article", main.action_untag),
            ("Star article", "Star or unstar the current article", main.action_star),
            ("Note on article", "Write or change your note on the article", main.action_note),
            ("Toggle read", "Mark the current article read or unread", main.action_toggle_read),
            ("Mark pane read", "Mark every article in this pane read", main.action_mark_pane_read),
            ("Save as view", "Save this search or pane as a view", main.action_save_view),
            ("Open in browser", "Open the current article's page", main.action_open_browser),
            ("Copy URL", "Copy the current article's address", main.action_copy_url),
            ("Go to pane…", "Jump to a pane by name", main.action_jump),
            ("Feeds", "Every feed: counts, last success, last error", main.action_feeds),
            ("Primary sources", "Documents cited, most first", main.action_sources),
            ("Help: every key", "Show every key and what it does", self.action_help),
        ]
        for title, help_text, callback in actions:
            yield SystemCommand(title, help_text, callback)


def run_app(config_path: Path, db_path: Path, *, demo: bool = False) -> None:
    """Open the reader on the cache; it never waits on the network."""
    library = Library.open(config_path, db_path)
    try:
        SciTuiApp(library, demo=demo, prefetch=True).run()
    finally:
        library.close()
