"""The user's notes on articles: one per article, searched through their own small index."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from scitui.models import Note, NotedArticle
from scitui.store.base import StoreBase
from scitui.store.sql import SUMMARY_COLUMNS, moment, stamp, summary_from_row, utc_now


class NoteQueries(StoreBase):
    """Set, clear and read notes; list the noted articles, newest note first."""

    def set_note(self, article_id: int, text: str, now: datetime | None = None) -> None:
        """Store ``text`` as the article's note (created, or replacing the one there)."""
        when = stamp(now or utc_now())
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO notes (article_id, text, created_at, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
                "text = excluded.text, updated_at = excluded.updated_at "
                "WHERE text IS NOT excluded.text",
                (article_id, text, when, when),
            )

    def clear_note(self, article_id: int) -> bool:
        """Delete the article's note; whether it had one."""
        with self.transaction() as conn:
            return (
                conn.execute("DELETE FROM notes WHERE article_id = ?", (article_id,)).rowcount > 0
            )

    def note(self, article_id: int) -> Note | None:
        rows = self._rows("SELECT * FROM notes WHERE article_id = ?", (article_id,))
        return _note(rows[0]) if rows else None

    def noted_articles(self) -> list[NotedArticle]:
        """Every article with a note, the latest written or changed first."""
        return [
            NotedArticle(summary_from_row(row), _note(row))
            for row in self._rows(
                f"SELECT {SUMMARY_COLUMNS}, n.article_id, n.text, n.created_at, n.updated_at "
                "FROM notes n JOIN articles a ON a.id = n.article_id "
                "JOIN feeds f ON f.id = a.feed_id "
                "ORDER BY n.updated_at DESC, n.article_id DESC"
            )
        ]

    def note_counts(self) -> tuple[int, int]:
        """(noted articles, unread ones)."""
        row = self._rows(
            "SELECT count(*) AS total, coalesce(sum(a.read = 0), 0) AS unread "
            "FROM notes n JOIN articles a ON a.id = n.article_id"
        )[0]
        return int(row["total"]), int(row["unread"])


def _note(row: dict[str, Any]) -> Note:
    return Note(
        article_id=row["article_id"],
        text=row["text"],
        created_at=moment(row["created_at"]) or utc_now(),
        updated_at=moment(row["updated_at"]) or utc_now(),
    )
