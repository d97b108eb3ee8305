"""parse_feed on hostile bytes: local paths, entities, controls, encodings, odd links and dates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scitui.errors import ParseError
from scitui.feeds import ParsedFeed, parse_feed

BASE = "https://feeds.test/news/feed.xml"
RSS_TYPE = {"content-type": "application/rss+xml"}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def rss(
    items: str, title: str = "Feed", prolog: str = '<?xml version="1.0" encoding="utf-8"?>'
) -> str:
    return (
        f'{prolog}<rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://site.test/</link>{items}</channel></rss>"
    )


def texts(parsed: ParsedFeed) -> list[str]:
    """Every text field parse_feed returns."""
    values = [parsed.title or "", parsed.link or "", parsed.warning or ""]
    for entry in parsed.entries:
        values += [entry.key, entry.guid or "", entry.url or "", entry.title, entry.author or ""]
        values += [entry.summary, entry.content_html]
    return values


# --- never a local file --------------------------------------------------------------------


def test_a_body_naming_a_local_feed_file_is_not_opened(tmp_path: Path) -> None:
    local = tmp_path / "local.xml"
    local.write_text(rss("<item><title>LOCAL SECRET</title></item>"), encoding="utf-8")

    for body in (str(local).encode(), local.as_uri().encode()):
        with pytest.raises(ParseError, match="not a feed"):
            parse_feed(body, BASE, RSS_TYPE)


def test_entities_naming_local_files_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("LOCAL SECRET", encoding="utf-8")
    doctype = (
        f'<!DOCTYPE rss SYSTEM "{secret.as_uri()}" [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>'
    )
    body = rss("<item><guid>1</guid><title>a&leak;b</title></item>").replace(
        "?>", "?>" + doctype, 1
    )

    for headers in (RSS_TYPE, None):
        parsed = parse_feed(body.encode(), BASE, headers)
        assert "SECRET" not in " ".join(texts(parsed))
        assert [entry.title for entry in parsed.entries] == ["ab"]


def test_entry_text_that_looks_like_a_path_or_url_stays_text(tmp_path: Path) -> None:
    local = tmp_path / "local.xml"
    local.write_text(rss("<item><title>LOCAL SECRET</title></item>"), encoding="utf-8")
    item = (
        f"<item><guid>{local}</guid><title>{local}</title><description>{local.as_uri()}"
        f"</description><link>{local.as_uri()}</link></item>"
        f"<item><guid>2</guid><link>{local}</link><comments>{local}</comments></item>"
    )

    first, second = parse_feed(rss(item).encode(), BASE, RSS_TYPE).entries

    assert first.title == str(local)
    assert first.summary == local.as_uri()
    assert first.url is None or first.url.startswith("https://feeds.test/"), "never file:"
    assert second.url == "https://feeds.test" + str(local), "a path is a link relative to the feed"


def test_entity_expansion_bombs_do_not_expand() -> None:
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + level)} "{("&" + chr(97 + level) + ";") * 10}">' for level in range(9)
    )
    body = rss("<item><guid>1</guid><title>&j;</title></item>").replace(
        "?>", f"?><!DOCTYPE rss [{entities}]>", 1
    )

    try:
        parsed = parse_feed(body.encode(), BASE, RSS_TYPE)
    except ParseError:
        return
    assert all(len(text) < 10_000 for text in texts(parsed))


# --- control characters and odd characters --------------------------------------------------


def test_control_characters_are_stripped_from_every_field() -> None:
    nasty = "A\x1b[31mB\u009b31mC\u0085D\u007fE"  # ESC, CSI, NEL and DEL: raw in the XML text
    refs = "F&#x1b;G&#127;H&#x9b;I&#0;J"  # and as character references
    item = (
        f"<item><guid>g{nasty}</guid><title>{nasty} {refs}</title><author>x@y.test ({nasty})"
        f"</author><description>&lt;p&gt;{nasty} {refs}&lt;/p&gt;</description></item>"
    )
    for body in (rss(item, title=nasty), rss(item, title=nasty).replace("\x1b", "")):
        parsed = parse_feed(body.encode(), BASE, RSS_TYPE)
        values = texts(parsed)
        assert not [value for value in values if CONTROL.search(value)]
        [entry] = parsed.entries
        assert entry.title.startswith("A[31mB"), entry.title
        assert "\x1b" not in entry.title and "\x1b" not in entry.summary


def test_lone_surrogate_references_do_not_lose_the_feed() -> None:
    item = "<item><guid>1</guid><title>before &#xD800; after &#56320;</title></item>"
    item += "<item><guid>2</guid><title>fine</title></item>"

    for headers in (RSS_TYPE, None):
        parsed = parse_feed(rss(item).encode(), BASE, headers)
        assert [entry.title for entry in parsed.entries] == [
            "before \ufffd after \ufffd",
            "fine",
        ]


@pytest.mark.parametrize(
    ("element", "want"),
    [
        ("<title>[bold]not markup[/bold] \\[x]</title>", "[bold]not markup[/bold] \\[x]"),
        ("<title>AT&amp;T &lt;3 R&amp;D</title>", "AT&T <3 R&D"),
        ("<title><![CDATA[AT&T <3 R&D]]></title>", "AT&T <3 R&D"),
        ("<title>1 &lt; 2 &amp;&amp; 3 &gt; 2</title>", "1 < 2 && 3 > 2"),
    ],
)
def test_rss_titles_are_kept_as_written(element: str, want: str) -> None:
    [entry] = parse_feed(rss(f"<item><guid>1</guid>{element}</item>").encode(), BASE).entries

    assert entry.title == want


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ('<title type="text">AT&amp;T &lt;3 R&amp;D [b]</title>', "AT&T <3 R&D [b]"),
        (
            '<title type="html">AT&amp;amp;T &amp;lt;3 &lt;b&gt;R&amp;amp;D&lt;/b&gt;</title>',
            "AT&T <3 R&D",
        ),
        (
            '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">AT&amp;T &lt;3 '
            "<b>R&amp;D</b></div></title>",
            "AT&T <3 R&D",
        ),
    ],
)
def test_atom_titles_become_the_text_they_show(title: str, want: str) -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>F</title><id>urn:f</id><entry><id>urn:1</id>{title}</entry></feed>"
    )

    [entry] = parse_feed(body.encode(), BASE, {"content-type": "application/atom+xml"}).entries

    assert entry.title == want


# --- encodings and content types ---------------------------------------------------------------

TITLES = {
    "iso-8859-1": "Café scientifique à Zürich",
    "windows-1251": "Наука и общество: новости",
    "gb2312": "科学与技术政策新闻",
    "utf-16": "Ünïcödé — 科学 — Наука",
}


@pytest.mark.parametrize("encoding", list(TITLES))
@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "application/rss+xml",
        "application/rss+xml; charset={encoding}",
        "text/html",
        "text/html; charset=utf-8",
        "application/octet-stream",
        "text/plain",
    ],
)
def test_feeds_in_other_encodings_keep_their_titles(
    encoding: str, content_type: str | None
) -> None:
    title = TITLES[encoding]
    document = rss(
        f"<item><guid>1</guid><title>{title}</title></item>",
        title=title,
        prolog=f'<?xml version="1.0" encoding="{encoding}"?>',
    )
    headers = {"content-type": content_type.format(encoding=encoding)} if content_type else None

    parsed = parse_feed(document.encode(encoding), BASE, headers)

    assert parsed.title == title
    assert [entry.title for entry in parsed.entries] == [title]


def test_a_charset_only_in_the_http_header_is_used() -> None:
    title = TITLES["windows-1251"]
    document = rss(f"<item><guid>1</guid><title>{title}</title></item>", prolog="")

    parsed = parse_feed(
        document.encode("windows-1251"), BASE, {"content-type": "text/xml; charset=windows-1251"}
    )

    assert parsed.entries[0].title == title


# --- feed or not -----------------------------------------------------------------------------


def test_no_entries_and_a_parse_error_is_not_a_feed() -> None:
    truncated = rss("").split("<link>")[0]  # a channel cut off mid-way

    with pytest.raises(ParseError) as raised:
        parse_feed(truncated.encode(), BASE, RSS_TYPE)

    assert str(raised.value).startswith(f"{BASE}: not a feed")


def test_a_parse_error_with_entries_keeps_every_entry() -> None:
    items = "".join(
        f'<item><guid isPermaLink="false">{n}</guid><title>Entry {n} &nbsp; &bogus;</title></item>'
        for n in range(5)
    )
    broken = rss(items).replace(
        "</channel></rss>", '<item><guid isPermaLink="false">5</guid><title>cut'
    )

    parsed = parse_feed(broken.encode(), BASE, RSS_TYPE)

    assert parsed.warning is not None
    assert [entry.guid for entry in parsed.entries] == ["0", "1", "2", "3", "4", "5"]


@pytest.mark.parametrize(
    "page",
    [
        b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Hi</p></body></html>",
        b'<html><head><link rel="alternate" type="application/rss+xml" href="/feed"></head></html>',
        b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'><title>x</title></svg>",
    ],
)
def test_pages_are_not_feeds_whatever_their_type(page: bytes) -> None:
    for content_type in ("text/html", "application/rss+xml", "application/octet-stream"):
        with pytest.raises(ParseError, match="not a feed"):
            parse_feed(page, BASE, {"content-type": content_type})


# --- links, dates and identity ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "want"),
    [
        ("../other/a.html", "https://feeds.test/other/a.html"),
        ("//cdn.test/b.html", "https://cdn.test/b.html"),
        ("?page=2", "https://feeds.test/news/feed.xml?page=2"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("vbscript:x", None),
        ("data:text/html,hi", None),
        ("file:///etc/passwd", None),
        ("mailto:a@b.test", None),
        ("http://[::1", None),
        ("http://", None),
        ("https://ok.test/a&#x1;b", "https://ok.test/ab"),
    ],
)
def test_entry_links_are_resolved_http_or_empty(link: str, want: str | None) -> None:
    body = rss(f'<item><guid isPermaLink="false">1</guid><link>{link}</link></item>')

    [entry] = parse_feed(body.encode(), BASE, RSS_TYPE).entries

    assert entry.url == want


def test_entries_with_nothing_to_know_them_by_keep_a_stable_identity() -> None:
    items = (
        "<item><description>only a body</description></item>"
        "<item><description>another body</description></item>"
        "<item><title>only a title</title></item>"
        "<item><pubDate>Mon, 01 Jan 0001 00:00:00 GMT</pubDate><description>year 1</description>"
        "</item>"
        "<item><pubDate>Fri, 31 Dec 9999 23:59:59 GMT</pubDate><description>year 9999"
        "</description></item>"
        "<item><pubDate>Tue, 03 Jun 2025 09:30:00 GMT</pubDate></item>"
        "<item></item>"
    )
    body = rss(items).encode()

    first = parse_feed(body, BASE, RSS_TYPE)
    again = parse_feed(body, BASE, RSS_TYPE)

    keys = [entry.key for entry in first.entries]
    assert len(first.entries) == 7
    assert len(set(keys)) == 7, "every entry is its own article"
    assert keys == [entry.key for entry in again.entries]
    assert [entry.published is None for entry in first.entries] == [True] * 5 + [False, True]
