"""Reading articles: lists, counts, positions, one article, search, tag counts."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any

from scitui.errors import QueryError
from scitui.models import Article, ArticleSummary, SearchHit, Tag, TagReason
from scitui.store.cjk import cjk_snippet, query_runs
from scitui.store.sources import SourceQueries
from scitui.store.sql import (
    SNIPPET_TOKENS,
    STORY_COLUMNS,
    STORY_UNREAD,
    SUMMARY_COLUMNS,
    ArticleFilter,
    fts_query,
    list_sql,
    moment,
    summary_from_row,
    utc_now,
    wrapped_errors,
)


class ArticleReads(SourceQueries):
    """Every read of articles: lists page without bodies; counts use indexes."""

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
        source = list_sql(where)
        order, reverse = "DESC", False
        if total is not None and offset > total // 2:
            limit = max(0, min(limit, total - offset))
            offset, order, reverse = max(0, total - offset - limit), "ASC", True
        columns = SUMMARY_COLUMNS + (STORY_COLUMNS if where.stories else "")
        rows = self._rows(
            f"SELECT {columns} FROM {source.tables} JOIN feeds f ON f.id = a.feed_id "
            f"WHERE {source.condition} ORDER BY {source.date} {order}, {source.id} {order} "
            "LIMIT ? OFFSET ?",
            [*source.params, limit, offset],
        )
        summaries = [summary_from_row(row) for row in rows]
        return summaries[::-1] if reverse else summaries

    def count_articles(self, where: ArticleFilter = ArticleFilter()) -> int:
        source = list_sql(where)
        return int(
            self._rows(
                f"SELECT count(*) AS n FROM {source.count_tables} WHERE {source.condition}",
                source.params,
            )[0]["n"]
        )

    def position(self, where: ArticleFilter, article_id: int) -> int | None:
        """How many articles come before this one in the list ``where`` selects, or None."""
        source = list_sql(where)
        exists = self._rows(
            f"SELECT 1 FROM {source.count_tables} WHERE {source.id} = ? AND {source.condition}",
            [article_id, *source.params],
        )
        if not exists:
            return None
        rows = self._rows(
            f"SELECT count(*) AS n FROM {source.count_tables}, (SELECT {source.mark_date} AS "
            f"sort_date, id FROM articles WHERE id = ?) AS mark WHERE {source.condition} AND "
            f"({source.date} > mark.sort_date OR "
            f"({source.date} = mark.sort_date AND {source.id} > mark.id))",
            [article_id, *source.params],
        )
        return int(rows[0]["n"])

    def next_unread(self, where: ArticleFilter, article_id: int, forward: bool) -> int | None:
        """The id of the nearest unread article after (older) or before (newer) this one."""
        source = list_sql(replace(where, unread=True) if where.tag else where)
        date, key = source.date, source.id
        if forward:
            beyond = f"{date} < mark.sort_date OR ({date} = mark.sort_date AND {key} < mark.id)"
            order = "DESC"
        else:
            beyond = f"{date} > mark.sort_date OR ({date} = mark.sort_date AND {key} > mark.id)"
            order = "ASC"
        unread_sql = STORY_UNREAD if where.stories else "a.read = 0"
        unread = "" if where.tag and not where.also_ids else f"AND {unread_sql} "
        rows = self._rows(
            f"SELECT {key} AS id FROM {source.count_tables}, (SELECT {source.mark_date} AS "
            f"sort_date, id FROM articles WHERE id = ?) AS mark WHERE {source.condition} "
            f"{unread}AND ({beyond}) "
            f"ORDER BY {date} {order}, {key} {order} LIMIT 1",
            [article_id, *source.params],
        )
        return int(rows[0]["id"]) if rows else None

    def last_fetched(self) -> datetime | None:
        """When any feed was last fetched."""
        return moment(self._rows("SELECT max(last_fetched) AS moment FROM feeds")[0]["moment"])

    def totals(self, *, stories: bool = False) -> tuple[int, int, int, int]:
        """(articles, unread, starred, starred unread), each from an index.

        With ``stories`` the first two count story rows (a story once, unread while any of
        its versions is), as a list of stories shows them; starred ones stay articles.
        """
        if stories:
            everything = "(SELECT count(*) FROM articles a WHERE a.story_row = 1) AS total, "
            unread = (
                f"(SELECT count(*) FROM articles a WHERE a.story_row = 1 AND {STORY_UNREAD}) "
                "AS unread, "
            )
        else:
            everything = "(SELECT count(*) FROM articles) AS total, "
            unread = "(SELECT count(*) FROM articles WHERE read = 0) AS unread, "
        row = self._rows(
            f"SELECT {everything}{unread}"
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
            published=moment(row["published"]),
            fetched_at=moment(row["fetched_at"]) or utc_now(),
            summary=row["summary"],
            html=row["html"],
            text=row["text"],
            content_source=row["content_source"],
            read=bool(row["read"]),
            starred=bool(row["starred"]),
            tags=tags,
            reasons=self.reasons(article_id),
            sources=self.sources_of(article_id),
            note=self._note_text(article_id),
            rule_actions=tuple(
                (row["view"], row["action"])
                for row in self._rows(
                    "SELECT view, action FROM article_actions WHERE article_id = ? "
                    "ORDER BY at, view, action",
                    (article_id,),
                )
            ),
        )

    def _note_text(self, article_id: int) -> str | None:
        rows = self._rows("SELECT text FROM notes WHERE article_id = ?", (article_id,))
        return str(rows[0]["text"]) if rows else None

    def reasons(self, article_id: int) -> dict[str, tuple[TagReason, ...]]:
        """Why rules tagged an article: tag -> (term, title or body, count), title first.

        Only for tags it still has (a database from before untag dropped reasons may keep some).
        """
        found: dict[str, list[TagReason]] = {}
        for row in self._rows(
            "SELECT r.tag, r.term, r.place, r.count FROM tag_reasons r "
            "JOIN article_tags t ON t.article_id = r.article_id AND t.tag = r.tag "
            "WHERE r.article_id = ? ORDER BY r.tag, r.place = 'body', r.count DESC, r.term",
            (article_id,),
        ):
            found.setdefault(row["tag"], []).append(
                TagReason(row["term"], row["place"], row["count"])
            )
        return {tag: tuple(reasons) for tag, reasons in found.items()}

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
        """Full-text search (FTS5, bm25-ranked, a title match weighing 5 body ones) with snippets.

        Ranked in two steps, so a query matching half the corpus stays fast: the best ``limit``
        ids come from the index alone (no article rows read, no snippets made), then only those
        get their summary row and snippet, in one read snapshot. The query is taken as words,
        each matched as a prefix, unless it uses FTS5 syntax (a mistake there is a QueryError).
        Articles whose note matches come first (the user's own words), then the index's best.
        """
        match = fts_query(query)
        conn = self.db.conn
        with wrapped_errors(self.path), _snapshot(conn), _query_errors(query):
            noted = self._ranked("notes_fts", match, note_filter(where), limit)
            ranked = self._ranked("articles_fts", match, search_filter(where), limit)
            ids = list(dict.fromkeys([*noted, *ranked]))[:limit]
            if not ids:
                return []
            chosen = json.dumps(ids)
            # "+rowid": the match is walked once and filtered, not run again for every id
            snippets: dict[int, str] = dict(
                conn.execute(
                    f"SELECT rowid, {SEARCH_SNIPPET} FROM articles_fts WHERE articles_fts "
                    "MATCH ? AND +rowid IN (SELECT value FROM json_each(?))",
                    [match, chosen],
                )
            )
            if noted:
                snippets.update(self._note_snippets(match, query, noted))
            rows = {
                row["id"]: row
                for row in self.db.query(
                    f"SELECT {SUMMARY_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
                    "WHERE a.id IN (SELECT value FROM json_each(?))",
                    [chosen],
                )
            }
            if runs := query_runs(query):
                snippets.update(self._cjk_snippets(runs, chosen, skip=noted))
        return [
            SearchHit(summary_from_row(rows[article_id]), snippets.get(article_id) or "")
            for article_id in ids
            if article_id in rows
        ]

    def _ranked(
        self, table: str, match: str, condition: tuple[str, list[Any]], limit: int
    ) -> list[int]:
        """The best ``limit`` ids of one search index (articles' or notes') meeting a condition."""
        where, params = condition
        return [
            row[0]
            for row in self.db.conn.execute(
                f"SELECT {table}.rowid FROM {table} WHERE {table} MATCH ? "
                f"AND {where} ORDER BY {rank(table)} LIMIT ?",
                [match, *params, limit],
            )
        ]

    def _note_snippets(self, match: str, query: str, noted: list[int]) -> dict[int, str]:
        """Snippets of the notes that matched, marked as the user's note."""
        runs = query_runs(query)
        found: dict[int, str] = {}
        for article_id, text, snippet in self.db.conn.execute(
            f"SELECT rowid, text, {NOTE_SNIPPET} FROM notes_fts WHERE notes_fts MATCH ? "
            "AND +rowid IN (SELECT value FROM json_each(?))",
            [match, json.dumps(noted)],
        ):
            cut = cjk_snippet(runs, "", text) if runs else None
            found[article_id] = f"note: {cut or snippet}"
        return found

    def _cjk_snippets(self, runs: list[str], chosen: str, skip: list[int]) -> dict[int, str]:
        """Snippets cut from the text around a Chinese match (FTS5's would show bigrams)."""
        found: dict[int, str] = {}
        for article_id, title, text in self.db.conn.execute(
            "SELECT id, title, text FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            [chosen],
        ):
            if article_id in skip:
                continue
            snippet = cjk_snippet(runs, title, text)
            if snippet is not None:
                found[article_id] = snippet
        return found

    def check_query(self, query: str) -> None:
        """Raise QueryError if the full-text index cannot parse ``query`` (as `/` takes it)."""
        with wrapped_errors(self.path), _query_errors(query):
            self.db.conn.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1",
                [fts_query(query)],
            ).fetchall()

    def tag_counts(self, *, stories: bool = False) -> list[tuple[str, int, int]]:
        """(tag, total, unread) for every tag in use; with ``stories``, its story rows."""
        return [
            (tag, story_total, story_unread) if stories else (tag, total, unread)
            for tag, total, unread, story_total, story_unread in self.tag_and_story_counts()
        ]

    def tag_and_story_counts(self) -> list[tuple[str, int, int, int, int]]:
        """(tag, articles, unread articles, story rows, unread story rows) for every tag in
        use, in one pass (a story row is unread while any of its versions is)."""
        return [
            (row["tag"], row["total"], row["unread"], row["stories"], row["unread_stories"])
            for row in self._rows(
                "SELECT tag, count(*) AS total, sum(read = 0) AS unread, "
                "sum(story_row) AS stories, "
                "sum(story_row AND (read = 0 OR others_unread > 0)) AS unread_stories "
                "FROM article_tags GROUP BY tag ORDER BY tag"
            )
        ]


