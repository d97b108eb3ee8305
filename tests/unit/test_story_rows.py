"""Story rows in the store: one row per story, its head, newest date, unread versions, paging."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from old_schema import old_database
from test_store import draft

from scitui.digest import render_html, render_markdown
from scitui.library import Library
from scitui.models import Source
from scitui.store import ArticleFilter, Store
from scitui.store.schema import STORY_MOVED_TRIGGER

STORIES = ArticleFilter(stories=True)


def day(n: int, hour: int = 12) -> datetime:
    return datetime(2025, 6, 1, hour, tzinfo=UTC) + timedelta(days=n)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "store.db")
    yield opened
    opened.close()


def add(store: Store, outlet: str, key: str, title: str, when: datetime, **tags: str) -> int:
    """One article of one outlet's feed; returns its id."""
    feed = store.ensure_feed(f"https://{outlet}.test/feed.xml", outlet.title())
    store.save_new(feed.id, [(draft(key, title, published=when, tags=tags or None), key)])  # type: ignore[arg-type]
    return next(a.id for a in store.list_articles(limit=1000) if a.title == title)


def story(store: Store, *ids: int) -> None:
    store.set_story_ids({article: min(ids) for article in ids})


@pytest.fixture
def three_outlets(store: Store) -> dict[str, int]:
    """A story told by three outlets (day 1, 2, 4) and two articles alone (day 3, day 0)."""
    ids = {
        "wire": add(store, "wire", "w1", "Wire: BIS adds 140 entities", day(1), chips="rule"),
        "alone": add(store, "labs", "l1", "A national lab opens", day(3)),
        "csis": add(store, "csis", "c1", "CSIS: what the entity rule means", day(2), chips="rule"),
        "trade": add(store, "trade", "t1", "Trade: entity list grows", day(4)),
        "old": add(store, "labs", "l0", "An older article", day(0), chips="rule"),
    }
    story(store, ids["wire"], ids["csis"], ids["trade"])
    return ids


def titles(store: Store, where: ArticleFilter) -> list[str]:
    return [article.title for article in store.list_articles(where, limit=100)]


def test_a_story_of_three_outlets_is_one_row_dated_by_its_newest(
    store: Store, three_outlets: dict[str, int]
) -> None:
    rows = store.list_articles(STORIES, limit=100)
    assert [row.title for row in rows] == [
        "Wire: BIS adds 140 entities",  # the earliest version heads the story ...
        "A national lab opens",
        "An older article",
    ]
    head = rows[0]
    assert (head.id, head.story_size, head.story_unread) == (three_outlets["wire"], 3, 3)
    assert head.newest == day(4)  # ... placed and dated by its newest
    assert rows[1].story_size == 1 and rows[1].newest is None  # its own date shown
    assert store.count_articles(STORIES) == 3
    assert store.count_articles(ArticleFilter()) == 5
    assert len(titles(store, ArticleFilter())) == 5


def test_a_topic_pane_lists_the_story_once_by_its_tagged_head(
    store: Store, three_outlets: dict[str, int]
) -> None:
    where = ArticleFilter(tag="chips", stories=True)
    assert titles(store, where) == ["Wire: BIS adds 140 entities", "An older article"]
    assert store.count_articles(where) == 2
    store.remove_tags(three_outlets["wire"], ["chips"])
    assert titles(store, where) == ["CSIS: what the entity rule means", "An older article"]
    kept = ArticleFilter(tag="chips", stories=True, also_ids=frozenset({three_outlets["old"]}))
    assert titles(store, kept) == titles(store, where)  # the stable list's query agrees


def test_unread_is_any_version_unread_and_new_coverage_keeps_the_story_read(
    store: Store, three_outlets: dict[str, int]
) -> None:
    unread = ArticleFilter(unread=True, stories=True)
    store.set_flag(three_outlets.values(), "read", True)
    assert store.count_articles(unread) == 0
    late = add(store, "late", "x1", "Late: entity list analysis", day(5), chips="rule")
    story(store, *(three_outlets[name] for name in ("wire", "csis", "trade")), late)
    rows = store.list_articles(unread, limit=10)
    assert [row.title for row in rows] == ["Wire: BIS adds 140 entities"]
    head = rows[0]
    assert (head.story_size, head.story_unread, head.read) == (4, 1, False)
    assert head.new_coverage and head.newest == day(5)
    tagged = ArticleFilter(tag="chips", unread=True, stories=True)
    assert titles(store, tagged) == ["Wire: BIS adds 140 entities"]
    store.set_flag([late], "read", True)
    assert store.count_articles(unread) == 0
    assert store.count_articles(tagged) == 0


