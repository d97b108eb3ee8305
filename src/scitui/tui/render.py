"""Turn a stored article body (sanitized HTML) into Rich renderables for the reader.

Every piece of text becomes a ``rich.text.Text`` built from plain strings, so nothing from the
network is ever parsed as markup; control characters are stripped on the way in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

import lxml.html
from lxml import etree
from rich.cells import cell_len, set_cell_size
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text

from scitui.models import Source
from scitui.text import clean_line, clean_text, http_url

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = HEADINGS | {
    "p", "ul", "ol", "li", "blockquote", "pre", "table", "figure", "figcaption", "hr",
    "div", "section", "article", "header", "footer", "aside", "main", "dl", "dt", "dd",
}  # fmt: skip
INLINE_STYLES = {
    "b": Style(bold=True),
    "strong": Style(bold=True),
    "i": Style(italic=True),
    "em": Style(italic=True),
    "cite": Style(italic=True),
    "u": Style(underline=True),
    "code": Style(bold=True),
    "kbd": Style(bold=True),
    "s": Style(strike=True),
    "del": Style(strike=True),
    "mark": Style(reverse=True),
    "sub": Style(dim=True),
    "sup": Style(dim=True),
}
HEADING_STYLE = Style(bold=True)
LINK_STYLE = Style(underline=True)
LINK_NUMBER_STYLE = Style(dim=True)
LINK_NUMBER = "data-scitui-link"
"""The attribute that carries a link's number from ``_number_links`` to the renderer."""
QUOTE_STYLE = Style(italic=True)


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), with a host, and free of control characters and spaces."""
    checked = http_url(url)
    return checked if checked is not None and " " not in checked else None


def _tag(element: etree._Element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


WHITESPACE = re.compile(r"[ \t\n\r\f]+")


class _Line:
    """Builds one paragraph of styled text, collapsing white space as HTML does."""

    def __init__(self, style: Style | None = None) -> None:
        self.text = Text(style=style or "")
        self.after_space = True

    def add(self, value: str | None, style: Style | None = None) -> None:
        if not value:
            return
        value = WHITESPACE.sub(" ", clean_text(value))
        if self.after_space:
            value = value.lstrip(" ")
        if value:
            self.text.append(value, style)
            self.after_space = value.endswith(" ")

    def newline(self) -> None:
        self.text.rstrip()
        self.text.append("\n")
        self.after_space = True

    def inline(self, element: etree._Element, style: Style | None = None) -> None:
        """Add an inline element: its text and children, not its tail."""
        tag = _tag(element)
        if tag == "br":
            self.newline()
            return
        if tag == "img":
            alt = clean_line(element.get("alt") or "").strip()
            self.add(f"[image: {alt}] " if alt else "[image] ", Style(dim=True))
            return
        own = INLINE_STYLES.get(tag)
        if tag == "a":
            href = safe_url(element.get("href"))
            own = LINK_STYLE + Style(link=href) if href else None
        combined = (style + own) if style and own else style or own
        self.add(element.text, combined)
        for child in element:
            if _tag(child):
                self.inline(child, combined)
            self.add(child.tail, combined)
        if tag == "a" and (number := element.get(LINK_NUMBER)):
            self.text.append(f"[{number}]", LINK_NUMBER_STYLE)
            self.after_space = False

    def finish(self) -> Text | None:
        self.text.rstrip()
        return self.text if self.text.plain.strip() else None


def _paragraph(element: etree._Element, style: Style | None = None) -> Text | None:
    line = _Line(style)
    line.add(element.text)
    for child in element:
        if _tag(child):
            line.inline(child)
        line.add(child.tail)
    return line.finish()


def _blocks(element: etree._Element, depth: int = 0) -> Iterator[RenderableType]:
    """Walk block-level children; loose inline runs between them become paragraphs."""
    line = _Line()
    line.add(element.text)
    for child in element:
        tag = _tag(child)
        if tag in BLOCKS:
            if (paragraph := line.finish()) is not None:
                yield paragraph
            yield from _block(child, tag, depth)
            line = _Line()
        elif tag:
            line.inline(child)
        line.add(child.tail)
    if (paragraph := line.finish()) is not None:
        yield paragraph


def _block(element: etree._Element, tag: str, depth: int) -> Iterator[RenderableType]:
    if tag in HEADINGS:
        heading = _paragraph(element, HEADING_STYLE)
        if heading is not None:
            if tag in ("h1", "h2"):
                heading.stylize("underline")
            yield heading
    elif tag == "p" or tag in ("figcaption", "dt"):
        paragraph = _paragraph(element, Style(dim=True) if tag == "figcaption" else None)
        if paragraph is not None:
            yield paragraph
    elif tag in ("ul", "ol"):
        yield from _list(element, ordered=tag == "ol", depth=depth)
    elif tag == "blockquote":
        inner = list(_blocks(element, depth + 1))
        if inner:
            yield Padding(_spaced(inner, QUOTE_STYLE), (0, 0, 0, 2), style=QUOTE_STYLE)
    elif tag == "pre":
        yield Padding(Text(clean_text(element.text_content()).rstrip()), (0, 0, 0, 2))
    elif tag == "hr":
        yield Text("─" * 20, style=Style(dim=True))
    elif tag == "table":
        yield from _table(element)
    elif tag == "dd":
        inner = list(_blocks(element, depth + 1))
        if inner:
            yield Padding(_spaced(inner), (0, 0, 0, 2))
    else:
        yield from _blocks(element, depth)


def _list(element: etree._Element, *, ordered: bool, depth: int) -> Iterator[RenderableType]:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    number = 0
    for item in element:
        if _tag(item) != "li":
            continue
        number += 1
        marker = f"{number}." if ordered else ("•" if depth % 2 == 0 else "◦")
        inner = list(_blocks(item, depth + 1))
        if inner:
            grid.add_row(Text(marker), _spaced(inner, gap=False))
    if grid.row_count:
        yield grid


def _table(element: etree._Element) -> Iterator[RenderableType]:
    for row in element.iter("tr"):
        cells = [
            clean_line(cell.text_content()).strip() for cell in row if _tag(cell) in ("td", "th")
        ]
        line = " │ ".join(cell for cell in cells if cell)
        if line:
            yield Text(line)


def _spaced(
    renderables: list[RenderableType], style: Style | None = None, gap: bool = True
) -> Group:
    """Renderables with a blank line between each."""
    items: list[RenderableType] = []
    for index, renderable in enumerate(renderables):
        if index and gap:
            items.append(Text(""))
        items.append(renderable)
    return Group(*items)


@dataclass(frozen=True)
class Link:
    """A link in an article's body: its text and its http(s) address."""

    text: str
    url: str


