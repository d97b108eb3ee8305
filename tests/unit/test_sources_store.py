"""Primary sources stored: found at ingest over loopback HTTP, replaced when the text changes,
kept through retag, filled in by the migration from schema 6, and ranked by `sources`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from old_schema import old_database
from pytest_httpserver import HTTPServer
from tests.unit.test_ingest import HTML_TYPE, RSS_TYPE, rss
from werkzeug import Response

from scitui.library import Library
from scitui.models import ArticleDraft, EntryData
from scitui.store import Store
from scitui.store.schema import VERSION, migrate_6_to_7

RULE_PAGE = """<!doctype html><html><head><title>New chip rule</title></head><body>
<article><h1>New chip rule</h1>
<p>The Bureau of Industry and Security published its rule today. It controls advanced
computing items under ECCN 3A090 and amends 15 CFR 744.23 of the Export Administration
Regulations, which already restricted exports to several destinations.</p>
<p>Comments may be filed in the docket at
<a href="https://www.regulations.gov/docket/BIS-2022-0025">regulations.gov</a> until the
end of next month, the agency said in a statement accompanying the rule.</p>
<p>Analysts said the rule would reshape supply chains across the region for years.</p>
</article></body></html>"""


def pairs(library: Library, article_id: int) -> list[tuple[str, str]]:
    return [(source.kind, source.id) for source in library.article(article_id).sources]


def only_id(library: Library) -> int:
    [summary] = library.articles()
    return summary.id


def test_ingest_stores_the_page_s_sources_and_an_update_keeps_them(
    make_library: Callable[..., Library], httpserver: HTTPServer
) -> None:
    feed = {"title": "BIS rule"}
    httpserver.expect_request("/feed.xml").respond_with_handler(
        lambda request: Response(
            rss({"guid": "r1", "title": feed["title"], "link": "/rule.html"}), content_type=RSS_TYPE
        )
    )
    httpserver.expect_request("/rule.html").respond_with_data(RULE_PAGE, content_type=HTML_TYPE)
    library = make_library([httpserver.url_for("/feed.xml")])

    list(library.refresh())
    article_id = only_id(library)
    want = [("cfr", "15 CFR 744.23"), ("eccn", "3A090"), ("docket", "BIS-2022-0025")]
    assert pairs(library, article_id) == want
    docket = library.article(article_id).sources[-1]
    assert docket.url == "https://www.regulations.gov/docket/BIS-2022-0025"

    feed["title"] = "BIS rule under H.R. 4346"  # the entry changes; its page's body stays
    [outcome] = library.refresh()
    assert outcome.updated == 1
    assert pairs(library, article_id) == [*want[:2], ("bill", "hr4346"), want[2]]


def test_a_feed_body_that_changes_replaces_its_sources(
    make_library: Callable[..., Library], httpserver: HTTPServer
) -> None:
    body = {"text": "<p>The rule at 87 FR 62186 controls ECCN 3A090 items.</p>"}
    httpserver.expect_request("/feed.xml").respond_with_handler(
        lambda request: Response(
            rss({"guid": "a", "title": "Export rule", "encoded": body["text"]}),
            content_type=RSS_TYPE,
        )
    )
    library = make_library([httpserver.url_for("/feed.xml")], content=False)
    list(library.refresh())
    article_id = only_id(library)
    assert pairs(library, article_id) == [("fr-cite", "87 FR 62186"), ("eccn", "3A090")]

    body["text"] = "<p>Corrected: the paper is doi:10.1126/science.abq1234.</p>"
    list(library.refresh())
    assert pairs(library, article_id) == [("doi", "10.1126/science.abq1234")]


def test_retag_keeps_the_sources(
    make_library: Callable[..., Library], httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss({"guid": "a", "title": "Chips", "encoded": "<p>Export controls on ECCN 3A090.</p>"}),
        content_type=RSS_TYPE,
    )
    topics = {"export-controls": {"title": "Export controls", "keywords": ["export controls"]}}
    library = make_library([httpserver.url_for("/feed.xml")], topics, content=False)
    list(library.refresh())
    article_id = only_id(library)

    report = library.retag(every_topic=True, processes=1)

    assert report.articles == 1
    assert pairs(library, article_id) == [("eccn", "3A090")]


def test_a_version_6_database_opens_at_once_and_its_articles_are_scanned_later(
    tmp_path: Path, write_config: Callable[..., Path]
) -> None:
    """The upgrade only marks the stored articles; scans go newest first, a batch at a time."""
    path = tmp_path / "v6.db"
    conn = old_database(path, 6)
    conn.execute("INSERT INTO feeds (id, url, source_url, added_at) VALUES (1, 'f', 'f', 'x')")
    rows = [
        ("a", "https://www.federalregister.gov/documents/2022/10/13/2022-21658/rule", "Rule", ""),
        ("b", "https://news.test/b", "Chips", "Licences for ECCN 3A090 under the EAR."),
        ("c", "https://news.test/c", "Weather", "Rain on 2022-10-13."),
    ]
    for key, url, title, text in rows:
        conn.execute(
            "INSERT INTO articles (feed_id, entry_key, url, title, text, html, sort_date,"
            " entry_hash, fetched_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, '2026-12-01', 'h',"
            " '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')",
            (key, url, title, text, '<p><a href="https://doi.org/10.1000/xyz">paper</a></p>'),
        )
    conn.commit()
    conn.close()

    library = Library.open(write_config([]), path)
    try:
        assert library.store.db.conn.execute("PRAGMA user_version").fetchone() == (VERSION,)
        assert library.unscanned_sources() == 3
        assert all(not library.article(article_id).sources for article_id in (1, 2, 3))

        assert library.scan_old_sources(limit=2) == 1  # the newest two
        assert pairs(library, 3) == [("doi", "10.1000/xyz")]
        assert pairs(library, 2) == [("eccn", "3A090"), ("doi", "10.1000/xyz")]
        assert not library.article(1).sources

        assert list(library.refresh()) == []  # a fetch scans some more after its feeds
        assert pairs(library, 1) == [("fr-doc", "2022-21658"), ("doi", "10.1000/xyz")]
        assert library.unscanned_sources() == 0
        progress: list[tuple[int, int]] = []
        assert library.scan_old_sources(on_progress=lambda *p: progress.append(p)) == 0
        assert progress == []  # nothing left: nothing read
    finally:
        library.close()


def test_an_empty_version_6_database_has_nothing_to_scan(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    conn = old_database(path, 6)
    conn.commit()
    conn.close()
    store = Store(path)
    try:
        assert store.unscanned_sources() == 0
        with store.transaction() as conn:
            migrate_6_to_7(conn)  # idempotent
        assert store.unscanned_sources() == 0
    finally:
        store.close()


def draft(key: str, when: datetime, text: str) -> tuple[ArticleDraft, str]:
    from scitui.sources import find_sources

    entry = EntryData(key, key, f"https://news.test/{key}", key, None, when, "", "")
    sources = tuple(find_sources(text))
    return ArticleDraft(entry, "", text, "feed", sources=sources), f"h-{key}"


def test_source_counts_rank_by_stories_then_articles(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    try:
        now = datetime(2026, 12, 1, tzinfo=UTC)
        first = store.ensure_feed("https://a.test/feed", "A")
        second = store.ensure_feed("https://b.test/feed", "B")
        store.save_new(first.id, [draft("a1", now, "ECCN 3A090 under the EAR; 87 FR 62186")])
        store.save_new(first.id, [draft("a2", now - timedelta(days=20), "87 FR 62186 again")])
        store.save_new(second.id, [draft("b1", now - timedelta(days=1), "87 FR 62186 at BIS")])

        counts = store.source_counts()
        assert [(c.source.id, c.stories, c.articles, c.outlets) for c in counts] == [
            ("87 FR 62186", 3, 3, 2),
            ("3A090", 1, 1, 1),
        ]
        assert counts[0].newest == now
        assert counts[0].source.url == "https://www.federalregister.gov/citation/87-FR-62186"
        assert [c.source.id for c in store.source_counts(kind="eccn")] == ["3A090"]
        recent = store.source_counts(since=now - timedelta(days=7))
        assert [(c.source.id, c.articles) for c in recent] == [("87 FR 62186", 2), ("3A090", 1)]

        with store.transaction() as conn:  # two articles of one story count once
            conn.execute("UPDATE articles SET story_id = 7 WHERE entry_key IN ('a1', 'b1')")
        top = store.source_counts()[0]
        assert (top.stories, top.articles) == (2, 3)
        assert [a.title for a in store.citing("fr-cite", "87 FR 62186")] == ["a1", "b1", "a2"]
    finally:
        store.close()


def test_a_page_downloaded_on_a_later_run_brings_its_sources(
    make_library: Callable[..., Library], httpserver: HTTPServer
) -> None:
    items = [
        {"guid": f"e{n}", "title": f"Story {n}", "link": f"/page/{n}.html", "description": "Short."}
        for n in range(2)
    ]
    httpserver.expect_request("/big.xml").respond_with_data(rss(*items), content_type=RSS_TYPE)
    for n in range(2):
        httpserver.expect_request(f"/page/{n}.html").respond_with_data(
            RULE_PAGE, content_type=HTML_TYPE
        )
    config = make_library([httpserver.url_for("/big.xml")]).config_path
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[settings]", "[settings]\npages_per_feed = 1"), "utf-8")
    library = Library.open(config, config.parent / "scitui.db")
    try:
        list(library.refresh())
        found = {a.id: pairs(library, a.id) for a in library.articles()}
        assert sorted(map(len, found.values())) == [0, 3]  # one page now, one left for later

        [outcome] = library.refresh()

        assert outcome.updated == 1
        assert all(len(pairs(library, a.id)) == 3 for a in library.articles())
    finally:
        library.close()
