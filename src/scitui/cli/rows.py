"""The CLI's output for pipes and files: one line per row, tab-separated, nothing cut.

No header line, so ``wc -l`` counts rows and ``grep``, ``cut -f`` and ``awk -F'\\t'`` work
as they do on any Unix tool's output; the README lists each command's columns. A field is
one line of plain text: control characters dropped, tabs and newlines as single spaces.
Rich is not imported here, so ``scitui list | grep ...`` does not pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TextIO

from scitui.models import ArticleSummary, Feed, FeedOutcome, SearchHit, TagCount
from scitui.runs import plural, summarize
from scitui.text import clean_line

if TYPE_CHECKING:
    from scitui.views import ViewCount


def _row(out: TextIO, fields: Iterable[object]) -> None:
    out.write("\t".join(clean_line(str(value)) for value in fields) + "\n")


def _moment(value: datetime | None, pattern: str) -> str:
    return value.strftime(pattern) if value else ""


def flags(article: ArticleSummary) -> str:
    """'N' unread, '*' starred, '-' neither: 'N*', 'N', '*', '-'."""
    return ("N" if not article.read else "") + ("*" if article.starred else "") or "-"


def _fields(article: ArticleSummary) -> tuple[object, ...]:
    return (
        article.id,
        flags(article),
        _moment(article.published, "%Y-%m-%d"),
        article.feed,
        " ".join(article.tags),
        article.title,
        article.url or "",
    )


def write_articles(out: TextIO, articles: Iterable[ArticleSummary]) -> None:
    """id, flags, date, feed, tags (space-separated), title, url."""
    for article in articles:
        _row(out, _fields(article))


def write_hits(out: TextIO, hits: Iterable[SearchHit]) -> None:
    """id, flags, date, feed, tags, title, url, snippet (matches in «»)."""
    for hit in hits:
        _row(out, (*_fields(hit.article), hit.snippet))


def write_tags(out: TextIO, counts: Iterable[TagCount]) -> None:
    """tag, kind (topic or tag), unread, total, title (a topic's)."""
    for count in counts:
        title = count.title if count.kind == "topic" else ""
        _row(out, (count.tag, count.kind, count.unread, count.total, title))


def write_views(out: TextIO, counts: Iterable[ViewCount]) -> None:
    """slug, unread, total, title."""
    for count in counts:
        _row(out, (count.view.slug, count.unread, count.total, count.view.title))


def write_feeds(out: TextIO, feeds: Iterable[Feed]) -> None:
    """url, name, articles, unread, last fetch, last success, last error (UTC times)."""
    for feed in feeds:
        _row(
            out,
            (
                feed.source_url,
                feed.display_name,
                feed.article_count,
                feed.unread_count,
                _moment(feed.last_fetched, "%Y-%m-%dT%H:%M:%SZ") or "never",
                _moment(feed.last_success, "%Y-%m-%dT%H:%M:%SZ") or "never",
                feed.last_error or "",
            ),
        )


def write_outcomes(out: TextIO, outcomes: Iterable[FeedOutcome]) -> None:
    """status, new, updated, page errors, url, title, error or warning (whole)."""
    for outcome in outcomes:
        _row(
            out,
            (
                outcome.status,
                outcome.new,
                outcome.updated,
                outcome.page_errors,
                outcome.url,
                "" if outcome.title in (None, outcome.url) else outcome.title,
                outcome.error or outcome.warning or "",
            ),
        )


def fetch_totals(outcomes: list[FeedOutcome]) -> list[str]:
    """The totals of a fetch, then one line per cause its failures share ("offline: ...")."""
    failed = sum(not outcome.ok for outcome in outcomes)
    totals = (
        f"{plural(sum(o.new for o in outcomes), 'new article')}, "
        f"{sum(o.updated for o in outcomes):,} updated, "
        f"{len(outcomes) - failed:,} of {plural(len(outcomes), 'feed')} ok"
    )
    return [totals, *summarize(outcomes, datetime.now(UTC)).lines()]