def test_pane_counts_by_story_count_each_story_once_and_unread_while_a_version_is(
    store: Store, three_outlets: dict[str, int]
) -> None:
    assert store.totals()[:2] == (5, 5)
    assert store.totals(stories=True)[:2] == (3, 3)  # the story once, as its row
    assert dict((t, c) for t, *c in store.tag_counts(stories=True)) == {"chips": [2, 2]}
    assert dict((t, c) for t, *c in store.tag_counts()) == {"chips": [3, 3]}
    store.set_flag([three_outlets["wire"], three_outlets["csis"]], "read", True)
    assert store.totals(stories=True)[:2] == (3, 3)  # the trade version is still unread
    assert dict((t, c) for t, *c in store.tag_counts(stories=True)) == {"chips": [2, 2]}
    store.set_flag([three_outlets["trade"]], "read", True)
    assert store.totals(stories=True)[:2] == (3, 2)
    assert dict((t, c) for t, *c in store.tag_counts(stories=True)) == {"chips": [2, 1]}
    assert store.totals()[:2] == (5, 2)
    for where, counted in (
        (ArticleFilter(stories=True), store.totals(stories=True)[0]),
        (ArticleFilter(unread=True, stories=True), store.totals(stories=True)[1]),
        (ArticleFilter(tag="chips", unread=True, stories=True), 1),
    ):
        assert store.count_articles(where) == counted  # the counts agree with the lists


def test_a_primary_source_version_heads_its_story(store: Store) -> None:
    feed = store.ensure_feed("https://fr.test/feed.xml", "Federal Register")
    rule = draft("fr1", "Entity List Additions", published=day(3))
    url = "https://www.federalregister.gov/documents/2024/12/05/2024-28270/additions"
    store.save_new(feed.id, [(replace(rule, entry=replace(rule.entry, url=url)), "fr1")])
    fr = next(a.id for a in store.list_articles(limit=10) if a.title == "Entity List Additions")
    wire = add(store, "wire", "w1", "Wire: BIS adds 140 entities", day(1))
    cited = Source("fr-doc", "2024-28270", "https://www.federalregister.gov/d/2024-28270")
    store.save_scanned_sources({fr: [cited], wire: [cited]})
    story(store, fr, wire)
    assert titles(store, STORIES) == ["Entity List Additions"]


def test_positions_and_next_unread_follow_story_rows(
    store: Store, three_outlets: dict[str, int]
) -> None:
    assert store.position(STORIES, three_outlets["alone"]) == 1
    assert store.position(STORIES, three_outlets["csis"]) is None  # not a row of its own
    assert store.next_unread(STORIES, three_outlets["wire"], True) == three_outlets["alone"]
    store.set_flag([three_outlets["alone"]], "read", True)
    assert store.next_unread(STORIES, three_outlets["wire"], True) == three_outlets["old"]


def test_story_versions_lists_every_outlet_oldest_first(
    store: Store, three_outlets: dict[str, int]
) -> None:
    versions = store.story_versions(three_outlets["csis"])
    assert [v.feed for v in versions] == ["Wire", "Csis", "Trade"]
    assert [v.id for v in store.story_versions(three_outlets["alone"])] == [three_outlets["alone"]]


def test_pages_of_stories_at_a_few_hundred_articles(store: Store) -> None:
    """300 articles in 100 stories of three: pages from both ends agree with one read."""
    ids = []
    for n in range(300):
        when = day(0) + timedelta(hours=n)
        ids.append(add(store, f"o{n % 3}", f"k{n}", f"Story {n // 3} from outlet {n % 3}", when))
    store.set_story_ids({ids[n]: ids[n - n % 3] for n in range(300)})
    assert store.count_articles(STORIES) == 100
    whole = [row.id for row in store.list_articles(STORIES, limit=100)]
    assert whole == [ids[n] for n in range(297, -1, -3)]
    paged = [
        row.id
        for offset in range(0, 100, 30)
        for row in store.list_articles(STORIES, limit=30, offset=offset, total=100)
    ]
    assert paged == whole
    assert {row.story_size for row in store.list_articles(STORIES, limit=100)} == {3}


def test_trends_count_a_story_once_in_the_week_of_its_first_tagged_article(
    store: Store, three_outlets: dict[str, int]
) -> None:
    counts = store.weekly_tag_counts(day(-10), day(20))
    assert sorted(counts) == [
        ("chips", date(2025, 5, 26), 1),  # "An older article", alone
        ("chips", date(2025, 6, 2), 1),  # the story: Wire and CSIS both tagged, one event
    ]


