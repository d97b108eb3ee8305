"""``digest --bibliography``: the digest's articles cited at its end, escaped like the rest."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from tests.unit.test_digest import (
    HOSTILE,
    NOW,
    add,
    digest_of,
    draft,
    hours_ago,
    item,
    library,  # noqa: F401  (fixture)
    markdown_html,
    parse_html,
)

from scitui.cite import build_entries
from scitui.digest import render_html, render_markdown
from scitui.library import Library
from scitui.models import Article, Source

FR = Source("fr-doc", "2022-21658", "https://www.federalregister.gov/d/2022-21658")


def cited(**changes: object) -> Article:
    base = Article(
        id=1,
        title=HOSTILE,
        url="https://news.test/a b(c).html",
        feed="Feed | #1 <b>",
        feed_url="https://news.test/feed.xml",
        author="Jane <i>Whitcomb</i>",
        published=datetime(2026, 11, 27, 6, 30, tzinfo=UTC),
        fetched_at=NOW,
        summary="",
        html="",
        text="",
        content_source="feed",
        read=False,
        starred=False,
        tags=(),
        sources=(FR,),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def with_references(*articles: Article):
    return replace(digest_of(item()), references=tuple(build_entries(articles, date(2026, 11, 29))))


def test_markdown_bibliography_is_a_list_of_literal_text() -> None:
    brief = with_references(cited(), cited(id=2, title="Second", url="javascript:alert(1)"))
    rendered = markdown_html(render_markdown(brief))

    assert "<h2>Bibliography</h2>" in rendered
    bibliography = rendered.split("<h2>Bibliography</h2>", 1)[1]
    assert bibliography.count("<li>") == 2 and "<ul>" in bibliography
    escaped = "[bold]*x*_y_ &lt;script&gt;alert(1)&lt;/script&gt; &amp;copy; `code` # | ~~s~~"
    assert f"“{escaped}.”" in bibliography
    assert "<li>[feed2026bold] Jane &lt;i&gt;Whitcomb&lt;/i&gt;. “" in bibliography
    assert "Feed | #1 &lt;b&gt;, 2026-11-27. Accessed 2026-11-29." in bibliography
    assert "Primary sources: FR 2022-21658." in bibliography
    assert bibliography.count("<a href=") == 1
    assert '<a href="https://news.test/a%20b%28c%29.html">' in bibliography
    for tag in ("<script", "<em>", "<strong>", "<code>", "<i>", "<b>", "©"):
        assert tag not in bibliography


def test_html_bibliography_is_a_section_of_literal_text() -> None:
    page = parse_html(render_html(with_references(cited())))

    sections = [attrs for tag, attrs in page.tags if tag == "section"]
    assert {"class": "bibliography"} in sections
    assert "Bibliography" in page.inside("h2")
    assert page.count("li") == 1 and page.count("script") == 0 and page.count("i") == 0
    assert page.inside("cite") == [f"“{HOSTILE}.”"]
    items = [attrs for tag, attrs in page.tags if tag == "li"]
    assert items == [{"id": "ref-feed2026bold"}]
    assert "https://news.test/a%20b%28c%29.html" in page.inside("a")


def test_without_references_there_is_no_bibliography() -> None:
    assert "Bibliography" not in render_markdown(digest_of(item()))
    assert "bibliography" not in render_html(digest_of(item()))


def test_library_digest_cites_each_article_once(library: Library) -> None:  # noqa: F811
    chips = draft("Semiconductor rule one", hours_ago(2), {"chips": "rule", "labs": "rule"})
    chips = replace(chips, entry=replace(chips.entry, author="Ann Lee"), sources=(FR,))
    ids = add(library, chips, draft("Semiconductor rule two", hours_ago(3), {"chips": "rule"}))
    library.set_note(ids["Semiconductor rule one"], "check this")

    plain = library.digest(since=timedelta(days=7), now=NOW)
    brief = library.digest(since=timedelta(days=7), now=NOW, bibliography=True)

    assert plain.references == ()
    assert brief.sections == plain.sections
    assert [entry.key for entry in brief.references] == [
        "lee2026semiconductor",
        "policy2026semiconductor",
    ]
    first = brief.references[0]
    assert first.keywords == ("FR 2022-21658",) and first.accessed == NOW.date()
    assert first.note_lines == ("check this",)
