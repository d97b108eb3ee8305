"""Citations read back by real parsers: bibtexparser (with LaTeX decoding), rispy, a JSON schema."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scitui.cite import FORMATS, citation_keys, cite, tex_escape
from scitui.models import Article, Source

CSL_SCHEMA = json.loads(
    (Path(__file__).parents[1] / "data" / "csl" / "csl-data.json").read_text(encoding="utf-8")
)
ACCESSED = date(2026, 12, 8)
SOURCES = (
    Source("fr-doc", "2022-21658", "https://www.federalregister.gov/d/2022-21658"),
    Source("cfr", "15 CFR 744.23", "https://www.ecfr.gov/current/title-15/section-744.23"),
    Source("eccn", "3A090", ""),
)
HOSTILE_TITLES = [
    "Commerce {adds} chipmakers to the Entity List",
    "A lone { brace and a lone } brace, then }{ backwards",
    "50% of $5 & #1 a_b ~tilde back\\slash \\textbf{x} \\end{document}",
    "美国商务部发布新规：限制先进计算芯片出口",
    "He said \"no\" -- and ''then'' `quoted` it?` all",
    "@comment{x} @online{evil, title = {pwned}}",
    "TI  - fake tag\nER  - fake end",
    "Title\twith\x07 controls\r\nand lines",
]


def article(**changes: Any) -> Article:
    base = Article(
        id=42,
        title="BIS adds advanced-computing rules",
        url="https://news.example/2026/12/bis-rules?ref=rss&id=7",
        feed="Policy Wire",
        feed_url="https://news.example/feed.xml",
        author="Jane Whitcomb",
        published=datetime(2026, 12, 7, 14, 30, tzinfo=UTC),
        fetched_at=datetime(2026, 12, 7, 15, 0, tzinfo=UTC),
        summary="",
        html="",
        text="",
        content_source="feed",
        read=False,
        starred=False,
        tags=(),
        sources=SOURCES,
        note="Check the license exception.\nCompare with 87 FR 62186 & the 2023 rule.",
    )
    return replace(base, **changes)


def one_line(text: str) -> str:
    return " ".join(text.replace("\x07", "").split())


# BibTeX ----------------------------------------------------------------------------------


def parse_bibtex(text: str) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Entries by key, decoded from LaTeX; and the same without decoding (for URLs)."""
    decoded = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    raw = bibtexparser.parse_string(text)
    assert not decoded.failed_blocks and not raw.failed_blocks
    assert not decoded.comments and not decoded.strings and not decoded.preambles

    def by_key(library: bibtexparser.Library) -> dict[str, dict[str, str]]:
        return {
            entry.key: {"type": entry.entry_type, **{f.key: f.value for f in entry.fields}}
            for entry in library.entries
        }

    return by_key(decoded), by_key(raw)


def test_bibtex_gives_back_every_field():
    decoded, raw = parse_bibtex(cite([article()], "bibtex", ACCESSED))

    assert list(decoded) == ["whitcomb2026bis"]
    entry = decoded["whitcomb2026bis"]
    assert entry["type"] == "online"
    assert entry["title"] == "BIS adds advanced-computing rules"
    assert entry["author"] == "Jane Whitcomb"
    assert entry["journaltitle"] == entry["organization"] == "Policy Wire"
    assert entry["date"] == "2026-12-07"
    assert entry["urldate"] == "2026-12-08"
    assert raw["whitcomb2026bis"]["url"] == "https://news.example/2026/12/bis-rules?ref=rss&id=7"
    assert entry["keywords"].split(", ") == ["FR 2022-21658", "15 CFR 744.23", "ECCN 3A090"]
    assert entry["annote"].splitlines() == [
        "Check the license exception.",
        "Compare with 87 FR 62186 & the 2023 rule.",
    ]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_bibtex_hostile_titles_round_trip(title):
    hostile = article(title=title, note=title, author="Ann {Smith} & Co", feed=title)
    decoded, _raw = parse_bibtex(cite([hostile, article(id=43)], "bibtex", ACCESSED))

    assert len(decoded) == 2, "a title must not swallow the next entry"
    entry = decoded[citation_keys([hostile, article(id=43)])[42]]
    # pylatexenc reads \textasciicircum as U+02C6, as Zotero does; the rest is literal
    assert entry["title"] == one_line(title)
    assert entry["journaltitle"] == one_line(title)
    assert entry["author"] == "Ann {Smith} & Co"
    assert [one_line(line) for line in entry["annote"].splitlines()] == [
        one_line(line) for line in title.replace("\x07", "").splitlines() if line.strip()
    ]


def test_bibtex_caret_reads_back_as_the_circumflex_zotero_gives():
    decoded, _raw = parse_bibtex(cite([article(title="x^2 growth")], "bibtex", ACCESSED))
    assert decoded["whitcomb2026x"]["title"] == "x\u02c62 growth"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("ab Z09{}\\%&#_$~^-'`\"?!,.<>|@=()[]:;中文é\n")), min_size=1))
def test_any_title_reads_back_as_written(title):
    expected = " ".join(title.split())
    assume(expected)
    decoded, _raw = parse_bibtex(cite([article(title=title)], "bibtex", ACCESSED))
    [entry] = decoded.values()
    assert entry["title"] == expected.replace("^", "\u02c6")


