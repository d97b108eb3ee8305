"""Placing a fetch's articles feed by feed, and writing many story ids at once."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from test_store import draft
from test_story_ingest import COVERAGE, OTHER, by_title, serve_outlets

from scitui import restory
from scitui.library import Library
from scitui.restory import Placer, _gaps
from scitui.store import Store
from scitui.store.stories import BULK_STORY_IDS

OUTLETS = ("wire", "csis", "trade", "labs", "chinatalk")


def filled(path: Path) -> tuple[Store, list[int]]:
    """Thirty articles of five outlets over six days, every third tagged chips."""
    store = Store(path)
    for number in range(30):
        outlet = OUTLETS[number % len(OUTLETS)]
        feed = store.ensure_feed(f"https://{outlet}.test/feed.xml", outlet.title())
        when = datetime(2025, 6, 1, tzinfo=UTC) + timedelta(hours=5 * number)
        tags = {"chips": "rule"} if number % 3 == 0 else None
        item = draft(f"{outlet}-{number}", f"Article {number}", published=when, tags=tags)  # type: ignore[arg-type]
        store.save_new(feed.id, [(item, f"hash-{number}")])
    return store, sorted(article.id for article in store.list_articles(limit=100))


def flags(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        articles = conn.execute(
            "SELECT id, story_id, story_row, story_date, others_unread FROM articles ORDER BY id"
        ).fetchall()
        tags = conn.execute(
            "SELECT article_id, tag, story_row, story_date, others_unread FROM article_tags "
            "ORDER BY article_id, tag"
        ).fetchall()
    return articles, tags


def stories_of(ids: list[int], size: int) -> dict[int, int]:
    return {article: ids[index - index % size] for index, article in enumerate(ids)}


def test_a_bulk_write_flags_stories_as_one_write_per_article_does(tmp_path: Path) -> None:
    bulk, ids = filled(tmp_path / "bulk.db")
    single, same_ids = filled(tmp_path / "single.db")
    assert ids == same_ids
    first, second = stories_of(ids, 5), stories_of(ids, 3)  # then regrouped: stories move
    second[ids[0]] = ids[4]  # an article joins a story of a smaller id's old story
    assert len(first) > BULK_STORY_IDS
    bulk.set_story_ids(first)
    bulk.set_story_ids(second)
    with bulk.transaction() as conn:
        conn.execute("UPDATE articles SET read = 1 WHERE id = ?", (ids[7],))
    for story_ids in (first, second):
        for article, story in story_ids.items():
            single.set_story_ids({article: story})
    with single.transaction() as conn:
        conn.execute("UPDATE articles SET read = 1 WHERE id = ?", (ids[7],))
    bulk.close()
    single.close()
    assert flags(tmp_path / "bulk.db") == flags(tmp_path / "single.db")
    articles, _tags = flags(tmp_path / "bulk.db")
    assert sum(row[2] == 0 for row in articles) > 0  # some articles are not their story's row


def test_the_trigger_is_back_after_a_bulk_write(tmp_path: Path) -> None:
    store, ids = filled(tmp_path / "store.db")
    store.set_story_ids(stories_of(ids, 5))
    store.set_story_ids({ids[1]: ids[1]})  # one article leaves its story: the trigger's work
    store.close()
    articles, _tags = flags(tmp_path / "store.db")
    by_id = {row[0]: row for row in articles}
    assert by_id[ids[1]][2:4] == (1, by_id[ids[1]][3])
    assert by_id[ids[1]][3] is not None
    assert by_id[ids[0]][3] == by_id[ids[4]][3]  # the old story's newest date left with it
    with sqlite3.connect(tmp_path / "store.db") as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "articles_story_moved" in names


def test_a_fetch_places_each_feeds_articles_as_they_are_stored(
    make_library: Callable[..., Library], httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(restory, "SETTLED", 0)  # place at once, however few words are known
    placed: list[int] = []
    take = Placer.take
    monkeypatch.setattr(Placer, "take", lambda self: placed.append(take(self)) or placed[-1])
    urls = serve_outlets(httpserver, ["wire", "csis", "trade", "late"])
    library = make_library(urls[:3], content=False, jobs=1)
    list(library.refresh())
    assert sorted(placed) == [1, 1, 2]  # one call per feed: wire has two new articles
    library = make_library(urls, content=False, jobs=1)
    list(library.refresh())  # the late outlet joins the story loaded from the window
    assert sorted(placed) == [1, 1, 1, 2]
    stories = by_title(library)
    assert len({stories[title] for title, _hour in COVERAGE.values()}) == 1
    assert stories[COVERAGE["late"][0]][1] == 4
    assert stories[OTHER["title"]][1] == 1
    assert library.store.unplaced_articles() == []


def test_a_fetch_without_stories_leaves_its_articles_to_the_next(
    make_library: Callable[..., Library], httpserver: HTTPServer
) -> None:
    library = make_library(serve_outlets(httpserver, ["wire", "csis"]), content=False)
    list(library.refresh(stories=False))
    assert len(library.store.unplaced_articles()) == 3
    list(library.refresh())  # nothing new: what waits is placed all the same
    assert library.store.unplaced_articles() == []
    wire, csis = (by_title(library)[COVERAGE[name][0]] for name in ("wire", "csis"))
    assert wire == csis and wire[1] == 2


def test_only_the_days_not_loaded_yet_are_read_again() -> None:
    day = [datetime(2025, 6, n, tzinfo=UTC) for n in range(1, 12)]
    loaded = [(day[2], day[4]), (day[6], day[7])]
    assert _gaps(loaded, day[0], day[10]) == [(day[0], day[2]), (day[4], day[6]), (day[7], day[10])]
    assert _gaps(loaded, day[3], day[4]) == []
    assert _gaps(loaded, day[3], day[6]) == [(day[4], day[6])]
    assert _gaps([], day[1], day[2]) == [(day[1], day[2])]
