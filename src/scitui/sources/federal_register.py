"""The Federal Register (documents, citations), the CFR and ECCNs: the rules themselves.

A plain "document 2024-19391" counts only near a rulemaking's vocabulary, and an ECCN shape
only in a text about export controls.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scitui.models import Source
from scitui.sources.common import DASH, Found, windows

# Federal Register ---------------------------------------------------------------------

_FR_DOC = re.compile(
    r"(?:(?P<cued>FR\s*Doc\.?|Federal\s+Register\s+(?:[Dd]ocument|[Dd]oc\.?))|[Dd]ocument|[Dd]oc\.)"
    r"\s*(?:[Nn]o\.?|[Nn]umber|#)?\s*:?\s*((?:19|20)\d{2}-\d{5})(?![\w-])"
    r"|文件编?号\s*(?:为|是|:|：)?\s*((?:19|20)\d{2}-\d{5})(?![\w-])"
)
_FR_DOC_NEEDLES = ("FR", "ocument", "Doc.")
_FR_CUE = re.compile(
    r"Federal\s+Register|\bFR\b|federalregister|联邦公报|\bRIN\b|\bC\.?F\.?R\b|Docket\s+ID"
)
"""A plain "document 2024-19391" is a Federal Register document only near the vocabulary of
a rulemaking (as on regulations.gov: "Docket ID ... RIN ... Document number")."""
_COURT_BEFORE = re.compile(r"\b(?:[Cc]ourt|ECF|[Cc]ase|[Dd]kt|[Ee]xhibit|[Ff]iling|[Ll]awsuit)\b")
"""A "Document 2023-01234" just after these is a court filing's number."""
FR_CUE_WINDOW = 120
"""How far (in characters) a Federal Register cue may be from a plain "document" number."""
_FR_CITE = re.compile(
    r"(?<![\w.,$])(\d{1,3})\s*(?:FR|Fed\.\s?Reg\.)\s*(\d{1,3}(?:,\d{3})+|\d{1,6})"
    r"(?![\w,]?\d|[A-Za-z])"
)
"""A volume, FR, and a first page (``FR 2052a`` followed by a letter is a Fed form)."""


def fr_doc(number: str) -> Source:
    return Source("fr-doc", number, f"https://www.federalregister.gov/d/{number}")


def fr_cite(volume: int, page: int) -> Source:
    url = f"https://www.federalregister.gov/citation/{volume}-FR-{page}"
    return Source("fr-cite", f"{volume} FR {page}", url)


def find_fr(text: str) -> Iterator[Found]:
    needles = _FR_DOC_NEEDLES if text.isascii() else (*_FR_DOC_NEEDLES, "文件")
    for offset, match in windows(text, needles, _FR_DOC, 30, 40):
        start = offset + match.start()
        if match[3]:
            if "联邦公报" in text:
                yield start, fr_doc(match[3])
        elif match["cued"] or _plain_fr_doc(text, start, offset + match.end()):
            yield start, fr_doc(match[2])
    for offset, match in windows(text, ("FR", "Fed."), _FR_CITE, 12, 20):
        volume, page = int(match[1]), int(match[2].replace(",", ""))
        if 1 <= volume <= 120 and page:
            yield offset + match.start(), fr_cite(volume, page)


def _plain_fr_doc(text: str, start: int, end: int) -> bool:
    """Whether "document 2024-19391" is the Federal Register's: a cue near, no court just before."""
    if _COURT_BEFORE.search(text, max(0, start - 30), start):
        return False
    window = text[max(0, start - FR_CUE_WINDOW) : end + FR_CUE_WINDOW]
    return _FR_CUE.search(window) is not None


# Code of Federal Regulations -----------------------------------------------------------

_CFR_PART = r"\d{1,4}"
_CFR_SECTION = r"\d{1,4}\.\d{1,5}(?:-\d{1,4}(?!\d|\.\d))?"
"""A section: ``744.23``, or a FAR clause ``52.204-25`` (its hyphen is part of it)."""
_CFR_JOIN = rf"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|through\s+|to\s+|{DASH})\s*"
_CFR_NOT_AFTER = r"(?!\s*(?:U\.\s?S\.\s?C|CFR|C\.\s?F\.\s?R|FR\b|Fed\.|Stat\.))"
_CFR = re.compile(
    r"(?<![\w.])(\d{1,2})\s*(?:CFR|C\.\s?F\.\s?R\.)\s*,?\s*"
    r"(?:(?:§§?|[Pp]arts?|[Pp]ts?\.|[Ss]ec(?:tions?|s?\.))\s*)?"
    rf"(?:({_CFR_SECTION}(?:{_CFR_JOIN}§?\s*{_CFR_SECTION}{_CFR_NOT_AFTER})*)"
    rf"|({_CFR_PART}(?:{_CFR_JOIN}{_CFR_PART}(?!\d|\.\d){_CFR_NOT_AFTER})*))(?!\w|\.\d)"
)
"""A title, CFR, and one section or part or a list of them (a range gives its endpoints)."""
_CFR_ITEMS = rf"(?:{_CFR_SECTION}|{_CFR_PART})(?:{_CFR_JOIN}§?\s*(?:{_CFR_SECTION}|{_CFR_PART}))*"
_CFR_NAME = r"(?:Code\s+of\s+Federal\s+Regulations|CFR|C\.\s?F\.\s?R\.)"
_CFR_OF_TITLE = re.compile(
    rf"\b(?:[Pp]arts?|§§?|[Ss]ections?)\s+({_CFR_ITEMS})\s+of\s+"
    rf"(?:[Tt]itle\s+(\d{{1,2}})\s+of\s+the\s+{_CFR_NAME}|(\d{{1,2}})\s*{_CFR_NAME})"
)
"""Parts or sections before their title: "part 744 of title 15 of the Code of Federal
Regulations", "Sections 744.21 and 744.23 of 15 CFR"."""
_CFR_TITLE_FIRST = re.compile(
    rf"\b[Tt]itle\s+(\d{{1,2}})(?:,\s*|\s+of\s+the\s+){_CFR_NAME},?\s*"
    rf"(?:[Pp]arts?|§§?|[Ss]ections?)\s+({_CFR_ITEMS})(?!\w|\.\d)"
)
"""A title, then its parts: "Title 15, Code of Federal Regulations, Part 744"."""
_CFR_ITEM = re.compile(rf"{_CFR_SECTION}|{_CFR_PART}")