def test_tex_escape_keeps_braces_balanced():
    for text in ["{", "}", "}{", "{{}", "a { b } c }", "\\{"]:
        escaped = tex_escape(text)
        depth = 0
        for char in escaped:
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, (text, escaped)
        assert depth == 0, (text, escaped)


def test_a_url_with_braces_and_spaces_is_percent_escaped():
    decoded, raw = parse_bibtex(
        cite([article(url="https://x.example/a b/{c}\\d")], "bibtex", ACCESSED)
    )
    assert raw["whitcomb2026bis"]["url"] == "https://x.example/a%20b/%7Bc%7D%5Cd"


def test_no_url_author_date_or_note_leaves_the_fields_out():
    bare = article(url="javascript:alert(1)", author=None, published=None, note=None, sources=())
    decoded, _raw = parse_bibtex(cite([bare], "bibtex", ACCESSED))

    entry = decoded["policynd" + "bis"]
    assert set(entry) == {"type", "title", "journaltitle", "organization", "urldate"}


def test_an_author_that_is_not_one_person_is_one_literal_name():
    decoded, _raw = parse_bibtex(
        cite([article(author="Doe, Jane and Roe, Richard")], "bibtex", ACCESSED)
    )
    assert decoded["policy2026bis"]["author"] == "Doe, Jane and Roe, Richard"
    raw = cite([article(author="Doe, Jane and Roe, Richard")], "bibtex", ACCESSED)
    assert "author = {{Doe, Jane and Roe, Richard}}," in raw


# keys ------------------------------------------------------------------------------------


def test_keys_are_stable_and_unique_whatever_the_order():
    first, second, third = article(id=5), article(id=9), article(id=7)
    keys = citation_keys([first, second, third])

    assert keys == {5: "whitcomb2026bis", 7: "whitcomb2026bisa", 9: "whitcomb2026bisb"}
    assert citation_keys([third, second, first]) == keys


def test_keys_fall_back_to_the_outlet_and_the_id_for_chinese_titles():
    chinese = article(id=12, title="美国商务部发布新规", author=None, feed="新华社")
    assert citation_keys([chinese]) == {12: "scitui202612"}
    assert citation_keys([article(author="Agence France-Presse")]) == {42: "presse2026bis"}


# RIS -------------------------------------------------------------------------------------


def test_ris_gives_back_every_field():
    text = cite([article()], "ris", ACCESSED)
    [record] = rispy.loads(text)

    assert record["type_of_reference"] == "NEWS"
    assert record["id"] == "whitcomb2026bis"
    assert record["title"] == "BIS adds advanced-computing rules"
    assert record["authors"] == ["Jane Whitcomb"]
    assert record["secondary_title"] == "Policy Wire"
    assert record["date"] == "2026/12/07" and record["year"] == "2026"
    assert record["access_date"] == "2026/12/08"
    assert record["urls"] == ["https://news.example/2026/12/bis-rules?ref=rss&id=7"]
    assert record["keywords"] == ["FR 2022-21658", "15 CFR 744.23", "ECCN 3A090"]
    assert record["notes"] == [
        "Check the license exception. Compare with 87 FR 62186 & the 2023 rule."
    ]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_ris_hostile_titles_stay_in_their_field(title):
    hostile = article(title=title, note=title)
    text = cite([hostile, article(id=43)], "ris", ACCESSED)
    records = rispy.loads(text)

    keys = citation_keys([hostile, article(id=43)])
    assert [record["id"] for record in records] == [keys[42], keys[43]]
    assert records[0]["title"] == one_line(title)
    assert records[0]["notes"] == [one_line(title)]
    lines = [line for line in text.splitlines() if line]
    assert all(line[:2].isalnum() and line[2:6] == "  - " for line in lines), lines
    assert [line[:2] for line in lines].count("ER") == 2


# CSL-JSON --------------------------------------------------------------------------------


def test_csl_json_is_valid_and_gives_back_every_field():
    items = json.loads(cite([article()], "csl-json", ACCESSED))
    jsonschema.validate(items, CSL_SCHEMA)

    [item] = items
    assert item["id"] == "whitcomb2026bis" and item["type"] == "article-newspaper"
    assert item["title"] == "BIS adds advanced-computing rules"
    assert item["author"] == [{"family": "Whitcomb", "given": "Jane"}]
    assert item["container-title"] == "Policy Wire"
    assert item["issued"] == {"date-parts": [[2026, 12, 7]]}
    assert item["accessed"] == {"date-parts": [[2026, 12, 8]]}
    assert item["URL"] == "https://news.example/2026/12/bis-rules?ref=rss&id=7"
    assert item["keyword"] == "FR 2022-21658, 15 CFR 744.23, ECCN 3A090"
    assert item["note"].splitlines() == [
        "Check the license exception.",
        "Compare with 87 FR 62186 & the 2023 rule.",
    ]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_csl_json_hostile_titles_are_valid(title):
    hostile = article(title=title, author=title, note=title, published=None, url=None)
    items = json.loads(cite([hostile], "csl-json", ACCESSED))
    jsonschema.validate(items, CSL_SCHEMA)
    assert items[0]["title"] == one_line(title)
    assert "issued" not in items[0] and "URL" not in items[0]


def test_every_format_is_known_and_others_are_refused():
    assert all(cite([article()], name, ACCESSED).endswith("\n") for name in FORMATS)
    with pytest.raises(ValueError, match="unknown citation format"):
        cite([article()], "endnote", ACCESSED)
