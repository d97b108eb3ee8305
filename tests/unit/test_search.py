"""Full-text search on a real database: ranking, snippets, filters, limits, the user's syntax."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from scitui.errors import QueryError, StoreError
from scitui.library import Library
from scitui.models import ArticleDraft, EntryData, SearchHit, TagSource
from scitui.store import ArticleFilter, Store
from scitui.store.sql import SUMMARY_COLUMNS, filter_sql, fts_query, summary_from_row

FEED = "https://feeds.test/policy.xml"
OTHER_FEED = "https://feeds.test/other.xml"


def draft(
    key: str, title: str, text: str, tags: dict[str, TagSource] | None = None
) -> ArticleDraft:
    entry = EntryData(
        key=key, guid=key, url=f"https://news.test/{key}", title=title, author=None,
        published=None, summary="", content_html=f"<p>{text}</p>",
    )  # fmt: skip
    return ArticleDraft(entry, f"<p>{text}</p>", text, "page", tags or {})


def add(store: Store, feed_url: str, *articles: ArticleDraft) -> list[int]:
    """Store the drafts in one feed; their ids in the order given."""
    feed = store.ensure_feed(feed_url)
    store.save_new(feed.id, [(article, f"h-{article.entry.key}") for article in articles])
    by_url = {summary.url: summary.id for summary in store.list_articles(limit=10_000)}
    return [by_url[article.entry.url] for article in articles]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "search.db")
    yield opened
    opened.close()


FILLER = "the committee met on tuesday and discussed the agenda at some length"


def test_a_title_match_ranks_above_a_body_match(store: Store) -> None:
    body, title = add(
        store,
        FEED,
        draft("body", "Committee notes", f"{FILLER} lithography {FILLER}"),
        draft("title", "Lithography rules", f"{FILLER} {FILLER}"),
    )

    assert [hit.article.id for hit in store.search("lithography")] == [title, body]


def test_more_matches_rank_higher_and_the_snippet_marks_them(store: Store) -> None:
    once, often = add(
        store,
        FEED,
        draft("once", "Notes", f"{FILLER} germanium {FILLER} {FILLER}"),
        draft("often", "Notes", f"germanium {FILLER} germanium export germanium {FILLER}"),
    )

    hits = store.search("germanium")

    assert [hit.article.id for hit in hits] == [often, once]
    assert hits[1].snippet.count("«germanium»") == 1
    assert hits[1].snippet.startswith("…") and hits[1].snippet.endswith("…"), "cut both ends"
    assert "«germanium»" in hits[0].snippet
    assert store.search("notes")[0].snippet == "«Notes»", "a title-only match: the title"


def test_snippet_marks_prefix_and_stemmed_matches(store: Store) -> None:
    add(store, FEED, draft("k", "Chips", "Foundries expanded packaging capacity."))

    [hit] = store.search("foundr")

    assert hit.snippet == "«Foundries» expanded packaging capacity."
    assert [h.snippet for h in store.search("expand")] == [
        "Foundries «expanded» packaging capacity."
    ]


def test_tag_filter_keeps_the_ranking_within_the_tag(store: Store) -> None:
    ids = add(
        store,
        FEED,
        draft("a", "Visa rules", "visa visa", {"talent": "rule"}),
        draft("b", "Other", "visa once", {"talent": "rule"}),
        draft("c", "Visa Visa", "visa visa visa"),
        draft("d", "Unrelated", "nothing here", {"talent": "rule"}),
    )

    everything = [hit.article.id for hit in store.search("visa")]
    in_tag = [hit.article.id for hit in store.search("visa", ArticleFilter(tag="talent"))]

    assert set(everything) == set(ids[:3])
    assert in_tag == [i for i in everything if i in (ids[0], ids[1])]
    assert store.search("visa", ArticleFilter(tag="no-such-tag")) == []


def test_filters_by_read_starred_and_feed(store: Store) -> None:
    first, second = add(
        store, FEED, draft("a", "Fusion one", "fusion"), draft("b", "Fusion two", "fusion")
    )
    [third] = add(store, OTHER_FEED, draft("c", "Fusion three", "fusion"))
    store.set_flag([first], "read", True)
    store.set_flag([second], "starred", True)

    def found(where: ArticleFilter) -> set[int]:
        return {hit.article.id for hit in store.search("fusion", where)}

    assert found(ArticleFilter(unread=True)) == {second, third}
    assert found(ArticleFilter(starred=True)) == {second}
    assert found(ArticleFilter(feed_url=OTHER_FEED)) == {third}
    assert found(ArticleFilter(unread=True, also_ids=frozenset({first}))) == {first, second, third}
    hit = next(h for h in store.search("fusion") if h.article.id == second)
    assert (hit.article.starred, hit.article.read, hit.article.feed) == (True, False, FEED)


def test_limit_returns_the_best_hits_in_order(store: Store) -> None:
    add(
        store,
        FEED,
        *(draft(f"k{n}", f"Story {n}", " ".join(["quantum"] * n + [FILLER])) for n in range(1, 9)),
    )

    everything = [hit.article.id for hit in store.search("quantum")]

    assert len(everything) == 8
    assert [hit.article.id for hit in store.search("quantum", limit=3)] == everything[:3]
    assert store.search("quantum", limit=0) == []


def old_search(store: Store, query: str, where: ArticleFilter, limit: int) -> list[SearchHit]:
    """The one-statement search the two-step one replaced: the reference for its results."""
    clauses, params = filter_sql(where)
    sql = (
        f"SELECT {SUMMARY_COLUMNS}, snippet(articles_fts, -1, '«', '»', '…', 12) AS snippet "
        "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid JOIN feeds f ON "
        f"f.id = a.feed_id WHERE articles_fts MATCH ? AND {clauses} "
        "ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ?"
    )
    rows = store.db.query(sql, [fts_query(query), *params, limit])
    return [SearchHit(summary_from_row(row), row["snippet"] or "") for row in rows]


def test_results_match_the_one_statement_search(store: Store) -> None:
    words = ["export", "control", "chip", "visa", "fusion", "lab", "grant", "quantum", "rule"]
    rng = random.Random(5)
    tags: list[TagSource] = ["rule", "feed"]
    drafts = [
        draft(
            f"k{n}",
            " ".join(rng.choices(words, k=rng.randint(1, 4))),
            " ".join(rng.choices(words, k=rng.randint(5, 60))),
            {"chips": rng.choice(tags)} if n % 3 == 0 else {},
        )
        for n in range(300)
    ]
    ids = add(store, FEED, *drafts)
    store.set_flag(ids[::4], "read", True)
    filters = [ArticleFilter(), ArticleFilter(tag="chips"), ArticleFilter(unread=True)]

    for query in ("export", "chip OR fusion", '"export control"', "qua bud", "lab -x"):
        for where in filters:
            for limit in (5, 50, 500):
                assert store.search(query, where, limit) == old_search(store, query, where, limit)


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ('"export', ["Export rules"]),  # an unbalanced quote: words, taken literally
        ("export-rules", ["Export rules"]),  # a phrase: "export" then "rules"
        ("export-controls", []),
        ("-export", ["Export rules"]),
        ("export*", ["Export rules"]),
        ("*", []),
        ("title:export", []),  # a phrase "title export", not a column filter
        (":", []),
        ("(export", ["Export rules"]),
        ("export)", ["Export rules"]),
        ("NEAR", ["Near the lab"]),
        ("a NEAR b", []),
        ("C++", ["Export rules"]),  # the prefix "c" matches "chips"
        ("'", []),
        ('"export rules"', ["Export rules"]),  # balanced quotes: FTS5 syntax, a phrase
        ("export OR lab", ["Export rules", "Near the lab"]),
        ('NEAR("export" "rules", 3)', ["Export rules"]),
    ],
)
def test_the_users_syntax_is_searched_literally_or_as_fts(
    store: Store, query: str, titles: list[str]
) -> None:
    add(
        store,
        FEED,
        draft("e", "Export rules", "New export rules for chips."),
        draft("n", "Near the lab", "A lab near the river."),
    )

    assert sorted(hit.article.title for hit in store.search(query)) == titles


@pytest.mark.parametrize(
    "query",
    [
        "chips AND (",
        "(export OR lab",
        "export) OR (lab",
        "AND",
        "export OR",
        "NEAR(export rules",
        "NEAR(export rules, x)",
        '"export" foo:bar',
        '"export" -"rules"',
        "x\x00y",
    ],
)
def test_fts_syntax_the_index_cannot_parse_is_one_clear_error(store: Store, query: str) -> None:
    add(store, FEED, draft("e", "Export rules", "New export rules for chips."))

    with pytest.raises(QueryError) as raised:
        store.search(query)

    message = str(raised.value)
    assert message.startswith(f"cannot search for {query!r}: ")
    assert "\n" not in message


def test_search_inside_an_open_transaction_sees_its_writes(store: Store) -> None:
    add(store, FEED, draft("e", "Export rules", "export"))

    with store.transaction() as conn:
        conn.execute("UPDATE articles SET title = 'Visa rules', text = 'visa'")
        assert [hit.article.title for hit in store.search("visa")] == ["Visa rules"]

    assert [hit.article.title for hit in store.search("visa")] == ["Visa rules"]


def test_a_database_error_is_a_store_error_not_a_query_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "broken.db")
    store.db.conn.execute("DROP TABLE articles_fts")

    with pytest.raises(StoreError, match="broken.db"):
        store.search("export")
    store.close()


def test_library_search_takes_a_tag_and_ignores_a_blank_query(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("feeds = []\n")
    library = Library.open(config, tmp_path / "library.db")
    try:
        tagged, _ = add(
            library.store,
            FEED,
            draft("a", "Visa one", "visa", {"talent": "rule"}),
            draft("b", "Visa two", "visa"),
        )

        assert library.search("   ") == []
        assert [hit.article.id for hit in library.search("visa", tag="talent")] == [tagged]
        assert len(library.search("visa", limit=1)) == 1
    finally:
        library.close()


@pytest.mark.parametrize(
    "where",
    [
        ArticleFilter(),
        ArticleFilter(tag="chips"),
        ArticleFilter(tag="chips", unread=True),
        ArticleFilter(unread=True),
        ArticleFilter(starred=True),
        ArticleFilter(feed_url=FEED),
        ArticleFilter(unread=True, also_ids=frozenset({1})),
    ],
)
def test_ranking_reads_no_article_rows_and_hands_fts5_no_ids(
    store: Store, where: ArticleFilter
) -> None:
    """What keeps search fast at 100k: the ranking statement is answered from indexes.

    An id list handed to FTS5 runs the match once per id (48 s for a 13k-article tag at 100k);
    an article row read per match walks its body's overflow pages.
    """
    add(store, FEED, draft("a", "Chips", "chips", {"chips": "rule"}), draft("b", "Labs", "chips"))
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)

    assert store.search("chips", where) is not None
    store.db.conn.set_trace_callback(None)

    ranking = [sql for sql in statements if "ORDER BY bm25" in sql]
    assert len(ranking) == 2, "the articles' index and the notes' index"
    for sql in ranking:
        steps = [row[3] for row in store.db.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
        fts_steps = [step for step in steps if "VIRTUAL TABLE" in step]
        assert fts_steps and all("=" not in step.split("INDEX")[-1] for step in fts_steps), steps
        if "articles_fts" in sql:  # the notes' matches each look up their article: few
            assert not [step for step in steps if "INTEGER PRIMARY KEY" in step], steps
        assert not [step for step in steps if step.startswith("SCAN") and "VIRTUAL" not in step
                    and "COVERING" not in step], steps  # fmt: skip
