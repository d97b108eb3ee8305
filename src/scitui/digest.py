"""Digests: a brief of recent articles grouped by topic, as Markdown or HTML; pure, no I/O.

Every piece of network text is cleaned of control characters and escaped for the format;
only http(s) links are written.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from scitui.cite import Entry
from scitui.models import Source
from scitui.text import clean_line, clean_text
from scitui.text import http_url as text_http_url

LEAD_SENTENCES = 2
LEAD_MAX_CHARS = 400
SUBSTANTIAL_CHARS = 80
"""A paragraph shorter than this (a kicker, a byline, a dateline) is not the lead's source."""


# A sentence ends at . ! or ? (and any closing quotes or brackets), before whitespace and an
# upper-case letter, a digit, a Chinese character or an opening quote.
# In Chinese and Japanese a sentence ends at 。！？ (or ；, which leads treat as an end too) and
# any closing quotes or brackets, whatever follows: there is no space between sentences.
_BOUNDARY = re.compile(
    r"[.!?]+[\"')\]\u201d\u2019\u00bb]*(?=\s+[\"'(\[\u201c\u2018\u00ab]*[A-Z0-9\u3400-\u9fff])"
    r"|[。！？；]+[」』”’）》\"')\]]*"
)
_CJK_ENDS = "。！？；」』”’）》"
"""What a Chinese sentence (with its closing quote or bracket) ends with."""
_ALWAYS_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "adm", "st", "mt", "ft", "jr", "sr", "vs", "fig", "vol", "approx", "est",
    "dept", "univ", "assn", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "cf", "al", "pp", "e.g", "i.e",
})  # fmt: skip
_AMBIGUOUS_ABBREVIATIONS = frozenset({"inc", "ltd", "co", "corp", "llc", "plc", "bros"})
"""Suffixes that often end a sentence too: a boundary only before a common sentence opener."""
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+$")
_SENTENCE_OPENERS = frozenset({
    "the", "a", "an", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we",
    "i", "but", "and", "in", "on", "at", "for", "as", "if", "when", "while", "after", "before",
    "since", "however", "meanwhile", "still", "yet", "so", "there", "officials",
})  # fmt: skip
_URL_SAFE = "/:?#@!$&'*+,;=-._~%"
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>#|~&])")
_MARKDOWN_LINE_START = re.compile(r"^(\d+[.)]|[-+=])")
"""What would open a list (or underline a heading) at the start of a line."""


# leads -----------------------------------------------------------------------------------


def _is_boundary(sentence: str, following: str) -> bool:
    """Whether the full stop ending ``sentence`` ends it, given the text that follows."""
    if not sentence.endswith("."):
        return True
    words = sentence.rstrip(".").split()
    if not words:
        return True
    word = words[-1].lstrip("\"'([\u201c\u2018\u00ab")
    bare = word.lower()
    if bare in ("no", "nos"):
        return not following.lstrip()[:1].isdigit()
    if bare in _ALWAYS_ABBREVIATIONS:
        return False
    if bare in _AMBIGUOUS_ABBREVIATIONS or _DOTTED.match(word + ".") or len(word) == 1:
        opener = following.split(maxsplit=1)[0].strip("\"'([\u201c\u2018\u00ab")
        return opener.lower() in _SENTENCE_OPENERS
    return True


def split_sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, keeping abbreviations, initials and decimals whole."""
    text = clean_line(paragraph)
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start : match.end()]
        if _is_boundary(candidate.rstrip("\"')]\u201d\u2019\u00bb"), text[match.end() :]):
            sentences.append(candidate.strip())
            start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _lead_paragraph(text: str, title: str) -> str:
    paragraphs = [clean_line(part) for part in re.split(r"\n\s*\n", clean_text(text))]
    candidates = [part for part in paragraphs if part and part.casefold() != title.casefold()]
    for part in candidates:
        if _weight(part) >= SUBSTANTIAL_CHARS and part[-1] in ".!?\"'\u201d\u2019" + _CJK_ENDS:
            return part
    return next((part for part in candidates if _weight(part) >= SUBSTANTIAL_CHARS), "")


def _weight(text: str) -> int:
    """Length in columns: a Chinese character says about as much as two Latin letters."""
    return sum(_columns(char) for char in text)


def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _joined(sentences: list[str]) -> str:
    """Sentences as one text: a space after an English sentence, none after a Chinese one."""
    text = ""
    for sentence in sentences:
        if text and not text.endswith(tuple(_CJK_ENDS)):
            text += " "
        text += sentence
    return text


def lead(text: str, title: str = "") -> str:
    """The first two sentences of the first substantial paragraph, at most ~400 columns.

    A substantial paragraph has at least 80 columns (a Chinese character takes two), ends a
    sentence and is not the title.
    """
    paragraph = _lead_paragraph(text, clean_line(title))
    summary = _joined(split_sentences(paragraph)[:LEAD_SENTENCES])
    if _weight(summary) <= LEAD_MAX_CHARS:
        return summary
    limit = _within(summary, LEAD_MAX_CHARS)
    cut = summary.rfind(" ", 0, limit)
    return summary[: cut if cut > limit // 2 else limit].rstrip(" ,;:-—，、") + "…"


def _within(text: str, weight: int) -> int:
    """How many characters of ``text`` fit in ``weight`` columns."""
    used = 0
    for index, char in enumerate(text):
        used += _columns(char)
        if used > weight:
            return index
    return len(text)


# the digest ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DigestItem:
    """One article in a digest section."""

    id: int
    title: str
    url: str | None
    feed: str
    date: datetime
    starred: bool
    lead: str
    note: str = ""
    """The user's note on the article ('' without one), shown under it."""
    also: tuple[str, ...] = ()
    """The other outlets of its story ("also reported by ...")."""
    sources: tuple[Source, ...] = ()
    """The primary sources its story's articles cite (or are)."""


