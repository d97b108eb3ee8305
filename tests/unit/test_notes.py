"""Notes on articles: stored, found by search (English and Chinese), never pruned, migrated."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.unit.old_schema import old_database
from tests.unit.test_search import FEED, add, draft

from scitui.config import Config
from scitui.errors import ScituiError
from scitui.library import Library, NotFoundError
from scitui.store import ArticleFilter, Store
from scitui.store.schema import VERSION, migrate_7_to_8

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "notes.db")
    yield opened
    opened.close()


@pytest.fixture
def library(store: Store, tmp_path: Path) -> Library:
    return Library(Config(feeds=(), topics=()), store, tmp_path / "config.toml")


def test_a_note_is_set_replaced_read_and_cleared(store: Store) -> None:
    [article_id] = add(store, FEED, draft("a", "Chip rules", "Export controls on HBM."))

    store.set_note(article_id, "first thoughts", now=T0)
    store.set_note(article_id, "second thoughts", now=T0 + timedelta(hours=1))

    note = store.note(article_id)
    assert note is not None and note.text == "second thoughts"
    assert (note.created_at, note.updated_at) == (T0, T0 + timedelta(hours=1))
    assert store.article(article_id).note == "second thoughts"  # type: ignore[union-attr]
    assert store.list_articles()[0].has_note
    assert store.clear_note(article_id) and not store.clear_note(article_id)
    assert store.note(article_id) is None and not store.list_articles()[0].has_note


def test_noted_articles_come_newest_note_first_with_their_counts(store: Store) -> None:
    first, second, _plain = add(
        store,
        FEED,
        draft("a", "Alpha", "one"),
        draft("b", "Beta", "two"),
        draft("c", "Gamma", "three"),
    )
    store.set_note(second, "older note", now=T0)
    store.set_note(first, "newer note", now=T0 + timedelta(minutes=5))
    store.set_flag([first], "read", True)

    noted = store.noted_articles()

    assert [(item.article.id, item.note.text) for item in noted] == [
        (first, "newer note"),
        (second, "older note"),
    ]
    assert all(item.article.has_note for item in noted)
    assert store.note_counts() == (2, 1)


def test_a_notes_words_find_its_article_first_with_a_note_snippet(store: Store) -> None:
    plain, noted = add(
        store,
        FEED,
        draft("p", "Budget hearing", "The committee discussed lithography budgets."),
        draft("n", "Weekly roundup", "Nothing about that here."),
    )
    store.set_note(noted, "Ask the lab about lithography tool delivery dates")

    hits = store.search("lithography")

    assert [hit.article.id for hit in hits] == [noted, plain]
    assert hits[0].snippet.startswith("note: ") and "«lithography»" in hits[0].snippet
    assert hits[0].article.has_note
    assert [hit.article.id for hit in store.search("delivery")] == [noted]
    assert store.search("title:delivery") == [], "a note has no title"
    store.clear_note(noted)
    assert [hit.article.id for hit in store.search("lithography")] == [plain]


def test_a_chinese_note_is_found_by_a_word_inside_its_run(store: Store) -> None:
    [noted] = add(store, FEED, draft("z", "Weekly roundup", "Nothing here."))
    store.set_note(noted, "需要核实高带宽存储器的出口管制范围")

    [hit] = store.search("出口管制")

    assert hit.article.id == noted
    assert hit.snippet.startswith("note: ") and "«出口管制»" in hit.snippet
    assert store.search("管制 OR nothing")[0].article.id == noted


def test_a_note_search_keeps_the_panes_filter(store: Store) -> None:
    tagged, other = add(
        store,
        FEED,
        draft("t", "Tagged", "text", {"chips": "rule"}),
        draft("o", "Other", "text"),
    )
    store.set_note(tagged, "gallium supply")
    store.set_note(other, "gallium prices")

    assert [h.article.id for h in store.search("gallium", ArticleFilter(tag="chips"))] == [tagged]
    store.set_flag([tagged], "read", True)
    assert [h.article.id for h in store.search("gallium", ArticleFilter(unread=True))] == [other]
    assert len(store.search("gallium", limit=1)) == 1
    assert {h.article.id for h in store.search("gallium")} == {tagged, other}


def test_deleting_an_article_deletes_its_note_and_its_index_row(store: Store) -> None:
    [article_id] = add(store, FEED, draft("a", "Alpha", "one"))
    store.set_note(article_id, "zirconium")
    with store.transaction() as conn:
        conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    assert store.note_counts() == (0, 0)
    assert store.db.conn.execute("SELECT count(*) FROM notes_fts").fetchone() == (0,)


def test_library_cleans_the_note_and_empty_text_clears_it(library: Library) -> None:
    [article_id] = add(library.store, FEED, draft("a", "Alpha", "one"))

    stored = library.set_note(article_id, "  line one\x1b[31m\n\tline two\u202e  \n")

    assert stored == "line one[31m\n\tline two"
    assert library.note(article_id) == stored
    assert [item.note.text for item in library.notes()] == [stored]
    assert library.set_note(article_id, " \n ") == ""
    assert library.note(article_id) is None and library.note_counts() == (0, 0)


def test_library_refuses_a_missing_article_and_a_huge_note(library: Library) -> None:
    [article_id] = add(library.store, FEED, draft("a", "Alpha", "one"))

    with pytest.raises(NotFoundError):
        library.set_note(article_id + 1, "x")
    with pytest.raises(NotFoundError):
        library.note(article_id + 1)
    with pytest.raises(ScituiError, match="at most"):
        library.set_note(article_id, "x" * 100_001)
    assert library.clear_note(article_id) is False


def test_prune_keeps_noted_articles(library: Library) -> None:
    old_noted, old_plain = add(
        library.store, FEED, draft("a", "Old noted", "one"), draft("b", "Old plain", "two")
    )
    library.set_note(old_noted, "keep this")

    report = library.prune(timedelta(days=1), now=datetime.now(UTC) + timedelta(days=30))

    assert report.articles == 1
    assert [summary.id for summary in library.articles()] == [old_noted]
    assert library.note(old_noted) == "keep this"
    assert old_plain not in {summary.id for summary in library.articles()}


def test_a_version_6_database_migrates_and_takes_notes(tmp_path: Path) -> None:
    path = tmp_path / "v6.db"
    conn = old_database(path, 6)
    conn.execute("INSERT INTO feeds (id, url, source_url, added_at) VALUES (1, 'f', 'f', 'x')")
    conn.execute(
        "INSERT INTO articles (feed_id, entry_key, title, text, sort_date, entry_hash, fetched_at, "
        "updated_at) VALUES (1, 'k', 'Old story', 'body', '2026-12-01', 'h', 'x', 'x')"
    )
    conn.commit()
    conn.close()

    store = Store(path)
    try:
        assert store.db.conn.execute("PRAGMA user_version").fetchone() == (VERSION,)
        [summary] = store.list_articles()
        assert not summary.has_note
        store.set_note(summary.id, "found later")
        migrate_7_to_8(store.db.conn)  # idempotent
        assert [hit.article.id for hit in store.search("found")] == [summary.id]
    finally:
        store.close()


def test_the_digest_quotes_a_note_line_by_line_escaped() -> None:
    from tests.unit.test_digest import digest_of, item

    from scitui.digest import render_html, render_markdown

    noted = item(note="first *line* <b>\n\n# second\x1b[2J\n")

    markdown = render_markdown(digest_of(noted))
    html = render_html(digest_of(noted))

    assert "\n> **Note:** first \\*line\\* \\<b\\>\n>\n> \\# second\\[2J\n" in markdown
    assert (
        '<blockquote class="note"><strong>Note:</strong> first *line* &lt;b&gt;<br>\n<br>\n'
        "# second[2J</blockquote>"
    ) in html
    assert "Note" not in render_markdown(digest_of(item(note=" \n ")))


def test_the_notes_list_and_counts_use_indexes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.unit.test_query_plans import assert_indexed, recorded

    ids = add(store, FEED, *(draft(f"k{n}", f"Story {n}", "text") for n in range(20)))
    for n, article_id in enumerate(ids[::3]):
        store.set_note(article_id, f"note {n}", now=T0 + timedelta(minutes=n))
    statements = recorded(store, monkeypatch)

    assert len(store.noted_articles()) == 7
    assert store.note_counts() == (7, 7)
    assert store.list_articles(limit=5)

    assert_indexed(store, statements)
