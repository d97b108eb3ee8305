"""The CPU-heavy steps of a fetch, run in worker processes: parse, clean, match.

A fetch's own process only waits: on the network, on the workers and on SQLite. When
feedparser, readability and the topic matcher ran on its threads, the thread writing to the
database waited for the GIL on every statement. Everything here takes and returns plain
values (models, strings), so it can run in any process, and importing this module is cheap:
the parsers are imported where they run (a worker preloads them), so a fetch that finds
nothing new never imports them at all. :func:`start` gives a worker its topic matcher.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from scitui.config import TopicRule
from scitui.models import ArticleDraft, EntryData, ParsedFeed, TagReason, TagSource

if TYPE_CHECKING:
    from scitui.topics import TopicMatcher

PRELOAD = ["scitui.work", "scitui.feeds", "scitui.extract", "scitui.topics", "scitui.sources"]
"""What a worker process imports before it forks: its parsers and the matcher."""

MAX_EXTRACT_BYTES = 4 * 1024 * 1024
"""Pages larger than this keep the feed's content: readability's time grows with the page
(real article pages weigh 50 KB to 2 MB; a 10 MiB page took 24 s)."""

_matcher: TopicMatcher | None = None


def start(rules: tuple[TopicRule, ...], parent_pid: int | None = None) -> None:
    """Give this worker process its topic matcher (it compiles on first use).

    ``parent_pid``: the fetching process; the worker ends when it is gone (a kill -9).
    """
    from scitui.orphans import exit_with
    from scitui.topics import TopicMatcher

    global _matcher
    _matcher = TopicMatcher(rules)
    if parent_pid is not None:
        exit_with(parent_pid)


@dataclass(frozen=True)
class Page:
    """An article page as fetched, or why it could not be."""

    content: bytes = b""
    content_type: str | None = None
    url: str | None = None
    problem: str | None = None


def parse(content: bytes, url: str, headers: dict[str, str] | None = None) -> ParsedFeed:
    """:func:`scitui.feeds.parse_feed`, importable without importing feedparser."""
    from scitui.feeds import parse_feed

    return parse_feed(content, url, headers)


def prepare(
    entry: EntryData, page: Page | None, matcher: TopicMatcher | None = None
) -> ArticleDraft:
    """Clean an entry, keep the longer of its page's article and the feed's content, match it.

    The draft's tags are the topics matched; the caller adds the feed's.

    Args:
        page: the entry's page, when one was fetched or tried.
        matcher: the topic matcher; by default this worker's (see :func:`start`).
    """
    from scitui.errors import ExtractError
    from scitui.extract import CleanContent, extract_page, sanitize

    matcher = _worker_matcher(matcher)
    content: CleanContent | None = None
    problem: str | None = None
    source: Literal["page", "feed"] = "feed"
    if page is not None:
        problem = page.problem
        if problem is None and len(page.content) > MAX_EXTRACT_BYTES:
            problem = f"{page.url}: page too large to extract ({len(page.content):,} bytes)"
        if problem is None:
            try:
                from_page = extract_page(page.content, page.content_type, page.url)
            except ExtractError as exc:
                problem = str(exc)
            else:
                # the feed's text is never longer than its HTML: clean it only to compare
                if len(from_page.text) < len(entry.content_html):
                    content = sanitize(entry.content_html, entry.base_url)
                if content is None or len(from_page.text) >= len(content.text):
                    content, source = from_page, "page"
                else:
                    problem = "the page's article is shorter than the feed's content"
    if content is None:
        content = sanitize(entry.content_html, entry.base_url)
    reasons = matcher.match(entry.title, content.text)
    summary = content.html if source == "feed" and entry.summary == entry.content_html else None
    return _tagged(entry, content.html, content.text, source, reasons, problem, summary)


def prepare_all(entries: list[EntryData]) -> list[ArticleDraft]:
    """:func:`prepare` for entries without a page, in one round trip to a worker."""
    return [prepare(entry, None) for entry in entries]


def prepare_update(
    entry: EntryData,
    page_text: str | None,
    matcher: TopicMatcher | None = None,
    page_html: str | None = None,
) -> ArticleDraft:
    """A changed entry: the feed's content cleaned, topics and sources found in the body it
    will keep.

    Args:
        page_text: the stored text taken from its page (kept over the feed's), if any.
        page_html: that page's stored HTML (its links name sources too).
    """
    from scitui.extract import sanitize
    from scitui.sources import article_sources

    content = sanitize(entry.content_html, entry.base_url)
    reasons = _worker_matcher(matcher).match(entry.title, page_text or content.text)
    draft = _tagged(entry, content.html, content.text, "feed", reasons)
    if page_text is None:
        return draft
    sources = article_sources(draft.entry.title, page_text, page_html or "", draft.entry.url)
    return replace(draft, sources=tuple(sources))


def stored_entry(entry: EntryData, summary: str | None = None) -> EntryData:
    """The entry as stored: its summary (HTML) through the allowlist sanitizer.

    ``summary``: the summary already sanitized (it was the body). The feed's raw content is
    not stored (the entry's hash was taken from it before), so it is not sent back either.
    """
    from scitui.extract import clean_html

    if summary is None:
        summary = clean_html(entry.summary, entry.base_url)
    return replace(entry, summary=summary, content_html="")


def _tagged(
    entry: EntryData,
    html: str,
    text: str,
    source: Literal["page", "feed"],
    reasons: dict[str, tuple[TagReason, ...]],
    problem: str | None = None,
    summary: str | None = None,
) -> ArticleDraft:
    """The entry as stored, tagged with the topics matched (the caller adds the feed's tags)."""
    from scitui.sources import article_sources

    tags: dict[str, TagSource] = dict.fromkeys(reasons, "rule")
    stored = stored_entry(entry, summary)
    sources = tuple(article_sources(stored.title, text, html, stored.url))
    return ArticleDraft(
        stored, html, text, source, tags=tags, reasons=reasons, content_error=problem,
        sources=sources,
    )  # fmt: skip


def _worker_matcher(matcher: TopicMatcher | None) -> TopicMatcher:
    matcher = matcher or _matcher
    if matcher is None:
        raise RuntimeError("scitui.work.start() was not called in this process")
    return matcher
