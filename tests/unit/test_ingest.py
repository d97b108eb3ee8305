"""The fetch pipeline end to end: Library.refresh against feeds and pages on a loopback server."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scitui.config import FeedSpec
from scitui.library import Library, NotFoundError
from scitui.models import Progress, Tag, TagReason
from scitui.retrieve import HttpRetriever
from scitui.store import ArticleFilter

RSS_TYPE = "application/rss+xml; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"


def rss(*items: Mapping[str, str], title: str = "Test Feed") -> bytes:
    """A small RSS 2.0 feed; item keys: guid, title, link, description, date, author, encoded."""
    parts = []
    for item in items:
        fields = []
        if "guid" in item:
            fields.append(f'<guid isPermaLink="false">{escape(item["guid"])}</guid>')
        for key, tag in (
            ("title", "title"),
            ("link", "link"),
            ("description", "description"),
            ("date", "pubDate"),
            ("author", "author"),
        ):
            if key in item:
                fields.append(f"<{tag}>{escape(item[key])}</{tag}>")
        if "encoded" in item:
            fields.append(f"<content:encoded><![CDATA[{item['encoded']}]]></content:encoded>")
        parts.append("<item>" + "".join(fields) + "</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title><link>/</link><description>tests</description>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode("utf-8")


def expected(data_dir: Path, kind: str, name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((data_dir / kind / f"{name}.expected.json").read_text("utf-8"))


def tags_of(library: Library, article_id: int) -> set[Tag]:
    return set(library.article(article_id).tags)


def only_id(library: Library) -> int:
    [summary] = library.articles()
    return summary.id


# --- feed formats ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["rss2", "rdf", "atom", "latin1"])
def test_each_feed_format_is_stored_with_its_fields(
    name: str,
    make_library: Callable[..., Library],
    serve: Callable[..., str],
    httpserver: HTTPServer,
    data_dir: Path,
) -> None:
    want = expected(data_dir, "feeds", name)
    url = serve(f"/{name}.xml", f"feeds/{name}.xml", content_type="application/xml")
    library = make_library([url], content=False)

    [outcome] = library.refresh()

    assert (outcome.status, outcome.error, outcome.warning) == ("ok", None, None)
    assert outcome.new == len(want["entries"])
    assert outcome.title == want["title"]
    assert library.store.feed(url).title == want["title"]  # type: ignore[union-attr]
    summaries = library.articles()
    assert sorted(s.title for s in summaries) == sorted(e["title"] for e in want["entries"])
    dates = [s.published for s in summaries]
    assert dates == sorted(dates, reverse=True), "newest first"
    by_title = {summary.title: summary for summary in summaries}
    for entry in want["entries"]:
        article = library.article(by_title[entry["title"]].id)
        assert article.url == httpserver.url_for(entry["path"])
        assert article.author == entry["author"]
        assert article.published is not None
        assert article.published.utcoffset() == timedelta(0)
        assert article.published.isoformat() == entry["published"]
        assert entry["text_contains"] in article.text
        assert article.content_source == "feed"
        assert article.feed == want["title"]
        assert not article.read and not article.starred


# --- conditional GET and dedupe --------------------------------------------------


def serve_pages(
    serve: Callable[..., str], paths: list[str], page: str = "pages/article.html"
) -> None:
    for path in paths:
        serve(path, page, content_type=HTML_TYPE)


RSS2_PAGES = ["/articles/export.html", "/articles/lab.html", "/articles/funding.html"]


def test_conditional_get_gets_304_and_reparses_nothing(
    make_library: Callable[..., Library],
    serve: Callable[..., str],
    httpserver: HTTPServer,
    data_dir: Path,
    hits: Callable[[str], int],
) -> None:
    feed = (data_dir / "feeds" / "rss2.xml").read_bytes()
    etag, modified = '"policy-wire-v1"', "Wed, 04 Jun 2025 18:00:00 GMT"
    validators: list[tuple[str | None, str | None]] = []

    def handler(request: Request) -> Response:
        sent = (request.headers.get("If-None-Match"), request.headers.get("If-Modified-Since"))
        validators.append(sent)
        if sent == (etag, modified):
            return Response(status=304, headers={"ETag": etag})
        return Response(feed, 200, {"ETag": etag, "Last-Modified": modified}, content_type=RSS_TYPE)

    httpserver.expect_request("/feed.xml").respond_with_handler(handler)
    serve_pages(serve, RSS2_PAGES)
    library = make_library([httpserver.url_for("/feed.xml")])

    [first] = library.refresh()
    assert (first.status, first.new) == ("ok", 3)
    assert [hits(path) for path in RSS2_PAGES] == [1, 1, 1]
    ids = [summary.id for summary in library.articles()]

    for _ in range(2):  # validators must survive a 304, so the third fetch is conditional too
        [again] = library.refresh()
        assert again.status == "not-modified"
        assert (again.new, again.updated, again.error) == (0, 0, None)

    assert validators == [(None, None), (etag, modified), (etag, modified)]
    assert [summary.id for summary in library.articles()] == ids
    assert [hits(path) for path in RSS2_PAGES] == [1, 1, 1], "no page fetched again"
    stored = library.store.feed(httpserver.url_for("/feed.xml"))
    assert stored is not None
    assert (stored.etag, stored.last_modified, stored.last_error) == (etag, modified, None)


def test_same_entries_twice_are_stored_once_without_304(
    make_library: Callable[..., Library], serve: Callable[..., str], hits: Callable[[str], int]
) -> None:
    url = serve("/feed.xml", "feeds/rss2.xml")
    serve_pages(serve, RSS2_PAGES)
    library = make_library([url])

    [first] = library.refresh()
    ids = sorted(summary.id for summary in library.articles())
    [second] = library.refresh()

    assert (first.new, second.status, second.new, second.updated) == (3, "ok", 0, 0)
    assert sorted(summary.id for summary in library.articles()) == ids
    assert library.count() == 3
    assert hits("/feed.xml") == 2
    assert [hits(path) for path in RSS2_PAGES] == [1, 1, 1], "known entries' pages not refetched"


# --- updates keep user state ----------------------------------------------------


def test_updated_entry_is_changed_in_place_and_keeps_user_state(
    make_library: Callable[..., Library], httpserver: HTTPServer
) -> None:
    version = {
        "feed": rss(
            {
                "guid": "u-1",
                "title": "Quokka rules on export controls",
                "link": "/u/1.html",
                "description": "The original summary mentions zeppelins.",
            },
            {
                "guid": "u-2",
                "title": "Lab news",
                "link": "/u/2.html",
                "description": "A national lab hires staff.",
            },
        )
    }
    httpserver.expect_request("/feed.xml").respond_with_handler(
        lambda request: Response(version["feed"], content_type=RSS_TYPE)
    )
    topics = {
        "export-controls": {"keywords": ["export control"], "min_score": 1},
        "labs": {"keywords": ["national lab"], "min_score": 1},
    }
    library = make_library(
        [(httpserver.url_for("/feed.xml"), ["policy", "wire"])], topics, content=False
    )

    [first] = library.refresh()
    assert first.new == 2
    ids = {summary.title: summary.id for summary in library.articles()}
    one, two = ids["Quokka rules on export controls"], ids["Lab news"]
    assert tags_of(library, one) == {
        Tag("policy", "feed"),
        Tag("wire", "feed"),
        Tag("export-controls", "rule"),
    }
    assert tags_of(library, two) == {
        Tag("policy", "feed"),
        Tag("wire", "feed"),
        Tag("labs", "rule"),
    }
    library.mark_read([one])
    library.star([one])
    assert library.tag(one, ["Keep Me"]) == ["keep-me"]
    library.untag(one, ["wire", "export-controls"])

    version["feed"] = rss(
        {
            "guid": "u-1",
            "title": "Wombat rules on export controls",
            "link": "/u/1.html",
            "description": "The revised summary mentions dirigibles.",
        },
        {
            "guid": "u-2",
            "title": "Lab news",
            "link": "/u/2.html",
            "description": "Staff were hired.",
        },
    )
    [second] = library.refresh()

    assert (second.status, second.new, second.updated) == ("ok", 0, 2)
    assert library.count() == 2
    article = library.article(one)
    assert article.title == "Wombat rules on export controls"
    assert "dirigibles" in article.text and "zeppelins" not in article.text
    assert article.summary == "The revised summary mentions dirigibles."
    assert (article.read, article.starred) == (True, True)
    assert set(article.tags) == {Tag("policy", "feed"), Tag("keep-me", "manual")}
    assert tags_of(library, two) == {Tag("policy", "feed"), Tag("wire", "feed")}, (
        "a rule tag that no longer matches goes"
    )
    # the full-text index follows the update (title and text)
    assert [hit.article.id for hit in library.search("wombat")] == [one]
    assert library.search("quokka") == []
    assert [hit.article.id for hit in library.search("dirigibles")] == [one]
    assert library.search("zeppelins") == []

    [third] = library.refresh()
    assert (third.new, third.updated) == (0, 0), "an unchanged entry is not rewritten"


def test_update_keeps_a_body_taken_from_the_page(
    make_library: Callable[..., Library], serve: Callable[..., str], httpserver: HTTPServer
) -> None:
    version = {
        "feed": rss(
            {
                "guid": "p-1",
                "title": "First title",
                "link": "/articles/export.html",
                "description": "Teaser one.",
            }
        )
    }
    httpserver.expect_request("/feed.xml").respond_with_handler(
        lambda request: Response(version["feed"], content_type=RSS_TYPE)
    )
    serve("/articles/export.html", "pages/article.html", content_type=HTML_TYPE)
    library = make_library([httpserver.url_for("/feed.xml")])

    list(library.refresh())
    article_id = only_id(library)
    assert library.article(article_id).content_source == "page"
    version["feed"] = rss(
        {
            "guid": "p-1",
            "title": "Second title",
            "link": "/articles/export.html",
            "description": "Teaser two.",
        }
    )
    [outcome] = library.refresh()

    article = library.article(article_id)
    assert outcome.updated == 1
    assert (article.title, article.summary) == ("Second title", "Teaser two.")
    assert article.content_source == "page"
    assert "Exporters have ninety days to comply" in article.text
    assert "Teaser" not in article.text


# --- entry identity --------------------------------------------------------------


def test_different_guids_with_the_same_link_are_two_articles(
    make_library: Callable[..., Library], serve: Callable[..., str], httpserver: HTTPServer
) -> None:
    url = serve(
        "/feed.xml",
        rss(
            {"guid": "a", "title": "Morning edition", "link": "/shared.html"},
            {"guid": "b", "title": "Evening edition", "link": "/shared.html"},
        ),
    )
    library = make_library([url], content=False)

    [outcome] = library.refresh()

    assert outcome.new == 2
    summaries = library.articles()
    assert sorted(s.title for s in summaries) == ["Evening edition", "Morning edition"]
    assert {s.url for s in summaries} == {httpserver.url_for("/shared.html")}


def test_entry_without_guid_is_known_by_its_link(
    make_library: Callable[..., Library], httpserver: HTTPServer
) -> None:
    version = {"feed": rss({"title": "Original", "link": "/no-guid.html"})}
    httpserver.expect_request("/feed.xml").respond_with_handler(
        lambda request: Response(version["feed"], content_type=RSS_TYPE)
    )
    library = make_library([httpserver.url_for("/feed.xml")], content=False)

    [first] = library.refresh()
    article_id = only_id(library)
    version["feed"] = rss({"title": "Retitled", "link": "/no-guid.html"})
    [second] = library.refresh()

    assert (first.new, second.new, second.updated) == (1, 0, 1)
    assert only_id(library) == article_id
    assert library.article(article_id).title == "Retitled"


def test_entry_without_guid_or_link_gets_a_stable_identity(
    make_library: Callable[..., Library], serve: Callable[..., str]
) -> None:
    url = serve(
        "/feed.xml",
        rss(
            {
                "title": "A bare entry",
                "date": "Tue, 03 Jun 2025 09:30:00 GMT",
                "description": "Neither guid nor link.",
            },
            {"title": "Another bare entry", "description": "No date either."},
        ),
    )
    library = make_library([url], content=False)

    [first] = library.refresh()
    [second] = library.refresh()

    assert (first.new, second.new, second.updated) == (2, 0, 0)
    assert library.count() == 2
    assert {s.url for s in library.articles()} == {None}


# --- failures are isolated ---------------------------------------------------------


def test_bad_feeds_fail_alone_beside_a_good_one(
    make_library: Callable[..., Library],
    serve: Callable[..., str],
    httpserver: HTTPServer,
    data_dir: Path,
) -> None:
    good = serve("/good.xml", "feeds/rss2.xml")
    missing = serve("/missing.xml", b"no such feed", status=404, content_type="text/plain")
    broken = serve("/broken.xml", b"internal error", status=500, content_type="text/plain")
    webpage = serve("/home.html", "pages/homepage.html", content_type=HTML_TYPE)
    release = threading.Event()
    feed = (data_dir / "feeds" / "atom.xml").read_bytes()

    def too_slow(request: Request) -> Response:
        release.wait(2)  # bounded; released as soon as the test is done
        return Response(feed, content_type="application/atom+xml")

    httpserver.expect_request("/slow.xml").respond_with_handler(too_slow)
    slow = httpserver.url_for("/slow.xml")
    library = make_library([missing, good, broken, slow, webpage], content=False)
    retriever = HttpRetriever(jobs=4, timeout=0.5)
    try:
        outcomes = {outcome.url: outcome for outcome in library.refresh(retriever=retriever)}
    finally:
        release.set()
        retriever.close()

    assert set(outcomes) == {good, missing, broken, slow, webpage}
    assert (outcomes[good].status, outcomes[good].new) == ("ok", 3)
    assert library.count() == 3
    assert {summary.feed for summary in library.articles()} == {"Policy Wire"}
    for url, words in (
        (missing, "HTTP 404"),
        (broken, "HTTP 500"),
        (slow, "timed out"),
        (webpage, "not a feed"),
    ):
        outcome = outcomes[url]
        assert outcome.status == "error" and not outcome.ok
        assert outcome.error is not None
        assert url in outcome.error and words in outcome.error
        stored = library.store.feed(url)
        assert stored is not None and stored.last_error == outcome.error
    assert library.store.feed(good).last_error is None  # type: ignore[union-attr]


def test_malformed_feed_keeps_its_entries_with_a_warning(
    make_library: Callable[..., Library], serve: Callable[..., str], data_dir: Path
) -> None:
    want = expected(data_dir, "feeds", "malformed")
    url = serve("/sloppy.xml", "feeds/malformed.xml")
    library = make_library([url], content=False)

    [outcome] = library.refresh()

    assert outcome.status == "ok"
    assert outcome.warning
    assert outcome.new == len(want["entries"]) == 2
    assert sorted(s.title for s in library.articles()) == sorted(
        entry["title"] for entry in want["entries"]
    )


# --- article pages ----------------------------------------------------------------


def test_article_page_is_cleaned_and_replaces_the_feed_body(
    make_library: Callable[..., Library],
    serve: Callable[..., str],
    httpserver: HTTPServer,
    data_dir: Path,
) -> None:
    want = expected(data_dir, "pages", "article")
    url = serve(
        "/feed.xml",
        rss(
            {
                "guid": "p-1",
                "title": "Export controls",
                "link": "/articles/export.html",
                "description": "A teaser.",
                "encoded": "<p>Only the feed's short body.</p>",
            }
        ),
    )
    serve("/articles/export.html", "pages/article.html", content_type=HTML_TYPE)
    progress: list[Progress] = []
    library = make_library([url])

    [outcome] = library.refresh(on_progress=progress.append)

    assert (outcome.new, outcome.page_errors) == (1, 0)
    article = library.article(only_id(library))
    assert article.content_source == "page"
    assert article.summary == "A teaser."
    for words in want["text_contains"]:
        assert words in article.text
    for words in want["text_excludes"]:
        assert words not in article.text and words not in article.html
    for words in want["html_excludes"]:
        assert words not in article.html
    assert "Only the feed's short body" not in article.text
    assert f'href="{httpserver.url_for("/documents/guidance.pdf")}"' in article.html
    assert "\n\n" in article.text, "paragraphs stay apart"
    last = progress[-1]
    assert (last.feeds_total, last.feeds_done, last.pages_total, last.pages_done) == (1, 1, 1, 1)


FEED_BODY = (
    "<p>The feed carries the whole story in its content element, with several "
    "sentences about chip exports and licences.</p><p>A second paragraph follows.</p>"
)


@pytest.mark.parametrize(
    ("status", "page"), [(404, "pages/article.html"), (200, "pages/short.html")]
)
def test_feed_content_is_kept_when_the_page_fails_or_is_shorter(
    status: int,
    page: str,
    make_library: Callable[..., Library],
    serve: Callable[..., str],
    hits: Callable[[str], int],
) -> None:
    url = serve(
        "/feed.xml",
        rss(
            {
                "guid": "f-1",
                "title": "Whole story in the feed",
                "link": "/articles/story.html",
                "description": "Teaser.",
                "encoded": FEED_BODY,
            }
        ),
    )
    serve("/articles/story.html", page, status=status, content_type=HTML_TYPE)
    library = make_library([url])

    [outcome] = library.refresh()

    assert hits("/articles/story.html") == 1
    assert (outcome.status, outcome.new, outcome.page_errors) == ("ok", 1, 1)
    article = library.article(only_id(library))
    assert article.content_source == "feed"
    assert "several sentences about chip exports" in article.text
    assert "A second paragraph follows." in article.text
    assert "Subscribe to read" not in article.text


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n2 0 obj<</Length 90>>stream\n"
    + bytes(range(128, 256)) * 2
    + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
)


def test_a_link_to_a_non_html_document_keeps_the_feed_content(
    make_library: Callable[..., Library], serve: Callable[..., str], hits: Callable[[str], int]
) -> None:
    url = serve(
        "/feed.xml",
        rss({"guid": "d-1", "title": "A report", "link": "/report.pdf", "description": "Short."}),
    )
    serve("/report.pdf", PDF, content_type="application/pdf")
    library = make_library([url])

    [outcome] = library.refresh()

    assert hits("/report.pdf") == 1
    assert (outcome.new, outcome.page_errors) == (1, 1)
    article = library.article(only_id(library))
    assert (article.content_source, article.text) == ("feed", "Short.")


@pytest.mark.parametrize("how", ["argument", "config"])
def test_content_off_downloads_no_pages(
    how: str,
    make_library: Callable[..., Library],
    serve: Callable[..., str],
    hits: Callable[[str], int],
) -> None:
    url = serve("/feed.xml", "feeds/rss2.xml")
    serve_pages(serve, RSS2_PAGES)
    if how == "argument":
        library = make_library([url], content=True)
        outcomes = list(library.refresh(content=False))
    else:
        library = make_library([url], content=False)
        outcomes = list(library.refresh())

    assert [outcome.new for outcome in outcomes] == [3]
    assert hits("/feed.xml") == 1
    assert [hits(path) for path in RSS2_PAGES] == [0, 0, 0]
    assert {library.article(s.id).content_source for s in library.articles()} == {"feed"}


def pages_feed(serve: Callable[..., str], path: str) -> str:
    return serve(
        "/feed.xml", rss({"guid": "c-1", "title": "Café", "link": path, "description": "Teaser."})
    )


def test_page_decoded_by_its_meta_charset(
    make_library: Callable[..., Library], serve: Callable[..., str], data_dir: Path
) -> None:
    want = expected(data_dir, "pages", "latin1")
    url = pages_feed(serve, "/revue/cafe.html")
    serve("/revue/cafe.html", "pages/latin1.html", content_type="text/html")  # no charset
    library = make_library([url])

    list(library.refresh())

    article = library.article(only_id(library))
    assert article.content_source == "page"
    for words in want["text_contains"]:
        assert words in article.text


def test_page_decoded_by_http_charset_before_meta(
    make_library: Callable[..., Library], serve: Callable[..., str], data_dir: Path
) -> None:
    page = (data_dir / "pages" / "latin1.html").read_bytes()
    lying = page.replace(b'<meta charset="windows-1252">', b'<meta charset="utf-8">')
    assert lying != page
    url = pages_feed(serve, "/revue/cafe.html")
    serve("/revue/cafe.html", lying, content_type="text/html; charset=windows-1252")
    library = make_library([url])

    list(library.refresh())

    article = library.article(only_id(library))
    assert article.content_source == "page"
    assert "Les chercheurs de Zürich se réunissent" in article.text
    assert "\ufffd" not in article.text


# --- redirects --------------------------------------------------------------------


def test_permanent_redirect_moves_the_feed(
    make_library: Callable[..., Library],
    serve: Callable[..., str],
    httpserver: HTTPServer,
    hits: Callable[[str], int],
) -> None:
    new = serve("/new.xml", "feeds/rss2.xml")
    old = serve("/old.xml", b"", status=301, headers={"Location": new}, content_type="text/plain")
    library = make_library([old], content=False)

    [first] = library.refresh()
    feed = library.store.feed(old)
    [second] = library.refresh()

    assert (first.status, first.new, first.url) == ("ok", 3, old)
    assert feed is not None and (feed.url, feed.source_url) == (new, old)
    assert (second.new, hits("/old.xml"), hits("/new.xml")) == (0, 1, 2)
    assert len(library.articles(ArticleFilter(feed_url=old))) == 3
    assert [spec.url for spec in library.config.feeds] == [old], "the config is not rewritten"


def test_temporary_redirect_keeps_the_feed_url(
    make_library: Callable[..., Library], serve: Callable[..., str], hits: Callable[[str], int]
) -> None:
    new = serve("/new.xml", "feeds/rss2.xml")
    old = serve("/old.xml", b"", status=302, headers={"Location": new}, content_type="text/plain")
    library = make_library([old], content=False)

    [first] = library.refresh()
    list(library.refresh())

    assert first.new == 3
    assert library.store.feed(old).url == old  # type: ignore[union-attr]
    assert (hits("/old.xml"), hits("/new.xml")) == (2, 2)


# --- topics and search -------------------------------------------------------------


TOPICS = {  # min_score 1: one mention tags, so each entry below tests one kind of match
    "export-controls": {
        "title": "Export controls",
        "min_score": 1,
        "keywords": ["export control"],
        "case_sensitive": ["BIS"],
        "patterns": [r"\bentity[- ]list(ed|ing)?\b"],
        "exclude": ["rice exports"],
    },
    "labs": {"title": "National labs", "min_score": 1, "keywords": ["national lab"]},
}


def test_feed_and_rule_tags_are_applied_on_ingest(
    make_library: Callable[..., Library], serve: Callable[..., str]
) -> None:
    url = serve(
        "/feed.xml",
        rss(
            {"guid": "1", "title": "New export-control rules", "description": "Details inside."},
            {
                "guid": "2",
                "title": "Agency update",
                "description": "The BIS published guidance. BIS alone would not do: entity list.",
            },
            {"guid": "3", "title": "Bis repetita", "description": "bis is Latin for twice."},
            {"guid": "4", "title": "Supplier entity-listed", "description": "A firm was added."},
            {"guid": "5", "title": "Rice exports face export controls", "description": "Grain."},
            {
                "guid": "6",
                "title": "Computing news",
                "description": "The national labs share a new supercomputer.",
            },
        ),
    )
    library = make_library([(url, ["policy"])], TOPICS, content=False)

    list(library.refresh())

    tags = {s.title: library.article(s.id).tags for s in library.articles()}
    rule_tagged = {
        title: {tag.name for tag in found if tag.source == "rule"} for title, found in tags.items()
    }
    assert rule_tagged == {
        "New export-control rules": {"export-controls"},
        "Agency update": {"export-controls"},
        "Bis repetita": set(),
        "Supplier entity-listed": {"export-controls"},
        "Rice exports face export controls": set(),
        "Computing news": {"labs"},
    }
    assert all(Tag("policy", "feed") in found for found in tags.values())
    reasons = {s.title: library.article(s.id).reasons for s in library.articles()}
    assert reasons["New export-control rules"] == {
        "export-controls": (TagReason("export-control", "title", 1),)
    }
    assert set(reasons["Agency update"]["export-controls"]) == {
        TagReason("BIS", "body", 2),
        TagReason("entity list", "body", 1),
    }
    assert reasons["Rice exports face export controls"] == {}
    assert "policy" not in reasons["Computing news"]
    counts = [(c.tag, c.kind, c.total, c.unread) for c in library.tags()]
    assert counts == [
        ("export-controls", "topic", 3, 3),
        ("labs", "topic", 1, 1),
        ("policy", "tag", 6, 6),
    ]
    tagged = {s.title for s in library.articles(ArticleFilter(tag="labs"))}
    assert tagged == {"Computing news"}


def test_a_feed_tag_outranks_the_same_rule_tag(
    make_library: Callable[..., Library], serve: Callable[..., str]
) -> None:
    url = serve("/feed.xml", rss({"guid": "1", "title": "Inside a national lab"}))
    library = make_library([(url, ["labs"])], TOPICS, content=False)

    list(library.refresh())

    assert library.article(only_id(library)).tags == (Tag("labs", "feed"),)


def test_search_finds_articles_by_a_body_word(
    make_library: Callable[..., Library], serve: Callable[..., str]
) -> None:
    url = serve("/feed.xml", "feeds/rss2.xml")
    serve_pages(serve, ["/articles/export.html"])
    serve("/articles/lab.html", b"", status=404, content_type="text/plain")
    serve("/articles/funding.html", b"", status=404, content_type="text/plain")
    library = make_library([url])

    list(library.refresh())

    hits = library.search("briefings")  # only in the export page's body
    assert [hit.article.title for hit in hits] == ["Commerce tightens export controls on AI chips"]
    assert "«briefings»" in hits[0].snippet
    assert [h.article.title for h in library.search("budgets")] == ["Research funding round-up"]
    assert library.search("   ") == []


# --- selecting feeds -----------------------------------------------------------------


def test_refresh_cancelled_before_it_starts_fetches_nothing(
    make_library: Callable[..., Library], serve: Callable[..., str], hits: Callable[[str], int]
) -> None:
    url = serve("/feed.xml", "feeds/rss2.xml")
    library = make_library([url])
    cancel = threading.Event()
    cancel.set()

    assert list(library.refresh(cancel=cancel)) == []
    assert (hits("/feed.xml"), library.count()) == (0, 0)


def test_refresh_only_the_feeds_asked_for(
    make_library: Callable[..., Library], serve: Callable[..., str], hits: Callable[[str], int]
) -> None:
    first = serve("/one.xml", "feeds/rss2.xml")
    second = serve("/two.xml", "feeds/atom.xml")
    library = make_library([first, second], content=False)

    outcomes = list(library.refresh([second]))

    assert [outcome.url for outcome in outcomes] == [second]
    assert (hits("/one.xml"), hits("/two.xml")) == (0, 1)
    assert {s.feed for s in library.articles()} == {"Chip Journal"}
    with pytest.raises(NotFoundError, match="not a configured feed"):
        list(library.refresh([first + "?unknown"]))


def test_adding_the_url_a_feed_moved_to_does_not_break_refresh(
    make_library: Callable[..., Library], serve: Callable[..., str]
) -> None:
    new = serve("/new.xml", "feeds/rss2.xml")
    old = serve("/old.xml", b"", status=301, headers={"Location": new}, content_type="text/plain")
    library = make_library([old], content=False)
    list(library.refresh())
    assert library.store.feed(old).url == new  # type: ignore[union-attr]

    library.add_feeds([FeedSpec(new, "New address")])
    outcomes = {outcome.url: outcome for outcome in library.refresh()}

    assert {url: o.status for url, o in outcomes.items()} == {old: "ok", new: "ok"}
    assert outcomes[new].new == 3, "the new feed gets its own articles"
    assert [feed.display_name for feed in library.feeds()] == ["Policy Wire", "New address"]


def test_default_paths_stay_inside_the_test_folder(tmp_path: Path) -> None:
    from scitui.paths import default_config_path, default_db_path

    library = Library.open(default_config_path(), default_db_path())
    try:
        assert default_config_path().is_relative_to(tmp_path)
        assert default_db_path().is_relative_to(tmp_path) and default_db_path().is_file()
        assert library.config.path is None, "no config file there: the built-in defaults"
        assert library.count() == 0
    finally:
        library.close()