@dataclass(frozen=True)
class Rendered:
    """An article body ready to show, and its links as numbered in it (``links[0]`` is [1])."""

    body: Group
    links: list[Link]


def _number_links(root: etree._Element) -> list[Link]:
    """Number the http(s) links in document order, one number per address."""
    links: list[Link] = []
    numbers: dict[str, int] = {}
    for anchor in root.iter("a"):
        anchor.attrib.pop(LINK_NUMBER, None)
        url = safe_url(anchor.get("href"))
        if url is None:
            continue
        if url not in numbers:
            alt = next((image.get("alt") for image in anchor.iter("img")), None)
            label = clean_line(anchor.text_content()) or clean_line(alt) or url
            links.append(Link(label, url))
            numbers[url] = len(links)
        anchor.set(LINK_NUMBER, str(numbers[url]))
    return links


def number_sources(
    links: Sequence[Link], sources: Sequence[Source]
) -> tuple[list[Link], list[int | None]]:
    """The body's links followed by the sources' URLs, and each source's number (or None).

    A source whose URL the body links already keeps that link's number (one number per
    address); a source without an http(s) URL gets none.
    """
    numbered = list(links)
    numbers = {link.url: index for index, link in enumerate(numbered, 1)}
    source_numbers: list[int | None] = []
    for source in sources:
        url = safe_url(source.url)
        if url is None:
            source_numbers.append(None)
            continue
        if url not in numbers:
            numbered.append(Link(clean_line(source.label), url))
            numbers[url] = len(numbered)
        source_numbers.append(numbers[url])
    return numbered, source_numbers


def sources_line(sources: Sequence[Source], numbers: Sequence[int | None]) -> Text:
    """'Primary sources: FR 2022-21658 [3] · 15 CFR 744.23 [4] · ECCN 3A090', plain text."""
    line = Text("Primary sources: ", style=Style(dim=True))
    for index, (source, number) in enumerate(zip(sources, numbers, strict=True)):
        if index:
            line.append(" · ", style=Style(dim=True))
        url = safe_url(source.url)
        line.append(clean_line(source.label), style=Style(bold=True, link=url) if url else None)
        if number is not None:
            line.append(f"[{number}]", LINK_NUMBER_STYLE)
    return line


def body(
    html: str,
    text: str,
    title: str = "",
    highlight: Iterable[str] = (),
    prefixes: Iterable[str] = (),
) -> Group:
    """The article body (see ``render_article``)."""
    return render_article(html, text, title, highlight, prefixes).body


