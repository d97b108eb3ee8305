"""The sanitizer and page extraction on nasty HTML and awkward charsets."""

from __future__ import annotations

import re

import pytest
from hostile_server import NASTY_HTML

from scitui.extract import clean_html, decode_page, extract_page, sanitize

FORBIDDEN = re.compile(
    r"<(script|style|iframe|object|embed|form|input|template|meta|link|base|svg|math)\b"
    r"|\son\w+\s*=|javascript:|vbscript:|file:|data:",
    re.IGNORECASE,
)
SNEAKY = [
    '<a href=" JaVaScRiPt:alert(1)">a</a>',
    '<a href="jav&#x09;ascript:alert(1)">b</a>',
    '<a href="&#106;avascript:alert(1)">c</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=" alt="d">',
    '<img srcset="javascript:alert(1)" src="https://ok.test/i.png" alt="e">',
    '<div style="background:url(javascript:alert(1))">f</div>',
    "<svg><script>alert(1)</script><text>g</text></svg>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>h',
    "<scr<script>ipt>alert(1)</script>i<script>alert(2)</script>",
    "<!--<script>alert(1)</script>-->j",
    '<base href="https://evil.test/"><a href="/x">k</a>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">l',
    '<form action="https://evil.test/"><input name="q" value="m"><button>n</button></form>',
    "<template><script>alert(1)</script></template>o",
    "<noscript><p>p</p><img src=x onerror=alert(1)></noscript>",
    "<textarea><script>alert(1)</script></textarea>q",
    '<object data="https://evil.test/x.swf"><embed src="x.swf"></object>r',
]


@pytest.mark.parametrize("html", SNEAKY)
def test_sneaky_markup_is_neutralised(html: str) -> None:
    cleaned = sanitize(html)

    assert not FORBIDDEN.search(cleaned.html), cleaned.html
    assert "alert(1)" not in cleaned.text.replace("ipt>alert(1)", "")  # inert text, escaped
    assert "alert(2)" not in cleaned.text and "<p>" not in cleaned.text


def test_a_nasty_page_keeps_its_article_and_nothing_else() -> None:
    page = f"<html><head><title>T</title></head><body><article>{NASTY_HTML}</article></body></html>"

    extracted = extract_page(page.encode(), "text/html; charset=utf-8", "https://news.test/a.html")

    assert not FORBIDDEN.search(extracted.html), extracted.html
    assert "Readable words about export controls" in extracted.text
    assert "A second paragraph" in extracted.text
    for hidden in ("SCRIPT", "alert", "color:red", "TEMPLATE", "FORM", "OBJECT"):
        assert hidden not in extracted.text
    assert '<a href="https://ok.test/" rel="noopener noreferrer">a fine link</a>' in extracted.html


def test_plain_text_comes_from_the_sanitized_tree_not_a_tag_regex() -> None:
    html = (
        "<p>1 &lt; 2 and 3 &gt; 2 &amp;&amp; AT&amp;T &lt;3</p><p>x<y and a>b</p>"
        "<script>var hidden = '<p>not text</p>';</script><style>p::after{content:'no'}</style>"
    )

    cleaned = sanitize(html)

    assert cleaned.text.split("\n\n")[0] == "1 < 2 and 3 > 2 && AT&T <3"
    assert "not text" not in cleaned.text and "content" not in cleaned.text
    assert "hidden" not in cleaned.text


def test_control_characters_never_reach_the_html_or_text() -> None:
    cleaned = sanitize("<p>red\x1b[31m bell\x07 nel\u0085 csi\u009b1m del\x7f</p>")

    assert cleaned.html == "<p>red[31m bell nel csi1m del</p>"
    assert cleaned.text == "red[31m bell nel csi1m del"


def test_clean_html_keeps_ordinary_markup() -> None:
    html = (
        '<p>A <a href="https://x.test/a">link</a>, <em>em</em> and '
        '<img src="https://x.test/i.png" alt="i"></p>'
    )

    assert clean_html(html) == (
        '<p>A <a href="https://x.test/a" rel="noopener noreferrer">link</a>, <em>em</em> and '
        '<img src="https://x.test/i.png" alt="i"></p>'
    )


# --- charsets -------------------------------------------------------------------------------

WORDS = "Наука и общество: новости недели"


def page(meta_charset: str, words: str = WORDS) -> str:
    return (
        f'<html><head><meta charset="{meta_charset}"><title>t</title></head>'
        f"<body><p>{words}</p></body></html>"
    )


def test_a_page_is_decoded_by_its_http_charset_first() -> None:
    content = page("utf-8").encode("windows-1251")  # the meta tag lies; the header is right

    assert WORDS in decode_page(content, "text/html; charset=windows-1251")


def test_a_page_without_an_http_charset_is_decoded_by_its_meta_charset() -> None:
    for charset in ("windows-1251", "koi8-r", "utf-8"):
        content = page(charset).encode(charset)
        for content_type in (None, "text/html"):
            assert WORDS in decode_page(content, content_type), (charset, content_type)


def test_a_http_equiv_meta_charset_is_honoured() -> None:
    content = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "</head><body><p>科学与技术政策新闻</p></body></html>"
    ).encode("gb2312")

    extracted = extract_page(content, "text/html", "https://news.test/zh.html")

    assert "科学与技术政策新闻" in extracted.text
