"""Fuzzing parse_feed: generated RSS/Atom with arbitrary text where feeds carry text."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scitui.errors import ParseError
from scitui.feeds import ParsedFeed, parse_feed
from scitui.text import http_url

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
FUZZ = settings(
    max_examples=100,
    derandomize=True,  # the same examples on every run and in CI
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

char_refs = st.integers(min_value=0, max_value=0x10FFFF).map(
    lambda number: f"&#{number};" if number % 2 else f"&#x{number:x};"
)
awkward = st.sampled_from(
    [
        "&",
        "<",
        "]]>",
        "<![CDATA[",
        "&amp;amp;",
        "<b>",
        "</item>",
        "<script>alert(1)</script>",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "/etc/passwd",
        "http://[::1",
        "\x1b[31m",
        "\u009b",
        "[bold]",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "Mon, 01 Jan 0001 00:00:00 GMT",
    ]
)
raw_text = st.text(max_size=40)
field_text = st.one_of(
    raw_text.map(escape),  # well-formed text
    raw_text,  # unescaped: may break the XML
    st.lists(st.one_of(raw_text.map(escape), char_refs, awkward), max_size=6).map("".join),
)
optional = st.one_of(st.none(), field_text)


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    """RSS 2.0 or Atom whose titles, links, dates, guids and bodies are arbitrary text."""
    atom = draw(st.booleans())
    items = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        fields = {
            "title": draw(optional),
            "link": draw(optional),
            "guid": draw(optional),
            "date": draw(optional),
            "body": draw(optional),
            "author": draw(optional),
        }
        items.append(_atom_entry(fields) if atom else _rss_item(fields))
    title = draw(field_text)
    if atom:
        document = (
            f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f'<link href="{draw(field_text)}"/>' + "".join(items) + "</feed>"
        )
    else:
        document = (
            f'<rss version="2.0"><channel><title>{title}</title><link>{draw(field_text)}</link>'
            + "".join(items)
            + "</channel></rss>"
        )
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "iso-8859-1", "windows-1251"]))
    prolog = f'<?xml version="1.0" encoding="{encoding}"?>'
    return (prolog + document).encode(encoding, errors="xmlcharrefreplace")


def _rss_item(fields: dict[str, str | None]) -> str:
    tags = {"title": "title", "link": "link", "guid": "guid", "date": "pubDate"}
    tags |= {"body": "description", "author": "author"}
    return "<item>" + _elements(fields, tags) + "</item>"


def _atom_entry(fields: dict[str, str | None]) -> str:
    link = fields.pop("link")
    tags = {"title": "title", "guid": "id", "date": "updated", "body": "content"}
    tags |= {"author": "author"}
    href = f'<link href="{link}"/>' if link is not None else ""
    return "<entry>" + href + _elements(fields, tags) + "</entry>"


def _elements(fields: dict[str, str | None], tags: dict[str, str]) -> str:
    return "".join(
        f"<{tags[name]}>{value}</{tags[name]}>"
        for name, value in fields.items()
        if value is not None and name in tags
    )


def _texts(parsed: ParsedFeed) -> list[str]:
    values = [parsed.title or "", parsed.link or "", parsed.warning or ""]
    for entry in parsed.entries:
        values += [entry.key, entry.guid or "", entry.url or "", entry.title, entry.author or ""]
        values += [entry.summary, entry.content_html]
    return values


@FUZZ
@given(
    document=feeds(),
    content_type=st.sampled_from([None, "application/rss+xml", "text/html", "text/plain"]),
)
def test_parse_feed_on_arbitrary_text(document: bytes, content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else None
    try:
        parsed = parse_feed(document, "https://feeds.test/a/feed.xml", headers)
    except ParseError as problem:
        assert str(problem).startswith("https://feeds.test/a/feed.xml: ")
        return

    assert not [text for text in _texts(parsed) if CONTROL.search(text)]
    for entry in parsed.entries:
        assert entry.url is None or http_url(entry.url) == entry.url
        assert "\n" not in entry.title and (entry.author is None or "\n" not in entry.author)
        assert entry.published is None or 1970 <= entry.published.year <= 2200
    assert parsed.link is None or http_url(parsed.link) == parsed.link
    again = parse_feed(document, "https://feeds.test/a/feed.xml", headers)
    assert [entry.key for entry in again.entries] == [entry.key for entry in parsed.entries]


@FUZZ
@given(content=st.binary(max_size=300))
def test_parse_feed_on_arbitrary_bytes(content: bytes) -> None:
    try:
        parsed = parse_feed(content, "https://feeds.test/b.xml")
    except ParseError:
        return
    assert not [text for text in _texts(parsed) if CONTROL.search(text)]
