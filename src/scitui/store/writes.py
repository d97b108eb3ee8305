"""Writing articles: ingest inserts and updates, read/starred flags, manual tags."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from scitui.models import ArticleDraft
from scitui.store.base import StoreBase
from scitui.store.sources import INSERT_SOURCE, write_sources
from scitui.store.sql import (
    INSERT_REASON,
    ArticleFilter,
    KnownEntry,
    filter_sql,
    insert_tags,
    reason_rows,
    stamp,
    utc_now,
)


def insert_new_details(
    conn: sqlite3.Connection, added: Iterable[tuple[int | None, ArticleDraft]]
) -> None:
    """Tags, reasons, sources and pending pages of articles just inserted, one statement each.

    They have none yet and no removals (those of a deleted article with the same id went with it).
    """
    tags: list[tuple[int | None, str, str]] = []
    reasons: list[tuple[int | None, str, str, str, int]] = []
    pending: list[tuple[int | None]] = []
    sources: list[tuple[int | None, str, str, str]] = []
    for article_id, draft in added:
        tags.extend((article_id, tag, source) for tag, source in draft.tags.items())
        sources.extend((article_id, item.kind, item.id, item.url) for item in draft.sources)
        reasons.extend(reason_rows(article_id, draft.reasons))
        if draft.page_pending:
            pending.append((article_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO article_tags (article_id, tag, source) VALUES (?, ?, ?)", tags
    )
    conn.executemany(INSERT_REASON, reasons)
    conn.executemany("INSERT INTO pending_pages (article_id) VALUES (?)", pending)
    conn.executemany(INSERT_SOURCE, sources)


class ArticleWrites(StoreBase):
    """Every write to articles and their tags."""

    def known_entries(self, feed_id: int, keys: Iterable[str]) -> dict[str, KnownEntry]:
        """The stored state of those of ``keys`` this feed already has."""
        known: dict[str, KnownEntry] = {}
        key_list = list(keys)
        for start in range(0, len(key_list), 500):
            chunk = key_list[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT id, entry_key, entry_hash, content_source, "
                f"id IN (SELECT article_id FROM pending_pages) AS page_pending FROM articles "
                f"WHERE feed_id = ? AND entry_key IN ({marks})",
                [feed_id, *chunk],
            ):
                known[row["entry_key"]] = KnownEntry(
                    row["id"], row["entry_hash"], row["content_source"], bool(row["page_pending"])
                )
        return known

    def save_new(self, feed_id: int, drafts: Iterable[tuple[ArticleDraft, str]]) -> int:
        """Insert new articles (draft, entry hash) with their tags in one transaction."""
        now = stamp(utc_now())
        added: list[tuple[int | None, ArticleDraft]] = []
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
                        stamp(entry.published),
                        stamp(entry.published) or now,
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
                    added.append((cursor.lastrowid, draft))
            insert_new_details(conn, added)
        return len(added)

    def update_entries(self, updates: Iterable[tuple[int, ArticleDraft, str]]) -> int:
        """Update changed entries in place; read, starred and manual tags are kept.

        The sources are replaced by the draft's (found in the body the article keeps).

        A body taken from the article page is kept; a body from the feed is replaced (by a
        page's, when the draft brings one: a page pending from an earlier run).
        """
        now = stamp(utc_now())
        count = 0
        with self.transaction() as conn:
            for article_id, draft, entry_hash in updates:
                entry = draft.entry
                conn.execute(
                    "UPDATE articles SET guid = ?, url = ?, title = ?, author = ?, published = ?,"
                    " sort_date = coalesce(?, sort_date), summary = ?, entry_hash = ?,"
                    " updated_at = ?,"
                    " html = CASE WHEN content_source = 'page' THEN html ELSE ? END,"
                    " text = CASE WHEN content_source = 'page' THEN text ELSE ? END,"
                    " content_source = CASE WHEN content_source = 'page' THEN 'page' ELSE ? END"
                    " WHERE id = ?",
                    (
                        entry.guid,
                        entry.url,
                        entry.title,
                        entry.author,
                        stamp(entry.published),
                        stamp(entry.published),
                        entry.summary,
                        entry_hash,
                        now,
                        draft.html,
                        draft.text,
                        draft.content_source,
                        article_id,
                    ),
                )
                if not draft.page_pending:  # its page was tried now (or it has none)
                    conn.execute("DELETE FROM pending_pages WHERE article_id = ?", (article_id,))
                conn.execute(
                    "DELETE FROM article_tags WHERE article_id = ? AND source != 'manual'",
                    (article_id,),
                )
                insert_tags(conn, article_id, draft.tags, draft.reasons)
                write_sources(conn, article_id, draft.sources, new=False)
                count += 1
        return count

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
        clauses, params = filter_sql(where)
        if where.stories:  # every version of the stories listed
            clauses = (
                "coalesce(a.story_id, a.id) IN (SELECT coalesce(a.story_id, a.id) FROM "
                f"articles a WHERE {clauses})"
            )
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
        """Untag an article; an automatic tag removed by hand stays removed, its reasons go."""
        with self.transaction() as conn:
            for tag in tags:
                conn.execute(
                    "DELETE FROM article_tags WHERE article_id = ? AND tag = ?", (article_id, tag)
                )
                conn.execute(
                    "DELETE FROM tag_reasons WHERE article_id = ? AND tag = ?", (article_id, tag)
                )
                conn.execute(
                    "INSERT OR IGNORE INTO tag_removals (article_id, tag) VALUES (?, ?)",
                    (article_id, tag),
                )
