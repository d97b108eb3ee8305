"""Primary sources: each article's documents, and the documents most cited."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from scitui.models import ArticleSummary, Source, SourceCount, source_order
from scitui.store.base import StoreBase
from scitui.store.schema import SOURCES_SCAN_KEY
from scitui.store.sql import SUMMARY_COLUMNS, moment, stamp, summary_from_row


def write_sources(
    conn: sqlite3.Connection, article_id: int | None, sources: Iterable[Source], *, new: bool
) -> None:
    """Store an article's sources, replacing those it had unless it is ``new``."""
    if not new:
        conn.execute("DELETE FROM article_sources WHERE article_id = ?", (article_id,))
    conn.executemany(
        INSERT_SOURCE, [(article_id, source.kind, source.id, source.url) for source in sources]
    )


INSERT_SOURCE = (
    "INSERT OR IGNORE INTO article_sources (article_id, kind, ident, url) VALUES (?, ?, ?, ?)"
)


SOURCE_COUNTS = """
SELECT s.kind, s.ident, max(s.url) AS url,
    count(DISTINCT a.story_id) + sum(a.story_id IS NULL) AS stories,
    count(*) AS articles,
    count(DISTINCT a.feed_id) AS outlets,
    max(a.sort_date) AS newest
FROM article_sources s JOIN articles a ON a.id = s.article_id
WHERE {condition}
GROUP BY s.kind, s.ident
ORDER BY stories DESC, articles DESC, newest DESC, s.kind, s.ident
LIMIT ?
"""
"""Documents, most cited first: by stories (an article in no story is a story of its own),
then articles. Grouped along article_sources_by_ident; only the ranking sorts."""


class SourceQueries(StoreBase):
    """Reads of the primary sources articles cite."""

    def sources_of(self, article_id: int) -> tuple[Source, ...]:
        """An article's sources, by kind (in SOURCE_KINDS order) then id."""
        rows = self._rows(
            "SELECT kind, ident, url FROM article_sources WHERE article_id = ?", (article_id,)
        )
        return tuple(
            sorted((Source(r["kind"], r["ident"], r["url"]) for r in rows), key=source_order)
        )

    def source_counts(
        self, kind: str | None = None, since: datetime | None = None, limit: int = 1000
    ) -> list[SourceCount]:
        """The documents articles cite, most cited first, with who cites them and when."""
        clauses: list[str] = ["1"]
        params: list[object] = []
        if kind is not None:
            clauses.append("s.kind = ?")
            params.append(kind)
        if since is not None:
            clauses.append("a.sort_date >= ?")
            params.append(stamp(since))
        rows = self._rows(SOURCE_COUNTS.format(condition=" AND ".join(clauses)), [*params, limit])
        return [
            SourceCount(
                Source(row["kind"], row["ident"], row["url"]),
                stories=row["stories"],
                articles=row["articles"],
                outlets=row["outlets"],
                newest=moment(row["newest"]),
            )
            for row in rows
        ]

    def unscanned_sources(self) -> int:
        """How many articles stored before schema 7 have not been scanned for sources yet."""
        below = self._scan_below()
        if below is None:
            return 0
        return int(self._rows("SELECT count(*) AS n FROM articles WHERE id < ?", (below,))[0]["n"])

    def texts_to_scan(self, limit: int) -> list[tuple[int, str, str, str, str | None]]:
        """The next (newest) articles not scanned for sources: id, title, text, html, url."""
        below = self._scan_below()
        if below is None:
            return []
        rows = self._rows(
            "SELECT id, title, text, html, url FROM articles WHERE id < ? ORDER BY id DESC LIMIT ?",
            (below, limit),
        )
        return [(r["id"], r["title"], r["text"], r["html"], r["url"]) for r in rows]

    def save_scanned_sources(self, found: dict[int, list[Source]]) -> None:
        """Store the sources of scanned articles (``found``: all of a batch, none or some
        each) and move the mark below them; the mark goes when nothing older is left."""
        if not found:
            return
        lowest = min(found)
        with self.transaction() as conn:
            conn.executemany(
                INSERT_SOURCE,
                [
                    (article_id, item.kind, item.id, item.url)
                    for article_id, items in found.items()
                    for item in items
                ],
            )
            older = conn.execute("SELECT 1 FROM articles WHERE id < ? LIMIT 1", (lowest,))
            if older.fetchone() is None:
                conn.execute("DELETE FROM preferences WHERE key = ?", (SOURCES_SCAN_KEY,))
            else:
                conn.execute(
                    "UPDATE preferences SET value = ? WHERE key = ?", (lowest, SOURCES_SCAN_KEY)
                )

    def _scan_below(self) -> int | None:
        rows = self._rows("SELECT value FROM preferences WHERE key = ?", (SOURCES_SCAN_KEY,))
        return int(rows[0]["value"]) if rows else None

    def citing(self, kind: str, ident: str, limit: int = 500) -> list[ArticleSummary]:
        """The articles that cite a document, newest first."""
        rows = self._rows(
            f"SELECT {SUMMARY_COLUMNS} FROM article_sources s JOIN articles a"
            " ON a.id = s.article_id JOIN feeds f ON f.id = a.feed_id"
            " WHERE s.kind = ? AND s.ident = ? ORDER BY a.sort_date DESC, a.id DESC LIMIT ?",
            (kind, ident, limit),
        )
        return [summary_from_row(row) for row in rows]
