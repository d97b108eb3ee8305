"""Bills and public laws, and the Congress a bill belongs to.

A bare ``S. 12`` or ``HR 12`` counts only in a bill's vocabulary and not as a numbered
list's item; "Senate Bill 1260" only in a text about Congress, not a state's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scitui.models import Source
from scitui.sources.common import DASH, Found, windows

_BILL = re.compile(
    r"(?<![\w.])(H\.\s?R\.|H\.\s?Res\.|H\.\s?Con\.\s?Res\.|H\.\s?J\.\s?Res\.|S\.\s?Res\."
    r"|S\.\s?Con\.\s?Res\.|S\.\s?J\.\s?Res\.|S\.|HR)\s?([1-9]\d{0,4})(?![\w\-]|[.,]\d)"
)
_BILL_CONTEXT = re.compile(
    r"\b(?:(?:[Ss]enate|[Bb]ills?|Act|Congress|[Ll]egislation|House|Representatives"
    r"|passed|introduced|sponsored|cosponsor\w*|[Ll]awmakers)\b|(?:Sen|Rep)\.)"
)
_NOT_A_BILL_BEFORE = re.compile(
    r"\b(?:Figs?|Figures?|Tables?|No|Vol|p|pp|Parts?|Ch|Chapters?|Sections?|Secs?|Items?"
    r"|Recommendations?|Appendix|Annex|Steps?|Goals?)\.?\s*$"
)
"""A figure, table or section of a document numbered ``S. 2``."""
_RANGE_JOIN = re.compile(rf"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|through\s+|to\s+|{DASH})\s*")
"""What joins the items of a list or the ends of a range: "S. 1 through S. 4"."""
_BILL_WORD = re.compile(r"\b[Bb]ills?\b")
_BILL_SPELLED = re.compile(
    r"\b(Senate|House) Bill\s+(?:No\.\s?)?([1-9]\d{0,4})\b(?![\-\u2013.,]\d)"
)
"""A bill written out, "Senate Bill 1260": a federal one only in a text about Congress."""
_SPELLED_NEEDLES = (" Bill ",)
US_STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
    "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
    "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
    "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
    "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia",
    "Wisconsin", "Wyoming",
)  # fmt: skip
_STATE_BEFORE = re.compile(rf"\b(?:{'|'.join(US_STATES)})(?:'s|\s+[Ss]tate)?\s+$")
""""California's Senate Bill 1047", "Texas House Bill 20": a state's bill."""
_FEDERAL = re.compile(r"\bCongress\b|\bU\.\s?S\.\s+(?:Senate|House)|\bSen\.|\bRep\.")
_STATE = re.compile(
    r"\b(?:Legislature|Assembly|Governor|[Ss]tate\s+(?:Senate|House|[Ll]egislat\w*)"
    r"|[Ss]tatehouse)\b"
)
LIST_ITEM_MAX = 50
"""A bare ``S. 2`` or ``HR 2`` beside ``S. 1`` or ``S. 3`` is a numbered list's item."""
_CONGRESS = re.compile(r"\b(\d{2,3})(?:st|nd|rd|th)\s+Congress\b")
BILL_TYPES = {
    "hr": "house-bill",
    "s": "senate-bill",
    "hres": "house-resolution",
    "sres": "senate-resolution",
    "hconres": "house-concurrent-resolution",
    "sconres": "senate-concurrent-resolution",
    "hjres": "house-joint-resolution",
    "sjres": "senate-joint-resolution",
}
"""congress.gov's name for each bill type, by the type's id prefix."""
BILL_PATHS = {path: prefix for prefix, path in BILL_TYPES.items()}
"""Each bill type's id prefix, by congress.gov's name for it (in its links)."""
CONGRESS_WINDOW = 200
"""How far (in characters) from a bill "117th Congress" may be to say which Congress it is."""


def _congresses(text: str) -> Iterator[re.Match[str]]:
    return _CONGRESS.finditer(text) if "Congress" in text else iter(())


