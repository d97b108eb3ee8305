"""Citations of articles as BibTeX, RIS or CSL-JSON, for Zotero and LaTeX; pure, no clock.

Types, chosen for what Zotero makes of each on import: BibTeX ``@online`` (a Zotero web
page; ``@article`` would become a journal article), with the outlet both in ``journaltitle``
(Zotero's website title) and ``organization`` (what biblatex prints for ``@online``); RIS
``TY  - NEWS`` and CSL-JSON ``article-newspaper`` (a Zotero newspaper article, outlet as the
publication). The user's note goes in the note field (BibTeX ``annote``, RIS ``N1``, CSL
``note``); primary sources go in the keywords, one per source ("FR 2022-21658"), because
Zotero turns keywords into tags, so every item citing one rule can be found by its tag.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from scitui.models import Article
from scitui.text import clean_line, http_url

FORMATS: tuple[str, ...] = ("bibtex", "ris", "csl-json")
"""The citation formats, the first the default."""

_URL_SAFE = "/:?#@!$&'*+,;=-._~%[]"
"""What stays literal in a URL; braces, backslashes, quotes and spaces are percent-escaped."""
_KEY_STOPWORDS = frozenset({
    "a", "an", "the", "of", "on", "in", "to", "for", "and", "as", "at", "by", "with", "from",
    "is", "are", "new", "its", "it", "how", "why", "what",
})  # fmt: skip
_TEX_SPECIALS = re.compile(r"[\\#$%&_~^]")
_TEX_REPLACEMENTS = {
    "\\": "{\\textbackslash}",
    "~": "{\\textasciitilde}",
    "^": "{\\textasciicircum}",
}
_TEX_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=')(?=')|(?<=[`?!])(?=`)")
"""Where TeX would join two characters (``--`` a dash, ``''`` a quote): a ``{}`` keeps them."""
_PERSON = re.compile(r"[^\W\d_][\w.'\-]*(?: [^\W\d_][\w.'\-]*){1,3}")
"""A personal name as feeds write one: two to four words, no commas, no digits."""


@dataclass(frozen=True)
class Entry:
    """One article's citation fields, cleaned to single lines (the note keeps its lines)."""

    key: str
    title: str
    outlet: str
    author: str
    published: date | None
    url: str
    accessed: date
    note_lines: tuple[str, ...]
    keywords: tuple[str, ...]


def cite(articles: Sequence[Article], output_format: str, accessed: date) -> str:
    """The citations of ``articles`` in one format.

    Args:
        articles: the articles, in the order to cite them.
        output_format: one of FORMATS.
        accessed: the date of access written in each (the caller's today).

    Returns:
        The document: BibTeX entries, RIS records or a CSL-JSON array, ending in a newline.
    """
    entries = build_entries(articles, accessed)
    if output_format == "bibtex":
        return "\n".join(bibtex_entry(entry) for entry in entries)
    if output_format == "ris":
        return "\n".join(ris_record(entry) for entry in entries)
    if output_format == "csl-json":
        items = [csl_item(entry) for entry in entries]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown citation format {output_format!r}")


def build_entries(articles: Sequence[Article], accessed: date) -> list[Entry]:
    """Each article's fields, with a citation key unique among them."""
    keys = citation_keys(articles)
    return [
        Entry(
            key=keys[article.id],
            title=clean_line(article.title) or "(untitled)",
            outlet=clean_line(article.feed),
            author=clean_line(article.author),
            published=article.published.date() if article.published else None,
            url=_url(article.url),
            accessed=accessed,
            note_lines=_note_lines(article.note),
            keywords=tuple(dict.fromkeys(clean_line(src.label) for src in article.sources)),
        )
        for article in articles
    ]


def _url(url: str | None) -> str:
    """An http(s) URL, percent-escaped so no format needs to escape it; '' for others."""
    checked = http_url(url)
    return quote(checked, safe=_URL_SAFE) if checked else ""


def _note_lines(note: str | None) -> tuple[str, ...]:
    lines = [clean_line(line) for line in (note or "").splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return tuple(lines)


# keys ------------------------------------------------------------------------------------


def citation_keys(articles: Sequence[Article]) -> dict[int, str]:
    """Article id -> key (``whitcomb2026bis``): surname or outlet, year, a title word.

    Keys that clash get a, b, c... in article id order, so the same articles always get
    the same keys, whatever order they are asked for in.
    """
    bases = {article.id: _key_base(article) for article in articles}
    keys: dict[int, str] = {}
    taken: dict[str, int] = {}
    for article_id in sorted(bases):
        base = bases[article_id]
        count = taken.get(base, 0)
        taken[base] = count + 1
        keys[article_id] = base if count == 0 else base + _suffix(count - 1)
    return keys


def _suffix(index: int) -> str:
    """a, b, ..., z, aa, ab, ... for the second, third... article with one key."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _key_base(article: Article) -> str:
    author_words = _ascii_words(clean_line(article.author))
    name = author_words[-1] if author_words and _is_person(article.author) else ""
    name = name or next(iter(_ascii_words(article.feed)), "") or "scitui"
    year = str(article.published.year) if article.published else "nd"
    title_words = [word for word in _ascii_words(article.title) if word not in _KEY_STOPWORDS]
    return f"{name}{year}{title_words[0] if title_words else article.id}"


def _ascii_words(text: str | None) -> list[str]:
    """Lowercase ASCII words of ``text``, accents dropped (Chinese has none)."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", folded.lower())


