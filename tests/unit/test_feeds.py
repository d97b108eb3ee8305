"""Feed parsing: the fixtures against their expected values, and identity rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scitui.errors import ParseError
from scitui.feeds import entry_key, parse_feed
from scitui.topics import TopicMatcher
from scitui.work import prepare

BASE = "https://feeds.test/path/"
FIXTURES = ["rss2", "rdf", "atom", "latin1", "malformed"]


def rss(items: str, extra_ns: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"{extra_ns}><channel>'
        f"<title>T</title><link>https://site.test/</link>{items}</channel></rss>"
    ).encode()


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_parses_as_expected(name: str, data_dir: Path) -> None:
    want = json.loads((data_dir / "feeds" / f"{name}.expected.json").read_text("utf-8"))
    url = BASE + f"{name}.xml"

    parsed = parse_feed(
        (data_dir / "feeds" / f"{name}.xml").read_bytes(), url, {"content-type": "application/xml"}
    )

    assert parsed.title == want["title"]
    assert parsed.version == want["version"]
    assert bool(parsed.warning) is want["warning"]
    assert parsed.link == "https://feeds.test/"
    assert len(parsed.entries) == len(want["entries"])
    for entry, expected in zip(parsed.entries, want["entries"], strict=True):
        assert entry.guid == expected["guid"]
        assert entry.title == expected["title"]
        assert entry.url == "https://feeds.test" + expected["path"]
        assert entry.author == expected["author"]
        assert entry.published is not None and entry.published.utcoffset() == timedelta(0)
        assert entry.published.isoformat() == expected["published"]
        assert expected["text_contains"] in entry.content_html
        assert entry.key == (
            f"guid:{expected['guid']}" if expected["guid"] else f"link:{entry.url}"
        )


def test_content_encoded_is_preferred_to_the_summary(data_dir: Path) -> None:
    parsed = parse_feed((data_dir / "feeds" / "rss2.xml").read_bytes(), BASE + "rss2.xml")

    first = parsed.entries[0]
    assert first.summary == "The Bureau of Industry and Security issued new rules."
    assert first.content_html.startswith("<p>The Bureau of Industry and Security issued new rules")
    assert "<p>Exporters have ninety days" in first.content_html
    second = parsed.entries[1]
    assert second.content_html == second.summary, "no content element: the summary"


def test_latin1_feed_is_decoded_by_its_declaration(data_dir: Path) -> None:
    content = (data_dir / "feeds" / "latin1.xml").read_bytes()
    assert "Caf\u00e9".encode("latin-1") in content and "Caf\u00e9".encode() not in content

    for headers in (
        None,
        {"content-type": "application/rss+xml"},
        {"content-type": "application/rss+xml; charset=ISO-8859-1"},
    ):
        [entry] = parse_feed(content, BASE + "latin1.xml", headers).entries
        assert entry.title == "Caf\u00e9 scientifique \u00e0 Z\u00fcrich"


def test_feed_markup_is_sanitized_before_it_is_stored() -> None:
    """feedparser leaves the markup as it came; the allowlist sanitizer cleans what is stored."""
    parsed = parse_feed(
        rss(
            "<item><guid>g</guid><title>Hi</title>"
            '<description>&lt;p onclick="x()"&gt;Safe&lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;'
            "</description></item>"
        ),
        BASE,
    )

    [entry] = parsed.entries
    draft = prepare(entry, None, TopicMatcher(()))
    for stored in (draft.entry.summary, draft.html, draft.text):
        assert "Safe" in stored
        assert "onclick" not in stored and "evil" not in stored


def test_titles_and_authors_are_one_clean_line() -> None:
    parsed = parse_feed(
        rss(
            "<item><guid>g</guid><title>  Two\n   lines\x07 here </title>"
            "<author>me@x.test (Some\n Body)</author></item>"
        ),
        BASE,
    )

    [entry] = parsed.entries
    assert entry.title == "Two lines here"
    assert entry.author == "Some Body"


def test_links_are_absolute_http_or_nothing() -> None:
    parsed = parse_feed(
        rss(
            '<item><guid isPermaLink="false">1</guid><link>../rel/one.html</link></item>'
            '<item><guid isPermaLink="false">2</guid><link>javascript:alert(1)</link></item>'
            '<item><guid isPermaLink="false">3</guid><link>ftp://files.test/x</link></item>'
            '<item><guid isPermaLink="false">4</guid><link> https://abs.test/x </link></item>'
        ),
        BASE,
    )

    assert [entry.url for entry in parsed.entries] == [
        "https://feeds.test/rel/one.html",
        None,
        None,
        "https://abs.test/x",
    ]


def test_dates_are_utc_and_impossible_ones_are_dropped() -> None:
    parsed = parse_feed(
        rss(
            '<item><guid isPermaLink="false">1</guid><pubDate>Sun, 01 Jun 2025 23:30:00 -0330'
            "</pubDate></item>"
            '<item><guid isPermaLink="false">2</guid><pubDate>not a date</pubDate></item>'
            '<item><guid isPermaLink="false">3</guid><pubDate>Mon, 01 Jan 1900 00:00:00 GMT'
            "</pubDate></item>"
        ),
        BASE,
    )

    dates = [entry.published for entry in parsed.entries]
    assert dates == [datetime(2025, 6, 2, 3, 0, tzinfo=UTC), None, None]


def test_malformed_feed_keeps_entries_and_says_why(data_dir: Path) -> None:
    parsed = parse_feed((data_dir / "feeds" / "malformed.xml").read_bytes(), BASE + "m.xml")

    assert parsed.warning is not None and "not well-formed" in parsed.warning
    assert [entry.guid for entry in parsed.entries] == ["sloppy-1", "sloppy-2"]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"<html><body><p>Just a page</p></body></html>",
        b"<html><body><p>Unclosed <b>tags<br></body>",
        b'{"json": "not a feed"}',
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ],
)
def test_not_a_feed_raises_parse_error_naming_the_url(content: bytes) -> None:
    with pytest.raises(ParseError, match="https://feeds.test/nope") as raised:
        parse_feed(content, "https://feeds.test/nope")
    assert "not a feed" in str(raised.value)


def test_homepage_fixture_is_not_a_feed(data_dir: Path) -> None:
    with pytest.raises(ParseError, match="not a feed"):
        parse_feed(
            (data_dir / "pages" / "homepage.html").read_bytes(),
            BASE + "home.html",
            {"content-type": "text/html; charset=utf-8"},
        )


def test_an_empty_feed_is_a_feed() -> None:
    parsed = parse_feed(rss(""), BASE, {"content-type": "application/rss+xml"})

    assert (parsed.title, parsed.version, parsed.entries, parsed.warning) == (
        "T",
        "rss20",
        (),
        None,
    )


@pytest.mark.parametrize("content_type", [None, "text/html; charset=utf-8", "text/plain"])
def test_an_empty_feed_with_a_wrong_content_type_is_a_feed_with_a_warning(
    content_type: str | None,
) -> None:
    headers = {"content-type": content_type} if content_type else None

    parsed = parse_feed(rss(""), BASE, headers)

    assert (parsed.title, parsed.entries) == ("T", ())
    assert parsed.warning is not None and "NonXMLContentType" in parsed.warning


# --- identity --------------------------------------------------------------------


def test_entry_key_prefers_guid_then_link_then_a_hash() -> None:
    when = datetime(2025, 6, 3, tzinfo=UTC)
    assert entry_key("g-1", "https://x.test/a", "Title", when) == "guid:g-1"
    assert entry_key(None, "https://x.test/a", "Title", when) == "link:https://x.test/a"
    hashed = entry_key(None, None, "Title", when)
    assert hashed.startswith("hash:")
    assert hashed == entry_key(None, None, "Title", when), "stable"
    assert hashed != entry_key(None, None, "Other title", when)
    assert hashed != entry_key(None, None, "Title", None)


def test_keys_from_parsed_entries() -> None:
    parsed = parse_feed(
        rss(
            '<item><guid isPermaLink="false">a</guid><link>/same.html</link></item>'
            '<item><guid isPermaLink="false">b</guid><link>/same.html</link></item>'
            "<item><title>No guid</title><link>/only-link.html</link></item>"
            "<item><title>Bare</title></item>"
        ),
        BASE,
    )

    keys = [entry.key for entry in parsed.entries]
    assert keys[:3] == ["guid:a", "guid:b", "link:https://feeds.test/only-link.html"]
    assert keys[3].startswith("hash:")
    again = parse_feed(rss("<item><title>Bare</title></item>"), BASE)
    assert again.entries[0].key == keys[3]
