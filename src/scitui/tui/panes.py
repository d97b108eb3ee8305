"""Panes: All, Unread, Starred, Notes, one per topic, saved view and manual tag, and search
results.

A pane is a value; its rows come from a RowSource over the Library (or over search hits).
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal

from scitui.config import ViewSpec
from scitui.errors import ScituiError
from scitui.library import ArticleFilter, Library
from scitui.models import ArticleSummary, NotedArticle, SearchHit

PaneKind = Literal[
    "all", "unread", "starred", "notes", "topic", "view", "tag", "search", "feed", "source"
]
TRANSIENT: frozenset[str] = frozenset({"search", "feed", "source"})
"""Panes shown for a while (a search, one feed's or one document's articles), left with Esc."""
IN_MEMORY: frozenset[str] = frozenset({"search", "source"})
"""Panes whose rows were read once and are held (a bounded list), not paged from SQLite."""
TREND_WEEKS = 12
"""Weeks in a topic pane's sparkline."""
STORY_ROWS_KEY = "list.stories"
"""The preference: "0" lists one row per article, else one per story (the default)."""
STORY_KINDS: frozenset[str] = frozenset({"all", "unread", "topic"})
"""Panes that list one row per story when story rows are on."""


def story_rows_preferred(library: Library) -> bool:
    """Whether the user keeps story rows on (the default), as remembered."""
    try:
        return library.preference(STORY_ROWS_KEY) != "0"
    except ScituiError:
        return True


def list_filter(pane: Pane, story_rows: bool) -> ArticleFilter:
    """What a pane's list selects: its filter, by story when story rows are on and it can."""
    return replace(pane.where, stories=story_rows and pane.kind in STORY_KINDS)


@dataclass(frozen=True)
class Pane:
    """One list the user can switch to, with its counts."""

    key: str
    """Unique: 'all', 'unread', 'starred', 'notes', 'tag:<slug>', 'view:<slug>', 'search',
    'feed' or 'source'."""
    title: str
    kind: PaneKind
    where: ArticleFilter = field(default_factory=ArticleFilter)
    total: int = 0
    unread: int = 0
    query: str | None = None
    """The search words, for a search pane."""
    counted: bool = True
    """False until the counts have been loaded."""
    spark: str = ""
    """A topic's articles per week as a sparkline (the last TREND_WEEKS weeks)."""
    spike: bool = False
    """Whether the topic is spiking this week (see scitui.trends)."""
    view: ViewSpec | None = None
    """The saved view a view pane lists."""
    stories: bool = False
    """Whether ``total`` and ``unread`` count story rows (a story once), not articles."""

    @property
    def tag(self) -> str | None:
        return self.where.tag


def first_panes(library: Library, now: datetime) -> list[Pane]:
    """The panes known without counting: fixed panes, topics and saved views, uncounted."""
    return [
        Pane("all", "All", "all", counted=False),
        Pane("unread", "Unread", "unread", ArticleFilter(unread=True), counted=False),
        Pane("starred", "Starred", "starred", ArticleFilter(starred=True), counted=False),
        Pane("notes", "Notes", "notes", counted=False),
        *(
            Pane(
                f"tag:{rule.slug}", rule.title, "topic", ArticleFilter(tag=rule.slug), counted=False
            )
            for rule in library.topics
        ),
        *(view_pane(library, view, now) for view in library.views),
    ]


def view_pane(library: Library, view: ViewSpec, now: datetime, counted: bool = False) -> Pane:
    """A saved view's pane, its ``since`` counted back from ``now``; counts 0 until counted."""
    where = library.view_filter(view, now)
    return Pane(f"view:{view.slug}", view.title, "view", where, counted=counted, view=view)


def _counted_view_pane(library: Library, view: ViewSpec, now: datetime) -> Pane:
    """A view's pane with its counts (none for a view whose query the index cannot parse)."""
    pane = view_pane(library, view, now, counted=True)
    try:
        count = library.view_count(view, now)
    except ScituiError:
        return pane  # switching to it says what is wrong
    return replace(pane, total=count.total, unread=count.unread)


