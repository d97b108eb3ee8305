"""The reader's queries use indexes: EXPLAIN QUERY PLAN for every list, count and pane query.

The store's own SQL is recorded while it answers each kind of list the TUI shows, then each
statement is explained: none may sort in a temporary B-tree or scan the articles table row by
row (an index scan, or a covering one for a count, is fine). This is what keeps a pane instant
at 100,000 articles; bench/ measures it, this checks the plans on any machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from scitui.models import ArticleDraft, EntryData
from scitui.store import ArticleFilter, Store

FILTERS = {
    "all": ArticleFilter(),
    "unread": ArticleFilter(unread=True),
    "starred": ArticleFilter(starred=True),
    "tag": ArticleFilter(tag="chips"),
    "tag-unread": ArticleFilter(tag="chips", unread=True),
    "unread-keeping-read-rows": ArticleFilter(unread=True, also_ids=frozenset({3, 5})),
    "starred-keeping-rows": ArticleFilter(starred=True, also_ids=frozenset({4})),
    "view-any-tags": ArticleFilter(any_tags=("chips", "hbm")),
    "view-all-tags": ArticleFilter(tag="chips", all_tags=("chips",), unread=True),
    "view-feeds-since": ArticleFilter(
        feed_urls=("https://feeds.test/a.xml",), since=datetime(2025, 3, 1, tzinfo=UTC)
    ),
    "view-query": ArticleFilter(match="story"),
    "view-query-unread": ArticleFilter(match="story", unread=True),
    "view-query-tag-since": ArticleFilter(
        tag="chips", match="story", since=datetime(2025, 3, 1, tzinfo=UTC)
    ),
    "view-query-keeping-rows": ArticleFilter(match="story", unread=True, also_ids=frozenset({4})),
    "stories": ArticleFilter(stories=True),
    "stories-unread": ArticleFilter(unread=True, stories=True),
    "stories-tag": ArticleFilter(tag="chips", stories=True),
    "stories-tag-unread": ArticleFilter(tag="chips", unread=True, stories=True),
    "stories-unread-keeping-rows": ArticleFilter(
        unread=True, stories=True, also_ids=frozenset({3, 5})
    ),
    "stories-tag-keeping-rows": ArticleFilter(
        tag="chips", unread=True, stories=True, also_ids=frozenset({4})
    ),
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """200 articles over 200 days, every third tagged, every fourth read, some starred;
    the first 120 in stories of three."""
    store = Store(tmp_path / "plans.db")
    feed = store.ensure_feed("https://feeds.test/a.xml", "A")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    drafts = []
    for n in range(200):
        entry = EntryData(
            key=f"k{n}", guid=f"k{n}", url=f"https://news.test/{n}", title=f"Story {n}",
            author=None, published=start + timedelta(days=n), summary="", content_html="",
        )  # fmt: skip
        tags = {"chips": "rule"} if n % 3 == 0 else {}
        drafts.append((ArticleDraft(entry, "<p>x</p>", "x", "page", tags), f"h{n}"))  # type: ignore[arg-type]
    store.save_new(feed.id, drafts)
    store.set_flag(range(1, 201, 4), "read", True)
    store.set_flag(range(1, 201, 17), "starred", True)
    store.set_story_ids({n: n - (n - 1) % 3 for n in range(1, 121)})
    yield store
    store.close()


def recorded(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[Any]]]:
    """Record every statement the store runs through its query helper."""
    statements: list[tuple[str, list[Any]]] = []
    original = store._rows

    def recording(sql: str, params: Any = ()) -> list[dict[str, Any]]:
        statements.append((sql, list(params)))
        return original(sql, params)

    monkeypatch.setattr(store, "_rows", recording)
    return statements


def plan(store: Store, sql: str, params: list[Any]) -> list[str]:
    return [row[3] for row in store.db.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


def assert_indexed(store: Store, statements: list[tuple[str, list[Any]]]) -> None:
    assert statements
    for sql, params in statements:
        steps = plan(store, sql, params)
        problems = [
            step
            for step in steps
            if "TEMP B-TREE" in step
            or (step.startswith("SCAN a") and "INDEX" not in step)
            or (step.startswith("SCAN articles") and "INDEX" not in step)
            or (step.startswith("SCAN t") and "INDEX" not in step)
        ]
        assert not problems, f"{sql}\n -> {steps}"


@pytest.mark.parametrize("name", list(FILTERS))
def test_list_count_position_and_next_unread_use_indexes(
    store: Store, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    where = FILTERS[name]
    statements = recorded(store, monkeypatch)
    total = store.count_articles(where)
    assert total > 0
    first = store.list_articles(where, limit=20)
    store.list_articles(where, limit=20, offset=total - 5, total=total)
    store.position(where, first[-1].id)
    store.next_unread(where, first[0].id, True)
    store.next_unread(where, first[-1].id, False)
    assert_indexed(store, statements)


def test_pane_counts_and_totals_use_indexes(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    statements = recorded(store, monkeypatch)
    counts = store.tag_counts()
    assert counts == [("chips", 67, 67 - len([n for n in range(0, 200, 3) if n % 4 == 0]))]
    store.totals()
    store.last_fetched()
    assert_indexed(store, statements)


def test_tag_rows_follow_their_article(store: Store) -> None:
    """The tag index's copy of date and read flag is kept in step by triggers."""
    conn = store.db.conn
    article_id = conn.execute(
        "SELECT article_id FROM article_tags WHERE tag = 'chips' AND read = 0 LIMIT 1"
    ).fetchone()[0]
    store.set_flag([article_id], "read", True)
    assert conn.execute(
        "SELECT read FROM article_tags WHERE article_id = ?", (article_id,)
    ).fetchone() == (1,)
    store.add_tags(article_id, ["briefing"])
    row = conn.execute(
        "SELECT t.sort_date = a.sort_date, t.read FROM article_tags t "
        "JOIN articles a ON a.id = t.article_id WHERE t.article_id = ? AND t.tag = 'briefing'",
        (article_id,),
    ).fetchone()
    assert row == (1, 1)
    assert store.count_articles(ArticleFilter(tag="chips", unread=True)) == len(
        [s for s in store.list_articles(ArticleFilter(tag="chips"), limit=500) if not s.read]
    )


