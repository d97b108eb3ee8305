"""Digests: grouping from a real SQLite file, leads, and safe Markdown and HTML."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from itertools import count

import pytest
from markdown_it import MarkdownIt

from scitui.digest import (
    LEAD_MAX_CHARS,
    Digest,
    DigestItem,
    DigestSection,
    http_url,
    lead,
    markdown_escape,
    render_html,
    render_markdown,
    split_sentences,
)
from scitui.library import Library
from scitui.models import ArticleDraft, EntryData, TagSource
from scitui.periods import parse_period
from scitui.store.stats import TEXT_HEAD_CHARS

FEED = "https://feeds.test/policy.xml"
TOPICS = {
    "chips": {"title": "Chips", "keywords": ["semiconductor"]},
    "labs": {"title": "National labs", "keywords": ["national laboratory"]},
}
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
HOSTILE = "[bold]*x*_y_ <script>alert(1)</script> &copy; `code` # | ~~s~~"

_keys = count()


def draft(
    title: str,
    published: datetime,
    tags: dict[str, TagSource],
    text: str = "",
    url: str | None = None,
) -> ArticleDraft:
    key = f"k{next(_keys)}"
    entry = EntryData(
        key=key,
        guid=key,
        url=url or f"https://news.test/{key}.html",
        title=title,
        author=None,
        published=published,
        summary="",
        content_html="",
    )
    return ArticleDraft(entry, "", text, "feed", tags)


@pytest.fixture
def library(make_library: Callable[..., Library]) -> Library:
    return make_library([FEED], TOPICS)


def add(library: Library, *drafts: ArticleDraft) -> dict[str, int]:
    feed = library.store.ensure_feed(FEED, "Policy Wire")
    library.store.save_new(feed.id, [(each, f"h{next(_keys)}") for each in drafts])
    return {summary.title: summary.id for summary in library.articles(limit=100)}


def hours_ago(hours: float) -> datetime:
    return NOW - timedelta(hours=hours)


def titles(section: DigestSection) -> list[str]:
    return [item.title for item in section.items]


# grouping ----------------------------------------------------------------------------------


def test_topics_in_config_order_starred_first_then_newest(library: Library) -> None:
    ids = add(
        library,
        draft("Old starred chip story", hours_ago(100), {"chips": "rule"}),
        draft("Newest chip story", hours_ago(1), {"chips": "rule"}),
        draft("Chips and labs story", hours_ago(50), {"chips": "rule", "labs": "rule"}),
        draft("Labs story from last month", hours_ago(24 * 30), {"labs": "rule"}),
        draft("Untopical story", hours_ago(2), {"briefing": "manual"}),
    )
    library.star([ids["Old starred chip story"]])

    brief = library.digest(since=timedelta(days=7), now=NOW)

    assert [section.tag for section in brief.sections] == ["chips", "labs"]
    chips, labs = brief.sections
    assert chips.title == "Chips" and labs.title == "National labs"
    assert titles(chips) == ["Old starred chip story", "Newest chip story", "Chips and labs story"]
    assert titles(labs) == ["Chips and labs story"]
    assert chips.items[0].starred and not chips.items[1].starred
    assert chips.items[1].feed == "Policy Wire"
    assert brief.article_count == 3
    assert brief.since == NOW - timedelta(days=7) and brief.until == NOW


def test_limit_per_topic_and_empty_topics_dropped(library: Library) -> None:
    add(library, *[draft(f"Chip story {n}", hours_ago(n + 1), {"chips": "rule"}) for n in range(5)])
    brief = library.digest(limit=2, now=NOW)
    assert [section.tag for section in brief.sections] == ["chips"]
    assert titles(brief.sections[0]) == ["Chip story 0", "Chip story 1"]


def test_one_tag_which_may_be_manual(library: Library) -> None:
    add(
        library,
        draft("Briefing item", hours_ago(3), {"briefing": "manual"}),
        draft("Chip item", hours_ago(3), {"chips": "rule"}),
    )
    brief = library.digest(tag="Briefing", now=NOW)
    assert brief.tag == "briefing"
    assert [(s.tag, s.title, titles(s)) for s in brief.sections] == [
        ("briefing", "briefing", ["Briefing item"])
    ]
    assert [s.title for s in library.digest(tag="chips", now=NOW).sections] == ["Chips"]


def test_since_bounds_the_period(library: Library) -> None:
    add(
        library,
        draft("Two hours old", hours_ago(2), {"chips": "rule"}),
        draft("Five hours old", hours_ago(5), {"chips": "rule"}),
        draft("In the future", NOW + timedelta(hours=1), {"chips": "rule"}),
    )
    brief = library.digest(since=timedelta(hours=3), now=NOW)
    assert [titles(section) for section in brief.sections] == [["Two hours old"]]


def test_only_the_start_of_each_text_is_read(library: Library) -> None:
    body = "A sentence that goes on for a while and then ends. " * 400
    add(library, draft("Long read", hours_ago(1), {"chips": "rule"}, text=body))
    [excerpt] = library.store.excerpts(["chips"], hours_ago(24), NOW, 5)
    assert len(excerpt.text_head) == TEXT_HEAD_CHARS < len(body)
    [item] = library.digest(now=NOW).sections[0].items
    assert item.lead == " ".join(["A sentence that goes on for a while and then ends."] * 2)


# leads -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        (
            "Dr. Smith of Acme Inc. said the U.S. Department of Energy will spend $3.5 bn. "
            "That is e.g. more than before. A third.",
            [
                "Dr. Smith of Acme Inc. said the U.S. Department of Energy will spend $3.5 bn.",
                "That is e.g. more than before.",
                "A third.",
            ],
        ),
        (
            'He said, "It works." Then he left. "Is it?" she asked. "Yes!" Done.',
            ['He said, "It works."', "Then he left.", '"Is it?" she asked.', '"Yes!"', "Done."],
        ),
        (
            "Sanctions were imposed by the U.S. The rule takes effect in Jan. 2027 or so.",
            ["Sanctions were imposed by the U.S.", "The rule takes effect in Jan. 2027 or so."],
        ),
        (
            "John F. Kennedy spoke at 9 a.m. The crowd cheered! Was it 2.5 hours? No. 5 said so.",
            [
                "John F. Kennedy spoke at 9 a.m.",
                "The crowd cheered!",
                "Was it 2.5 hours?",
                "No. 5 said so.",
            ],
        ),
        ("Version 3.5.1 shipped (see Fig. 2). It\u2019s \u201cfine.\u201d Next.", None),
        ("no full stop at all", ["no full stop at all"]),
        ("", []),
    ],
)
def test_split_sentences(paragraph: str, sentences: list[str] | None) -> None:
    if sentences is None:
        sentences = ["Version 3.5.1 shipped (see Fig. 2).", "It\u2019s \u201cfine.\u201d", "Next."]
    assert split_sentences(paragraph) == sentences


def test_lead_skips_kicker_title_byline_and_dateline() -> None:
    title = "Big Fund III makes its first large bets on lithography, EDA and HBM memory"
    text = (
        "Analysis\n\n"
        f"{title}\n\n"
        "By Dana Whitcomb\n\n"
        "WASHINGTON · 25 November 2026, 13:40 UTC\n\n"
        "China's third chip fund has committed about 62 billion yuan to domestic lithography, "
        "according to records. The choices signal a shift. Later sentences are left out.\n\n"
        "Another paragraph."
    )
    assert lead(text, title) == (
        "China's third chip fund has committed about 62 billion yuan to domestic lithography, "
        "according to records. The choices signal a shift."
    )


def test_lead_is_capped_with_an_ellipsis() -> None:
    text = "word " * 300 + "end."
    result = lead(text)
    assert result.endswith("…") and len(result) <= LEAD_MAX_CHARS + 1
    assert not result[:-1].endswith(" ") and "wor…" not in result


def test_lead_drops_control_characters_and_joins_lines() -> None:
    text = (
        "A first sentence\x1b[31m, long enough\x07 to count as\nthe lead paragraph of an article. "
        "Then."
    )
    assert lead(text) == (
        "A first sentence[31m, long enough to count as the lead paragraph of an article. Then."
    )


def test_lead_of_nothing_is_empty() -> None:
    assert lead("") == "" and lead("Short.\n\nAlso short.") == ""


# periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [("7d", timedelta(days=7)), ("12h", timedelta(hours=12)), (" 2W ", timedelta(weeks=2))],
)
def test_parse_period(text: str, period: timedelta) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["", "7", "d", "0d", "-1d", "7x", "1.5d", "7 days", "999999w"])
def test_parse_period_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="period"):
        parse_period(text)


# rendering ---------------------------------------------------------------------------------


def item(title: str = HOSTILE, url: str | None = "https://news.test/a.html", **fields: object):
    values: dict[str, object] = {
        "id": 1,
        "title": title,
        "url": url,
        "feed": "Feed | #1 <b>",
        "date": datetime(2026, 11, 27, 6, 30, tzinfo=UTC),
        "starred": False,
        "lead": "1. Not a list *really* & [not](a link). Second.",
    }
    values.update(fields)
    return DigestItem(**values)  # type: ignore[arg-type]


def digest_of(*items: DigestItem, title: str = "Chips <&>") -> Digest:
    return Digest(
        since=NOW - timedelta(days=7),
        until=NOW,
        sections=(DigestSection("chips", title, items),) if items else (),
    )


def markdown_html(text: str) -> str:
    """The Markdown rendered by a real CommonMark parser."""
    return str(MarkdownIt("commonmark").render(text))


def test_markdown_shows_network_text_literally() -> None:
    rendered = markdown_html(render_markdown(digest_of(item())))
    escaped_title = "[bold]*x*_y_ &lt;script&gt;alert(1)&lt;/script&gt; &amp;copy; `code` # | ~~s~~"
    assert f'<h3><a href="https://news.test/a.html">{escaped_title}</a></h3>' in rendered
    assert "<p>Feed | #1 &lt;b&gt; · 2026-11-27</p>" in rendered
    assert "<p>1. Not a list *really* &amp; [not](a link). Second.</p>" in rendered
    assert "<h2>Chips &lt;&amp;&gt;</h2>" in rendered
    for tag in ("<script", "<em>", "<strong>", "<code>", "<ol", "<b>", "©"):
        assert tag not in rendered


@pytest.mark.parametrize(
    "text", ["# heading", "- item", "+ item", "12) item", "= x", "> quote", "a\nb", "C# 2.0 #"]
)
def test_markdown_escape_keeps_any_line_one_paragraph(text: str) -> None:
    rendered = markdown_html(markdown_escape(text))
    assert rendered.startswith("<p>") and rendered.count("<p>") == 1
    assert rendered == f"<p>{' '.join(text.split()).replace('>', '&gt;')}</p>\n"


def test_markdown_links_are_http_only_and_escaped() -> None:
    brief = digest_of(
        item("Spaced", "https://news.test/a b(c).html?q=<x>"),
        item("Script", "javascript:alert(1)"),
        item("Data", "data:text/html,<b>x</b>"),
        item("Plain", None),
        item("Relative", "/articles/1.html"),
    )
    source = render_markdown(brief)
    rendered = markdown_html(source)
    assert '<a href="https://news.test/a%20b%28c%29.html?q=%3Cx%3E">Spaced</a>' in rendered
    assert rendered.count("<a ") == 1
    for title in ("Script", "Data", "Plain", "Relative"):
        assert f"<h3>{title}</h3>" in rendered
    assert "javascript" not in source and "data:" not in source


def test_markdown_marks_starred_and_says_how_many() -> None:
    source = render_markdown(digest_of(item("Starred one", starred=True, id=2), item("Other")))
    assert "### ★ [Starred one](https://news.test/a.html)" in source
    assert "2 stories in 1 topic, 2026-11-22 12:00 to 2026-11-29 12:00 UTC." in source


def test_empty_digest_is_a_valid_document() -> None:
    source = render_markdown(digest_of())
    assert source.startswith("# scitui digest: 2026-11-22 to 2026-11-29\n")
    assert "Nothing in this period" in markdown_html(source)
    page = parse_html(render_html(digest_of()))
    assert "Nothing in this period (2026-11-22 12:00 to 2026-11-29 12:00 UTC)." in page.text
    assert page.count("article") == 0


class Page(HTMLParser):
    """What a parsed page holds: its start tags with attributes, text, and a doctype."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype = ""
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.texts: list[tuple[str, str]] = []
        self.unbalanced: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "link", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.unbalanced.append(tag)

    def handle_data(self, data: str) -> None:
        self.texts.append((self.stack[-1] if self.stack else "", data))

    @property
    def text(self) -> str:
        return "".join(data for _tag, data in self.texts)

    def count(self, name: str) -> int:
        return sum(tag == name for tag, _attrs in self.tags)

    def inside(self, name: str) -> list[str]:
        return [data for tag, data in self.texts if tag == name]


