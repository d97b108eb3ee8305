"""Automatic tags in bulk: what `retag` reads and writes, a range of article ids at a time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from scitui.models import TagReason
from scitui.store.base import StoreBase
from scitui.store.sql import replace_reasons


@dataclass(frozen=True)
class ArticleText:
    """What the rules read of an article."""

    id: int
    feed_url: str
    """The feed as configured (its source URL), to find the feed's own tags."""
    title: str
    text: str


@dataclass
class TagState:
    """An article's tags as stored: every tag with its source, removals, and reasons."""

    tags: dict[str, str] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    reasons: dict[str, frozenset[TagReason]] = field(default_factory=dict)


@dataclass(frozen=True)
class TagChange:
    """What retagging changes on one article."""

    article_id: int
    add: Mapping[str, str]
    """Tag -> source to add, or to re-source (never over a manual tag)."""
    remove: frozenset[str]
    """Automatic tags to drop (a manual tag is never dropped)."""
    reasons: Mapping[str, tuple[TagReason, ...]] | None
    """The rules' reasons to store in place of the old ones; None keeps them."""
    reason_tags: frozenset[str] | None = None
    """Whose reasons ``reasons`` replaces (None: all the article's)."""


class TagQueries(StoreBase):
    """Bulk reads and writes of automatic tags."""

    def id_ranges(self, size: int) -> list[tuple[int, int]]:
        """Consecutive (first id, last id) ranges of at most ``size`` articles, covering all."""
        ids = [row["id"] for row in self._rows("SELECT id FROM articles ORDER BY id")]
        return [
            (ids[start], ids[min(start + size, len(ids)) - 1]) for start in range(0, len(ids), size)
        ]

    def texts(self, first: int, last: int, *, with_text: bool = True) -> list[ArticleText]:
        """Title and text (or only the title) of the articles with ids in a range."""
        text = "a.text" if with_text else "''"
        return [
            ArticleText(row["id"], row["source_url"], row["title"], row["text"])
            for row in self._rows(
                f"SELECT a.id, f.source_url, a.title, {text} AS text FROM articles a "
                "JOIN feeds f ON f.id = a.feed_id WHERE a.id BETWEEN ? AND ? ORDER BY a.id",
                (first, last),
            )
        ]

    def topic_fingerprints(self) -> dict[str, str]:
        """The rules (by fingerprint) that every stored article was last tagged with."""
        return {
            row["slug"]: row["fingerprint"]
            for row in self._rows("SELECT slug, fingerprint FROM topic_fingerprints")
        }

    def set_topic_fingerprints(self, fingerprints: Mapping[str, str]) -> None:
        """Record that every stored article is now tagged by these rules."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM topic_fingerprints")
            conn.executemany(
                "INSERT INTO topic_fingerprints (slug, fingerprint) VALUES (?, ?)",
                list(fingerprints.items()),
            )

    def forget_changed_topics(self, fingerprints: Mapping[str, str]) -> None:
        """Before tagging new articles: topics whose rules changed are no longer uniform."""
        stored = self.topic_fingerprints()
        stale = [slug for slug, value in stored.items() if fingerprints.get(slug) != value]
        if stale:
            with self.transaction() as conn:
                conn.executemany(
                    "DELETE FROM topic_fingerprints WHERE slug = ?", [(slug,) for slug in stale]
                )

    def tag_states(self, first: int, last: int) -> dict[int, TagState]:
        """Stored tags, removals and reasons of the articles with ids in a range."""
        states: dict[int, TagState] = {}
        for row in self._rows(
            "SELECT article_id, tag, source FROM article_tags WHERE article_id BETWEEN ? AND ?",
            (first, last),
        ):
            states.setdefault(row["article_id"], TagState()).tags[row["tag"]] = row["source"]
        for row in self._rows(
            "SELECT article_id, tag FROM tag_removals WHERE article_id BETWEEN ? AND ?",
            (first, last),
        ):
            states.setdefault(row["article_id"], TagState()).removed.add(row["tag"])
        reasons: dict[tuple[int, str], set[TagReason]] = {}
        for row in self._rows(
            "SELECT article_id, tag, term, place, count FROM tag_reasons "
            "WHERE article_id BETWEEN ? AND ?",
            (first, last),
        ):
            reasons.setdefault((row["article_id"], row["tag"]), set()).add(
                TagReason(row["term"], row["place"], row["count"])
            )
        for (article_id, tag), found in reasons.items():
            states.setdefault(article_id, TagState()).reasons[tag] = frozenset(found)
        return states

    def apply_tag_changes(self, changes: Iterable[TagChange]) -> int:
        """Write retagging's changes in one transaction; returns how many articles changed."""
        count = 0
        with self.transaction() as conn:
            for change in changes:
                count += 1
                for tag, source in change.add.items():
                    conn.execute(
                        "INSERT INTO article_tags (article_id, tag, source) VALUES (?, ?, ?) "
                        "ON CONFLICT DO UPDATE SET source = excluded.source "
                        "WHERE source != 'manual'",
                        (change.article_id, tag, source),
                    )
                conn.executemany(
                    "DELETE FROM article_tags WHERE article_id = ? AND tag = ? "
                    "AND source != 'manual'",
                    [(change.article_id, tag) for tag in change.remove],
                )
                if change.reasons is not None:
                    replace_reasons(conn, change.article_id, change.reasons, change.reason_tags)
        return count
