"""Article extraction and sanitizing: pure functions over the page fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scitui.errors import ExtractError
from scitui.extract import decode_page, extract_page, plain_text, sanitize


def page_fixture(data_dir: Path, name: str) -> tuple[bytes, dict]:  # type: ignore[type-arg]
    pages = data_dir / "pages"
    return (
        (pages / f"{name}.html").read_bytes(),
        json.loads((pages / f"{name}.expected.json").read_text("utf-8")),
    )


@pytest.mark.parametrize("name", ["article", "latin1"])
def test_extract_page_keeps_the_body_and_drops_the_rest(name: str, data_dir: Path) -> None:
    content, want = page_fixture(data_dir, name)

    page = extract_page(content, "text/html", f"https://news.test/articles/{name}.html", title=True)

    assert page.title == want["title"]
    for words in want["text_contains"]:
        assert words in page.text
    for words in want["text_excludes"]:
        assert words not in page.text and words not in page.html
    for words in want["html_contains"]:
        assert words in page.html
    for words in want["html_excludes"]:
        assert words not in page.html


def test_extract_page_keeps_headings_paragraphs_and_links_as_tags(data_dir: Path) -> None:
    content, _ = page_fixture(data_dir, "article")

    page = extract_page(content, "text/html; charset=utf-8", "https://news.test/a/b.html")

    assert page.html.count("<p>") >= 5
    assert "<h2>What changes for researchers</h2>" in page.html
    assert (
        '<a href="https://news.test/documents/guidance.pdf" rel="noopener noreferrer">'
        "detailed guidance for universities</a>"
    ) in page.html
    assert "onclick" not in page.html and "javascript:" not in page.html
    paragraphs = [block for block in page.text.split("\n\n") if block.strip()]
    assert len(paragraphs) >= 5
    assert paragraphs[-1].startswith("Analysts expect allied governments")


@pytest.mark.parametrize("content", [b"", b"   \n  "])
def test_extract_page_of_nothing_raises_extract_error(content: bytes) -> None:
    with pytest.raises(ExtractError, match="https://news.test/empty.html"):
        extract_page(content, "text/html", "https://news.test/empty.html")


def test_extract_page_of_binary_junk_has_no_control_characters() -> None:
    junk = bytes(range(256)) * 8

    page = extract_page(junk, "text/html", "https://news.test/junk.html")

    for value in (page.text, page.html):
        assert not [char for char in value if ord(char) < 32 and char not in "\n\t"]
        assert not [char for char in value if 0x7F <= ord(char) <= 0x9F]


# --- sanitize ---------------------------------------------------------------------


def test_sanitize_removes_active_content() -> None:
    html = (
        '<p onclick="steal()" style="color:red" class="x">Hello <b>world</b></p>'
        "<script>alert('owned')</script><style>p { color: red }</style>"
        '<a href="javascript:alert(1)">bad link</a> <a href="https://ok.test/">good link</a>'
        '<img src="x" onerror="steal()"><iframe src="https://evil.test/"></iframe>'
        "<!-- a comment --><form><input name=q></form>"
    )

    clean = sanitize(html)

    for bad in (
        "onclick",
        "style",
        "class=",
        "<script",
        "alert",
        "color",
        "javascript:",
        "onerror",
        "<iframe",
        "evil.test",
        "comment",
        "<form",
        "<input",
    ):
        assert bad not in clean.html
    assert "<p>Hello <b>world</b></p>" in clean.html
    assert '<a href="https://ok.test/" rel="noopener noreferrer">good link</a>' in clean.html
    assert "bad link" in clean.text and "good link" in clean.text
    assert "alert" not in clean.text


def test_sanitize_text_has_paragraph_breaks() -> None:
    clean = sanitize(
        "<h2>Heading</h2><p>First paragraph.</p><p>Second paragraph.</p>"
        "<ul><li>one</li><li>two</li></ul>"
    )

    assert clean.text.startswith("Heading\n\nFirst paragraph.\n\nSecond paragraph.")
    assert "one\ntwo" in clean.text
    assert clean.text == clean.text.strip()


def test_sanitize_drops_control_characters() -> None:
    clean = sanitize("<p>bell\x07 and null\x00 and escape\x1b[31m here</p>")

    assert all(ord(char) >= 32 or char in "\n\t" for char in clean.text)
    assert "bell and null and escape[31m here" in clean.text


def test_sanitize_plain_text_and_empty_input() -> None:
    assert sanitize("just words & more").text == "just words & more"
    assert sanitize("").html == "" and sanitize("").text == ""
    assert plain_text("   ") == ""


# --- decoding ------------------------------------------------------------------------

CAFE = "<html><head>{meta}</head><body><p>Caf\u00e9 \u00e0 Z\u00fcrich</p></body></html>"


def test_decode_page_prefers_the_http_charset() -> None:
    content = CAFE.format(meta='<meta charset="utf-8">').encode("cp1252")

    text = decode_page(content, "text/html; charset=windows-1252")

    assert "Caf\u00e9 \u00e0 Z\u00fcrich" in text


def test_decode_page_falls_back_to_the_meta_charset() -> None:
    content = CAFE.format(meta='<meta charset="iso-8859-1">').encode("latin-1")

    assert "Caf\u00e9 \u00e0 Z\u00fcrich" in decode_page(content, "text/html")
    assert "Caf\u00e9 \u00e0 Z\u00fcrich" in decode_page(content, None)


def test_decode_page_http_equiv_meta() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    content = CAFE.format(meta=meta).encode("cp1252")

    assert "Caf\u00e9 \u00e0 Z\u00fcrich" in decode_page(content, "text/html")


def test_decode_page_defaults_to_utf8_and_honours_a_bom() -> None:
    plain = CAFE.format(meta="").encode("utf-8")
    assert "Caf\u00e9 \u00e0 Z\u00fcrich" in decode_page(plain, None)
    with_bom = "\ufeff".encode() + CAFE.format(meta="").encode("utf-8")
    assert "Caf\u00e9 \u00e0 Z\u00fcrich" in decode_page(with_bom, "text/html; charset=latin-1")


def test_extract_page_uses_the_http_charset_over_a_wrong_meta(data_dir: Path) -> None:
    content = (data_dir / "pages" / "latin1.html").read_bytes()
    lying = content.replace(b'charset="windows-1252"', b'charset="utf-8"')

    page = extract_page(lying, "text/html; charset=windows-1252", "https://news.test/x.html")

    assert "na\u00efvet\u00e9 suppos\u00e9e" in page.text
    assert "\ufffd" not in page.text


def _linked_page(head: str = "") -> bytes:
    paragraph = (
        "<p>The agency said the new rules would apply to advanced chips and tools, and that "
        "licences would be reviewed case by case over the coming months.</p>"
    )
    return (
        f"<html><head><title>t</title>{head}</head><body><nav><a href='/home'>Home</a></nav>"
        "<article>" + paragraph * 6 + "<p>See <a href='../docs/rule.pdf'>the rule</a>, "
        "<a href='#notes'>notes</a>, <a href='https://other.test/x'>elsewhere</a>, "
        "<a href='javascript:alert(1)'>this</a> and <img src='img/chart.png' alt='chart'>."
        "</p></article></body></html>"
    ).encode()


def test_relative_links_in_the_body_become_absolute() -> None:
    page = extract_page(_linked_page(), "text/html", "https://news.test/a/b/story.html")

    assert 'href="https://news.test/a/docs/rule.pdf"' in page.html
    assert 'href="https://news.test/a/b/story.html#notes"' in page.html
    assert 'href="https://other.test/x"' in page.html
    assert 'src="https://news.test/a/b/img/chart.png"' in page.html
    assert "javascript" not in page.html
    assert "/home" not in page.html  # navigation is not part of the article


def test_a_base_href_moves_relative_links_but_only_to_http() -> None:
    based = extract_page(
        _linked_page("<base href='https://cdn.test/root/'>"), "text/html", "https://news.test/s"
    )
    assert 'href="https://cdn.test/docs/rule.pdf"' in based.html
    hostile = extract_page(
        _linked_page("<base href='javascript:alert(1)//'>"), "text/html", "https://news.test/s"
    )
    assert 'href="https://news.test/docs/rule.pdf"' in hostile.html
    assert "javascript" not in hostile.html


# Chinese pages in their legacy encodings --------------------------------------------------

ZH_PAGES = {
    "zh_article.html": ("gb2312", "gbk", "gb18030"),
    "zh_tw_article.html": ("big5",),
}
ZH_CASES = [
    (page, encoding, declared)
    for page, encodings in ZH_PAGES.items()
    for encoding in encodings
    for declared in ("right", "http-utf8", "http-latin1", "meta-only", "none")
]


def _zh_bytes(data_dir: Path, page: str, encoding: str, declared: str) -> tuple[bytes, str | None]:
    """The page in ``encoding``, its charset declared as the case says (maybe wrongly)."""
    source = (data_dir / "pages" / page).read_text(encoding="utf-8")
    meta = '<meta charset="utf-8">'
    if declared in ("right", "meta-only", "http-latin1"):
        source = source.replace(meta, f'<meta charset="{encoding}">')
    else:
        source = source.replace(meta, "")
    content_type = {
        "right": f"text/html; charset={encoding}",
        "http-utf8": "text/html; charset=utf-8",
        "http-latin1": "text/html; charset=ISO-8859-1",
        "meta-only": "text/html",
        "none": None,
    }[declared]
    return source.encode(encoding), content_type


@pytest.mark.parametrize(("page", "encoding", "declared"), ZH_CASES)
def test_chinese_pages_in_legacy_encodings_are_cleaned_as_utf8_ones(
    data_dir: Path, page: str, encoding: str, declared: str
) -> None:
    utf8 = (data_dir / "pages" / page).read_bytes()
    url = "https://example.cn/a.html"
    expected = extract_page(utf8, "text/html; charset=utf-8", url, title=True)
    content, content_type = _zh_bytes(data_dir, page, encoding, declared)
    cleaned = extract_page(content, content_type, url, title=True)
    assert cleaned.text == expected.text
    assert cleaned.title == expected.title
    assert "\ufffd" not in cleaned.text
    assert any(phrase in cleaned.text for phrase in ("自立自强", "半導體人才"))