def parse_html(source: str) -> Page:
    page = Page()
    page.feed(source)
    page.close()
    assert not page.unbalanced and not page.stack, (page.unbalanced, page.stack)
    return page


def test_html_is_a_standalone_document_with_literal_text() -> None:
    brief = digest_of(
        item(id=1),
        item("Script link", "javascript:alert(1)", id=2, starred=True),
        item('Quote " in url', 'https://news.test/"onmouseover="x', id=3),
    )
    source = render_html(brief)
    page = parse_html(source)

    assert page.doctype.lower() == "doctype html"
    assert [tag for tag, _ in page.tags[:4]] == ["html", "head", "meta", "meta"]
    assert page.tags[2][1] == {"charset": "utf-8"}
    assert page.inside("title") == ["scitui digest: 2026-11-22 to 2026-11-29"]
    assert page.count("style") == 1 and page.count("script") == 0 and page.count("b") == 0
    assert page.inside("h2") == ["Chips <&>"]
    assert page.count("article") == 3
    links = [attrs for tag, attrs in page.tags if tag == "a"]
    assert links == [
        {"href": "https://news.test/a.html", "rel": "noopener"},
        {"href": "https://news.test/%22onmouseover=%22x", "rel": "noopener"},
    ]
    assert page.inside("a") == [HOSTILE, 'Quote " in url']
    assert [text.strip() for text in page.inside("h3")] == ["Script link"]
    assert page.inside("span") == ["★"]
    assert "Feed | #1 <b> · " in page.inside("p")
    assert "1. Not a list *really* & [not](a link). Second." in page.inside("p")
    times = [attrs for tag, attrs in page.tags if tag == "time"]
    assert times[0] == {"datetime": "2026-11-27T06:30:00+00:00"}


