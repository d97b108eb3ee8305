"""Store: every query scitui runs, over sqlite-utils, one connection per thread."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from scitui.errors import QueryError, StoreError
from scitui.models import Article, ArticleDraft, ArticleSummary, Feed, SearchHit, Tag
from scitui.store.schema import APPLICATION_ID, MIGRATIONS, VERSION

BUSY_TIMEOUT_MS = 15_000
SNIPPET_TOKENS = 12


@dataclass(frozen=True)
class KnownEntry:
    """What the store knows of an entry already: enough to skip or update it."""

    id: int
    entry_hash: str
    content_source: str


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a list shows."""

    tag: str | None = None
    unread: bool = False
    starred: bool = False
    feed_url: str | None = None
    also_ids: frozenset[int] = frozenset()
    """Articles shown whatever the other fields say: a list keeps a row it just marked read."""


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@contextmanager
def _wrapped(path: Path | str) -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: database error: {exc}") from None


class Store:
    """The SQLite cache of feeds, articles and tags.

    Each thread gets its own connection; WAL lets readers run beside a writer.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self._local = threading.local()
        if str(path) != ":memory:":
            file_path = Path(path)
            if file_path.is_dir():
                raise StoreError(f"{path}: is a directory, not a database file")
            try:
                file_path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path}: cannot create its folder: {exc.strerror}") from None
        with _wrapped(path):
            self._migrate(self.db.conn)

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection, opened on first use."""
        db: sqlite_utils.Database | None = getattr(self._local, "db", None)
        if db is None:
            with _wrapped(self.path):
                conn = sqlite3.connect(
                    str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
                )
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                conn.execute("PRAGMA foreign_keys = ON")
                if str(self.path) != ":memory:":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            db = sqlite_utils.Database(conn, execute_plugins=False)
            self._local.db = db
        return db

    def _migrate(self, conn: sqlite3.Connection) -> None:
        try:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a scitui database ({exc})") from None
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if application_id not in (0, APPLICATION_ID) or (application_id == 0 and tables):
            raise StoreError(f"{self.path}: not a scitui database (it has other tables)")
        if version > VERSION:
            raise StoreError(
                f"{self.path}: made by a newer scitui (schema {version}, this one knows {VERSION})"
            )
        while version < VERSION:
            with conn:
                MIGRATIONS[version](conn)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken at once (BEGIN IMMEDIATE), committed or rolled back."""
        conn = self.db.conn
        with _wrapped(self.path):
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        with _wrapped(self.path):
            return list(self.db.query(sql, params))

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.conn.close()
            self._local.db = None

    # feeds -------------------------------------------------------------

    def ensure_feed(self, url: str, name: str | None = None) -> Feed:
        """The stored feed configured as ``url``, created if new, with its name kept current.

        After a permanent redirect the feed is fetched from its new ``Feed.url``.
        """
        with self.transaction() as conn:
            # Another feed may have been redirected here: it goes back to its own URL.
            conn.execute(
                "UPDATE feeds SET url = source_url WHERE url = ? AND source_url != ?", (url, url)
            )
            conn.execute(
                "INSERT INTO feeds (url, source_url, name, added_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (source_url) DO UPDATE SET name = excluded.name",
                (url, url, name, _stamp(_now())),
            )
        feed = self.feed(url)
        assert feed is not None
        return feed

    def feed(self, url: str) -> Feed | None:
        """The feed configured as ``url``, or now fetched from it after a redirect."""
        rows = self._rows(
            f"{_FEED_SELECT} WHERE feeds.source_url = ? OR feeds.url = ? "
            "GROUP BY feeds.id ORDER BY feeds.source_url = ? DESC",
            (url, url, url),
        )
        return _feed(rows[0]) if rows else None

    def feeds(self) -> list[Feed]:
        """Every stored feed with its article and unread counts."""
        return [
            _feed(row) for row in self._rows(f"{_FEED_SELECT} GROUP BY feeds.id ORDER BY feeds.id")
        ]

    def record_fetch(
        self,
        feed_id: int,
        *,
        error: str | None = None,
        title: str | None = None,
        site_url: str | None = None,
        validators: tuple[str | None, str | None] | None = None,
        new_url: str | None = None,
    ) -> None:
        """Record a fetch's result; title, site and validators change only when given.

        Args:
            validators: (ETag, Last-Modified) of a full response, to send next time.
        """
        with self.transaction() as conn:
            conn.execute(
                "UPDATE feeds SET last_fetched = ?, last_error = ?, "
                "title = coalesce(?, title), site_url = coalesce(?, site_url) WHERE id = ?",
                (_stamp(_now()), error, title, site_url, feed_id),
            )
            if validators is not None:
                conn.execute(
                    "UPDATE feeds SET etag = ?, last_modified = ? WHERE id = ?",
                    (*validators, feed_id),
                )
            if new_url:
                conn.execute("UPDATE OR IGNORE feeds SET url = ? WHERE id = ?", (new_url, feed_id))

    # articles: ingest ---------------------------------------------------

    def known_entries(self, feed_id: int, keys: Iterable[str]) -> dict[str, KnownEntry]:
        """The stored state of those of ``keys`` this feed already has."""
        known: dict[str, KnownEntry] = {}
        key_list = list(keys)
        for start in range(0, len(key_list), 500):
            chunk = key_list[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT id, entry_key, entry_hash, content_source FROM articles "
                f"WHERE feed_id = ? AND entry_key IN ({marks})",
                [feed_id, *chunk],
            ):
                known[row["entry_key"]] = KnownEntry(
                    row["id"], row["entry_hash"], row["content_source"]
                )
        return known

    def save_new(self, feed_id: int, drafts: Iterable[tuple[ArticleDraft, str]]) -> int:
        """Insert new articles (draft, entry hash) with their tags in one transaction."""
        now = _stamp(_now())
        count = 0
        with self.transaction() as conn:
            for draft, entry_hash in drafts:
                entry = draft.entry
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO articles (feed_id, entry_key, guid, url, title, author,"
                    " published, sort_date, summary, html, text, content_source, entry_hash,"
                    " fetched_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        feed_id,
                        entry.key,
                        entry.guid,
                        entry.url,
                        entry.title,
                        entry.author,
                        _stamp(entry.published),
                        _stamp(entry.published) or now,
                        entry.summary,
                        draft.html,
                        draft.text,
                        draft.content_source,
                        entry_hash,
                        now,
                        now,
                    ),
                )
                if cursor.rowcount:
                    count += 1
                    _insert_tags(conn, cursor.lastrowid, draft.tags)
        return count

    def update_entries(self, updates: Iterable[tuple[int, ArticleDraft, str]]) -> int:
        """Update changed entries in place; read, starred and manual tags are kept.

        A body taken from the article page is kept; a body from the feed is replaced.
        """
        now = _stamp(_now())
        count = 0
        with self.transaction() as conn:
            for article_id, draft, entry_hash in updates:
                entry = draft.entry
                conn.execute(
                    "UPDATE articles SET guid = ?, url = ?, title = ?, author = ?, published = ?,"
                    " sort_date = coalesce(?, sort_date), summary = ?, entry_hash = ?,"
                    " updated_at = ?,"
                    " html = CASE WHEN content_source = 'page' THEN html ELSE ? END,"
                    " text = CASE WHEN content_source = 'page' THEN text ELSE ? END"
                    " WHERE id = ?",
                    (
                        entry.guid,
                        entry.url,
                        entry.title,
                        entry.author,
                        _stamp(entry.published),
                        _stamp(entry.published),
                        entry.summary,
                        entry_hash,
                        now,
                        draft.html,
                        draft.text,
                        article_id,
                    ),
                )
                conn.execute(
                    "DELETE FROM article_tags WHERE article_id = ? AND source != 'manual'",
                    (article_id,),
                )
                _insert_tags(conn, article_id, draft.tags)
                count += 1
        return count

    # articles: reading --------------------------------------------------

    def list_articles(
        self,
        where: ArticleFilter = ArticleFilter(),
        limit: int = 50,
        offset: int = 0,
        total: int | None = None,
    ) -> list[ArticleSummary]:
        """A page of articles, newest first, without bodies.

        Given the list's ``total``, a page in its older half is read from the oldest end,
        so reaching the last page costs what reaching the first does.
        """
        clauses, params = _filter_sql(where)
        order, reverse = "DESC", False
        if total is not None and offset > total // 2:
            limit = max(0, min(limit, total - offset))
            offset, order, reverse = max(0, total - offset - limit), "ASC", True
        rows = self._rows(
            f"{_SUMMARY_SELECT} WHERE {clauses} ORDER BY a.sort_date {order}, a.id {order} "
            "LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        summaries = [_summary(row) for row in rows]
        return summaries[::-1] if reverse else summaries

    def count_articles(self, where: ArticleFilter = ArticleFilter()) -> int:
        clauses, params = _filter_sql(where)
        return int(
            self._rows(f"SELECT count(*) AS n FROM articles a WHERE {clauses}", params)[0]["n"]
        )

    def position(self, where: ArticleFilter, article_id: int) -> int | None:
        """How many articles come before this one in the list ``where`` selects, or None."""
        clauses, params = _filter_sql(where)
        rows = self._rows(
            f"SELECT count(*) AS n FROM articles a, (SELECT sort_date, id FROM articles "
            f"WHERE id = ?) AS mark WHERE {clauses} AND (a.sort_date > mark.sort_date OR "
            f"(a.sort_date = mark.sort_date AND a.id > mark.id))",
            [article_id, *params],
        )
        exists = self._rows(
            f"SELECT 1 FROM articles a WHERE a.id = ? AND {clauses}", [article_id, *params]
        )
        return int(rows[0]["n"]) if exists else None

    def next_unread(self, where: ArticleFilter, article_id: int, forward: bool) -> int | None:
        """The id of the nearest unread article after (older) or before (newer) this one."""
        clauses, params = _filter_sql(where)
        if forward:
            beyond, order = (
                "a.sort_date < mark.sort_date OR (a.sort_date = mark.sort_date AND a.id < mark.id)",
                "DESC",
            )
        else:
            beyond, order = (
                "a.sort_date > mark.sort_date OR (a.sort_date = mark.sort_date AND a.id > mark.id)",
                "ASC",
            )
        rows = self._rows(
            f"SELECT a.id FROM articles a, (SELECT sort_date, id FROM articles WHERE id = ?) "
            f"AS mark WHERE {clauses} AND a.read = 0 AND ({beyond}) "
            f"ORDER BY a.sort_date {order}, a.id {order} LIMIT 1",
            [article_id, *params],
        )
        return int(rows[0]["id"]) if rows else None

    def last_fetched(self) -> datetime | None:
        """When any feed was last fetched."""
        return _moment(self._rows("SELECT max(last_fetched) AS moment FROM feeds")[0]["moment"])

    def totals(self) -> tuple[int, int, int, int]:
        """(articles, unread, starred, starred unread), each from an index."""
        row = self._rows(
            "SELECT (SELECT count(*) FROM articles) AS total, "
            "(SELECT count(*) FROM articles WHERE read = 0) AS unread, "
            "(SELECT count(*) FROM articles WHERE starred = 1) AS starred, "
            "(SELECT count(*) FROM articles WHERE starred = 1 AND read = 0) AS starred_unread"
        )[0]
        return row["total"], row["unread"], row["starred"], row["starred_unread"]

    def article(self, article_id: int) -> Article | None:
        """One article with its body and tag sources, or None."""
        rows = self._rows(
            "SELECT a.*, coalesce(f.name, f.title, f.url) AS feed_name, f.url AS feed_url "
            "FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?",
            (article_id,),
        )
        if not rows:
            return None
        row = rows[0]
        tags = tuple(
            Tag(tag["tag"], tag["source"])
            for tag in self._rows(
                "SELECT tag, source FROM article_tags WHERE article_id = ? ORDER BY tag",
                (article_id,),
            )
        )
        return Article(
            id=row["id"],
            title=row["title"],
            url=row["url"],
            feed=row["feed_name"],
            feed_url=row["feed_url"],
            author=row["author"],
            published=_moment(row["published"]),
            fetched_at=_moment(row["fetched_at"]) or _now(),
            summary=row["summary"],
            html=row["html"],
            text=row["text"],
            content_source=row["content_source"],
            read=bool(row["read"]),
            starred=bool(row["starred"]),
            tags=tags,
        )

    def existing_ids(self, article_ids: Iterable[int]) -> set[int]:
        ids = list(article_ids)
        marks = ",".join("?" * len(ids))
        return (
            {row["id"] for row in self._rows(f"SELECT id FROM articles WHERE id IN ({marks})", ids)}
            if ids
            else set()
        )

    def search(
        self, query: str, where: ArticleFilter = ArticleFilter(), limit: int = 50
    ) -> list[SearchHit]:
        """Full-text search (FTS5, bm25-ranked) with a snippet per hit.

        The query is taken as words, each matched as a prefix, unless it uses FTS5 syntax.
        """
        clauses, params = _filter_sql(where)
        sql = (
            f"SELECT {_SUMMARY_COLUMNS}, snippet(articles_fts, -1, '«', '»', '…', "
            f"{SNIPPET_TOKENS}) AS snippet FROM articles_fts JOIN articles a ON a.id = "
            f"articles_fts.rowid JOIN feeds f ON f.id = a.feed_id WHERE articles_fts MATCH ? "
            f"AND {clauses} ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ?"
        )
        with _wrapped(self.path):
            try:
                rows = list(self.db.query(sql, [fts_query(query), *params, limit]))
            except sqlite3.OperationalError as exc:
                if "fts5" in str(exc) or "syntax error" in str(exc) or "unterminated" in str(exc):
                    raise QueryError(f"cannot search for {query!r}: {exc}") from None
                raise
        return [SearchHit(_summary(row), row["snippet"] or "") for row in rows]

    def tag_counts(self) -> list[tuple[str, int, int]]:
        """(tag, total, unread) for every tag in use."""
        return [
            (row["tag"], row["total"], row["unread"])
            for row in self._rows(
                "SELECT t.tag, count(*) AS total, sum(a.read = 0) AS unread FROM article_tags t "
                "JOIN articles a ON a.id = t.article_id GROUP BY t.tag ORDER BY t.tag"
            )
        ]

    # user state ---------------------------------------------------------

    def set_flag(self, article_ids: Iterable[int], flag: str, value: bool) -> int:
        """Set ``read`` or ``starred`` on articles; returns how many exist."""
        if flag not in ("read", "starred"):
            raise ValueError(f"unknown flag {flag!r}")
        ids = list(article_ids)
        with self.transaction() as conn:
            return sum(
                conn.execute(
                    f"UPDATE articles SET {flag} = ? WHERE id = ?", (int(value), article_id)
                ).rowcount
                for article_id in ids
            )

    def set_flag_where(self, where: ArticleFilter, flag: str, value: bool) -> int:
        """Set ``read`` or ``starred`` on every article ``where`` selects; returns how many."""
        if flag not in ("read", "starred"):
            raise ValueError(f"unknown flag {flag!r}")
        clauses, params = _filter_sql(where)
        with self.transaction() as conn:
            return int(
                conn.execute(
                    f"UPDATE articles AS a SET {flag} = ? WHERE {flag} != ? AND ({clauses})",
                    [int(value), int(value), *params],
                ).rowcount
            )

    def add_tags(self, article_id: int, tags: Iterable[str]) -> None:
        """Tag an article by hand; a manual tag outranks the same tag from rules."""
        with self.transaction() as conn:
            for tag in tags:
                conn.execute(
                    "DELETE FROM tag_removals WHERE article_id = ? AND tag = ?", (article_id, tag)
                )
                conn.execute(
                    "INSERT INTO article_tags (article_id, tag, source) VALUES (?, ?, 'manual') "
                    "ON CONFLICT DO UPDATE SET source = 'manual'",
                    (article_id, tag),
                )

    def remove_tags(self, article_id: int, tags: Iterable[str]) -> None:
        """Untag an article; an automatic tag removed by hand stays removed."""
        with self.transaction() as conn:
            for tag in tags:
                conn.execute(
                    "DELETE FROM article_tags WHERE article_id = ? AND tag = ?", (article_id, tag)
                )
                conn.execute(
                    "INSERT OR IGNORE INTO tag_removals (article_id, tag) VALUES (?, ?)",
                    (article_id, tag),
                )


def _insert_tags(conn: sqlite3.Connection, article_id: int | None, tags: Mapping[str, str]) -> None:
    for tag, source in tags.items():
        conn.execute(
            "INSERT OR IGNORE INTO article_tags (article_id, tag, source) SELECT ?, ?, ? "
            "WHERE NOT EXISTS (SELECT 1 FROM tag_removals WHERE article_id = ? AND tag = ?)",
            (article_id, tag, source, article_id, tag),
        )


def fts_query(query: str) -> str:
    """Quote each word for FTS5 (so punctuation is safe) and match it as a prefix.

    A query using FTS5 operators (AND, OR, NOT, NEAR, quotes) is passed through.
    """
    operators = any(op in query.split() for op in ("AND", "OR", "NOT")) or "NEAR(" in query
    if (operators or '"' in query) and query.count('"') % 2 == 0:
        return query
    words = [word.replace('"', "") for word in query.split()]
    return " ".join(f'"{word}"*' for word in words if word) or '""'


_SUMMARY_COLUMNS = (
    "a.id, a.title, a.url, a.published, a.read, a.starred, "
    "coalesce(f.name, f.title, f.url) AS feed_name, "
    "(SELECT group_concat(tag, ' ') FROM (SELECT tag FROM article_tags WHERE article_id = a.id "
    "ORDER BY tag)) AS tag_list"
)
_SUMMARY_SELECT = f"SELECT {_SUMMARY_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id"
_FEED_SELECT = (
    "SELECT feeds.*, count(a.id) AS article_count, coalesce(sum(a.read = 0), 0) AS unread_count "
    "FROM feeds LEFT JOIN articles a ON a.feed_id = feeds.id"
)


def _filter_sql(where: ArticleFilter) -> tuple[str, list[Any]]:
    clauses = ["1"]
    params: list[Any] = []
    if where.tag:
        clauses.append("a.id IN (SELECT article_id FROM article_tags WHERE tag = ?)")
        params.append(where.tag)
    if where.unread:
        clauses.append("a.read = 0")
    if where.starred:
        clauses.append("a.starred = 1")
    if where.feed_url:
        clauses.append("a.feed_id IN (SELECT id FROM feeds WHERE url = ? OR source_url = ?)")
        params.extend([where.feed_url, where.feed_url])
    sql = " AND ".join(clauses)
    if where.also_ids:
        ids = sorted(where.also_ids)
        sql = f"(({sql}) OR a.id IN ({','.join('?' * len(ids))}))"
        params.extend(ids)
    return sql, params


def _summary(row: dict[str, Any]) -> ArticleSummary:
    return ArticleSummary(
        id=row["id"],
        title=row["title"],
        url=row["url"],
        feed=row["feed_name"],
        published=_moment(row["published"]),
        read=bool(row["read"]),
        starred=bool(row["starred"]),
        tags=tuple((row["tag_list"] or "").split()),
    )


def _feed(row: dict[str, Any]) -> Feed:
    return Feed(
        id=row["id"],
        url=row["url"],
        source_url=row["source_url"],
        title=row["title"],
        name=row["name"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_fetched=_moment(row["last_fetched"]),
        last_error=row["last_error"],
        article_count=row["article_count"],
        unread_count=row["unread_count"],
    )
