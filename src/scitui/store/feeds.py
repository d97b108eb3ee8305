"""Feeds: identity across redirects and fetch state."""

from __future__ import annotations

from scitui.models import Feed
from scitui.store.base import StoreBase
from scitui.store.sql import (
    FEED_SELECT,
    feed_from_row,
    stamp,
    utc_now,
)


class FeedQueries(StoreBase):
    """Stored feeds and their fetch state."""

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
                (url, url, name, stamp(utc_now())),
            )
        feed = self.feed(url)
        assert feed is not None
        return feed

    def feed(self, url: str) -> Feed | None:
        """The feed configured as ``url``, or now fetched from it after a redirect."""
        rows = self._rows(
            f"{FEED_SELECT} WHERE feeds.source_url = ? OR feeds.url = ? "
            "GROUP BY feeds.id ORDER BY feeds.source_url = ? DESC",
            (url, url, url),
        )
        return feed_from_row(rows[0]) if rows else None

    def feeds(self) -> list[Feed]:
        """Every stored feed with its article and unread counts."""
        return [
            feed_from_row(row)
            for row in self._rows(f"{FEED_SELECT} GROUP BY feeds.id ORDER BY feeds.id")
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
        now = stamp(utc_now())
        with self.transaction() as conn:
            conn.execute(
                "UPDATE feeds SET last_fetched = ?, last_error = ?, "
                "last_success = CASE WHEN ? IS NULL THEN ? ELSE last_success END, "
                "title = coalesce(?, title), site_url = coalesce(?, site_url) WHERE id = ?",
                (now, error, error, now, title, site_url, feed_id),
            )
            if validators is not None:
                conn.execute(
                    "UPDATE feeds SET etag = ?, last_modified = ? WHERE id = ?",
                    (*validators, feed_id),
                )
            if new_url:
                conn.execute("UPDATE OR IGNORE feeds SET url = ? WHERE id = ?", (new_url, feed_id))