def test_the_sources_list_groups_along_its_index(tmp_path: Path) -> None:
    """Documents are grouped in article_sources_by_ident's order and their articles found by
    id; only the ranking (by counts, known once grouped) sorts, and each document's few
    articles for the distinct counts of outlets and stories."""
    from scitui.models import Source

    store = Store(tmp_path / "sources.db")
    try:
        feed = store.ensure_feed("https://feeds.test/a.xml", "A")
        start = datetime(2025, 1, 1, tzinfo=UTC)
        drafts = []
        for n in range(200):
            entry = EntryData(
                key=f"k{n}", guid=f"k{n}", url=None, title=f"Story {n}", author=None,
                published=start + timedelta(days=n), summary="", content_html="",
            )  # fmt: skip
            sources = (Source("eccn", f"3A{n % 7:03}", ""), Source("doi", f"10.1000/{n}", ""))
            drafts.append((ArticleDraft(entry, "", "x", "feed", sources=sources), f"h{n}"))
        store.save_new(feed.id, drafts)
        store.db.conn.execute("ANALYZE")
        for kind, since in ((None, None), ("eccn", None), ("eccn", start + timedelta(days=100))):
            sql, params = _recorded_sources_sql(store, kind, since)
            steps = plan(store, sql, params)
            assert any("article_sources_by_ident" in step for step in steps), steps
            assert not any("GROUP BY" in step for step in steps), steps
            assert any(step.startswith("SEARCH a USING INTEGER PRIMARY KEY") for step in steps)
            sorts = {step for step in steps if "TEMP B-TREE" in step}
            assert sorts <= {"USE TEMP B-TREE FOR ORDER BY", "USE TEMP B-TREE FOR count(DISTINCT)"}
    finally:
        store.close()


def _recorded_sources_sql(
    store: Store, kind: str | None, since: datetime | None
) -> tuple[str, list[Any]]:
    statements: list[tuple[str, list[Any]]] = []
    original = store._rows

    def recording(sql: str, params: Any = ()) -> list[dict[str, Any]]:
        statements.append((sql, list(params)))
        return original(sql, params)

    store._rows = recording  # type: ignore[method-assign]
    try:
        assert store.source_counts(kind, since)
    finally:
        del store._rows
    [statement] = statements
    return statement


def test_a_story_refresh_reads_only_the_story_through_its_index(store: Store) -> None:
    """Each subquery of the refresh the story triggers run reads the story's rows by
    ``articles_by_story``: the planner once took max(sort_date) from the date index and the
    unread count from the unread index, scanning the whole cache for every story."""
    from scitui.store.schema import _story_refresh

    conn = store.db.conn
    conn.execute("ANALYZE")  # then the statistics of a cache analysed before it had stories:
    conn.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'articles'")
    conn.executemany(  # every story_id the same (NULL), so its index looks useless
        "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('articles', ?, ?)",
        [
            ("articles_by_story", "100000 100000"),
            ("articles_by_date", "100000 1 1 1 1"),
            ("articles_unread", "100000 50000 1 1"),
        ],
    )
    conn.commit()
    conn.execute("ANALYZE sqlite_schema")  # reloads the statistics
    statements = [part for part in _story_refresh("?").split(";") if part.strip()]
    assert len(statements) == 2
    for statement in statements:
        plan = [
            row[3]
            for row in store.db.conn.execute(
                f"EXPLAIN QUERY PLAN {statement}", [1] * statement.count("?")
            )
        ]
        reads = [step for step in plan if step.startswith(("SEARCH s ", "SCAN s", "SCAN articles"))]
        assert reads, plan
        assert all("articles_by_story (story_id=?)" in step for step in reads), plan
        assert not any("articles_by_date" in step or "articles_unread" in step for step in plan)
