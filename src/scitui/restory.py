"""Stories over the store: place new articles at ingest, re-cluster everything, list stories.

The clustering itself is :mod:`scitui.stories` (pure); this module reads what it needs from
the store and writes story ids back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scitui.models import iso
from scitui.store import Store
from scitui.store.stories import StoryMember, StoryRow
from scitui.stories import (
    WINDOW,
    StoryIndex,
    StoryItem,
    Vocabulary,
    changed_stories,
    multi_stories,
    terms,
)

EXAMPLES = 5
"""Stories a dry run names, of those formed and of those undone."""


def _item(row: StoryRow, sources: dict[int, frozenset[str]]) -> StoryItem:
    return StoryItem(
        row.id,
        row.feed_url,
        row.title,
        row.text_head,
        row.sort_date,
        sources.get(row.id, frozenset()),
        row.feed_name,
    )


def _windows(dates: Iterable[datetime]) -> list[tuple[datetime, datetime]]:
    """The look-back (and look-ahead) windows around these dates, overlapping ones merged."""
    merged: list[tuple[datetime, datetime]] = []
    for day in sorted(dates):
        start, end = day - WINDOW, day + WINDOW
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def place_new(store: Store) -> int:
    """Put each article without a story into one, among the stories of its days.

    Returns how many articles' stories were written (the new ones, and the members of a
    story renamed because a new article's id is smaller than its old name).
    """
    new = store.unplaced_articles()
    if not new:
        return 0
    window = [
        row
        for start, end in _windows(row.sort_date for row in new)
        for row in store.placed_between(start, end)
    ]
    sources = store.sources_of([row.id for row in (*window, *new)])
    items = {row.id: _item(row, sources) for row in (*window, *new)}
    described = {article: terms(item) for article, item in items.items()}
    index = StoryIndex(Vocabulary.of(described.values()))
    for row in window:
        assert row.story_id is not None
        index.add(items[row.id], row.story_id, described[row.id])
    for row in sorted(new, key=lambda row: (row.sort_date, row.id)):
        index.place(items[row.id], described[row.id])
    before = {row.id: row.story_id for row in window}
    placed = index.story_ids()
    return store.set_story_ids(
        {article: story for article, story in placed.items() if before.get(article) != story}
    )


@dataclass(frozen=True)
class StoryExample:
    """A story a re-cluster forms or undoes: its headline (earliest article) and size."""

    headline: str
    articles: int

    def as_json(self) -> dict[str, Any]:
        return {"headline": self.headline, "articles": self.articles}


@dataclass(frozen=True)
class RestoryReport:
    """What a full re-cluster did (or, in a dry run, would do)."""

    articles: int
    stories_before: int
    """Stories of two articles or more before, and after."""
    stories_after: int
    formed: int
    """Multi-article stories that are new (as sets of articles), and those that are gone."""
    undone: int
    changed_articles: int
    formed_examples: tuple[StoryExample, ...]
    undone_examples: tuple[StoryExample, ...]
    dry_run: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "stories_before": self.stories_before,
            "stories_after": self.stories_after,
            "formed": self.formed,
            "undone": self.undone,
            "changed_articles": self.changed_articles,
            "formed_examples": [example.as_json() for example in self.formed_examples],
            "undone_examples": [example.as_json() for example in self.undone_examples],
            "dry_run": self.dry_run,
        }


def restory(store: Store, *, dry_run: bool = False) -> RestoryReport:
    """Cluster every stored article again and write the story ids that changed."""
    sources = store.sources_of()
    index = StoryIndex(Vocabulary.of(terms(_item(row, sources)) for row in store.every_story_row()))
    titles: dict[int, str] = {}
    horizon: datetime | None = None
    for row in store.every_story_row():  # oldest first, as cluster() places them
        if horizon is None or row.sort_date - horizon > WINDOW * 4:
            if horizon is not None:
                index.forget_before(row.sort_date - WINDOW)
            horizon = row.sort_date
        titles[row.id] = row.title
        index.place(_item(row, sources))
    after = index.story_ids()
    before = store.stored_story_ids()
    changes = {article: story for article, story in after.items() if before.get(article) != story}
    formed, undone = changed_stories(before, after)
    if not dry_run and changes:
        store.set_story_ids(changes)

    def examples(stories: list[frozenset[int]]) -> tuple[StoryExample, ...]:
        order = list(titles)  # oldest first: a story's headline is its earliest article's
        return tuple(
            StoryExample(titles[min(ids, key=order.index)], len(ids)) for ids in stories[:EXAMPLES]
        )

    return RestoryReport(
        articles=len(after),
        stories_before=len(multi_stories(before)),
        stories_after=len(multi_stories(after)),
        formed=len(formed),
        undone=len(undone),
        changed_articles=len(changes),
        formed_examples=examples(formed),
        undone_examples=examples(undone),
        dry_run=dry_run,
    )


@dataclass(frozen=True)
class Story:
    """A story as listed: its headline (the earliest article's), outlets, dates, ids."""

    id: int
    headline: str
    url: str | None
    outlets: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime
    tags: tuple[str, ...]
    sources: tuple[str, ...]
    article_ids: tuple[int, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "headline": self.headline,
            "url": self.url,
            "outlets": list(self.outlets),
            "first_seen": iso(self.first_seen),
            "last_seen": iso(self.last_seen),
            "tags": list(self.tags),
            "sources": list(self.sources),
            "article_ids": list(self.article_ids),
        }


def list_stories(
    store: Store, tag: str | None, since: datetime | None, singles: bool, limit: int
) -> list[Story]:
    """Stories last seen since ``since``, newest first; only multi-article ones unless singles."""
    story_ids = store.story_ids_listed(tag, since, singles, limit)
    by_story: dict[int, list[StoryMember]] = {story: [] for story in story_ids}
    for member in store.story_members(story_ids):
        by_story[member.story_id].append(member)
    sources = store.sources_of(member.id for members in by_story.values() for member in members)
    return [_story(story, members, sources) for story, members in by_story.items() if members]


def _story(story_id: int, members: list[StoryMember], sources: dict[int, frozenset[str]]) -> Story:
    first = members[0]
    return Story(
        id=story_id,
        headline=first.title,
        url=first.url,
        outlets=tuple(dict.fromkeys(member.feed for member in members)),
        first_seen=first.sort_date,
        last_seen=max(member.sort_date for member in members),
        tags=tuple(sorted({tag for member in members for tag in member.tags})),
        sources=tuple(sorted({s for member in members for s in sources.get(member.id, ())})),
        article_ids=tuple(member.id for member in members),
    )
