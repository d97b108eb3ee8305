"""Reading articles: lists, counts, positions, one article, search, tag counts."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from scitui.errors import QueryError
from scitui.models import Article, ArticleSummary, SearchHit, Tag, TagReason
from scitui.store.base import StoreBase
from scitui.store.sql import (
    SNIPPET_TOKENS,
    SUMMARY_COLUMNS,
    ArticleFilter,
    filter_sql,
    fts_query,
    list_sql,
    moment,
    summary_from_row,
    utc_now,
    wrapped_errors,
)


class ArticleReads(StoreBase):
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
        rows = self._rows(
            f"SELECT {SUMMARY_COLUMNS} FROM {source.tables} JOIN feeds f ON f.id = a.feed_id "
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
            f"SELECT count(*) AS n FROM {source.count_tables}, (SELECT sort_date, id FROM "
            f"articles WHERE id = ?) AS mark WHERE {source.condition} AND "
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
        unread = "" if where.tag and not where.also_ids else "AND a.read = 0 "
        rows = self._rows(
            f"SELECT {key} AS id FROM {source.count_tables}, (SELECT sort_date, id FROM "
            f"articles WHERE id = ?) AS mark WHERE {source.condition} {unread}AND ({beyond}) "
            f"ORDER BY {date} {order}, {key} {order} LIMIT 1",
            [article_id, *source.params],
        )
        return int(rows[0]["id"]) if rows else None

    def last_fetched(self) -> datetime | None:
        """When any feed was last fetched."""
        return moment(self._rows("SELECT max(last_fetched) AS moment FROM feeds")[0]["moment"])

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
        )

    def reasons(self, article_id: int) -> dict[str, tuple[TagReason, ...]]:
        """Why rules tagged an article: tag -> (term, title or body, count), title first."""
        found: dict[str, list[TagReason]] = {}
        for row in self._rows(
            "SELECT tag, term, place, count FROM tag_reasons WHERE article_id = ? "
            "ORDER BY tag, place = 'body', count DESC, term",
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
        """Full-text search (FTS5, bm25-ranked) with a snippet per hit.

        The query is taken as words, each matched as a prefix, unless it uses FTS5 syntax.
        """
        clauses, params = filter_sql(where)
        sql = (
            f"SELECT {SUMMARY_COLUMNS}, snippet(articles_fts, -1, '«', '»', '…', "
            f"{SNIPPET_TOKENS}) AS snippet FROM articles_fts JOIN articles a ON a.id = "
            f"articles_fts.rowid JOIN feeds f ON f.id = a.feed_id WHERE articles_fts MATCH ? "
            f"AND {clauses} ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ?"
        )
        with wrapped_errors(self.path):
            try:
                rows = list(self.db.query(sql, [fts_query(query), *params, limit]))
            except sqlite3.OperationalError as exc:
                if "fts5" in str(exc) or "syntax error" in str(exc) or "unterminated" in str(exc):
                    raise QueryError(f"cannot search for {query!r}: {exc}") from None
                raise
        return [SearchHit(summary_from_row(row), row["snippet"] or "") for row in rows]

    def tag_counts(self) -> list[tuple[str, int, int]]:
        """(tag, total, unread) for every tag in use."""
        return [
            (row["tag"], row["total"], row["unread"])
            for row in self._rows(
                "SELECT tag, count(*) AS total, sum(read = 0) AS unread FROM article_tags "
                "GROUP BY tag ORDER BY tag"
            )
        ]
