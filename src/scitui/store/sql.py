"""Values, SQL fragments and row mappers shared by the store's parts."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scitui.errors import StoreError
from scitui.models import ArticleSummary, Feed, TagReason
from scitui.store.cjk import has_cjk, plain_query, syntax_query

BUSY_TIMEOUT_MS = 15_000
SNIPPET_TOKENS = 12


@dataclass(frozen=True)
class KnownEntry:
    """What the store knows of an entry already: enough to skip or update it."""

    id: int
    entry_hash: str
    content_source: str
    page_pending: bool = False
    """Stored with the feed's content; its page is to be downloaded by a later run."""


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a list shows."""

    tag: str | None = None
    unread: bool = False
    starred: bool = False
    feed_url: str | None = None
    also_ids: frozenset[int] = frozenset()
    """Articles shown whatever the other fields say: a list keeps a row it just marked read."""
    any_tags: tuple[str, ...] = ()
    """Articles with at least one of these tags (a view's ``tags``)."""
    all_tags: tuple[str, ...] = ()
    """Articles with every one of these tags."""
    feed_urls: tuple[str, ...] = ()
    """Articles of any of these feeds (by configured or fetched URL)."""
    since: datetime | None = None
    """Articles dated at or after this moment."""
    match: str | None = None
    """Articles the full-text index matches for these words (or FTS5 syntax), as `/` takes them."""
    stories: bool = False
    """One row per story (its head, dated by its newest version) instead of one per article;
    unread then means any version unread."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@contextmanager
def wrapped_errors(path: Path | str) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise store_error(path, exc) from None


def store_error(path: Path | str, exc: sqlite3.Error) -> StoreError:
    """One line naming the file and saying what went wrong, by SQLite's result code."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if code == sqlite3.SQLITE_FULL:
        problem = (
            "disk full: the database could not grow, so this change was not saved "
            "(what was stored before is intact; free some space and try again)"
        )
    elif code == sqlite3.SQLITE_IOERR:
        name = getattr(exc, "sqlite_errorname", "SQLITE_IOERR")
        problem = f"disk I/O error ({name}): this change was not saved; is the disk full?"
    elif code == sqlite3.SQLITE_CORRUPT:
        problem = f"the database file is damaged ({exc}); move it aside to start a new one"
    elif code == sqlite3.SQLITE_NOTADB:
        problem = "not a database file (or its first page is damaged)"
    elif code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        problem = f"the database is busy ({exc}): another scitui kept it locked; try again"
    elif code == sqlite3.SQLITE_READONLY:
        problem = f"the database cannot be written ({exc})"
    elif code == sqlite3.SQLITE_CANTOPEN:
        problem = f"cannot open the database file ({exc}); is its folder writable?"
    else:
        problem = f"database error: {exc}"
    return StoreError(f"{path}: {problem}")


def insert_tags(
    conn: sqlite3.Connection,
    article_id: int | None,
    tags: Mapping[str, str],
    reasons: Mapping[str, Iterable[TagReason]] | None = None,
) -> None:
    """Add automatic tags (never one the user removed) and replace the rules' reasons."""
    for tag, source in tags.items():
        conn.execute(
            "INSERT OR IGNORE INTO article_tags (article_id, tag, source) SELECT ?, ?, ? "
            "WHERE NOT EXISTS (SELECT 1 FROM tag_removals WHERE article_id = ? AND tag = ?)",
            (article_id, tag, source, article_id, tag),
        )
    if reasons is not None:
        replace_reasons(conn, article_id, reasons)


def replace_reasons(
    conn: sqlite3.Connection,
    article_id: int | None,
    reasons: Mapping[str, Iterable[TagReason]],
    only: Iterable[str] | None = None,
) -> None:
    """Store why rules tagged an article, in place of what was stored before.

    Args:
        only: replace the reasons of these tags only (default: all of the article's).
    """
    if only is None:
        conn.execute("DELETE FROM tag_reasons WHERE article_id = ?", (article_id,))
    else:
        conn.executemany(
            "DELETE FROM tag_reasons WHERE article_id = ? AND tag = ?",
            [(article_id, tag) for tag in only],
        )
    insert_reasons(conn, article_id, reasons)


def insert_reasons(
    conn: sqlite3.Connection,
    article_id: int | None,
    reasons: Mapping[str, Iterable[TagReason]],
) -> None:
    """Store why rules tagged an article (one row per tag and term)."""
    conn.executemany(INSERT_REASON, reason_rows(article_id, reasons))


INSERT_REASON = (
    "INSERT OR REPLACE INTO tag_reasons (article_id, tag, term, place, count) "
    "VALUES (?, ?, ?, ?, ?)"
)


def reason_rows(
    article_id: int | None, reasons: Mapping[str, Iterable[TagReason]]
) -> list[tuple[int | None, str, str, str, int]]:
    """``tag_reasons`` rows for an article's reasons, for :data:`INSERT_REASON`."""
    return [
        (article_id, tag, reason.term, reason.where, reason.count)
        for tag, tag_reasons in reasons.items()
        for reason in tag_reasons
    ]


def fts_query(query: str) -> str:
    """Quote each word for FTS5 (so punctuation is safe) and match it as a prefix.

    A query using FTS5 operators (AND, OR, NOT, NEAR, quotes) is passed through. Chinese runs
    become phrases of their bigrams on the CJK columns (scitui.store.cjk), in either kind.
    """
    operators = any(op in query.split() for op in ("AND", "OR", "NOT")) or "NEAR(" in query
    syntax = (operators or '"' in query) and query.count('"') % 2 == 0
    if has_cjk(query):
        return syntax_query(query) if syntax else plain_query(query)
    if syntax:
        return query
    words = [word.replace('"', "") for word in query.split()]
    return " ".join(f'"{word}"*' for word in words if word) or '""'


SUMMARY_COLUMNS = (
    "a.id, a.title, a.url, a.published, a.read, a.starred, "
    "coalesce(f.name, f.title, f.url) AS feed_name, "
    "(SELECT group_concat(tag, ' ') FROM (SELECT tag FROM article_tags WHERE article_id = a.id "
    "ORDER BY tag)) AS tag_list, "
    "EXISTS (SELECT 1 FROM notes WHERE article_id = a.id) AS has_note"
)
FEED_SELECT = (
    "SELECT feeds.*, count(a.id) AS article_count, coalesce(sum(a.read = 0), 0) AS unread_count "
    "FROM feeds LEFT JOIN articles a ON a.feed_id = feeds.id"
)


def filter_sql(where: ArticleFilter) -> tuple[str, list[Any]]:
    clauses = ["1"]
    params: list[Any] = []
    if where.tag:
        heads = " AND story_row = 1" if where.stories else ""
        clauses.append(f"a.id IN (SELECT article_id FROM article_tags WHERE tag = ?{heads})")
        params.append(where.tag)
    elif where.stories:
        clauses.append("a.story_row = 1")
    if where.unread:
        clauses.append(STORY_UNREAD if where.stories else "a.read = 0")
    if where.starred:
        clauses.append("a.starred = 1")
    if where.feed_url:
        clauses.append("a.feed_id IN (SELECT id FROM feeds WHERE url = ? OR source_url = ?)")
        params.extend([where.feed_url, where.feed_url])
    view_clauses, view_params = _view_clauses(where, "a.id", "a.sort_date")
    clauses += view_clauses
    params += view_params
    sql = " AND ".join(clauses)
    if where.also_ids:
        ids = sorted(where.also_ids)
        # "+a.id": no index for this term, so the planner walks the date index in order
        sql = f"(({sql}) OR +a.id IN ({','.join('?' * len(ids))}))"
        params.extend(ids)
    return sql, params


STORY_UNREAD = "(a.read = 0 OR a.others_unread > 0)"
"""A story row is unread while any of its versions is."""
STORY_DATE = "coalesce({0}.story_date, {0}.sort_date)"
"""What a list of stories is ordered by: the story's newest date (an article alone: its own)."""


def _view_clauses(where: ArticleFilter, key: str, date: str) -> tuple[list[str], list[Any]]:
    """Conditions for a view's fields, on an article ``key`` and ``date`` column.

    Tags, feeds and the full-text match are sets looked up as the list walks its date index
    ("+": never the driver, which would sort every match for each page); a date bounds it.
    """
    clauses: list[str] = []
    params: list[Any] = []
    if where.any_tags:
        marks = ",".join("?" * len(where.any_tags))
        clauses.append(f"+{key} IN (SELECT article_id FROM article_tags WHERE tag IN ({marks}))")
        params.extend(where.any_tags)
    for tag in where.all_tags:
        clauses.append(f"+{key} IN (SELECT article_id FROM article_tags WHERE tag = ?)")
        params.append(tag)
    if where.feed_urls:
        marks = ",".join("?" * len(where.feed_urls))
        clauses.append(
            f"+a.feed_id IN (SELECT id FROM feeds WHERE url IN ({marks}) "
            f"OR source_url IN ({marks}))"
        )
        params.extend([*where.feed_urls, *where.feed_urls])
    if where.since is not None:
        clauses.append(f"{date} >= ?")
        params.append(stamp(where.since))
    if where.match is not None:
        clauses.append(f"+{key} IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(fts_query(where.match))
    return clauses, params


@dataclass(frozen=True)
class ListSql:
    """How to select a list: tables, condition and the columns it is ordered by.

    A tag's list is driven by article_tags, whose rows carry the article's date and read flag
    (schema 3): paging, counting and finding the next unread then use one index.
    """

    tables: str
    """FROM clause with the articles table as ``a`` (for rows that need article columns)."""
    count_tables: str
    """FROM clause enough to count (may leave the articles table out)."""
    condition: str
    params: list[Any]
    date: str
    id: str
    mark_date: str = "sort_date"
    """The articles column (or expression) that ``date`` copies, to compare a row with."""


def list_sql(where: ArticleFilter) -> ListSql:
    """The SQL pieces that select ``where``'s list, by tag index when it is a tag's list."""
    if where.tag and not where.also_ids:
        clauses, params = ["t.tag = ?"], [where.tag]
        if where.stories:
            clauses.append("t.story_row = 1")
        if where.unread:
            clauses.append("(t.read = 0 OR t.others_unread > 0)" if where.stories else "t.read = 0")
        needs_article = where.starred or bool(where.feed_url) or bool(where.feed_urls)
        if where.starred:
            clauses.append("a.starred = 1")
        if where.feed_url:
            clauses.append("a.feed_id IN (SELECT id FROM feeds WHERE url = ? OR source_url = ?)")
            params.extend([where.feed_url, where.feed_url])
        view_clauses, view_params = _view_clauses(where, "t.article_id", "t.sort_date")
        clauses += view_clauses
        params += view_params
        joined = "article_tags t JOIN articles a ON a.id = t.article_id"
        return ListSql(
            joined,
            joined if needs_article else "article_tags t",
            " AND ".join(clauses),
            params,
            STORY_DATE.format("t") if where.stories else "t.sort_date",
            "t.article_id",
            STORY_DATE.format("articles") if where.stories else "sort_date",
        )
    condition, params = filter_sql(where)
    if where.stories:
        date, mark = STORY_DATE.format("a"), STORY_DATE.format("articles")
        return ListSql("articles a", "articles a", condition, params, date, "a.id", mark)
    return ListSql("articles a", "articles a", condition, params, "a.sort_date", "a.id")


STORY_COLUMNS = (
    ", CASE WHEN a.story_id IS NULL THEN 1 ELSE (SELECT count(*) FROM articles s "
    "WHERE s.story_id = a.story_id) END AS story_size, "
    "(a.read = 0) + a.others_unread AS story_unread, "
    "coalesce(a.story_date, a.sort_date) AS newest"
)
"""What a story row adds to an article's: versions, unread versions, the newest date."""


def summary_from_row(row: dict[str, Any]) -> ArticleSummary:
    if "story_size" in row:
        return replace(
            _summary(row),
            read=row["story_unread"] == 0,
            story_size=row["story_size"],
            story_unread=row["story_unread"],
            newest=moment(row["newest"]) if row["story_size"] > 1 else None,
        )
    return _summary(row)


def _summary(row: dict[str, Any]) -> ArticleSummary:
    return ArticleSummary(
        id=row["id"],
        title=row["title"],
        url=row["url"],
        feed=row["feed_name"],
        published=moment(row["published"]),
        read=bool(row["read"]),
        starred=bool(row["starred"]),
        tags=tuple((row["tag_list"] or "").split()),
        has_note=bool(row["has_note"]),
    )


def feed_from_row(row: dict[str, Any]) -> Feed:
    return Feed(
        id=row["id"],
        url=row["url"],
        source_url=row["source_url"],
        title=row["title"],
        name=row["name"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_fetched=moment(row["last_fetched"]),
        last_error=row["last_error"],
        last_success=moment(row["last_success"]),
        article_count=row["article_count"],
        unread_count=row["unread_count"],
    )