def test_control_characters_never_reach_either_format() -> None:
    brief = digest_of(item("Bell\x07 and \x1b[2J escape\x9b", feed="Feed\x00", lead="Lead\x1b."))
    for source, title in (
        (render_markdown(brief), "Bell and \\[2J escape"),
        (render_html(brief), "Bell and [2J escape"),
    ):
        assert not any(ord(char) < 0x20 and char != "\n" for char in source)
        assert "\x9b" not in source and title in source


def test_http_url() -> None:
    assert http_url("HTTPS://news.test/x") == "HTTPS://news.test/x"
    assert http_url(" https://news.test/a b ") == "https://news.test/a%20b"
    assert http_url("https://news.test/é") == "https://news.test/%C3%A9"
    for bad in ("javascript:alert(1)", "mailto:a@b.test", "https:///nohost", "http://x\n.test", ""):
        assert http_url(bad) is None


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        (
            "科技部印发通知，要求加快实现高水平科技自立自强。通知指出，要强化国家战略科技力量！"
            "各地能否落实？另据报道，配套政策将于明年出台。",
            [
                "科技部印发通知，要求加快实现高水平科技自立自强。",
                "通知指出，要强化国家战略科技力量！",
                "各地能否落实？",
                "另据报道，配套政策将于明年出台。",
            ],
        ),
        (  # a quoted sentence keeps its closing quote; ； ends a clause-sentence
            "商务部表示：“将依法实施出口管制。”相关物项包括镓；也包括锗。",
            ["商务部表示：“将依法实施出口管制。”", "相关物项包括镓；", "也包括锗。"],
        ),
        (  # 「」 quotes (Taiwan, Hong Kong) and English sentences beside Chinese ones
            "He said so. 國科會指出「將擴大補助。」The rest follows.",
            ["He said so.", "國科會指出「將擴大補助。」", "The rest follows."],
        ),
        ("数字3.5和版本号1.2.3不是句末", ["数字3.5和版本号1.2.3不是句末"]),
    ],
)
def test_split_sentences_in_chinese(paragraph: str, sentences: list[str]) -> None:
    assert split_sentences(paragraph) == sentences


def test_chinese_lead_is_two_sentences_without_spaces() -> None:
    title = "商务部公告2023年第23号：镓锗相关物项实施出口管制"
    text = (
        f"{title}\n\n"
        "来源：商务部网站\n\n"
        "根据《中华人民共和国出口管制法》等法律法规有关规定，为维护国家安全和利益，经国务院批准，"
        "决定对镓、锗相关物项实施出口管制。出口经营者应当按照相关规定办理出口许可手续。"
        "本公告自2023年8月1日起正式实施。"
    )
    assert lead(text, title) == (
        "根据《中华人民共和国出口管制法》等法律法规有关规定，为维护国家安全和利益，经国务院批准，"
        "决定对镓、锗相关物项实施出口管制。出口经营者应当按照相关规定办理出口许可手续。"
    )


def test_a_long_chinese_lead_is_capped_by_width() -> None:
    text = "科" * 500 + "。"
    result = lead(text)
    assert result.endswith("…")
    assert len(result) - 1 <= LEAD_MAX_CHARS // 2  # each character takes two columns
