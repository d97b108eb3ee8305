"""The SQLite store on real database files in tmp_path."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scitui.errors import StoreError
from scitui.models import ArticleDraft, EntryData, Tag, TagReason, TagSource
from scitui.store import ArticleFilter, Store
from scitui.store.schema import APPLICATION_ID, VERSION
from scitui.store.store import fts_query

FEED = "https://feeds.test/policy.xml"


def draft(
    key: str,
    title: str,
    text: str = "",
    *,
    published: datetime | None = None,
    tags: dict[str, TagSource] | None = None,
    source: str = "feed",
) -> ArticleDraft:
    entry = EntryData(
        key=key,
        guid=key,
        url=f"https://news.test/{key}.html",
        title=title,
        author="A. Writer",
        published=published,
        summary=f"About {title}.",
        content_html=f"<p>{text}</p>",
    )
    return ArticleDraft(entry, f"<p>{text}</p>", text, source, tags or {})  # type: ignore[arg-type]


def day(n: int) -> datetime:
    return datetime(2025, 6, n, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store(tmp_path / "store.db")
    yield opened  # type: ignore[misc]
    opened.close()


def seed(store: Store) -> dict[str, int]:
    """Three dated articles and one undated, with tags; returns ids by title."""
    feed = store.ensure_feed(FEED, "Policy Wire")
    store.save_new(
        feed.id,
        [
            (
                draft(
                    "k1",
                    "Oldest chips story",
                    "Export controls on accelerators.",
                    published=day(1),
                    tags={"chips": "rule", "policy": "feed"},
                ),
                "h1",
            ),
            (
                draft(
                    "k2",
                    "Middle labs story",
                    "A national laboratory opens.",
                    published=day(2),
                    tags={"labs": "rule", "policy": "feed"},
                ),
                "h2",
            ),
            (
                draft(
                    "k3",
                    "Newest chips story",
                    "Foundries expand packaging capacity.",
                    published=day(3),
                    tags={"chips": "rule"},
                ),
                "h3",
            ),
        ],
    )
    return {summary.title: summary.id for summary in store.list_articles()}


def pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


# --- opening --------------------------------------------------------------------


def test_new_database_has_version_application_id_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "new.db"
    Store(path).close()

    assert path.is_file()
    assert pragma(path, "user_version") == VERSION
    assert pragma(path, "application_id") == APPLICATION_ID
    assert pragma(path, "journal_mode") == "wal"


def test_reopening_an_existing_database_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    first = Store(path)
    ids = seed(first)
    first.close()

    second = Store(path)
    try:
        assert {s.title: s.id for s in second.list_articles()} == ids
        assert pragma(path, "user_version") == VERSION
    finally:
        second.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {VERSION + 1}")
    conn.commit()
    conn.close()

    with pytest.raises(StoreError, match="newer") as raised:
        Store(path)
    assert str(path) in str(raised.value)


def test_other_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('bread')")
    conn.commit()
    conn.close()

    with pytest.raises(StoreError, match="not a scitui database"):
        Store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM recipes").fetchall() == [("bread",)], "left untouched"
    conn.close()


def test_other_application_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "foreign.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 12345")
    conn.commit()
    conn.close()

    with pytest.raises(StoreError, match="not a scitui database"):
        Store(path)


def test_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are my notes, not a database. " * 200)

    with pytest.raises(StoreError) as raised:
        Store(path)
    assert str(path) in str(raised.value)


def test_directory_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        Store(tmp_path)


def test_in_memory_store_works() -> None:
    store = Store(":memory:")
    try:
        feed = store.ensure_feed(FEED)
        assert store.save_new(feed.id, [(draft("k", "In memory", "body"), "h")]) == 1
        assert [s.title for s in store.list_articles()] == ["In memory"]
    finally:
        store.close()


# --- feeds ----------------------------------------------------------------------


def test_ensure_feed_is_idempotent_and_keeps_the_name_current(store: Store) -> None:
    first = store.ensure_feed(FEED, "Old name")
    second = store.ensure_feed(FEED, "New name")

    assert first.id == second.id
    assert (second.url, second.source_url, second.name) == (FEED, FEED, "New name")
    assert [feed.id for feed in store.feeds()] == [first.id]
    assert store.feed("https://feeds.test/other.xml") is None


def test_record_fetch_keeps_validators_unless_given(store: Store) -> None:
    feed = store.ensure_feed(FEED)
    store.record_fetch(feed.id, title="Policy Wire", validators=('"v1"', "Mon, 02 Jun 2025"))
    store.record_fetch(feed.id)  # e.g. a 304: nothing new to record
    kept = store.feed(FEED)
    store.record_fetch(feed.id, error="boom")
    failed = store.feed(FEED)

    assert kept is not None and failed is not None
    assert (kept.title, kept.etag, kept.last_modified) == (
        "Policy Wire",
        '"v1"',
        "Mon, 02 Jun 2025",
    )
    assert kept.last_error is None and kept.last_fetched is not None
    assert (failed.etag, failed.title, failed.last_error) == ('"v1"', "Policy Wire", "boom")


def test_moved_feed_is_found_by_either_url(store: Store) -> None:
    feed = store.ensure_feed(FEED)
    moved = "https://feeds.test/moved.xml"
    store.record_fetch(feed.id, new_url=moved)

    by_old, by_new = store.feed(FEED), store.feed(moved)
    assert by_old is not None and by_new is not None
    assert by_old.id == by_new.id == feed.id
    assert (by_old.url, by_old.source_url) == (moved, FEED)
    assert store.ensure_feed(FEED).url == moved, "ensure_feed does not undo the move"


# --- saving and reading ------------------------------------------------------------


def test_save_new_ignores_known_keys_and_counts_only_inserts(store: Store) -> None:
    feed = store.ensure_feed(FEED)
    assert store.save_new(feed.id, [(draft("k1", "One"), "h1"), (draft("k2", "Two"), "h2")]) == 2
    assert store.save_new(feed.id, [(draft("k1", "One again"), "h9")]) == 0
    known = store.known_entries(feed.id, ["k1", "k2", "k3"])
    assert set(known) == {"k1", "k2"}
    assert known["k1"].entry_hash == "h1" and known["k1"].content_source == "feed"
    assert store.count_articles() == 2


def test_list_is_newest_first_with_undated_articles_by_fetch_time(store: Store) -> None:
    ids = seed(store)
    feed = store.ensure_feed(FEED)
    store.save_new(feed.id, [(draft("k4", "Undated story", "No date."), "h4")])

    titles = [s.title for s in store.list_articles()]

    assert titles == [
        "Undated story",
        "Newest chips story",
        "Middle labs story",
        "Oldest chips story",
    ]
    page = store.list_articles(limit=2, offset=1)
    assert [s.id for s in page] == [ids["Newest chips story"], ids["Middle labs story"]]


def test_filters_by_tag_unread_starred_and_feed(store: Store) -> None:
    ids = seed(store)
    store.set_flag([ids["Newest chips story"]], "read", True)
    store.set_flag([ids["Middle labs story"], ids["Oldest chips story"]], "starred", True)

    def titles(where: ArticleFilter) -> list[str]:
        return [s.title for s in store.list_articles(where)]

    assert titles(ArticleFilter(tag="chips")) == ["Newest chips story", "Oldest chips story"]
    assert titles(ArticleFilter(unread=True)) == ["Middle labs story", "Oldest chips story"]
    assert titles(ArticleFilter(starred=True)) == ["Middle labs story", "Oldest chips story"]
    assert titles(ArticleFilter(tag="chips", unread=True, starred=True)) == ["Oldest chips story"]
    assert titles(ArticleFilter(feed_url=FEED)) == titles(ArticleFilter())
    assert titles(ArticleFilter(feed_url="https://feeds.test/none.xml")) == []
    assert store.count_articles(ArticleFilter(tag="chips", unread=True)) == 1
    summary = store.list_articles(ArticleFilter(tag="labs"))[0]
    assert (summary.read, summary.starred, summary.tags) == (False, True, ("labs", "policy"))
    assert summary.feed == "Policy Wire"


def test_article_has_body_tags_with_sources_and_utc_dates(store: Store) -> None:
    ids = seed(store)

    article = store.article(ids["Middle labs story"])

    assert article is not None
    assert article.text == "A national laboratory opens."
    assert article.tags == (Tag("labs", "rule"), Tag("policy", "feed"))
    assert article.published == day(2)
    assert article.fetched_at.tzinfo is not None and article.fetched_at.utcoffset().seconds == 0  # type: ignore[union-attr]
    assert (article.feed, article.feed_url) == ("Policy Wire", FEED)
    assert store.article(999_999) is None


def test_set_flag_counts_existing_rows_and_rejects_unknown_flags(store: Store) -> None:
    ids = seed(store)

    assert store.set_flag([ids["Oldest chips story"], 999_999], "read", True) == 1
    assert store.existing_ids([ids["Oldest chips story"], 999_999]) == {ids["Oldest chips story"]}
    assert store.existing_ids([]) == set()
    with pytest.raises(ValueError, match="unknown flag"):
        store.set_flag([ids["Oldest chips story"]], "deleted", True)


def test_tag_counts(store: Store) -> None:
    ids = seed(store)
    store.set_flag([ids["Oldest chips story"]], "read", True)

    assert store.tag_counts() == [("chips", 2, 1), ("labs", 1, 1), ("policy", 2, 1)]


def test_manual_tags_and_removals_survive_updates(store: Store) -> None:
    ids = seed(store)
    article_id = ids["Oldest chips story"]
    store.add_tags(article_id, ["mine", "chips"])  # a manual tag outranks the rule's
    store.remove_tags(article_id, ["policy"])
    store.set_flag([article_id], "starred", True)

    changed = draft(
        "k1",
        "Oldest chips story, revised",
        "Revised text.",
        published=day(1),
        tags={"chips": "rule", "policy": "feed", "fresh": "rule"},
    )
    assert store.update_entries([(article_id, changed, "h1-v2")]) == 1

    article = store.article(article_id)
    assert article is not None
    assert set(article.tags) == {
        Tag("chips", "manual"),
        Tag("mine", "manual"),
        Tag("fresh", "rule"),
    }
    assert (article.title, article.text, article.starred) == (
        "Oldest chips story, revised",
        "Revised text.",
        True,
    )
    assert store.known_entries(store.ensure_feed(FEED).id, ["k1"])["k1"].entry_hash == "h1-v2"
    store.add_tags(article_id, ["policy"])  # tagging by hand again lifts the removal
    assert Tag("policy", "manual") in store.article(article_id).tags  # type: ignore[union-attr]


def test_update_keeps_a_page_body(store: Store) -> None:
    feed = store.ensure_feed(FEED)
    store.save_new(
        feed.id, [(draft("p", "Paged", "The long body from the page.", source="page"), "h")]
    )
    [summary] = store.list_articles()

    store.update_entries([(summary.id, draft("p", "Paged, retitled", "feed teaser"), "h2")])

    article = store.article(summary.id)
    assert article is not None
    assert (article.title, article.text, article.content_source) == (
        "Paged, retitled",
        "The long body from the page.",
        "page",
    )


# --- search ------------------------------------------------------------------------


def test_search_ranks_matches_with_a_snippet(store: Store) -> None:
    ids = seed(store)

    hits = store.search("laboratory")

    assert [hit.article.id for hit in hits] == [ids["Middle labs story"]]
    assert "«laboratory»" in hits[0].snippet
    assert [h.article.title for h in store.search("chips")] != []
    assert {h.article.title for h in store.search("chips", ArticleFilter(unread=True))} == {
        "Oldest chips story",
        "Newest chips story",
    }
    assert (
        store.search("foundr") and store.search("foundr")[0].article.id == ids["Newest chips story"]
    ), "words match as prefixes"
    assert store.search("nonexistentword") == []


def test_search_index_follows_updates(store: Store) -> None:
    ids = seed(store)
    article_id = ids["Newest chips story"]

    store.update_entries(
        [
            (
                article_id,
                draft("k3", "Retitled quasar story", "Telescopes now.", published=day(3)),
                "h3-v2",
            )
        ]
    )

    assert [h.article.id for h in store.search("quasar")] == [article_id]
    assert [h.article.id for h in store.search("telescopes")] == [article_id]
    assert store.search("foundries") == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("chips!", 2),
        ("(chips", 2),
        ("export-controls", 1),
        ("a:b", 0),
        ("C++", 2),
        ("don't", 0),
        ("*", 0),
    ],
)
def test_search_tolerates_punctuation(store: Store, query: str, found: int) -> None:
    seed(store)

    assert len(store.search(query)) == found


def test_search_passes_fts_syntax_through(store: Store) -> None:
    ids = seed(store)

    hits = store.search("chips NOT foundries")

    assert [h.article.id for h in hits] == [ids["Oldest chips story"]]
    assert fts_query('"national laboratory"') == '"national laboratory"'
    assert fts_query("export controls") == '"export"* "controls"*'


def test_configuring_the_url_another_feed_moved_to(store: Store) -> None:
    old = store.ensure_feed(FEED)
    moved = "https://feeds.test/moved.xml"
    store.record_fetch(old.id, new_url=moved)

    new = store.ensure_feed(moved, "The new address")

    assert new.id != old.id
    assert (new.url, new.source_url, new.name) == (moved, moved, "The new address")
    assert store.feed(FEED).url == FEED  # type: ignore[union-attr]
    assert store.feed(moved).id == new.id  # type: ignore[union-attr]
    store.record_fetch(old.id, new_url=moved)  # redirected again: the URL is taken, kept as is
    assert store.feed(FEED).url == FEED  # type: ignore[union-attr]


# transactions ------------------------------------------------------------------------------------


def _count(path: Path) -> int:
    other = sqlite3.connect(path, timeout=0)
    try:
        return int(other.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        other.close()


def test_writes_nested_in_a_transaction_commit_together(store: Store) -> None:
    feed = store.ensure_feed(FEED)

    with store.transaction():
        store.save_new(feed.id, [(draft("k1", "One"), "h1")])
        store.save_new(feed.id, [(draft("k2", "Two"), "h2")])
        store.record_fetch(feed.id, title="Policy")
        assert _count(Path(store.path)) == 0  # another connection sees nothing yet

    assert _count(Path(store.path)) == 2
    assert not store.db.conn.in_transaction


def test_a_failure_anywhere_in_a_transaction_keeps_none_of_its_writes(store: Store) -> None:
    feed = store.ensure_feed(FEED)

    with pytest.raises(RuntimeError, match="network gone"), store.transaction():
        store.save_new(feed.id, [(draft("k1", "One"), "h1")])
        raise RuntimeError("network gone")

    assert _count(Path(store.path)) == 0
    assert store.feed(FEED).title is None  # type: ignore[union-attr]
    assert not store.db.conn.in_transaction
    store.save_new(feed.id, [(draft("k1", "One"), "h1")])  # and the lock is free again
    assert _count(Path(store.path)) == 1


def test_an_inner_failure_caught_inside_rolls_back_only_the_inner_part(store: Store) -> None:
    feed = store.ensure_feed(FEED)

    with store.transaction():
        store.save_new(feed.id, [(draft("k1", "One"), "h1")])
        with pytest.raises(ValueError), store.transaction() as conn:
            conn.execute("UPDATE articles SET title = 'changed'")
            store.set_flag([1], "bogus", True)
        store.save_new(feed.id, [(draft("k2", "Two"), "h2")])

    titles = [row["title"] for row in store._rows("SELECT title FROM articles ORDER BY id")]
    assert titles == ["One", "Two"]


# --- reasons follow their tags ----------------------------------------------------


def test_untagging_drops_that_tags_reasons_and_keeps_the_others(store: Store) -> None:
    feed = store.ensure_feed(FEED, "Policy Wire")
    reasons = {
        "chips": (TagReason("export controls", "body", 2),),
        "labs": (TagReason("laboratory", "title", 1),),
    }
    tagged = replace(
        draft("k1", "Chips and labs", "Export controls.", tags={"chips": "rule", "labs": "rule"}),
        reasons=reasons,
    )
    store.save_new(feed.id, [(tagged, "h1")])
    article_id = store.list_articles()[0].id
    assert store.reasons(article_id) == reasons

    store.remove_tags(article_id, ["chips"])

    assert store.reasons(article_id) == {"labs": reasons["labs"]}
    assert store.article(article_id).reasons == {"labs": reasons["labs"]}  # type: ignore[union-attr]
    conn = sqlite3.connect(store.path)
    try:
        left = conn.execute("SELECT DISTINCT tag FROM tag_reasons").fetchall()
    finally:
        conn.close()
    assert left == [("labs",)]


def test_reasons_stored_for_a_tag_the_article_no_longer_has_are_not_shown(store: Store) -> None:
    """A database written before untag dropped reasons may still hold some."""
    feed = store.ensure_feed(FEED, "Policy Wire")
    tagged = replace(
        draft("k1", "Chips", "Export controls.", tags={"chips": "rule"}),
        reasons={"chips": (TagReason("export controls", "body", 1),)},
    )
    store.save_new(feed.id, [(tagged, "h1")])
    article_id = store.list_articles()[0].id
    conn = sqlite3.connect(store.path)
    try:
        with conn:
            conn.execute("DELETE FROM article_tags WHERE article_id = ?", (article_id,))
    finally:
        conn.close()

    assert store.reasons(article_id) == {}
