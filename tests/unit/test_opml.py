"""scitui.opml: nested outlines become tags, unsafe outlines are skipped, DTDs are refused."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from scitui.config import SLUG_RE, FeedSpec, add_feeds, load_config
from scitui.errors import ConfigError
from scitui.opml import read_opml, slug, write_opml

OPML_DATA = Path(__file__).parents[1] / "data" / "opml"


def test_nested_folders_and_categories_become_tags():
    feeds, warnings = read_opml(OPML_DATA / "nested.opml")

    assert feeds == [
        FeedSpec(
            "https://cset.example.org/feed/",
            "CSET",
            ("science-policy", "think-tanks", "ai-chips", "research-security"),
        ),
        FeedSpec(
            "https://deep.example.net/rss", "Deep one", ("science-policy", "think-tanks", "asia")
        ),
        FeedSpec("https://nature.example.com/nature.rss", "Nature", ("science-policy",)),
        FeedSpec("http://plain.example.org/rss.xml", "Top level", ("funding", "talent")),
    ]
    assert warnings == [
        "skipped Local file: 'file:///etc/passwd' is not an http(s) URL",
        "skipped Script: 'javascript:alert(1)' is not an http(s) URL",
        "skipped Bare path: 'feeds/local.xml' is not an http(s) URL",
    ]


def test_opml_1_attributes_and_names():
    feeds, warnings = read_opml(OPML_DATA / "simple.opml")
    assert feeds == [
        FeedSpec("https://first.example/feed", "First", ()),
        FeedSpec("https://second.example/rss", "Second", ()),
        FeedSpec("https://third.example/atom", None, ()),
    ]
    assert warnings == []


@pytest.mark.parametrize("name", ["billion_laughs.opml", "external_entity.opml"])
def test_entity_declarations_are_refused_not_expanded(name):
    path = OPML_DATA / name
    with pytest.raises(ConfigError) as raised:
        read_opml(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: not a readable OPML file")
    assert "Entities" in message or "entit" in message.lower()
    assert len(message) < 300


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("not_opml.opml", "not an OPML file (no <opml><body>)"),
        ("not_xml.opml", "not a readable OPML file"),
    ],
)
def test_a_file_that_is_not_opml(name, problem):
    path = OPML_DATA / name
    with pytest.raises(ConfigError) as raised:
        read_opml(path)
    assert str(raised.value).startswith(f"{path}: {problem}")


def test_a_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not a readable OPML file"):
        read_opml(tmp_path / "missing.opml")


def test_an_opml_without_a_body(tmp_path):
    path = tmp_path / "headless.opml"
    path.write_text('<opml version="2.0"><head/></opml>', encoding="utf-8")
    with pytest.raises(ConfigError, match="no <opml><body>"):
        read_opml(path)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Science Policy", "science-policy"),
        ("  AI & Chips!! ", "ai-chips"),
        ("Think-Tanks/2025", "think-tanks-2025"),
        ("---", ""),
    ],
)
def test_slug(label, expected):
    assert slug(label) == expected


def test_write_opml_nests_feeds_under_their_first_tag():
    feeds = [
        FeedSpec("https://a.example/feed", "A & B <news>", ("ai-chips", "think-tank")),
        FeedSpec("https://b.example/rss?x=1&y=2"),
        FeedSpec("https://c.example/atom", "C", ("think-tank",)),
    ]

    text = write_opml(feeds, title="My feeds")

    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    root = ElementTree.fromstring(text)
    assert root.findtext("head/title") == "My feeds"
    top = root.findall("body/outline")
    assert [outline.get("text") for outline in top] == [
        "ai-chips",
        "https://b.example/rss?x=1&y=2",
        "think-tank",
    ]
    first = top[0].find("outline")
    assert first is not None
    assert first.attrib == {
        "type": "rss",
        "text": "A & B <news>",
        "title": "A & B <news>",
        "xmlUrl": "https://a.example/feed",
        "category": "ai-chips,think-tank",
    }
    assert top[1].get("xmlUrl") == "https://b.example/rss?x=1&y=2"
    assert top[1].get("title") is None and top[1].get("category") is None
    assert [outline.get("xmlUrl") for outline in top[2]] == ["https://c.example/atom"]


def test_write_then_read_round_trips(tmp_path):
    feeds = [
        FeedSpec("https://a.example/feed", "A & B <news>", ("ai-chips", "think-tank")),
        FeedSpec("https://b.example/rss?x=1&y=2"),
        FeedSpec("https://c.example/atom", "C", ("think-tank",)),
        FeedSpec("http://d.example/", None, ("funding", "talent")),
    ]
    path = tmp_path / "feeds.opml"
    path.write_text(write_opml(feeds), encoding="utf-8")

    assert read_opml(path) == (feeds, [])


def test_write_opml_of_nothing_is_still_opml(tmp_path):
    path = tmp_path / "empty.opml"
    path.write_text(write_opml([]), encoding="utf-8")
    assert read_opml(path) == ([], [])


# under attack --------------------------------------------------------------------------------


def opml(outlines: str) -> str:
    return f'<?xml version="1.0"?><opml version="2.0"><head/><body>{outlines}</body></opml>'


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("file:///etc/passwd", "'file:///etc/passwd' is not an http(s) URL"),
        ("javascript:alert(1)", "'javascript:alert(1)' is not an http(s) URL"),
        ("data:text/html,&lt;b&gt;", "'data:text/html,<b>' is not an http(s) URL"),
        ("exec:rm -rf ~", "'exec:rm -rf ~' is not an http(s) URL"),
        ("|cat /etc/passwd", "'|cat /etc/passwd' is not an http(s) URL"),
        ("feeds/local.xml", "'feeds/local.xml' is not an http(s) URL"),
        ("http://[::1", "'http://[::1' is not an http(s) URL (Invalid IPv6 URL)"),
        ("http://:80/feed", "'http://:80/feed' is not an http(s) URL (no host)"),
        (
            "http://a.example:port/",
            "'http://a.example:port/' is not an http(s) URL"
            " (Port could not be cast to integer value as 'port')",
        ),
        (
            "https://a.example/&#10;x",
            "'https://a.example/\\nx' is not an http(s) URL (it has spaces or control characters)",
        ),
    ],
)
def test_unsafe_outlines_are_skipped_with_a_warning_and_the_rest_kept(tmp_path, url, problem):
    path = tmp_path / "feeds.opml"
    path.write_text(
        opml(
            '<outline text="Folder">'
            f'<outline text="Bad" xmlUrl="{url}"/>'
            '<outline text="Good" xmlUrl="https://good.example/feed"/>'
            "</outline>"
        ),
        encoding="utf-8",
    )

    feeds, warnings = read_opml(path)

    assert feeds == [FeedSpec("https://good.example/feed", "Good", ("folder",))]
    assert warnings == [f"skipped Bad: {problem}"]


def test_deep_nesting_is_read_without_recursion(tmp_path):
    path = tmp_path / "deep.opml"
    depth = 5000
    path.write_text(
        opml(
            '<outline text="level">' * depth
            + '<outline text="Deep" xmlUrl="https://deep.example/rss"/>'
            + "</outline>" * depth
            + '<outline text="After" xmlUrl="https://after.example/rss"/>'
        ),
        encoding="utf-8",
    )

    feeds, warnings = read_opml(path)

    assert feeds == [
        FeedSpec("https://deep.example/rss", "Deep", ("level",)),
        FeedSpec("https://after.example/rss", "After", ()),
    ]
    assert warnings == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('<?xml version="1.0" encoding="no-such-codec"?><opml/>', "unknown encoding"),
        ('<!DOCTYPE opml SYSTEM "http://evil.example/x.dtd">' + opml(""), "DOCTYPE"),
        ("<!DOCTYPE opml>" + opml('<outline xmlUrl="https://a.example/"/>'), "DOCTYPE"),
        ("", "no element found"),
        ("\x00\x01 binary", "not a readable OPML file"),
    ],
)
def test_hostile_files_are_one_line_config_errors(tmp_path, text, problem):
    path = tmp_path / "hostile.opml"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(ConfigError) as raised:
        read_opml(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert problem in message
    assert "\n" not in message


# fuzzing: any attribute text, any nesting ------------------------------------------------------

_SAFE_HOST = st.from_regex(r"[a-z][a-z0-9-]{0,15}\.(example|test|org)", fullmatch=True)
_GOOD_URL = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}/{path}",
    st.sampled_from(["http", "https", "HTTPS"]),
    _SAFE_HOST,
    st.from_regex(r"[a-z0-9/._-]{0,20}", fullmatch=True),
)
_BAD_URL = st.one_of(
    st.builds(
        lambda prefix, rest: prefix + rest,
        st.sampled_from(["file:", "javascript:", "data:", "exec:", "|", "feeds/", "ftp://"]),
        st.text(max_size=20),
    ),
    st.sampled_from(["http://", "http:///feed", "https://:443/", "http://[::1", "//a.example/"]),
)
# Every code point XML can carry: C1 controls, tabs, newlines, markup, emoji codes, RTL marks.
_ANY_TEXT = st.text(
    st.characters(exclude_categories=["Cs", "Cc"], exclude_characters="\ufffe\uffff")
    | st.sampled_from("\t\n\r\x80\x85\x9b"),
    max_size=40,
)
_NOT_XML = st.sampled_from(["\x00", "\x01", "\x1b", "\x7f\x00", "\ud800", "\ufffe"])


@st.composite
def _outlines(draw: st.DrawFn, depth: int = 0) -> ElementTree.Element:
    outline = ElementTree.Element("outline")
    for attribute in ("text", "title", "category", "type"):
        if draw(st.booleans()):
            outline.set(attribute, draw(_ANY_TEXT))
    kind = draw(st.sampled_from(["good", "bad", "any", "folder"] if depth < 4 else ["good", "any"]))
    if kind == "folder":
        for _ in range(draw(st.integers(0, 3))):
            outline.append(draw(_outlines(depth + 1)))
    else:
        url = draw({"good": _GOOD_URL, "bad": _BAD_URL, "any": _ANY_TEXT}[kind])
        outline.set(draw(st.sampled_from(["xmlUrl", "xmlurl"])), url)
        outline.set("kind", kind)  # for the test's own bookkeeping; the importer ignores it
    return outline


def _expected_urls(node: ElementTree.Element) -> tuple[list[str], int]:
    """The good outlines' URLs in document order, and how many bad ones there are."""
    good: list[str] = []
    bad = 0
    for outline in node.iter("outline"):
        if outline.get("kind") == "good":
            good.append(outline.get("xmlUrl") or outline.get("xmlurl") or "")
        bad += outline.get("kind") == "bad"
    return good, bad


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    outlines=st.lists(_outlines(), max_size=6),
    junk=st.none() | st.tuples(_NOT_XML, st.floats(0, 1)),
)
def test_fuzzed_opml_imports_only_safe_feeds_or_fails_cleanly(tmp_path, outlines, junk):
    root = ElementTree.Element("opml", version="2.0")
    body = ElementTree.SubElement(root, "body")
    body.extend(outlines)
    path = tmp_path / "fuzz.opml"
    text = ElementTree.tostring(root, "unicode")
    if junk:  # a character XML cannot hold, somewhere: the file is no longer XML
        character, where = junk
        cut = int(where * len(text))
        text = text[:cut] + character + text[cut:]
    path.write_bytes(text.encode("utf-8", "surrogatepass"))

    try:
        feeds, warnings = read_opml(path)
    except ConfigError as exc:
        assert str(exc).startswith(f"{path}: not a readable OPML file")
        assert "\n" not in str(exc)
        event("not XML")
        return
    event("read: some feeds" if feeds else "read: no feeds")

    for feed in feeds:
        parts = urlsplit(feed.url)
        assert parts.scheme.lower() in ("http", "https") and parts.hostname, feed.url
        assert not _CONTROL.search(feed.url) and feed.url == feed.url.strip()
        assert feed.name is None or (feed.name and not _CONTROL.search(feed.name))
        assert all(SLUG_RE.match(tag) for tag in feed.tags), feed.tags
    assert not any(_CONTROL.search(warning) for warning in warnings)
    good, bad = _expected_urls(body)
    assert [feed.url for feed in feeds if feed.url in good] == [url.strip() for url in good]
    assert len(warnings) >= bad
    # what was imported is a valid config: the import cannot break the config file
    config_path = tmp_path / "config.toml"
    config_path.write_text("[topics]\n", encoding="utf-8")
    add_feeds(config_path, feeds)
    assert [spec.url for spec in load_config(config_path).feeds] == list(
        dict.fromkeys(feed.url for feed in feeds)
    )


def test_a_fifo_is_refused_without_being_read(tmp_path):
    fifo = tmp_path / "feeds.opml"
    os.mkfifo(fifo)  # a parser reading it would wait for a writer forever
    with pytest.raises(ConfigError, match="not a readable OPML file: not a regular file"):
        read_opml(fifo)


def test_a_utf8_bom_and_crlf_are_fine(tmp_path):
    path = tmp_path / "bom.opml"
    path.write_bytes(
        b"\xef\xbb\xbf" + opml('<outline text="A" xmlUrl="https://a.example/"/>\r\n').encode()
    )
    assert read_opml(path) == ([FeedSpec("https://a.example/", "A", ())], [])