def render_article(
    html: str,
    text: str,
    title: str = "",
    highlight: Iterable[str] = (),
    prefixes: Iterable[str] = (),
) -> Rendered:
    """The article body: its HTML when there is any, else its text as paragraphs.

    A first block that repeats the title (as pages often do) is left out. Words in
    ``highlight`` (the terms that tagged it) are marked wherever they occur, and words
    starting with one of ``prefixes`` (searched words); links are numbered [1], [2]...
    """
    blocks: list[RenderableType] = []
    links: list[Link] = []
    if html.strip():
        try:
            root = lxml.html.fragment_fromstring(html, create_parent="div")
        except (etree.ParserError, ValueError):
            root = None
        if root is not None:
            links = _number_links(root)
            blocks = list(_blocks(root))
    if not blocks:
        blocks = [
            Text(" ".join(clean_text(paragraph).split()))
            for paragraph in text.split("\n\n")
            if paragraph.strip()
        ]
    for index, block in enumerate(blocks[:3]):
        if title and isinstance(block, Text) and _same_text(block.plain, title):
            del blocks[index]
            break
    if not blocks:
        blocks = [Text("(this article has no text)", style=Style(dim=True, italic=True))]
    group = _spaced(blocks)
    highlight, prefixes = list(highlight), list(prefixes)
    if highlight or prefixes:
        _highlight(group, terms_pattern(highlight, prefixes), HIGHLIGHT_STYLE)
    return Rendered(group, links)


HIGHLIGHT_STYLE = Style(reverse=True, bold=True)


def terms_pattern(terms: Iterable[str], prefixes: Iterable[str] = ()) -> re.Pattern[str]:
    """Case-insensitive matches of whole ``terms`` and of words starting with ``prefixes``."""
    parts = []
    terms = list(terms)
    unspaced = sorted({term for term in terms if CJK.search(term)}, key=len, reverse=True)
    if unspaced:  # CJK text has no spaces between words: match inside runs
        parts.append("|".join(map(re.escape, unspaced)))
    spaced = [term for term in terms if not CJK.search(term)]
    for words, ending in ((spaced, r"(?!\w)"), (prefixes, r"\w*")):
        ordered = sorted({word for word in words if word}, key=len, reverse=True)
        if ordered:
            parts.append(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + ")" + ending)
    return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)


CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
"""Kana, CJK ideographs and Hangul: scripts written without spaces between words."""


FTS_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
FTS_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s"()]+')
FTS_COLUMNS = re.compile(r"-?\{[^}]*\}\s*:")
FTS_COLUMN = re.compile(r"^-?\w+:")
SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s")


def search_terms(query: str) -> list[str]:
    """The words of a full-text query to highlight, each as a prefix.

    Operators, quotes, parentheses, ``*``, column filters and excluded (NOT) words are
    dropped; FTS matches stemmed words, so a plural or -ing ending is cut off too.
    """
    terms: list[str] = []
    tokens = FTS_TOKEN.findall(FTS_COLUMNS.sub(" ", query))
    skip_depth = 0  # inside NOT ( ... ): excluded words
    excluded = False
    for token in tokens:
        if token == "(":
            skip_depth += 1 if excluded or skip_depth else 0
            excluded = False
            continue
        if token == ")":
            skip_depth = max(0, skip_depth - 1)
            continue
        if token in FTS_OPERATORS:
            excluded = token == "NOT"
            continue
        if excluded or skip_depth:
            excluded = False
            continue
        words = re.findall(r"\w+", FTS_COLUMN.sub("", token.strip('"^+*')))
        terms.extend(_stem(word.lower()) for word in words if len(word) > 1)
    return list(dict.fromkeys(term for term in terms if not term.isdigit()))


def _stem(word: str) -> str:
    """A crude stem: a common ending cut when at least four letters are left."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _highlight(renderable: object, pattern: re.Pattern[str], style: Style) -> None:
    """Style every match of ``pattern`` in the Text inside a rendered body, in place."""
    if isinstance(renderable, Text):
        renderable.highlight_regex(pattern, style)
    elif isinstance(renderable, Group):
        for child in renderable.renderables:
            _highlight(child, pattern, style)
    elif isinstance(renderable, Padding):
        _highlight(renderable.renderable, pattern, style)
    elif isinstance(renderable, Table):
        for column in renderable.columns:
            for cell in column.cells:
                _highlight(cell, pattern, style)


def fit(text: str, width: int) -> str:
    """Pad or cut text to exactly ``width`` cells, marking a cut with an ellipsis."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def _same_text(first: str, second: str) -> bool:
    return " ".join(first.split()) == " ".join(clean_line(second).split())


def date_label(moment: datetime | None, now: datetime, *, wide: bool = True) -> str:
    """A short date for a list row, ``DATE_WIDTH`` (or 6 when not wide) cells, right-aligned.

    'Nov 20' this year; before that '2024-11-20' (or "Nov'24" when not wide); '—' unknown.
    """
    width = DATE_WIDTH if wide else 6
    if moment is None:
        return "—".rjust(width)
    local = moment.astimezone(now.tzinfo)
    if local.year == now.year:
        label = local.strftime("%b %d")
    else:
        label = local.strftime("%Y-%m-%d" if wide else "%b'%y")
    return label.rjust(width)


DATE_WIDTH = 10


def compact_count(count: int) -> str:
    """12345 -> '12.3k', 1234567 -> '1.2M'; smaller numbers as they are."""
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f}M"
    if count >= 10_000:
        return f"{count / 1000:.1f}k"
    return str(count)
