"""Writing many story ids at once leaves every story's flags as one write per article does."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from test_store import draft

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