def test_the_digest_lists_a_story_once_with_its_other_outlets_and_sources(
    make_library: Callable[..., Library],
) -> None:
    library = make_library(topics={"chips": {"title": "Chips", "keywords": ["entity"]}})
    wire = add(library.store, "wire", "w1", "Wire: BIS adds 140 entities", day(1), chips="rule")
    csis = add(library.store, "csis", "c1", "CSIS: the entity rule", day(2), chips="rule")
    trade = add(library.store, "trade", "t1", "Trade: entity list grows", day(4))
    cited = Source("fr-doc", "2024-28270", "https://www.federalregister.gov/d/2024-28270")
    library.store.save_scanned_sources({csis: [cited]})
    story(library.store, wire, csis, trade)
    digest = library.digest(since=timedelta(days=30), now=day(6))
    (section,) = digest.sections
    (item,) = section.items
    assert (item.id, item.also, item.sources) == (wire, ("Csis", "Trade"), (cited,))
    markdown = render_markdown(digest)
    assert "Wire · 2025-06-02 · also reported by Csis, Trade" in markdown
    assert "Primary sources: [FR 2024-28270](https://www.federalregister.gov/d/2024-28270)" in (
        markdown
    )
    assert "1 story in 1 topic" in markdown
    assert "also reported by Csis, Trade" in render_html(digest)


