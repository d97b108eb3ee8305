"""Plain values passed between the core's stages; all datetimes are UTC-aware."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

TagSource = Literal["feed", "rule", "manual"]
"""Where a tag came from: the feed's config, a topic rule, or the user."""


def iso(moment: datetime | None) -> str | None:
    """Format a UTC datetime as ISO 8601 (the output edge), or None."""
    return moment.isoformat() if moment is not None else None


@dataclass(frozen=True)
class EntryData:
    """One entry as parsed from a feed, before its page is fetched."""

    key: str
    guid: str | None
    url: str | None
    title: str
    author: str | None
    published: datetime | None
    summary: str
    content_html: str
    """The feed's own full content (content:encoded, atom:content), else the summary."""
    base_url: str | None = None
    """What the content's relative links are relative to (xml:base, else the feed's URL)."""


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed: its title, site link, entries and any parse warning."""

    title: str | None
    link: str | None
    version: str
    entries: tuple[EntryData, ...]
    warning: str | None


SOURCE_KINDS: tuple[str, ...] = (
    "fr-doc", "fr-cite", "cfr", "eccn", "bill", "public-law", "rin", "docket", "doi", "arxiv",
    "mofcom",
)  # fmt: skip
"""Every kind of primary-source identifier (:mod:`scitui.sources`), in the order shown."""

SOURCE_LABELS = {
    "fr-doc": "FR",
    "eccn": "ECCN",
    "public-law": "Pub. L.",
    "rin": "RIN",
    "docket": "Docket",
    "doi": "DOI",
    "arxiv": "arXiv",
    "mofcom": "MOFCOM",
}
"""What the reader writes before an id of that kind (``FR 2022-21658``); none for the rest."""


@dataclass(frozen=True, slots=True)
class Source:
    """A primary document an article cites (or is): a rule, a bill, a paper."""

    kind: str
    id: str
    """The canonical id form (``2022-21658``, ``15 CFR 744.23``, ``hr4346-117``...)."""
    url: str
    """The document's canonical URL ("" where no stable one exists)."""

    @property
    def label(self) -> str:
        """How the reader names it: ``FR 2022-21658``, ``15 CFR 744.23``, ``ECCN 3A090``."""
        prefix = SOURCE_LABELS.get(self.kind)
        return f"{prefix} {self.id}" if prefix else self.id

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id, "url": self.url}


def source_order(source: Source) -> tuple[int, str]:
    """Sorts sources by kind as listed in SOURCE_KINDS, then by id."""
    kind = SOURCE_KINDS.index(source.kind) if source.kind in SOURCE_KINDS else len(SOURCE_KINDS)
    return kind, source.id


@dataclass(frozen=True)
class SourceCount:
    """A primary document and how much it is cited: stories, articles, outlets, the newest."""

    source: Source
    stories: int
    """Distinct stories citing it (an article in no story counts as a story of its own)."""
    articles: int
    outlets: int
    """Distinct feeds among the articles citing it."""
    newest: datetime | None
    """The date of the newest article citing it."""

    def as_json(self) -> dict[str, Any]:
        return {
            **self.source.as_json(),
            "stories": self.stories,
            "articles": self.articles,
            "outlets": self.outlets,
            "newest": iso(self.newest),
        }


@dataclass(frozen=True)
class ArticleDraft:
    """An entry with its cleaned body and tags, ready to store."""

    entry: EntryData
    html: str
    text: str
    content_source: Literal["page", "feed"]
    tags: dict[str, TagSource] = field(default_factory=dict)
    reasons: dict[str, tuple[TagReason, ...]] = field(default_factory=dict)
    """For each topic the rules matched: what matched, where, how often."""
    content_error: str | None = None
    """Why the page was not used, when it was tried and failed."""
    page_pending: bool = False
    """The page was not tried this run (its feed had too many new entries): a later run will."""
    sources: tuple[Source, ...] = ()
    """The primary documents its title, text, links and own URL name."""


@dataclass(frozen=True)
class TagReason:
    """Why a topic rule tagged an article: what matched, where (title or body), how often."""

    term: str
    where: str
    count: int

    def as_json(self) -> dict[str, Any]:
        return {"term": self.term, "where": self.where, "count": self.count}


@dataclass(frozen=True)
class Tag:
    """A tag on an article and its source."""

    name: str
    source: TagSource


@dataclass(frozen=True)
class Feed:
    """A feed as stored, with its fetch state."""

    id: int
    url: str
    source_url: str
    """The URL as configured; ``url`` differs after a permanent redirect."""
    title: str | None
    name: str | None
    etag: str | None
    last_modified: str | None
    last_fetched: datetime | None
    last_error: str | None
    last_success: datetime | None = None
    """When a fetch of it last worked (a 304 counts)."""
    article_count: int = 0
    unread_count: int = 0

    @property
    def display_name(self) -> str:
        """The configured name, else the feed's own title, else the URL."""
        return self.name or self.title or self.url

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.source_url,
            "fetch_url": self.url,
            "title": self.display_name,
            "last_fetched": iso(self.last_fetched),
            "last_error": self.last_error,
            "last_success": iso(self.last_success),
            "articles": self.article_count,
            "unread": self.unread_count,
        }


