"""Retention: deleting old articles (never starred, hand-tagged or noted) and reclaiming space.

A tag a view's rule added is stored as a manual one (retag keeps it) but keeps nothing from a prune.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from scitui.store.base import StoreBase
from scitui.store.sql import stamp, utc_now, wrapped_errors

PRUNE_BATCH = 1000
"""Articles deleted per transaction: writers never wait long on a prune."""

_PRUNABLE = (
    "FROM articles a WHERE a.sort_date < ? AND a.starred = 0 AND NOT EXISTS "
    "(SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.source = 'manual' "
    "AND NOT EXISTS (SELECT 1 FROM article_actions r "
    "WHERE r.article_id = a.id AND r.action = 'tag:' || t.tag)) "
    "AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.article_id = a.id)"
)


class Retention(StoreBase):
    """Pruning by age, remembering what was pruned, and reclaiming the space."""

    def prunable(self, before: datetime, examples: int = 3) -> tuple[int, list[str]]:
        """How many articles a prune would delete, and a few of their titles (oldest first)."""
        count = self._rows(f"SELECT count(*) AS n {_PRUNABLE}", (stamp(before),))[0]["n"]
        titles = [
            row["title"]
            for row in self._rows(
                f"SELECT a.title {_PRUNABLE} ORDER BY a.sort_date LIMIT ?",
                (stamp(before), examples),
            )
        ]
        return int(count), titles

    def prune(self, before: datetime) -> int:
        """Delete articles dated before ``before`` that are not starred, hand-tagged or noted.

        Their full-text rows go with them (trigger), their tags and reasons too (cascade),
        and their entries are remembered so that a fetch does not bring them back.
        """
        deleted = 0
        while True:
            with self.transaction() as conn:
                ids = [
                    row[0]
                    for row in conn.execute(
                        f"SELECT a.id {_PRUNABLE} LIMIT ?", (stamp(before), PRUNE_BATCH)
                    )
                ]
                if not ids:
                    return deleted
                marks = ",".join("?" * len(ids))
                conn.execute(
                    "INSERT OR IGNORE INTO pruned_entries (feed_id, entry_key, pruned_at) "
                    f"SELECT feed_id, entry_key, ? FROM articles WHERE id IN ({marks})",
                    [stamp(utc_now()), *ids],
                )
                conn.execute(f"DELETE FROM articles WHERE id IN ({marks})", ids)
                deleted += len(ids)

    def pruned_keys(self, feed_id: int, keys: Iterable[str]) -> set[str]:
        """Those of ``keys`` that retention deleted from this feed."""
        found: set[str] = set()
        key_list = list(keys)
        for start in range(0, len(key_list), 500):
            chunk = key_list[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                row["entry_key"]
                for row in self._rows(
                    f"SELECT entry_key FROM pruned_entries WHERE feed_id = ? "
                    f"AND entry_key IN ({marks})",
                    [feed_id, *chunk],
                )
            )
        return found

    def reclaim(self) -> None:
        """Merge the full-text index and rewrite the file without its free pages."""
        with wrapped_errors(self.path):
            conn = self.db.conn
            conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
            conn.commit()
            conn.execute("VACUUM")

    def file_size(self) -> int:
        """The database's size in bytes (pages in use and free)."""
        row = self._rows(
            "SELECT page_count * page_size AS size FROM pragma_page_count(), pragma_page_size()"
        )
        return int(row[0]["size"])