def test_the_migration_flags_the_stories_a_version_10_database_holds(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = old_database(path, 10)
    conn.execute(
        "INSERT INTO feeds (id, url, source_url, added_at) VALUES (1, 'u', 'u', '2024-01-01')"
    )
    for article_id, day_of_month, story_id in ((5, 1, 5), (9, 3, 5), (12, 2, None)):
        conn.execute(
            "INSERT INTO articles (id, feed_id, entry_key, sort_date, entry_hash, fetched_at,"
            " updated_at, story_id) VALUES (?, 1, ?, ?, 'h', '2024-01-01', '2024-01-01', ?)",
            (article_id, str(article_id), f"2024-01-0{day_of_month}T00:00:00+00:00", story_id),
        )
    conn.commit()
    conn.close()
    store = Store(path)
    try:
        rows = store.list_articles(STORIES, limit=10)
        assert [(row.id, row.story_size, row.story_unread) for row in rows] == [
            (5, 2, 2),  # dated by its newest article (January 3rd), before article 12
            (12, 1, 1),
        ]
    finally:
        store.close()


def test_marking_a_topic_of_stories_read_reads_every_version(
    store: Store, three_outlets: dict[str, int]
) -> None:
    marked = store.set_flag_where(ArticleFilter(tag="chips", stories=True), "read", True)
    assert marked == 4  # the story's three versions (one untagged) and the older article
    assert store.article(three_outlets["trade"]).read  # type: ignore[union-attr]
    assert not store.article(three_outlets["alone"]).read  # type: ignore[union-attr]


def federal_register_version(store: Store, when: datetime) -> int:
    """The Federal Register's own article of document 2024-28270 (its URL is the document)."""
    feed = store.ensure_feed("https://fr.test/feed.xml", "Federal Register")
    rule = draft("fr1", "Entity List Additions", published=when)
    url = "https://www.federalregister.gov/documents/2024/12/05/2024-28270/additions"
    store.save_new(feed.id, [(replace(rule, entry=replace(rule.entry, url=url)), "fr1")])
    return next(a.id for a in store.list_articles(limit=10) if a.title == "Entity List Additions")


CITED = Source("fr-doc", "2024-28270", "https://www.federalregister.gov/d/2024-28270")


def test_a_document_found_after_placement_moves_the_head_to_its_primary_source_version(
    store: Store,
) -> None:
    wire = add(store, "wire", "w1", "Wire: BIS adds 140 entities", day(1))
    fr = federal_register_version(store, day(3))
    story(store, wire, fr)
    assert titles(store, STORIES) == ["Wire: BIS adds 140 entities"]  # the earliest, for now
    store.save_scanned_sources({fr: [CITED], wire: [CITED]})  # scanned later (an old article)
    assert titles(store, STORIES) == ["Entity List Additions"]
    with store.transaction() as conn:  # its body changed: the sources it had are replaced
        conn.execute("DELETE FROM article_sources WHERE article_id = ?", (fr,))
    assert titles(store, STORIES) == ["Wire: BIS adds 140 entities"]


def test_the_migration_to_12_moves_stale_heads_to_their_primary_source_versions(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    store = Store(path)  # today's rows, then taken back to version 11
    wire = add(store, "wire", "w1", "Wire: BIS adds 140 entities", day(1))
    fr = federal_register_version(store, day(3))
    store.close()
    conn = sqlite3.connect(path)
    for trigger in ("article_sources_story_head_added", "article_sources_story_head_removed"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("PRAGMA user_version = 11")
    conn.execute("UPDATE articles SET story_id = ? WHERE id IN (?, ?)", (wire, wire, fr))
    conn.execute(
        "INSERT INTO article_sources (article_id, kind, ident, url) VALUES (?, ?, ?, ?)",
        (fr, CITED.kind, CITED.id, CITED.url),
    )
    conn.commit()
    head = conn.execute("SELECT id FROM articles WHERE story_row = 1 AND story_id = ?", (wire,))
    assert head.fetchall() == [(wire,)]  # stale: version 11 never looked again
    conn.close()
    store = Store(path)
    assert titles(store, STORIES) == ["Entity List Additions"]
    store.close()


def test_the_migration_to_13_recreates_the_story_triggers_with_todays_refresh(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v12.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"DROP TRIGGER {STORY_MOVED_TRIGGER}")
    conn.execute(  # an older body (version 12's refreshed each row against the whole story)
        f"CREATE TRIGGER {STORY_MOVED_TRIGGER} AFTER UPDATE OF story_id ON articles "
        "BEGIN SELECT 1; END"
    )
    conn.execute("PRAGMA user_version = 12")
    conn.commit()
    conn.close()
    store = Store(path)
    wire = add(store, "wire", "w1", "Wire: BIS adds 140 entities", day(1))
    csis = add(store, "csis", "c1", "CSIS: what the entity rule means", day(2))
    story(store, wire, csis)
    assert [row.title for row in store.list_articles(STORIES, limit=10)] == [
        "Wire: BIS adds 140 entities"
    ]
    (sql,) = store.db.conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = ?", (STORY_MOVED_TRIGGER,)
    ).fetchone()
    assert "row_number() OVER" in sql and "SELECT 1; END" not in sql
    store.close()


def test_a_story_of_many_versions_gets_one_head_per_tag_and_its_unread_counts(
    store: Store,
) -> None:
    ids = [
        add(store, f"outlet{n}", f"k{n}", f"Version {n}", day(1, hour=n), chips="rule")
        for n in range(12)
    ]
    story(store, *ids)
    store.set_flag(ids[:5], "read", True)
    rows = store.list_articles(ArticleFilter(tag="chips", stories=True), limit=10)
    assert [row.id for row in rows] == [ids[0]]  # the earliest heads the tag's list too
    assert (rows[0].story_size, rows[0].story_unread) == (12, 7)
    flags = dict(
        store.db.conn.execute(
            f"SELECT id, others_unread FROM articles WHERE id IN ({','.join('?' * 12)})", ids
        ).fetchall()
    )
    assert (
        flags[ids[0]] == 7 and flags[ids[11]] == 6
    )  # a read version counts all 7, an unread one 6


def stale_statistics(path: Path, version: int | None = None) -> None:
    """Plant the statistics of a cache analysed before it had stories (one story id: NULL)."""
    conn = sqlite3.connect(path)
    conn.execute("ANALYZE")
    conn.execute("DELETE FROM sqlite_stat1 WHERE idx = 'articles_by_story'")
    conn.execute(
        "INSERT INTO sqlite_stat1 VALUES ('articles', 'articles_by_story', '100000 100000')"
    )
    if version is not None:
        conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


def story_index_stat(store: Store) -> str:
    (stat,) = store.db.conn.execute(
        "SELECT stat FROM sqlite_stat1 WHERE idx = 'articles_by_story'"
    ).fetchone()
    return str(stat)


def test_the_upgrade_to_13_and_a_restory_take_the_story_index_statistics_again(
    tmp_path: Path, make_library: Callable[..., Library]
) -> None:
    path = tmp_path / "scitui.db"  # the file make_library opens
    store = Store(path)
    ids = [add(store, f"o{n}", f"k{n}", f"Version {n}", day(1, hour=n)) for n in range(6)]
    story(store, *ids[:3])
    store.close()
    stale_statistics(path, version=12)
    store = Store(path)
    assert story_index_stat(store) != "100000 100000"
    assert story_index_stat(store).split()[0] == "6"  # six rows, as they are now
    store.close()
    stale_statistics(path)
    library = make_library()
    library.restory()
    assert story_index_stat(library.store).split()[0] == "6"
