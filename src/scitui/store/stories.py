"""Stories in the store: what clustering reads of each article, story ids, story listings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scitui.models import ArticleSummary
from scitui.store.base import StoreBase
from scitui.store.schema import (
    PLACED_THROUGH,
    STORY_MOVED_TRIGGER,
    analyze_stories,
    refresh_story,
)
from scitui.store.sql import SUMMARY_COLUMNS, moment, stamp, summary_from_row, wrapped_errors

TEXT_HEAD_CHARS = 2400
"""How much of a body clustering reads: its start says what happened."""
CHUNK = 500
BULK_STORY_IDS = 16
"""Story ids written at once from which the flags are refreshed per story, not per row."""
_SET_STORY = "UPDATE articles SET story_id = ? WHERE id = ? AND story_id IS NOT ?"

_WAITING = (
    f"a.story_id IS NULL AND a.id > (SELECT CAST(value AS INTEGER) FROM preferences "
    f"WHERE key = '{PLACED_THROUGH}')"
)
"""Articles a fetch stored and no placement has reached yet."""
_STORY_ROW = (
    "SELECT a.id, a.title, a.sort_date, a.story_id, f.source_url AS feed_url, "
    "coalesce(f.name, f.title, '') AS feed_name, "
    f"coalesce(nullif(substr(a.text, 1, {TEXT_HEAD_CHARS}), ''), "
    f"substr(a.summary, 1, {TEXT_HEAD_CHARS})) AS text_head "
    "FROM articles a JOIN feeds f ON f.id = a.feed_id "
)


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A stored article as clustering reads it."""

    id: int
    feed_url: str
    feed_name: str
    title: str
    text_head: str
    sort_date: datetime
    story_id: int | None


@dataclass(frozen=True, slots=True)
class StoryMember:
    """An article as a story listing shows it."""

    id: int
    story_id: int
    title: str
    url: str | None
    feed: str
    sort_date: datetime
    tags: tuple[str, ...]


def _story_row(row: dict[str, Any]) -> StoryRow:
    sort_date = moment(row["sort_date"])
    assert sort_date is not None
    return StoryRow(
        row["id"],
        row["feed_url"],
        row["feed_name"],
        row["title"],
        row["text_head"] or "",
        sort_date,
        row["story_id"],
    )