def build_panes(
    library: Library, now: datetime | None = None, *, story_rows: bool = False
) -> list[Pane]:
    """The fixed panes, the configured topics in config order, saved views, manual tags A-Z.

    Topic panes carry their weekly trend as of ``now``; this runs in a worker. With
    ``story_rows`` the panes that list stories (STORY_KINDS) count stories, as they show them.
    """
    moment = now or datetime.now(UTC)
    totals = library.totals(stories=story_rows)
    trends = {trend.tag: trend for trend in library.trends(TREND_WEEKS, moment)}
    panes = [
        Pane("all", "All", "all", ArticleFilter(), totals.total, totals.unread, stories=story_rows),
        Pane(
            "unread",
            "Unread",
            "unread",
            ArticleFilter(unread=True),
            totals.unread,
            totals.unread,
            stories=story_rows,
        ),
        Pane(
            "starred",
            "Starred",
            "starred",
            ArticleFilter(starred=True),
            totals.starred,
            totals.starred_unread,
        ),
        Pane("notes", "Notes", "notes", ArticleFilter(), *library.note_counts()),
    ]
    tags = library.tags()
    topic_count = sum(tag.kind == "topic" for tag in tags)
    for index, tag in enumerate(tags):
        if index == topic_count:
            panes += [_counted_view_pane(library, view, moment) for view in library.views]
        kind: PaneKind = "topic" if tag.kind == "topic" else "tag"
        by_story = story_rows and kind in STORY_KINDS
        panes.append(
            Pane(
                f"tag:{tag.tag}",
                tag.title,
                kind,
                ArticleFilter(tag=tag.tag),
                tag.story_total if by_story else tag.total,
                tag.story_unread if by_story else tag.unread,
                spark=trends[tag.tag].sparkline if tag.tag in trends else "",
                spike=tag.tag in trends and trends[tag.tag].spike,
                stories=by_story,
            )
        )
    if topic_count == len(tags):
        panes += [_counted_view_pane(library, view, moment) for view in library.views]
    return panes


@dataclass(frozen=True)
class FirstPage:
    """A list's row count and first rows, read before the list is shown."""

    total: int
    rows: list[ArticleSummary]
    limit: int
    """How many rows were asked for."""
    where: ArticleFilter = field(default_factory=ArticleFilter)
    """The list they are of."""