def ordinal(number: int) -> str:
    """``117th``, ``101st``, ``112th``: as congress.gov spells a Congress."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def bill(prefix: str, number: int, congress: int | None) -> Source:
    if congress is None:
        return Source("bill", f"{prefix}{number}", "")
    url = (
        f"https://www.congress.gov/bill/{ordinal(congress)}-congress/{BILL_TYPES[prefix]}/{number}"
    )
    return Source("bill", f"{prefix}{number}-{congress}", url)


def _bill_names(text: str) -> Iterator[tuple[int, int, str, int]]:
    """Start, end, type prefix and number of each bill named in ``text``."""
    bare: list[tuple[int, int, str, int]] = []
    for offset, match in windows(text, ("H.", "S.", "HR"), _BILL, 2, 24):
        start, end, number = offset + match.start(), offset + match.end(), int(match[2])
        if match[1] in ("S.", "HR"):
            bare.append((start, end, match[1], number))
        else:
            yield start, end, re.sub(r"[.\s]", "", match[1]).lower(), number
    listed = {(raw, number) for _, _, raw, number in bare if number <= LIST_ITEM_MAX}
    rejected_end = -1  # a list's item joined to one that is not a bill is not one either
    for start, end, raw, number in bare:
        joined = rejected_end >= 0 and _RANGE_JOIN.fullmatch(text, rejected_end, start)
        numbered = (raw, number - 1) in listed or (raw, number + 1) in listed
        if joined or numbered or not _bare_bill(text, start, end, raw, number):
            rejected_end = end
            continue
        yield start, end, raw.rstrip(".").lower(), number
    federal: bool | None = None
    for offset, match in windows(text, _SPELLED_NEEDLES, _BILL_SPELLED, 6, 20):
        if federal is None:
            federal = not _STATE.search(text) and _FEDERAL.search(text) is not None
        start = offset + match.start()
        if federal and not _STATE_BEFORE.search(text, max(0, start - 30), start):
            prefix = "s" if match[1] == "Senate" else "hr"
            yield start, offset + match.end(), prefix, int(match[2])


def _bare_bill(text: str, start: int, end: int, raw: str, number: int) -> bool:
    """Whether "S. 12" or "HR 12" is a bill: in a bill's vocabulary, not a figure or table,
    and "HR 2023" (a year) only beside the word bill."""
    if not _BILL_CONTEXT.search(text[max(0, start - 150) : end + 150]):
        return False
    if _NOT_A_BILL_BEFORE.search(text, max(0, start - 20), start):
        return False
    if raw == "HR" and 1990 <= number <= 2040:
        return _BILL_WORD.search(text[max(0, start - 40) : end + 40]) is not None
    return True


def find_bills(text: str) -> Iterator[Found]:
    congresses: list[tuple[int, int]] | None = None
    for start, _end, prefix, number in _bill_names(text):
        if congresses is None:
            congresses = [(m.start(), int(m[1])) for m in _congresses(text)]
        near = [
            (abs(at - start), congress)
            for at, congress in congresses
            if abs(at - start) <= CONGRESS_WINDOW and 93 <= congress <= 130
        ]
        yield start, bill(prefix, number, min(near)[1] if near else None)


_PUBLIC_LAW = re.compile(
    r"(?<![\w.])(?:Public\s+Law|Pub\.\s?L\.|P\.\s?L\.|PL)\s?(?:No\.?\s?)?"
    rf"(\d{{2,3}})\s?{DASH}\s?(\d{{1,3}})(?![\w\-]|[.,]\d)"
)


def public_law(congress: int, number: int) -> Source:
    url = f"https://www.govinfo.gov/app/details/PLAW-{congress}publ{number}"
    return Source("public-law", f"{congress}-{number}", url)


_PUBLIC_LAW_ZH = re.compile(rf"第\s*(\d{{2,3}})\s*{DASH}\s*(\d{{1,3}})\s*号\s*公法")


def find_public_laws(text: str) -> Iterator[Found]:
    for offset, match in windows(text, ("Law", "L.", "PL"), _PUBLIC_LAW, 8, 24):
        congress = int(match[1])
        if 60 <= congress <= 130 and int(match[2]):
            yield offset + match.start(), public_law(congress, int(match[2]))
    chinese = () if text.isascii() else ("公法",)
    for offset, match in windows(text, chinese, _PUBLIC_LAW_ZH, 16, 0):
        if 60 <= int(match[1]) <= 130 and int(match[2]):
            yield offset + match.start(), public_law(int(match[1]), int(match[2]))