def rank(table: str) -> str:
    """The ranking: bm25 with a title match weighing five body matches (lower is better); the
    CJK bigram columns weigh as the title and body they come from."""
    return f"bm25({table}, 5.0, 1.0, 5.0, 1.0)"


SEARCH_RANK = rank("articles_fts")
SEARCH_SNIPPET = f"snippet(articles_fts, -1, '«', '»', '…', {SNIPPET_TOKENS})"
NOTE_SNIPPET = f"snippet(notes_fts, 1, '«', '»', '…', {SNIPPET_TOKENS})"
QUERY_ERRORS = ("fts5", "syntax error", "unterminated", "no such column", "expected integer")
"""What SQLite says of a MATCH expression it cannot use: the user's query, not the database."""


def search_filter(where: ArticleFilter) -> tuple[str, list[Any]]:
    """``where`` as a condition on the FTS rowid, answered from indexes, not article rows.

    The ids come as the list's own query selects them (a tag's from the tag index, with its
    read flag; others from the articles' indexes by read, starred or feed). "+": the rowid
    is filtered, never handed to FTS5, which would run the match once for every id.
    """
    if where == ArticleFilter():
        return "1", []
    source = list_sql(where)
    return (
        f"+articles_fts.rowid IN (SELECT {source.id} FROM {source.count_tables} "
        f"WHERE {source.condition})",
        source.params,
    )


def note_filter(where: ArticleFilter) -> tuple[str, list[Any]]:
    """``where`` as a check of each matching note's article (one indexed lookup per note).

    Notes are few: building the pane's whole id list, as ``search_filter`` does for the
    articles' index, would cost more (6 ms for a 13k-article tag) than the notes' search.
    """
    if where == ArticleFilter():
        return "1", []
    source = list_sql(where)
    return (
        f"EXISTS (SELECT 1 FROM {source.count_tables} WHERE {source.id} = notes_fts.rowid "
        f"AND ({source.condition}))",
        source.params,
    )


@contextmanager
def _snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction around several statements (unless one is open already)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.rollback()


@contextmanager
def _query_errors(query: str) -> Iterator[None]:
    try:
        yield
    except sqlite3.OperationalError as exc:
        if any(marker in str(exc) for marker in QUERY_ERRORS):
            raise QueryError(f"cannot search for {query!r}: {exc}") from None
        raise