class StoryQueries(StoreBase):
    """Reads and writes of articles' stories; the primary sources only if their table exists."""

    def has_unplaced(self) -> bool:
        """Whether any article waits to be placed in a story."""
        return bool(self._rows(f"SELECT 1 FROM articles a WHERE {_WAITING} LIMIT 1"))

    def unplaced_articles(self) -> list[StoryRow]:
        """Articles stored since the last placement, which no story holds yet."""
        rows = self._rows(_STORY_ROW + f"WHERE {_WAITING}")
        return [_story_row(row) for row in rows]

    def unplaced_after(self, article_id: int) -> list[StoryRow]:
        """Articles waiting to be placed with ids above ``article_id`` (a fetch's latest),
        read by id range."""
        by_id = _STORY_ROW.replace("FROM articles a ", "FROM articles a NOT INDEXED ")
        rows = self._rows(by_id + f"WHERE a.id > ? AND {_WAITING}", [article_id])
        return [_story_row(row) for row in rows]

    def placed_between(self, start: datetime, end: datetime) -> list[StoryRow]:
        """Placed articles dated in [start, end] (the look-back window of new ones).

        ``story_id`` is None for an article stored before stories: a story of its own.
        """
        rows = self._rows(
            _STORY_ROW + f"WHERE a.sort_date BETWEEN ? AND ? AND NOT ({_WAITING})",
            [stamp(start), stamp(end)],
        )
        return [_story_row(row) for row in rows]

    def every_story_row(self) -> Iterator[StoryRow]:
        """Every article, oldest first, read a page at a time."""
        last: tuple[str, int] = ("", 0)
        while True:
            rows = self._rows(
                _STORY_ROW + "WHERE (a.sort_date, a.id) > (?, ?) "
                "ORDER BY a.sort_date, a.id LIMIT 2000",
                list(last),
            )
            if not rows:
                return
            yield from (_story_row(row) for row in rows)
            last = (rows[-1]["sort_date"], rows[-1]["id"])

    def story_sources(self, article_ids: Iterable[int] | None = None) -> dict[int, frozenset[str]]:
        """Article id -> its primary sources as "kind:id" (all articles' when ids is None)."""
        found: dict[int, set[str]] = {}
        for chunk in _chunks(article_ids):
            where = "" if chunk is None else f"WHERE article_id IN ({','.join('?' * len(chunk))})"
            for row in self._rows(
                f"SELECT article_id, kind, ident FROM article_sources {where}", chunk or []
            ):
                found.setdefault(row["article_id"], set()).add(f"{row['kind']}:{row['ident']}")
        return {article_id: frozenset(sources) for article_id, sources in found.items()}

    def set_story_ids(self, story_ids: Mapping[int, int]) -> int:
        """Write articles' story ids in one transaction; returns how many rows changed.

        Many at once are written with the story-moved trigger set aside and each story
        touched refreshed once after: the trigger refreshes a whole story per row, so a
        story of k new articles cost k refreshes of up to k rows each.
        """
        rows = [(story, article, story) for article, story in story_ids.items()]
        with self.transaction() as conn:
            trigger = None
            if len(rows) > BULK_STORY_IDS:
                found = conn.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                    (STORY_MOVED_TRIGGER,),
                ).fetchone()
                trigger = found[0] if found else None
            if trigger is None:
                cursor = conn.executemany(_SET_STORY, rows)
                return int(cursor.rowcount)
            touched = set(story_ids.values())
            for chunk in _chunks(story_ids):
                assert chunk is not None
                touched.update(
                    story
                    for (story,) in conn.execute(
                        f"SELECT story_id FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
                        " AND story_id IS NOT NULL",
                        chunk,
                    )
                )
            conn.execute(f"DROP TRIGGER {STORY_MOVED_TRIGGER}")  # this transaction only
            changed = int(conn.executemany(_SET_STORY, rows).rowcount)
            for story in sorted(touched):
                refresh_story(conn, story)
            conn.execute(trigger)
            return changed

    def analyze_stories(self) -> None:
        """Refresh the story index's statistics (after many story ids changed at once)."""
        with self.transaction() as conn:
            analyze_stories(conn)

    def set_placed_through(self, article_id: int) -> None:
        """Note that no article up to this id waits to be placed (a restory placed all)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO preferences (key, value) VALUES (?, ?)",
                (PLACED_THROUGH, str(article_id)),
            )

    def story_sizes(self, article_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
        """Article id -> (story id, articles in the story); an unplaced article is its own."""
        sizes: dict[int, tuple[int, int]] = {}
        for chunk in _chunks(list(article_ids)):
            assert chunk is not None
            for row in self._rows(
                "SELECT a.id, coalesce(a.story_id, a.id) AS story, CASE WHEN a.story_id IS NULL "
                "THEN 1 ELSE (SELECT count(*) FROM articles s WHERE s.story_id = a.story_id) END "
                f"AS size FROM articles a WHERE a.id IN ({','.join('?' * len(chunk))})",
                chunk,
            ):
                sizes[row["id"]] = (row["story"], row["size"])
        return sizes

    def story_ids_listed(
        self, tag: str | None, since: datetime | None, singles: bool, limit: int
    ) -> list[int]:
        """Stories last seen since ``since`` (with an article tagged ``tag``), newest first."""
        clauses, params = ["1"], list[Any]()
        if tag is not None:
            clauses.append(
                "coalesce(a.story_id, a.id) IN (SELECT coalesce(s.story_id, s.id) FROM "
                "article_tags t JOIN articles s ON s.id = t.article_id WHERE t.tag = ?)"
            )
            params.append(tag)
        having = ["count(*) > 1"] if not singles else []
        if since is not None:
            having.append("max(a.sort_date) >= ?")
            params.append(stamp(since))
        rows = self._rows(
            "SELECT coalesce(a.story_id, a.id) AS story_id FROM articles a "
            f"WHERE {' AND '.join(clauses)} GROUP BY coalesce(a.story_id, a.id) "
            f"{'HAVING ' + ' AND '.join(having) if having else ''} "
            "ORDER BY max(a.sort_date) DESC, 1 DESC LIMIT ?",
            [*params, limit],
        )
        return [row["story_id"] for row in rows]

    def story_members(self, story_ids: Iterable[int]) -> list[StoryMember]:
        """The articles of these stories, oldest first, with their tags."""
        members: list[StoryMember] = []
        for chunk in _chunks(list(story_ids)):
            assert chunk is not None
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                "SELECT a.id, coalesce(a.story_id, a.id) AS story_id, a.title, a.url, a.sort_date, "
                "coalesce(f.name, f.title, f.url) AS feed, (SELECT group_concat(tag, ' ') FROM "
                "(SELECT tag FROM article_tags WHERE article_id = a.id ORDER BY tag)) AS tags "
                "FROM articles a JOIN feeds f ON f.id = a.feed_id "
                f"WHERE a.story_id IN ({marks}) OR (a.story_id IS NULL AND a.id IN ({marks})) "
                "ORDER BY a.sort_date, a.id",
                chunk * 2,
            ):
                sort_date = moment(row["sort_date"])
                assert sort_date is not None
                members.append(
                    StoryMember(
                        row["id"],
                        row["story_id"],
                        row["title"],
                        row["url"],
                        row["feed"],
                        sort_date,
                        tuple((row["tags"] or "").split()),
                    )
                )
        return members

    def story_versions(self, article_id: int) -> list[ArticleSummary]:
        """Every version of this article's story (itself alone if none), oldest first."""
        rows = self._rows(
            f"SELECT {SUMMARY_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            "WHERE a.story_id = (SELECT story_id FROM articles WHERE id = ?) OR a.id = ? "
            "ORDER BY a.sort_date, a.id",
            [article_id, article_id],
        )
        return [summary_from_row(row) for row in rows]

    def stored_story_ids(self) -> dict[int, int | None]:
        """Every article's stored story id (None: a story of its own)."""
        with wrapped_errors(self.path):
            return dict(self.db.conn.execute("SELECT id, story_id FROM articles").fetchall())


def _chunks(ids: Iterable[int] | None) -> Iterator[list[int] | None]:
    """``ids`` in lists short enough for one IN (...); None alone when ids is None."""
    if ids is None:
        yield None
        return
    id_list = list(ids)
    for start in range(0, len(id_list), CHUNK):
        yield id_list[start : start + CHUNK]
