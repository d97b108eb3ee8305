"""Aggregate reads: weekly counts per tag (trends) and bounded excerpts per tag (digests)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from scitui.store.base import StoreBase
from scitui.store.sql import moment, stamp

TEXT_HEAD_CHARS = 2000
"""How much of an article's text a digest reads: enough for a lead, never a whole body."""


@dataclass(frozen=True)
class Excerpt:
    """An article as a digest lists it under one tag: summary fields and its text's start."""

    tag: str
    id: int
    title: str
    url: str | None
    feed: str
    published: datetime | None
    sort_date: datetime
    starred: bool
    text_head: str
    note: str = ""
    """The user's note on it ('' without one)."""


class ArticleStats(StoreBase):
    """Reads that aggregate over many articles; none loads a whole body."""

    def weekly_tag_counts(self, start: datetime, end: datetime) -> list[tuple[str, date, int]]:
        """(tag, Monday of the ISO week, stories) for articles dated in [start, end).

        A story counts once under a tag, in the week of its first article with that tag
        (eight outlets on one rule are one event). Weeks start on Monday 00:00 UTC and are
        taken from ``sort_date`` (stored in UTC).
        """
        rows = self._rows(
            "SELECT tag, week, count(*) AS n FROM (SELECT t.tag, "
            "date(min(a.sort_date), 'weekday 0', '-6 days') AS week "
            "FROM articles a JOIN article_tags t ON t.article_id = a.id "
            "WHERE a.sort_date >= ? AND a.sort_date < ? "
            "GROUP BY t.tag, coalesce(a.story_id, a.id)) GROUP BY tag, week",
            [stamp(start), stamp(end)],
        )
        return [(row["tag"], date.fromisoformat(row["week"]), row["n"]) for row in rows]

    def excerpts(
        self, tags: Sequence[str], since: datetime, until: datetime, limit_per_tag: int
    ) -> list[Excerpt]:
        """Stories seen in [since, until) under each of ``tags``: starred first, then newest.

        Each story once per tag, by the head of its articles with that tag (see schema 10)
        and its newest date; at most ``limit_per_tag`` per tag; a story under several tags
        comes once per tag.
        """
        if not tags:
            return []
        marks = ",".join("?" * len(tags))
        rows = self._rows(
            "SELECT ranked.*, (SELECT text FROM notes WHERE article_id = ranked.id) AS note "
            "FROM (SELECT t.tag, a.id, a.title, a.url, a.published, a.sort_date, "
            "a.starred, coalesce(f.name, f.title, f.url) AS feed_name, "
            "substr(a.text, 1, ?) AS text_head, row_number() OVER (PARTITION BY t.tag "
            "ORDER BY a.starred DESC, coalesce(a.story_date, a.sort_date) DESC, a.id DESC) "
            "AS rank FROM article_tags t JOIN articles a ON a.id = t.article_id "
            f"JOIN feeds f ON f.id = a.feed_id WHERE t.tag IN ({marks}) AND t.story_row = 1 "
            "AND coalesce(a.story_date, a.sort_date) >= ? AND a.sort_date < ?) AS ranked "
            "WHERE rank <= ? ORDER BY tag, rank",
            [TEXT_HEAD_CHARS, *tags, stamp(since), stamp(until), limit_per_tag],
        )
        return [
            Excerpt(
                tag=row["tag"],
                id=row["id"],
                title=row["title"],
                url=row["url"],
                feed=row["feed_name"],
                published=moment(row["published"]),
                sort_date=datetime.fromisoformat(row["sort_date"]),
                starred=bool(row["starred"]),
                text_head=row["text_head"] or "",
                note=row["note"] or "",
            )
            for row in rows
        ]
