"""Stories through the real pipeline: fetch over loopback HTTP into SQLite places articles."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path

from old_schema import old_database
from pytest_httpserver import HTTPServer
from test_ingest import rss

from scitui.library import Library
from scitui.store import Store

ENTITY_TEXT = (
    "The Commerce Department's Bureau of Industry and Security added 140 entities to the "
    "Entity List on Monday, including the chipmaking equipment makers Naura and Piotech. The "
    "rule also restricts exports of high-bandwidth memory to China and extends the foreign "
    "direct product rule to equipment made abroad with American tools, officials said."
)
COVERAGE = {
    "wire": ("US adds 140 Chinese entities to Entity List, curbs HBM exports", 2),
    "csis": ("Commerce puts Naura, Piotech and 138 other entities on the Entity List", 3),
    "trade": ("Entity List grows by 140 entities as HBM export curbs land", 4),
    "late": ("Naura and Piotech among 140 entities on Entity List; HBM exports curbed", 5),
}
OTHER = {"title": "NSF merges two directorates", "description": "The NSF will merge two units."}


def entry(name: str, title: str, hour: int) -> dict[str, str]:
    return {
        "guid": f"{name}-1",
        "title": title,
        "description": f"{ENTITY_TEXT} ({name})",
        "date": f"Mon, 02 Dec 2024 {hour:02d}:00:00 GMT",
    }


def serve_outlets(httpserver: HTTPServer, names: list[str]) -> list[str]:
    urls = []
    for name in names:
        title, hour = COVERAGE[name]
        items: list[Mapping[str, str]] = [entry(name, title, hour)]
        if name == "wire":
            items.append({**OTHER, "guid": "wire-2", "date": "Mon, 02 Dec 2024 03:00:00 GMT"})
        httpserver.expect_request(f"/{name}.xml").respond_with_data(
            rss(*items, title=name.title()), content_type="application/rss+xml"
        )
        urls.append(httpserver.url_for(f"/{name}.xml"))
    return urls


def by_title(library: Library) -> dict[str, tuple[int, int]]:
    articles = library.articles(limit=100)
    sizes = library.story_sizes(article.id for article in articles)
    return {article.title: sizes[article.id] for article in articles}


def test_a_fetch_puts_the_outlets_of_one_event_in_one_story(
    make_library: Callable[..., Library], httpserver: HTTPServer
) -> None:
    library = make_library(serve_outlets(httpserver, ["wire", "csis", "trade"]), content=False)
    list(library.refresh())
    stories = by_title(library)
    coverage = [stories[COVERAGE[name][0]] for name in ("wire", "csis", "trade")]
    assert len({story for story, _size in coverage}) == 1
    assert [size for _story, size in coverage] == [3, 3, 3]
    ids = [article.id for article in library.articles() if article.title != OTHER["title"]]
    assert coverage[0][0] == min(ids)  # a story is named by its smallest article id
    assert stories[OTHER["title"]][1] == 1
    assert library.store.unplaced_articles() == []


def test_a_later_fetch_adds_new_coverage_to_the_story_it_found(
    make_library: Callable[..., Library], httpserver: HTTPServer
) -> None:
    urls = serve_outlets(httpserver, ["wire", "csis", "trade", "late"])
    library = make_library(urls[:3], content=False)
    list(library.refresh())
    first = by_title(library)[COVERAGE["wire"][0]]
    library = make_library(urls, content=False)  # the same database, a fourth feed added
    list(library.refresh())
    assert by_title(library)[COVERAGE["late"][0]] == (first[0], 4)
    stories = library.stories()
    assert [len(story.article_ids) for story in stories] == [4]
    assert stories[0].headline == COVERAGE["wire"][0]  # the earliest article's
    assert stories[0].outlets == ("Wire", "Csis", "Trade", "Late")


def test_stories_read_articles_primary_sources_as_kind_and_id(tmp_path: Path) -> None:
    store = Store(tmp_path / "scitui.db")
    assert store.story_sources([1, 2]) == {}
    with store.transaction() as conn:
        conn.execute("INSERT INTO feeds (id, url, source_url, added_at) VALUES (1, 'f', 'f', 'x')")
        conn.executemany(
            "INSERT INTO articles (id, feed_id, entry_key, sort_date, entry_hash, fetched_at,"
            " updated_at) VALUES (?, 1, ?, 'd', 'h', 'x', 'x')",
            [(n, str(n)) for n in (1, 2, 3)],
        )
        conn.execute(
            "INSERT INTO article_sources VALUES (1, 'fr-doc', '2022-21658', ''), "
            "(1, 'cfr', '15 CFR 744', ''), (3, 'doi', '10.1/x', '')"
        )
    assert store.story_sources([1, 2]) == {1: frozenset({"fr-doc:2022-21658", "cfr:15 CFR 744"})}
    assert set(store.story_sources()) == {1, 3}


def test_restory_forms_stories_and_a_dry_run_only_reports_them(
    make_library: Callable[..., Library], httpserver: HTTPServer
) -> None:
    library = make_library(serve_outlets(httpserver, ["wire", "csis"]), content=False)
    list(library.refresh())
    wire, csis = (by_title(library)[COVERAGE[name][0]] for name in ("wire", "csis"))
    assert wire == csis
    with library.store.transaction() as conn:  # as stored before: each its own story
        conn.execute("UPDATE articles SET story_id = id")
    dry = library.restory(dry_run=True)
    assert (dry.formed, dry.undone, dry.changed_articles) == (1, 0, 1)
    assert dry.formed_examples[0].headline == COVERAGE["wire"][0]
    assert by_title(library)[COVERAGE["csis"][0]][1] == 1
    done = library.restory()
    assert done.stories_after == 1 and not done.dry_run
    assert by_title(library)[COVERAGE["csis"][0]] == wire
    assert library.restory().changed_articles == 0


def test_the_migration_leaves_each_stored_article_its_own_story(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = old_database(path, 6)
    conn.execute(
        "INSERT INTO feeds (id, url, source_url, added_at) VALUES (1, 'u', 'u', '2024-01-01')"
    )
    for article_id in (5, 9):
        conn.execute(
            "INSERT INTO articles (id, feed_id, entry_key, sort_date, entry_hash, fetched_at,"
            " updated_at) VALUES (?, 1, ?, '2024-01-01', 'h', '2024-01-01', '2024-01-01')",
            (article_id, str(article_id)),
        )
    conn.commit()
    conn.close()
    store = Store(path)
    assert store.stored_story_ids() == {5: None, 9: None}  # stories of their own
    assert store.unplaced_articles() == []  # not new ones waiting for a placement
    plan = store.db.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE story_id = 5"
    ).fetchall()
    assert "articles_by_story" in str(plan)
    store.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] >= 8


def test_new_coverage_joins_articles_stored_before_stories(
    make_library: Callable[..., Library], httpserver: HTTPServer
) -> None:
    urls = serve_outlets(httpserver, ["wire", "csis", "trade"])
    library = make_library(urls[:2], content=False)
    list(library.refresh())
    with library.store.transaction() as conn:  # as the migration leaves an older cache
        conn.execute("UPDATE articles SET story_id = NULL")
    library.store.set_placed_through(max(library.store.stored_story_ids()))
    assert len(library.stories(singles=True)) == 3  # each old article is a story of its own
    library = make_library(urls, content=False)
    list(library.refresh())
    stories = library.stories()
    assert [story.outlets for story in stories] == [("Wire", "Csis", "Trade")]
    assert {size for _story, size in by_title(library).values()} == {3, 1}
    stored = library.store.stored_story_ids()
    assert [stored[article] for article in stories[0].article_ids] == [stories[0].id] * 3
    assert list(stored.values()).count(None) == 1  # the old single keeps no id
