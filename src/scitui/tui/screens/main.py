"""MainScreen: pane list | article list | reader, and every action on articles.

The screen owns the view state (panes, the current pane, what is open); the App owns the
Library and the workers. Each change is written to the store at once.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, Static

from scitui.errors import ScituiError
from scitui.library import ArticleFilter, Library
from scitui.models import ArticleSummary, Feed, SearchHit, Source
from scitui.runs import plural
from scitui.text import clean_line
from scitui.tui.panes import (
    IN_MEMORY,
    TRANSIENT,
    FilterSource,
    FirstPage,
    FirstPageReader,
    HitsSource,
    NotesSource,
    Pane,
    adjust_counts,
    first_panes,
    story_rows_preferred,
)
from scitui.tui.render import safe_url
from scitui.tui.screens.citing import CiteActions
from scitui.tui.screens.dialogs import (
    ConfirmDialog,
    SearchDialog,
)
from scitui.tui.screens.stories import StoryActions
from scitui.tui.screens.views import ViewActions
from scitui.tui.widgets.article_list import ArticleList
from scitui.tui.widgets.article_view import ArticleView
from scitui.tui.widgets.pane_list import PaneList
from scitui.tui.widgets.status_line import StatusLine, fit_footer

if TYPE_CHECKING:
    from scitui.tui.app import SciTuiApp

COUNTS_DELAY = 0.25
NORMAL_FROM = 140
"""Panes (at most 37 columns) and a list whose titles hold 75 cells (102) fit side by side."""
WIDE_FROM = 190
"""...and a reader of 50 columns or more beside them."""
ROW_MODE_KEY = "list.row_mode"
PANES_HIDDEN_KEY = "panes.hidden"
CONFIRM_OVER = 10
"""Marking more unread articles than this at once asks first."""
EMPTY_TEXTS = {"search": "No matches.", "notes": "No notes yet: N writes one on an article."}


class MainScreen(StoryActions, ViewActions, CiteActions):
    """Topic panes, the current pane's articles, and the reader."""

    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (NORMAL_FROM, "-normal"),
        (WIDE_FROM, "-wide"),
    ]
    """The list alone; panes beside it from where both fit; the reader too from 190."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "Back", id="scitui.back", tooltip="Back to the list"),
        Binding("n", "next_unread", "Next unread", id="scitui.next_unread"),
        Binding("p", "previous_unread", "Prev unread", show=False, id="scitui.previous_unread"),
        Binding("J", "next_article", "Next article", show=False, id="scitui.next_article",
                tooltip="Open the next article in the list, read or not"),
        Binding("K", "previous_article", "Prev article", show=False,
                id="scitui.previous_article",
                tooltip="Open the previous article in the list, read or not"),
        Binding("m,u", "toggle_read", "Read/unread", show=False, id="scitui.toggle_read"),
        Binding("M", "mark_pane_read", "Mark pane read", show=False, id="scitui.mark_pane_read",
                tooltip=f"Mark the pane read (asks first when over {CONFIRM_OVER} articles)"),
        Binding("s", "star", "Star", id="scitui.star", tooltip="Star or unstar"),
        Binding("t", "tag", "Tag", id="scitui.tag", tooltip="Add a tag (its pane appears)"),
        Binding("T", "untag", "Untag", show=False, id="scitui.untag", tooltip="Remove a tag"),
        Binding("w", "why", "Why", show=False, id="scitui.why",
                tooltip="Why these tags: the matched terms, highlighted"),
        Binding("N", "note", "Note", show=False, id="scitui.note",
                tooltip="Write or change your note on the article (Ctrl+S saves)"),
        Binding("slash", "search", "Search", id="scitui.search", tooltip="Full-text search"),
        Binding("V", "save_view", "Save view", show=False, id="scitui.save_view",
                tooltip="Save the search or the pane as a view (asks for a title)"),
        Binding("f", "feeds", "Feeds", show=False, id="scitui.feeds",
                tooltip="Every feed: counts, last success, last error; Enter lists one feed"),
        Binding("D", "sources", "Sources", show=False, id="scitui.sources",
                tooltip="Primary documents cited, most first; Enter lists their articles"),
        Binding("o", "open_browser", "Open", show=False, id="scitui.open_browser",
                tooltip="Open the original in the browser"),
        Binding("y", "copy_url", "Copy URL", show=False, id="scitui.copy_url"),
        Binding("c", "cite", "Cite", show=False, id="scitui.cite",
                tooltip="Copy the article's citation (BibTeX, for Zotero or LaTeX)"),
        Binding("L", "links", "Links", show=False, id="scitui.links",
                tooltip="The article's links, numbered: open or copy one"),
        Binding("right_square_bracket,l", "next_pane", "Next pane", show=False,
                id="scitui.next_pane"),
        Binding("left_square_bracket,h", "previous_pane", "Prev pane", show=False,
                id="scitui.previous_pane"),
        Binding("g", "jump", "Go to pane", show=False, id="scitui.jump",
                tooltip="Go to a pane by name"),
        Binding("P", "toggle_panes", "Panes", show=False, id="scitui.toggle_panes",
                tooltip="Show or fold away the pane column (remembered)"),
        Binding("W", "row_mode", "Row mode", show=False, id="scitui.row_mode",
                tooltip="One line per article, or two with the whole title (remembered)"),
        Binding("S", "story_rows", "Stories", show=False, id="scitui.story_rows",
                tooltip="One row per story (+N other outlets) or per article (remembered)"),
        Binding("full_stop", "next_version", "Next version", show=False,
                id="scitui.next_version", tooltip="The story's next outlet in the reader"),
        Binding("comma", "previous_version", "Prev version", show=False,
                id="scitui.previous_version", tooltip="The story's previous outlet in the reader"),
        *(
            Binding(str(number % 10), f"pane({number - 1})", f"Pane {number}", show=False,
                    id=f"scitui.pane_{number}")
            for number in range(1, 11)
        ),
    ]  # fmt: skip

    def __init__(self, library: Library, first_page: FirstPageReader | None = None) -> None:
        """``first_page``: the All pane's count and first page, being read already."""
        super().__init__()
        self.library = library
        self._first_page = first_page
        self.shown = False
        """Whether the first list is up: until then there is nothing to reload."""
        self.panes: list[Pane] = []
        """Every pane, with counts as of the last refresh of counts."""
        self.current: Pane = Pane("all", "All", "all")
        """The pane whose articles are listed."""
        self.return_key = "all"
        """The pane to go back to when a search pane is left."""
        self.source: FilterSource | HitsSource = FilterSource(library, self.current.where)
        self.story_rows = story_rows_preferred(library)
        self._counts_timer: Timer | None = None
        self._footer_state: tuple[bool, bool] | None = None

    @property
    def scitui(self) -> SciTuiApp:
        from scitui.tui.app import SciTuiApp

        assert isinstance(self.app, SciTuiApp)
        return self.app

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield PaneList(id="panes")
            with Vertical(id="list-column"):
                yield Static("", id="pane-header")
                yield ArticleList(id="articles", now=self.scitui.now)
            yield ArticleView(id="reader")
        yield StatusLine(id="status", now=self.scitui.now)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._remembered_layout()
        self.panes = first_panes(self.library, self.scitui.now())
        first = self._first_page.result() if self._first_page is not None else None
        self._first_page = None
        self.switch_pane("all", first=first)
        self.shown = True
        # The pane counts take a worker most of a second at 1M articles: after the first
        # frame, so that they do not compete with it for the two cores.
        self.call_after_refresh(self.refresh_counts)
        self.query_one(ArticleList).focus()
        self.show_last_run()

    def show_last_run(self) -> None:
        """The status line: how the last refresh (of any process) ended.

        Feeds fetched after the last recorded run belong to a refresh still under way (or
        one that recorded none): then only its time is shown.
        """
        status = self.query_one(StatusLine)
        if self.scitui.demo:
            status.set_refresh(connection="demo")
        try:
            run = self.library.last_run()
            fetched = self.library.last_fetched()
            if run is not None and fetched is not None and fetched > run.finished:
                run = None
            status.show_last(run, fetched, self.library.last_success())
        except ScituiError as exc:
            self.notify(str(exc), severity="error", markup=False)

    def _remembered_layout(self) -> None:
        """Apply the row mode and pane fold the user chose in an earlier run."""
        try:
            row_mode = self.library.preference(ROW_MODE_KEY)
            panes_hidden = self.library.preference(PANES_HIDDEN_KEY)
        except ScituiError:
            return
        if row_mode == "two":
            self.article_list.set_reactive(ArticleList.row_mode, "two")
        if panes_hidden in ("0", "1"):
            self._fold_panes(panes_hidden == "1")

    def on_resize(self, event: events.Resize) -> None:
        fit_footer(self, event.size.width)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide Back from the footer when there is nothing to go back from."""
        if action == "back":
            return self.reading or self.current.kind in TRANSIENT
        return True

    # widgets ----------------------------------------------------------------

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reader(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def reading(self) -> bool:
        """Whether the reader has the user's attention (full screen unless the screen is wide)."""
        return self.has_class("-reading")

    def _update_footer(self) -> None:
        """Refresh the footer's keys only when Back can have appeared or gone.

        The footer rebuilds every key on each request (two more frames, 50-80 ms after a
        pane switch); focus changes refresh it by themselves.
        """
        state = (self.reading, self.current.kind in TRANSIENT)
        if state != self._footer_state:
            self._footer_state = state
            self.refresh_bindings()

    # panes ------------------------------------------------------------------

    def refresh_counts(self) -> None:
        """Count every pane again, in the background; ``show_counts`` gets the result."""
        self._counts_timer = None
        self.scitui.load_counts()

    def show_counts(self, panes: list[Pane]) -> None:
        """Redraw the pane list, header and status line with fresh counts."""
        transient = [pane for pane in self.panes if pane.kind in TRANSIENT]
        self.panes = transient + panes
        by_key = {pane.key: pane for pane in self.panes}
        if self.current.key in by_key:
            self.current = by_key[self.current.key]
        self.query_one(PaneList).show_panes(self.panes, self.current.key)
        self._show_pane_header()

    def counts_changed(self) -> None:
        """Recount soon: several quick changes cost one recount."""
        if self._counts_timer is not None:
            self._counts_timer.stop()
        self._counts_timer = self.set_timer(COUNTS_DELAY, self.refresh_counts)

    def _show_pane_header(self) -> None:
        pane = self.current
        index = next((i for i, p in enumerate(self.panes) if p.key == pane.key), 0)
        line = Text()
        line.append(f"{clean_line(pane.title)}", style=Style(bold=True))
        if pane.kind == "search":
            line.append(f"  {plural(pane.total, 'match', 'matches')}, best first")
            line.append(" · Esc leaves the search", style=Style(dim=True))
        elif not pane.counted:
            noun = "story" if self.listing_stories else "article"
            line.append(f"  {plural(self.article_list.total, noun)}")
        else:
            line.append(f"  {pane.unread:,} unread of {pane.total:,}")
            if pane.view is not None and pane.view.sort == "relevance":
                line.append(", best first")
            if pane.spike:
                line.append("  ▲ spike", style=Style(bold=True))
            line.append(f"   ‹ [ {index + 1}/{len(self.panes)} ] ›", style=Style(dim=True))
            if pane.spark:  # last: a narrow header crops the sparkline, not the position
                line.append(f"   {pane.spark}")
            if pane.kind == "feed":
                line.append(" · Esc leaves the feed", style=Style(dim=True))
            elif pane.kind == "source":
                line.append(" · Esc leaves the document", style=Style(dim=True))
        self.query_one("#pane-header", Static).update(line, layout=False)  # one line, always
        if pane.counted:
            self.query_one(StatusLine).set_counts(
                pane.title,
                pane.total,
                pane.unread,
                noun="match" if pane.kind == "search" else "story" if pane.stories else "article",
            )

    def switch_pane(self, key: str, *, first: FirstPage | None = None) -> None:
        """Show a pane's articles from the newest (``first``: its count and page, if read)."""
        pane = next((pane for pane in self.panes if pane.key == key), None)
        if pane is None:
            return
        if pane.kind not in TRANSIENT:
            self._drop_transient()
        elif pane.kind == "feed" and self.current.key != pane.key:
            self._drop_transient(keep=pane.key)
        self.current = pane
        if pane.kind == "view":
            self.source = self.view_source(pane)
        elif pane.kind == "notes":
            self.source = self._notes_source()
        elif pane.kind not in IN_MEMORY:
            self.source = FilterSource(self.library, self.pane_filter(pane), first)
        self.article_list.empty_text = EMPTY_TEXTS.get(pane.kind, "No articles in this pane yet.")
        self.article_list.set_source(self.source)
        self.query_one(PaneList).show_panes(self.panes, pane.key)
        self._show_pane_header()
        self.remove_class("-reading")
        self._update_footer()
        if not self.article_list.has_focus and not self.query_one(PaneList).has_focus:
            self.article_list.focus()

    def _notes_source(self) -> HitsSource:
        """The noted articles, newest note first (read now: notes are few)."""
        try:
            return NotesSource(self.library.notes())
        except ScituiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return NotesSource([])

    def _drop_transient(self, keep: str | None = None) -> None:
        self.panes = [p for p in self.panes if p.kind not in TRANSIENT or p.key == keep]

    def show_search(self, query: str, hits: list[SearchHit]) -> None:
        """Show search results as a pane at the top of the list."""
        if self.current.kind not in TRANSIENT:
            self.return_key = self.current.key
        self._drop_transient()
        pane = Pane("search", f"Search: {query}", "search", total=len(hits), query=query)
        pane = replace(pane, unread=sum(not hit.article.read for hit in hits))
        self.panes.insert(0, pane)
        self.source = HitsSource(hits)
        self.switch_pane("search")

    @on(PaneList.PaneChosen)
    def _pane_chosen(self, event: PaneList.PaneChosen) -> None:
        self.switch_pane(event.key)
        self.article_list.focus()

    def _step_pane(self, step: int) -> None:
        keys = [pane.key for pane in self.panes]
        index = keys.index(self.current.key) if self.current.key in keys else 0
        self.switch_pane(keys[(index + step) % len(keys)])

    def action_next_pane(self) -> None:
        self._step_pane(1)

    def action_previous_pane(self) -> None:
        self._step_pane(-1)

    def action_pane(self, index: int) -> None:
        if 0 <= index < len(self.panes):
            self.switch_pane(self.panes[index].key)

    def action_toggle_panes(self) -> None:
        """Fold the pane column away or bring it back, at any width, and remember it."""
        hide = self.panes_shown
        self._fold_panes(hide)
        self._remember(PANES_HIDDEN_KEY, "1" if hide else "0")
        if hide and self.query_one(PaneList).has_focus:
            self.article_list.focus()

    @property
    def panes_shown(self) -> bool:
        """Whether the pane column is shown beside the list (the user's choice, else by width)."""
        if self.has_class("-panes-hidden"):
            return False
        return self.has_class("-panes-shown") or not self.has_class("-narrow")

    def _fold_panes(self, hide: bool) -> None:
        self.set_class(hide, "-panes-hidden")
        self.set_class(not hide, "-panes-shown")

    def action_row_mode(self) -> None:
        """Switch between one and two lines per article, and remember it."""
        articles = self.article_list
        articles.row_mode = "two" if articles.row_mode == "one" else "one"
        self._remember(ROW_MODE_KEY, articles.row_mode)

    def _remember(self, key: str, value: str) -> None:
        try:
            self.library.set_preference(key, value)
        except ScituiError as exc:
            self.notify(str(exc), severity="error", markup=False)

    def action_jump(self) -> None:
        from textual.command import CommandPalette

        from scitui.tui.commands import PaneCommands

        self.app.push_screen(CommandPalette(providers=[PaneCommands], placeholder="Go to pane…"))

    # reading ----------------------------------------------------------------

    @on(ArticleList.ArticleSelected)
    def _article_selected(self, event: ArticleList.ArticleSelected) -> None:
        self.open_article(event.article)

    def open_article(self, summary: ArticleSummary) -> None:
        """Show an article in the reader and mark it read."""
        try:
            article = self.library.article(summary.id)
            versions = self.read_opened(summary, article, self.library.story_versions(article.id))
            article = replace(article, read=True)
        except ScituiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.reader.show(article, searched=self._searched(), versions=versions)
        self.add_class("-reading")
        self.reader.focus()
        self._update_footer()

    def action_back(self) -> None:
        if self.reading:
            self.remove_class("-reading")
            self.article_list.focus()
            self._update_footer()
        elif self.current.kind in TRANSIENT:
            self.switch_pane(self.return_key)

    def _move_unread(self, forward: bool) -> None:
        if not self.article_list.next_unread(forward):
            self.notify("No more unread articles in this pane.", timeout=2)
            return
        if self.reading or self.reader.has_focus:
            article = self.article_list.highlighted
            if article is not None:
                self.open_article(article)

    def action_next_unread(self) -> None:
        self._move_unread(True)

    def action_previous_unread(self) -> None:
        self._move_unread(False)

    # changing articles ------------------------------------------------------

    def _target(self) -> ArticleSummary | None:
        """The article an action applies to: the one being read, else the highlighted one."""
        opened = self.reader.article
        if opened is not None and (self.reading or self.reader.has_focus):
            return opened.as_summary()
        return self.article_list.highlighted

    def _changed(self, summary: ArticleSummary, before: ArticleSummary | None = None) -> None:
        """Show an article's new state in the list, the reader, and every pane's counts."""
        if before is not None:
            self.panes = adjust_counts(self.panes, before, summary, self.current.key)
            self.current = next((p for p in self.panes if p.key == self.current.key), self.current)
            self.query_one(PaneList).show_panes(self.panes, self.current.key)
            self._show_pane_header()
        self.source.changed(summary)
        self.article_list.update_article(summary)
        opened = self.reader.article
        if opened is not None and opened.id == summary.id:
            with contextlib.suppress(ScituiError):
                self.reader.refresh_header(self.library.article(summary.id))
        self.counts_changed()

    def _apply(self, summary: ArticleSummary | None, change: str) -> None:
        if summary is None:
            return
        try:
            if change == "read":
                ids, after = self.read_targets(summary)
                self.library.mark_read(ids, after.read)
                self._changed(after, summary)
            elif change == "star":
                self.library.star([summary.id], not summary.starred)
                self._changed(replace(summary, starred=not summary.starred), summary)
                self.notify("Starred." if not summary.starred else "Unstarred.", timeout=1.5)
        except ScituiError as exc:
            self.notify(str(exc), severity="error", markup=False)

    def action_toggle_read(self) -> None:
        self._apply(self._target(), "read")

    def action_star(self) -> None:
        self._apply(self._target(), "star")

    def action_mark_pane_read(self) -> None:
        """Mark the whole pane read, asking first when that is over CONFIRM_OVER articles."""
        try:
            unread = self._pane_unread()
        except ScituiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if unread == 0:
            self.notify(f"Nothing unread in {clean_line(self.current.title)}.", markup=False)
        elif unread <= CONFIRM_OVER:
            self.mark_pane_read_now()
        else:

            def answered(yes: bool | None) -> None:
                if yes:
                    self.mark_pane_read_now()

            self.app.push_screen(ConfirmDialog(f"Mark {unread:,} articles read?"), answered)

    def _pane_unread(self) -> int:
        """How many of the pane's articles are unread (one indexed count; articles, not stories)."""
        if isinstance(self.source, HitsSource):
            return sum(not article.read for article in self.source.articles)
        where = replace(self.source.where, unread=True, also_ids=frozenset(), stories=False)
        return self.library.count(where)

    def mark_pane_read_now(self) -> None:
        """Mark the whole pane read: shown at once, written by a worker (it can be 100k rows)."""
        if isinstance(self.source, HitsSource):
            ids = [article.id for article in self.source.articles if not article.read]
            for article in list(self.source.articles):
                self.source.changed(replace(article, read=True))
            self.scitui.mark_read(self.current.title, ids=ids)
        else:
            self.scitui.mark_read(self.current.title, where=self.source.where)
        self.article_list.mark_cached(True)
        self._pane_read(self.current)

    def _pane_read(self, pane: Pane) -> None:
        """Counts after a whole pane was marked read: its unread left All and Unread."""
        marked = pane.unread
        changed = []
        for other in self.panes:  # each of them was in All and Unread
            if other.key == pane.key:
                other = replace(other, unread=0)
            elif other.kind == "all":
                other = replace(other, unread=max(0, other.unread - marked))
            elif other.kind == "unread":
                left = max(0, other.unread - marked)
                other = replace(other, total=left, unread=left)
            changed.append(other)
        self.panes = changed
        self.current = next((p for p in self.panes if p.key == self.current.key), self.current)
        self.query_one(PaneList).show_panes(self.panes, self.current.key)
        self._show_pane_header()

    # search and links -------------------------------------------------------

    def action_feeds(self) -> None:
        self.scitui.show_feeds()

    def show_feed(self, url: str, feed: Feed) -> None:
        """List one feed's articles as a pane at the top, left with Esc."""
        if self.current.kind not in TRANSIENT:
            self.return_key = self.current.key
        self._drop_transient()
        pane = Pane(
            "feed",
            f"Feed: {feed.display_name}",
            "feed",
            ArticleFilter(feed_url=url),
            feed.article_count,
            feed.unread_count,
        )
        self.panes.insert(0, pane)
        self.switch_pane("feed")

    def action_sources(self) -> None:
        self.scitui.show_sources()

    def show_source(self, source: Source, articles: list[ArticleSummary]) -> None:
        """List the articles citing a primary document as a pane at the top, left with Esc."""
        if self.current.kind not in TRANSIENT:
            self.return_key = self.current.key
        self._drop_transient()
        unread = sum(not article.read for article in articles)
        pane = Pane("source", f"Source: {source.label}", "source", total=len(articles))
        self.panes.insert(0, replace(pane, unread=unread))
        self.source = HitsSource.of(articles)
        self.switch_pane("source")

    def action_search(self) -> None:
        def run(query: str | None) -> None:
            if query:
                self.scitui.search(query)

        self.app.push_screen(SearchDialog(self.current.query or ""), run)

    def action_open_browser(self) -> None:
        summary = self._target()
        url = safe_url(summary.url if summary else None)
        if url is None:
            self.notify("This article has no web address to open.", severity="warning")
            return
        self.scitui.open_in_browser(url)

    def action_copy_url(self) -> None:
        summary = self._target()
        if summary is None or not summary.url:
            self.notify("This article has no web address.", severity="warning")
            return
        self.app.copy_to_clipboard(summary.url)
        self.notify("Copied the URL.", timeout=2)

    # new articles -----------------------------------------------------------

    def articles_arrived(self) -> None:
        """New articles are stored: recount and re-page, keeping the cursor's article."""
        self.refresh_counts()
        view = self.current.view
        if view is not None and view.sort == "relevance":
            self.scitui.rank_view(self.current.key, view, self.current.where)
        elif self.current.kind not in IN_MEMORY:
            self.article_list.reload()
