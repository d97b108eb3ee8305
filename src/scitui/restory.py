"""Stories over the store: place new articles at ingest, re-cluster everything, list stories.

The clustering itself is :mod:`scitui.stories` (pure); this module reads what it needs from
the store and writes story ids back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from scitui.models import iso
from scitui.store import Store
from scitui.store.stories import StoryMember, StoryRow
from scitui.stories import (
    WINDOW,
    StoryIndex,
    StoryItem,
    Terms,
    Vocabulary,
    changed_stories,
    cluster_described,
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
    return _windows_merged([(day - WINDOW, day + WINDOW) for day in dates])


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
    sources = store.story_sources([row.id for row in (*window, *new)])
    items = {row.id: _item(row, sources) for row in (*window, *new)}
    described = {article: terms(item) for article, item in items.items()}
    index = StoryIndex(Vocabulary.of(described.values()))
    for row in window:
        index.add(items[row.id], row.story_id or row.id, described[row.id])
    for row in sorted(new, key=lambda row: (row.sort_date, row.id)):
        index.place(items[row.id], described[row.id])
    return store.set_story_ids(
        _changes({row.id: row.story_id for row in window}, index.story_ids())
    )


class Placer:
    """Places a fetch's new articles feed by feed, as each feed's are stored.

    One index lives through the fetch: each call of :meth:`take` reads the articles stored
    since the last, loads the placed articles of the days around them that are not loaded
    yet, and places the new ones; :meth:`finish` writes the story ids. So placement runs
    while the workers parse the next feeds instead of after them, and a fetch's bodies are
    read fifty at a time, not all at once.

    Unlike :func:`place_new`, each feed's articles are placed as they come (oldest first
    within the feed), weighed by the words of the articles seen so far (not of the whole
    fetch's): a story may come out slightly differently; ``restory`` settles it.
    """

    def __init__(self, store: Store, after_id: int) -> None:
        """``after_id``: the last article id stored before the fetch."""
        self.store = store
        self.after_id = after_id
        self.index = StoryIndex(Vocabulary())
        self._stored: dict[int, int | None] = {}
        """Window articles (placed before the fetch) -> their stored story ids."""
        self._loaded: list[tuple[datetime, datetime]] = []
        self._waiting: list[tuple[StoryItem, Terms]] = []
        self._waiting_window: list[tuple[StoryItem, int, Terms]] = []
        """Articles described, waiting until the words' frequencies are SETTLED."""

    def take(self) -> int:
        """Place the articles stored since the last call; returns how many."""
        new = self.store.unplaced_after(self.after_id)
        if not new:
            return 0
        self.after_id = max(row.id for row in new)
        window = [row for row in self._window(new) if row.id not in self._stored]
        sources = self.store.story_sources([row.id for row in (*window, *new)])
        items = {row.id: _item(row, sources) for row in (*window, *new)}
        del new[:], sources  # the items hold what is needed of each body
        described = {article: terms(item) for article, item in items.items()}
        for found in described.values():
            self.index.vocabulary.observe(found)
        for row in window:
            self._stored[row.id] = row.story_id
            found = described[row.id]
            self._waiting_window.append((items.pop(row.id), row.story_id or row.id, found))
        self._waiting.extend((item, described[item.id]) for item in items.values())
        if self.index.vocabulary.documents >= SETTLED:
            self._place_waiting()
        return len(items)

    def finish(self) -> int:
        """Write the story ids placed; returns how many articles' stories were written."""
        self._place_waiting()
        return self.store.set_story_ids(_changes(self._stored, self.index.story_ids()))

    def _place_waiting(self) -> None:
        for item, story, found in self._waiting_window:
            self.index.add(item, story, found)
        for item, found in sorted(self._waiting, key=lambda pair: (pair[0].published, pair[0].id)):
            self.index.place(item, found)
        self._waiting_window.clear()
        self._waiting.clear()

    def _window(self, new: list[StoryRow]) -> list[StoryRow]:
        """The placed articles of the days around ``new`` that are not loaded yet."""
        rows = []
        for start, end in _windows(row.sort_date for row in new):
            for gap_start, gap_end in _gaps(self._loaded, start, end):
                rows += self.store.placed_between(gap_start, gap_end)
            self._loaded = _windows_merged([*self._loaded, (start, end)])
        return rows


def _gaps(
    loaded: list[tuple[datetime, datetime]], start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The parts of [start, end] that no loaded interval (sorted, disjoint) covers."""
    gaps = []
    for low, high in loaded:
        if high < start or low > end:
            continue
        if low > start:
            gaps.append((start, low))
        start = max(start, high)
    if start < end:
        gaps.append((start, end))
    return gaps


def _windows_merged(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """The spans sorted, overlapping ones merged."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


SETTLED = 1000
"""Articles (window and new) whose words a fetch's placer counts before it places any: an
article's words are weighed once, by the frequencies known then, and a few dozen articles'
frequencies would weigh every word as rare."""


def _changes(stored: dict[int, int | None], placed: dict[int, int]) -> dict[int, int]:
    """The story ids to write: those that differ from the stored ones.

    An article stored with no story id (before stories) that is still alone keeps none;
    an article not in ``stored`` (a new one) gets one in any case.
    """
    sizes = Counter(placed.values())
    return {
        article: story
        for article, story in placed.items()
        if stored.get(article, -1) != story
        and not (article in stored and stored[article] is None and sizes[story] == 1)
    }


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
    sources = store.story_sources()
    described = [  # oldest first; bodies are dropped once described
        (replace(item, text=""), terms(item))
        for item in (_item(row, sources) for row in store.every_story_row())
    ]
    titles = {item.id: item.title for item, _found in described}
    after = cluster_described(described, Vocabulary.of(found for _item, found in described))
    del described
    stored = store.stored_story_ids()
    before = {article: story or article for article, story in stored.items()}
    changes = _changes(stored, after)
    formed, undone = changed_stories(before, after)
    if not dry_run:
        store.set_story_ids(changes)
        store.set_placed_through(max(after, default=0))  # none is left waiting
        store.analyze_stories()  # the planner's picture of story ids, now they all changed

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
    sources = store.story_sources(member.id for members in by_story.values() for member in members)
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