@dataclass(frozen=True)
class DigestSection:
    """A topic (or tag) and its articles: starred first, then newest."""

    tag: str
    title: str
    items: tuple[DigestItem, ...]


@dataclass(frozen=True)
class Digest:
    """The articles dated in [since, until), grouped by topic."""

    since: datetime
    until: datetime
    sections: tuple[DigestSection, ...]
    tag: str | None = None
    references: tuple[Entry, ...] = ()
    """The cited articles for a bibliography at the end (``--bibliography``), by key."""

    @property
    def article_count(self) -> int:
        """Distinct stories (one under several topics counts once)."""
        return len({item.id for section in self.sections for item in section.items})

    @property
    def heading(self) -> str:
        scope = f"{self.tag}, " if self.tag else ""
        return f"scitui digest: {scope}{_day(self.since)} to {_day(self.until)}"

    @property
    def period(self) -> str:
        return f"{_moment(self.since)} to {_moment(self.until)} UTC"


def _day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def _moment(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def http_url(url: str | None) -> str | None:
    """An http(s) URL with spaces, quotes, brackets and parentheses percent-escaped, or None."""
    checked = text_http_url(url)
    return quote(checked, safe=_URL_SAFE) if checked is not None else None


def _summary_line(digest: Digest) -> str:
    articles = digest.article_count
    topics = len(digest.sections)
    return (
        f"{articles} stor{'ies' if articles != 1 else 'y'} in {topics} "
        f"topic{'s' if topics != 1 else ''}, {digest.period}."
    )


def _empty_line(digest: Digest) -> str:
    return f"Nothing in this period ({digest.period})."


# Markdown --------------------------------------------------------------------------------


def markdown_escape(value: str) -> str:
    """One line of literal text for Markdown: controls dropped, specials backslash-escaped."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", clean_line(value))
    marker = _MARKDOWN_LINE_START.match(escaped)
    if marker:
        return f"{escaped[: marker.end() - 1]}\\{escaped[marker.end() - 1 :]}"
    return escaped


def _markdown_item(item: DigestItem) -> list[str]:
    title = markdown_escape(item.title) or "(untitled)"
    url = http_url(item.url)
    star = "★ " if item.starred else ""
    heading = f"### {star}[{title}]({url})" if url else f"### {star}{title}"
    meta = f"{markdown_escape(item.feed)} · {_day(item.date)}"
    if item.also:
        meta += " · also reported by " + ", ".join(markdown_escape(feed) for feed in item.also)
    lines = [heading, "", meta, ""]
    if item.sources:
        lines += ["Primary sources: " + " · ".join(_markdown_source(s) for s in item.sources), ""]
    if item.lead:
        lines += [markdown_escape(item.lead), ""]
    if note_lines(item.note):
        lines += [f"> {line}" if line else ">" for line in _markdown_note(item.note)] + [""]
    return lines


def _markdown_source(source: Source) -> str:
    label = markdown_escape(source.label)
    url = http_url(source.url)
    return f"[{label}]({url})" if url else label


def note_lines(note: str) -> list[str]:
    """A note's lines with control characters dropped; blank ones at the ends dropped."""
    lines = [clean_line(line) for line in note.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def _markdown_note(note: str) -> list[str]:
    """The note as the lines of a block quote, each escaped, the first marked as the note."""
    lines = [markdown_escape(line) for line in note_lines(note)]
    return [f"**Note:** {lines[0]}", *lines[1:]]


def render_markdown(digest: Digest) -> str:
    """The digest as CommonMark: a heading per topic and per article; text escaped."""
    lines = [f"# {markdown_escape(digest.heading)}", ""]
    if not digest.sections:
        return "\n".join([*lines, markdown_escape(_empty_line(digest)), ""])
    lines += [markdown_escape(_summary_line(digest)), ""]
    for section in digest.sections:
        lines += [f"## {markdown_escape(section.title)}", ""]
        for item in section.items:
            lines += _markdown_item(item)
    if digest.references:
        lines += ["## Bibliography", ""]
        lines += [_markdown_reference(entry) for entry in digest.references] + [""]
    return "\n".join(lines)


def reference_parts(entry: Entry) -> tuple[str, str, str]:
    """A reference as plain text: before the title, the title, after it (URL not included).

    ``[whitcomb2026bis] Jane Whitcomb. "Title." Policy Wire, 2026-12-07. Accessed
    2026-12-08. Primary sources: FR 2022-21658.``
    """
    before = f"[{entry.key}]" + (f" {entry.author}." if entry.author else "")
    after = ", ".join(part for part in (entry.outlet, _iso(entry.published)) if part)
    after = (after + ". " if after else "") + f"Accessed {entry.accessed.isoformat()}."
    if entry.keywords:
        after += f" Primary sources: {', '.join(entry.keywords)}."
    return before, f"\u201c{entry.title}.\u201d", after


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _markdown_reference(entry: Entry) -> str:
    before, title, after = (markdown_escape(part) for part in reference_parts(entry))
    url = http_url(entry.url)
    link = f" [{markdown_escape(url)}]({url})" if url else ""
    return f"- {before} {title} {after}{link}"


# HTML ------------------------------------------------------------------------------------

_CSS = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; color: #1d1d1f; }
h1 { font-size: 1.5rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: 0.2rem; }
.meta { color: #666; font-size: 0.9rem; margin-top: 0; }
.note { border-left: 3px solid #0b57d0; margin: 0.5rem 0; padding-left: 0.8rem; }
a { color: #0b57d0; }
"""


def _text(value: str) -> str:
    return html.escape(clean_line(value), quote=True)


def _html_item(item: DigestItem) -> list[str]:
    url = http_url(item.url)
    title = _text(item.title) or "(untitled)"
    if url:
        title = f'<a href="{html.escape(url, quote=True)}" rel="noopener">{title}</a>'
    star = '<span class="star" title="starred">★</span> ' if item.starred else ""
    parts = [
        "<article>",
        f"<h3>{star}{title}</h3>",
        f'<p class="meta">{_text(item.feed)} · <time datetime="{item.date.isoformat()}">'
        f"{_day(item.date)}</time></p>",
    ]
    if item.also:
        also = ", ".join(_text(feed) for feed in item.also)
        parts.append(f'<p class="meta">also reported by {also}</p>')
    if item.sources:
        cited = " · ".join(_html_source(source) for source in item.sources)
        parts.append(f'<p class="meta">Primary sources: {cited}</p>')
    if item.lead:
        parts.append(f"<p>{_text(item.lead)}</p>")
    if lines := note_lines(item.note):
        text = "<br>\n".join(_text(line) for line in lines)
        parts.append(f'<blockquote class="note"><strong>Note:</strong> {text}</blockquote>')
    parts.append("</article>")
    return parts


def _html_source(source: Source) -> str:
    url = http_url(source.url)
    if not url:
        return _text(source.label)
    return f'<a href="{html.escape(url, quote=True)}" rel="noopener">{_text(source.label)}</a>'


def render_html(digest: Digest) -> str:
    """The digest as a standalone HTML document; all text escaped, links http(s) only."""
    parts = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(digest.heading)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{_text(digest.heading)}</h1>",
    ]
    if not digest.sections:
        parts.append(f'<p class="empty">{_text(_empty_line(digest))}</p>')
    else:
        parts.append(f'<p class="meta">{_text(_summary_line(digest))}</p>')
    for section in digest.sections:
        parts += ["<section>", f"<h2>{_text(section.title)}</h2>"]
        for item in section.items:
            parts += _html_item(item)
        parts.append("</section>")
    if digest.references:
        parts += _html_references(digest.references)
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _html_references(references: Sequence[Entry]) -> list[str]:
    """The bibliography as a section holding a list, one item per cited article."""
    parts = ['<section class="bibliography">', "<h2>Bibliography</h2>", "<ul>"]
    for entry in references:
        before, title, after = (_text(part) for part in reference_parts(entry))
        url = http_url(entry.url)
        link = ""
        if url:
            href = html.escape(url, quote=True)
            link = f' <a href="{href}" rel="noopener">{_text(url)}</a>'
        parts.append(f'<li id="ref-{entry.key}">{before} <cite>{title}</cite> {after}{link}</li>')
    return [*parts, "</ul>", "</section>"]


def build_sections(
    topics: Sequence[tuple[str, str]], items: Sequence[tuple[str, DigestItem]]
) -> tuple[DigestSection, ...]:
    """Sections for ``topics`` ((tag, title), in order) holding their items; empty ones dropped."""
    by_tag: dict[str, list[DigestItem]] = {}
    for tag, item in items:
        by_tag.setdefault(tag, []).append(item)
    return tuple(
        DigestSection(tag, title, tuple(by_tag[tag])) for tag, title in topics if by_tag.get(tag)
    )