class FirstPageReader:
    """Reads the All pane's count and first page in a thread while the app starts.

    At 1M articles the count alone takes 50-100 ms. On the thread's own connection (SQLite
    runs without the GIL) it overlaps Textual's start-up instead of delaying the first screen.
    """

    def __init__(self, library: Library, limit: int) -> None:
        self._library = library
        self._limit = limit
        self._page: FirstPage | None = None
        self._thread = threading.Thread(target=self._read, name="scitui-first-page", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        with contextlib.suppress(ScituiError):  # the list reads again, and reports it
            where = ArticleFilter(stories=story_rows_preferred(self._library))
            total = self._library.count(where)
            rows = self._library.articles(where, limit=self._limit, total=total)
            self._page = FirstPage(total, rows, self._limit, where)

    def result(self) -> FirstPage | None:
        """The count and page, once read (None if reading failed)."""
        self._thread.join()
        return self._page


class FilterSource:
    """Rows of a stored list, paged from SQLite; rows it was told to keep stay in it."""

    def __init__(
        self, library: Library, where: ArticleFilter, first: FirstPage | None = None
    ) -> None:
        """``first``: the list's count and first page if already read (used once)."""
        self.library = library
        self.where = where
        self.total: int | None = None
        self._first = first if first is None or first.where == where else None

    def changed(self, article: ArticleSummary) -> None:
        """An article's state changed: if it left the list (read in Unread), keep its row.

        Only then, so a tag pane keeps paging from its index (``also_ids`` turns that off).
        """
        where = self.where
        still_in = (
            (not where.unread or not article.read)
            and (not where.starred or article.starred)
            and (not where.tag or where.tag in article.tags)
            and (not where.any_tags or not set(where.any_tags).isdisjoint(article.tags))
            and set(where.all_tags) <= set(article.tags)
        )
        if not still_in:
            self.where = replace(where, also_ids=where.also_ids | {article.id})

    def count(self) -> int:
        if self._first is not None and self.total is None:
            self.total = self._first.total
        else:
            self.total = self.library.count(self.where)
        return self.total

    def rows(self, offset: int, limit: int) -> list[ArticleSummary]:
        first, self._first = self._first, None
        if first is not None and offset == 0 and limit == first.limit:
            return first.rows
        return self.library.articles(self.where, limit=limit, offset=offset, total=self.total)

    def position(self, article_id: int) -> int | None:
        return self.library.position(self.where, article_id)

    def next_unread(self, article_id: int, forward: bool) -> int | None:
        found = self.library.next_unread(self.where, article_id, forward)
        return None if found is None else self.library.position(self.where, found)


class HitsSource:
    """Rows of a search, best match first, held in memory (a search returns a bounded list)."""

    def __init__(self, hits: list[SearchHit]) -> None:
        self.articles = [hit.article for hit in hits]

    @classmethod
    def of(cls, articles: list[ArticleSummary]) -> HitsSource:
        """Rows of a list of articles read once (a document's citing articles)."""
        source = cls([])
        source.articles = list(articles)
        return source

    def count(self) -> int:
        return len(self.articles)

    def rows(self, offset: int, limit: int) -> list[ArticleSummary]:
        return self.articles[offset : offset + limit]

    def position(self, article_id: int) -> int | None:
        for index, article in enumerate(self.articles):
            if article.id == article_id:
                return index
        return None

    def changed(self, article: ArticleSummary) -> None:
        """Remember an article's new state (read, starred, tags); search rows never leave."""
        index = self.position(article.id)
        if index is not None:
            self.articles[index] = article

    def next_unread(self, article_id: int, forward: bool) -> int | None:
        start = self.position(article_id)
        if start is None:
            return None
        indexes = range(start + 1, len(self.articles)) if forward else range(start - 1, -1, -1)
        return next((index for index in indexes if not self.articles[index].read), None)


class NotesSource(HitsSource):
    """The noted articles, newest note first, held in memory; a row whose note goes stays."""

    def __init__(self, noted: list[NotedArticle]) -> None:
        self.articles = [item.article for item in noted]


def _member(pane: Pane, article: ArticleSummary, current: str) -> bool:
    """Whether a pane lists the article (search and feed panes: the article is in view)."""
    if pane.kind == "all":
        return True
    if pane.kind == "unread":
        return not article.read
    if pane.kind == "starred":
        return article.starred
    if pane.kind == "view":  # a view's query is not known here: the recount says
        where = pane.where
        return (
            pane.key == current
            and (not where.unread or not article.read)
            and (not where.starred or article.starred)
        )
    if pane.kind == "notes":
        return article.has_note
    if pane.tag is not None:
        return pane.tag in article.tags
    return pane.key == current


def adjust_counts(
    panes: list[Pane], before: ArticleSummary, after: ArticleSummary, current: str
) -> list[Pane]:
    """Every pane's counts after one article changed (read, star, tags), without a recount.

    The reader shows a change at once; a recount in the background confirms it.
    """
    adjusted = []
    for pane in panes:
        was, now = _member(pane, before, current), _member(pane, after, current)
        total = pane.total + now - was
        unread = pane.unread + (now and not after.read) - (was and not before.read)
        if pane.counted and (total, unread) != (pane.total, pane.unread):
            pane = replace(pane, total=max(0, total), unread=max(0, unread))
        adjusted.append(pane)
    return adjusted
