"""scitui.opml: nested outlines become tags, unsafe outlines are skipped, DTDs are refused."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from scitui.config import FeedSpec
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