def _is_person(author: str | None) -> bool:
    name = clean_line(author)
    return bool(_PERSON.fullmatch(name)) and " and " not in f" {name.lower()} "


# BibTeX ----------------------------------------------------------------------------------


def tex_escape(text: str) -> str:
    """Literal text for a braced BibTeX field: TeX specials escaped, braces kept balanced.

    A brace with a partner in the text becomes ``\\{`` ... ``\\}``; a lone one also gets a
    ``\\vphantom`` of its partner (as Zotero writes it), since BibTeX counts escaped
    braces too and one unmatched brace would swallow the rest of the file.
    """
    pieces: list[str] = []
    open_at: list[int] = []
    for char in text:
        if char == "{":
            open_at.append(len(pieces))
            pieces.append("\\{\\vphantom{\\}}")
        elif char == "}":
            if open_at:
                pieces[open_at.pop()] = "\\{"
                pieces.append("\\}")
            else:
                pieces.append("\\vphantom{\\{}\\}")
        else:
            pieces.append(_tex_char(char))
    return _TEX_LIGATURE.sub("{}", "".join(pieces))


def _tex_char(char: str) -> str:
    if _TEX_SPECIALS.fullmatch(char):
        return _TEX_REPLACEMENTS.get(char, "\\" + char)
    return char


def _bibtex_author(author: str) -> str:
    """A personal name as BibTeX parses one; anything else braced, as one literal name."""
    escaped = tex_escape(author)
    return escaped if _is_person(author) else "{" + escaped + "}"


def bibtex_entry(entry: Entry) -> str:
    """One ``@online`` entry, fields in braces, each on a line of its own."""
    fields: list[tuple[str, str]] = [("title", tex_escape(entry.title))]
    if entry.author:
        fields.append(("author", _bibtex_author(entry.author)))
    if entry.outlet:
        fields += [
            ("journaltitle", tex_escape(entry.outlet)),
            ("organization", tex_escape(entry.outlet)),
        ]
    if entry.published:
        fields.append(("date", entry.published.isoformat()))
    if entry.url:
        fields.append(("url", entry.url))
    fields.append(("urldate", entry.accessed.isoformat()))
    if entry.keywords:
        fields.append(("keywords", ", ".join(tex_escape(word) for word in entry.keywords)))
    if entry.note_lines:
        fields.append(("annote", "\n".join(tex_escape(line) for line in entry.note_lines)))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@online{{{entry.key},\n{body}}}\n"


# RIS -------------------------------------------------------------------------------------


def _ris_date(day: date) -> str:
    return day.strftime("%Y/%m/%d")


def ris_record(entry: Entry) -> str:
    """One ``TY  - NEWS`` record: two-letter tags, ``  - ``, one line per value, ``ER``.

    RIS has no line breaks inside a value: the note's lines are joined by spaces.
    """
    lines = ["TY  - NEWS", f"ID  - {entry.key}", f"TI  - {entry.title}"]
    if entry.author:
        lines.append(f"AU  - {entry.author}")
    if entry.outlet:
        lines.append(f"T2  - {entry.outlet}")
    if entry.published:
        lines += [f"PY  - {entry.published.year}", f"DA  - {_ris_date(entry.published)}"]
    if entry.url:
        lines.append(f"UR  - {entry.url}")
    lines.append(f"Y2  - {_ris_date(entry.accessed)}")
    lines += [f"KW  - {word}" for word in entry.keywords]
    if entry.note_lines:
        lines.append(f"N1  - {' '.join(line for line in entry.note_lines if line)}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


# CSL-JSON --------------------------------------------------------------------------------


def _csl_date(day: date) -> dict[str, Any]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def _csl_author(author: str) -> dict[str, str]:
    if not _is_person(author):
        return {"literal": author}
    given, _space, family = author.rpartition(" ")
    return {"family": family, "given": given}


def csl_item(entry: Entry) -> dict[str, Any]:
    """One CSL-JSON item of type ``article-newspaper``."""
    item: dict[str, Any] = {"id": entry.key, "type": "article-newspaper", "title": entry.title}
    if entry.author:
        item["author"] = [_csl_author(entry.author)]
    if entry.outlet:
        item["container-title"] = entry.outlet
    if entry.published:
        item["issued"] = _csl_date(entry.published)
    if entry.url:
        item["URL"] = entry.url
    item["accessed"] = _csl_date(entry.accessed)
    if entry.keywords:
        item["keyword"] = ", ".join(entry.keywords)
    if entry.note_lines:
        item["note"] = "\n".join(entry.note_lines)
    return item