@dataclass(frozen=True)
class ArticleSummary:
    """What a list of articles shows: no body."""

    id: int
    title: str
    url: str | None
    feed: str
    published: datetime | None
    read: bool
    starred: bool
    tags: tuple[str, ...]
    has_note: bool = False
    """Whether the user wrote a note on it."""
    story_size: int = 1
    """A story row's versions (1 for an article row); ``read`` is then every version's."""
    story_unread: int = 0
    """A story row's unread versions."""
    newest: datetime | None = None
    """A story row's newest version's date."""

    @property
    def new_coverage(self) -> bool:
        """A story read before, to which a version arrived since (some read, some not)."""
        return 0 < self.story_unread < self.story_size

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "feed": self.feed,
            "published": iso(self.published),
            "tags": list(self.tags),
            "read": self.read,
            "starred": self.starred,
            "has_note": self.has_note,
        }


@dataclass(frozen=True)
class Article:
    """A stored article with its body and tag sources."""

    id: int
    title: str
    url: str | None
    feed: str
    feed_url: str
    author: str | None
    published: datetime | None
    fetched_at: datetime
    summary: str
    html: str
    text: str
    content_source: str
    read: bool
    starred: bool
    tags: tuple[Tag, ...]
    reasons: dict[str, tuple[TagReason, ...]] = field(default_factory=dict)
    """Why topic rules tagged it: tag -> what matched, where, how often."""
    sources: tuple[Source, ...] = ()
    """The primary documents it cites (or is), by kind (see SOURCE_KINDS)."""
    note: str | None = None
    """The user's note on it, or None."""
    rule_actions: tuple[tuple[str, str], ...] = ()
    """(view, action) for each action a saved view's on_new rule took on it."""

    def as_summary(self) -> ArticleSummary:
        """The article as a list shows it."""
        return ArticleSummary(
            self.id,
            self.title,
            self.url,
            self.feed,
            self.published,
            self.read,
            self.starred,
            tuple(tag.name for tag in self.tags),
            self.note is not None,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "feed": self.feed,
            "feed_url": self.feed_url,
            "author": self.author,
            "published": iso(self.published),
            "fetched_at": iso(self.fetched_at),
            "tags": [tag.name for tag in self.tags],
            "tag_sources": {tag.name: tag.source for tag in self.tags},
            "tag_reasons": {
                tag: [reason.as_json() for reason in reasons]
                for tag, reasons in self.reasons.items()
            },
            "sources": [source.as_json() for source in self.sources],
            "read": self.read,
            "starred": self.starred,
            "summary": self.summary,
            "content_source": self.content_source,
            "text": self.text,
            "html": self.html,
            "has_note": self.note is not None,
            "note": self.note,
        }


@dataclass(frozen=True)
class Note:
    """The user's note on an article: their text, when written and last changed."""

    article_id: int
    text: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class NotedArticle:
    """An article with a note, as the Notes pane lists it."""

    article: ArticleSummary
    note: Note

    def as_json(self) -> dict[str, Any]:
        return {
            **self.article.as_json(),
            "note": self.note.text,
            "noted_at": iso(self.note.created_at),
            "note_updated_at": iso(self.note.updated_at),
        }


@dataclass(frozen=True)
class SearchHit:
    """A search result: the article's summary row and a snippet of the match."""

    article: ArticleSummary
    snippet: str

    def as_json(self) -> dict[str, Any]:
        return {**self.article.as_json(), "snippet": self.snippet}


@dataclass(frozen=True)
class TagCount:
    """A tag with its article counts; kind says whether it is a configured topic."""

    tag: str
    title: str
    kind: Literal["topic", "tag"]
    total: int
    unread: int
    story_total: int = 0
    """The same counted by story rows: a story once, unread while any version is."""
    story_unread: int = 0

    def as_json(self) -> dict[str, Any]:
        return {
            "tag": self.tag,
            "title": self.title,
            "kind": self.kind,
            "total": self.total,
            "unread": self.unread,
        }


@dataclass(frozen=True)
class FeedOutcome:
    """What one feed's fetch did; failures are recorded here, not raised."""

    url: str
    title: str | None = None
    status: Literal["ok", "not-modified", "error"] = "ok"
    new: int = 0
    updated: int = 0
    page_errors: int = 0
    error: str | None = None
    warning: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "error"

    def as_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "title": self.title,
            "status": self.status,
            "new": self.new,
            "updated": self.updated,
            "page_errors": self.page_errors,
            "error": self.error,
            "warning": self.warning,
        }


@dataclass(frozen=True)
class Progress:
    """Where a fetch stands; sent after each feed and each article page."""

    feeds_total: int
    feeds_done: int
    pages_total: int
    pages_done: int
    current: str = ""


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class PruneReport:
    """What a prune deleted (or, in a dry run, would delete) and the space it gave back."""

    before: datetime
    """Articles dated before this went (except starred, hand-tagged and noted ones)."""
    articles: int
    examples: tuple[str, ...]
    dry_run: bool
    size_before: int
    size_after: int

    def as_json(self) -> dict[str, Any]:
        return {
            "before": iso(self.before),
            "articles": self.articles,
            "examples": list(self.examples),
            "dry_run": self.dry_run,
            "bytes_before": self.size_before,
            "bytes_after": self.size_after,
        }