def cfr(title: int, part: int, section: str | None) -> Source:
    if section:
        ident, path = f"{part}.{section}", f"section-{part}.{section}"
    else:
        ident, path = str(part), f"part-{part}"
    url = f"https://www.ecfr.gov/current/title-{title}/{path}"
    return Source("cfr", f"{title} CFR {ident}", url)


def _cfr_item(title: int, item: str) -> Source | None:
    part, _, section = item.partition(".")
    if not (1 <= title <= 50 and int(part)):
        return None
    return cfr(title, int(part), section or None)


_CFR_NEEDLES = ("CFR", "F.R", "F. R", "Code of Federal")
"""Literals one of which each CFR pattern needs ("C.F.R." holds "F.R")."""


def _cfr_list(title: int, items: str) -> Iterator[Source]:
    """The sections or parts of a list under one title, up to where the list stops rising:
    lists run upwards, so "part 744, 12 entities" ends at 744."""
    previous_part = 0
    for item in _CFR_ITEM.finditer(items):
        part = int(item[0].partition(".")[0])
        if part < previous_part:
            return
        previous_part = part
        if (found := _cfr_item(title, item[0])) is not None:
            yield found


def find_cfr(text: str) -> Iterator[Found]:
    needles = tuple(needle for needle in _CFR_NEEDLES if needle in text)
    if not needles:
        return
    for offset, match in windows(text, needles, _CFR, 8, 160):
        for found in _cfr_list(int(match[1]), match[2] or match[3]):
            yield offset + match.start(), found
    for offset, match in windows(text, needles, _CFR_OF_TITLE, 80, 30):
        for found in _cfr_list(int(match[2] or match[3]), match[1]):
            yield offset + match.start(), found
    for offset, match in windows(text, needles, _CFR_TITLE_FIRST, 24, 100):
        for found in _cfr_list(int(match[1]), match[2]):
            yield offset + match.start(), found


# Export Control Classification Numbers -------------------------------------------------

_ECCN_SHAPE = re.compile(r"[0-9][A-E][0-9]{3}")
"""Searched for first: a plain class-led pattern is several times quicker than _ECCN."""
_ECCN = re.compile(r"(?<![A-Za-z0-9_#/.\-])([0-9][A-E][0-9]{3})(?=\.[a-z]\b|[^A-Za-z0-9_\-]|$)")
ECCN_CONTEXT = (
    "ECCN", "Export Control", "xport control", "XPORT CONTROL", "Commerce Control List", "CCL",
    "EAR", "BIS", "licen", "Licen", "control", "classified", "出口", "管制", "管控",
)  # fmt: skip
"""Words that say a text is about export controls, where ``3A090`` is an ECCN."""
_NOT_AN_ECCN_BEFORE = re.compile(
    r"\b(?:[Bb]ooth|[Rr]oom|[Hh]all|[Gg]ate|[Ff]light|[Ss]eat|[Ss]tand|[Ss]uite|[Mm]odel"
    r"|[Pp]art\s+(?:[Nn]o\.|[Nn]umber)|[Uu]nit|[Bb]uilding|[Ll]ot)s?\s*#?\s*$"
)
"""A booth, room or part number shaped like an ECCN ("Rooms 3A210" too)."""
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*|/\s*)")
"""What joins the items of a list: "3A210, 3A211 and 3A212"."""


def find_eccns(text: str) -> Iterator[Found]:
    """ECCN shapes in a text about export controls, or beside one with a paragraph (.z)."""
    first = _ECCN_SHAPE.search(text)
    if first is None:
        return
    matches = []
    rejected_end = -1  # where the last booth or room number ended: its list's items are too
    for match in _ECCN.finditer(text, max(0, first.start() - 1)):
        joined = rejected_end >= 0 and _LIST_JOIN.fullmatch(text, rejected_end, match.start())
        if joined or _NOT_AN_ECCN_BEFORE.search(text, max(0, match.start() - 20), match.start()):
            rejected_end = match.end()
        else:
            matches.append(match)
    if not matches:
        return
    paragraphed = any(text.startswith(".", match.end()) for match in matches)
    if paragraphed or any(word in text for word in ECCN_CONTEXT):
        for match in matches:
            yield match.start(), Source("eccn", match[1], "")
