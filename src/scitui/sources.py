"""Primary-source identifiers in an article's text and links: rules, bills, papers. Pure.

Precision comes before recall (a false identifier sends an analyst to the wrong rule), so
the ambiguous shapes count only in context: an ECCN where the text is about export controls,
a bare ``S. 12`` near a bill's vocabulary, a RIN or docket id where the text names one. Each
family of patterns runs only when a cheap substring test says it could match.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from urllib.parse import unquote, urlsplit

from scitui.models import SOURCE_KINDS, Source

KINDS: tuple[str, ...] = SOURCE_KINDS
"""Every kind of identifier, in the order they are listed."""

_Found = tuple[int, Source]
"""Where in the text an identifier starts, and the identifier."""

DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2212]"
"""Hyphens and dashes a number range may be written with (``117–167``)."""


def _windows(
    text: str, needles: Sequence[str], pattern: re.Pattern[str], before: int, after: int
) -> Iterator[tuple[int, re.Match[str]]]:
    """``pattern``'s matches in the stretches of ``text`` around each needle found in it.

    Yields each match with the offset of its stretch. Finding a literal is many times
    quicker than a pattern's search through the whole text, and most texts have no needle.
    """
    spans: list[tuple[int, int]] = []
    for needle in needles:
        at = text.find(needle)
        while at != -1:
            spans.append((max(0, at - before), at + len(needle) + after))
            at = text.find(needle, at + len(needle))
    if not spans:
        return
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        if start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    for start, end in merged:
        for match in pattern.finditer(text[start:end]):
            yield start, match


def ordinal(number: int) -> str:
    """``117th``, ``101st``, ``112th``: as congress.gov spells a Congress."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


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


def _fr(text: str) -> Iterator[_Found]:
    needles = _FR_DOC_NEEDLES if text.isascii() else (*_FR_DOC_NEEDLES, "文件")
    for offset, match in _windows(text, needles, _FR_DOC, 30, 40):
        start = offset + match.start()
        if match[3]:
            if "联邦公报" in text:
                yield start, fr_doc(match[3])
        elif match["cued"] or _plain_fr_doc(text, start, offset + match.end()):
            yield start, fr_doc(match[2])
    for offset, match in _windows(text, ("FR", "Fed."), _FR_CITE, 12, 20):
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


def _cfr(text: str) -> Iterator[_Found]:
    needles = tuple(needle for needle in _CFR_NEEDLES if needle in text)
    if not needles:
        return
    for offset, match in _windows(text, needles, _CFR, 8, 160):
        for found in _cfr_list(int(match[1]), match[2] or match[3]):
            yield offset + match.start(), found
    for offset, match in _windows(text, needles, _CFR_OF_TITLE, 80, 30):
        for found in _cfr_list(int(match[2] or match[3]), match[1]):
            yield offset + match.start(), found
    for offset, match in _windows(text, needles, _CFR_TITLE_FIRST, 24, 100):
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
_RANGE_JOIN = re.compile(rf"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|through\s+|to\s+|{DASH})\s*")
"""What joins the items of a list or the ends of a range: "S. 1 through S. 4"."""


def _eccn(text: str) -> Iterator[_Found]:
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


# Bills and public laws ------------------------------------------------------------------

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
_BILL_PATHS = {path: prefix for prefix, path in BILL_TYPES.items()}
CONGRESS_WINDOW = 200
"""How far (in characters) from a bill "117th Congress" may be to say which Congress it is."""


def _congresses(text: str) -> Iterator[re.Match[str]]:
    return _CONGRESS.finditer(text) if "Congress" in text else iter(())


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
    for offset, match in _windows(text, ("H.", "S.", "HR"), _BILL, 2, 24):
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
    for offset, match in _windows(text, _SPELLED_NEEDLES, _BILL_SPELLED, 6, 20):
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


def _bills(text: str) -> Iterator[_Found]:
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


def _public_laws(text: str) -> Iterator[_Found]:
    for offset, match in _windows(text, ("Law", "L.", "PL"), _PUBLIC_LAW, 8, 24):
        congress = int(match[1])
        if 60 <= congress <= 130 and int(match[2]):
            yield offset + match.start(), public_law(congress, int(match[2]))
    chinese = () if text.isascii() else ("公法",)
    for offset, match in _windows(text, chinese, _PUBLIC_LAW_ZH, 16, 0):
        if 60 <= int(match[1]) <= 130 and int(match[2]):
            yield offset + match.start(), public_law(int(match[1]), int(match[2]))


# Regulation identifiers and dockets -------------------------------------------------------

_RIN = re.compile(rf"(?<![\w\-])(\d{{4}}){DASH}([A-Z]{{2}}\d{{2}})(?![\w\-])")
_RIN_CONTEXT = re.compile(r"\bRINs?\b|Regulation\s+Identifier\s+Number")
_NOT_A_RIN_BEFORE = re.compile(
    r"\b(?:[Pp]art|[Mm]odel|[Oo]rder|[Ii]nvoice|SKU|[Ss]erial|[Cc]atalog(?:ue)?|[Ll]ot)"
    r"\s*(?:[Nn]o\.|[Nn]umber|#)?\s*:?\s*$"
)
"""A part, model or order number shaped like a RIN."""
REGULATIONS_GOV_AGENCIES = (
    "ACF", "ACL", "AHRQ", "AID", "AMS", "APHIS", "ATBCB", "ATF", "BIA", "BIS", "BLM", "BOEM",
    "BOP", "BOR", "BSEE", "CDC", "CEQ", "CFPB", "CISA", "CMS", "COLC", "CPSC", "DARS", "DEA",
    "DHS", "DOC", "DOD", "DOE", "DOI", "DOJ", "DOL", "DOS", "DOT", "EBSA", "ED", "EEOC", "EERE",
    "EOIR", "EPA", "ETA", "FAA", "FAR", "FAS", "FDA", "FEMA", "FHFA", "FHWA", "FINCEN", "FMCSA",
    "FNS", "FRA", "FS", "FSA", "FSIS", "FTA", "FTC", "FWS", "GSA", "HHS", "HRSA", "HUD", "ICEB",
    "IHS", "IRS", "ITA", "MARAD", "MSHA", "NARA", "NASA", "NCUA", "NHTSA", "NIH", "NIST",
    "NLRB", "NOAA", "NPS", "NRC", "NRCS", "NSF", "NTIA", "OCC", "OFAC", "OFCCP", "OMB", "OPM",
    "OSHA", "OSM", "OSTP", "PHMSA", "PTO", "RBS", "RHS", "RUS", "SAMHSA", "SBA", "SSA", "TREAS",
    "TSA", "TTB", "USBC", "USCBP", "USCG", "USCIS", "USDA", "USTR", "VA", "WHD",
)  # fmt: skip
"""The agency acronyms regulations.gov docket ids start with (``BIS-2022-0025``)."""
_DOCKET_TAIL = (
    rf"(?:{DASH}[A-Z][A-Z0-9]{{0,7}}){{0,3}}{DASH}(?:19|20)\d{{2}}"
    rf"(?:{DASH}[A-Z]{{1,5}}){{0,2}}{DASH}\d{{4,5}}"
)
"""After the agency: sub-units (``-HQ-OAR``), the year, a type (``-N``, ``-OS``), a number."""
_DOCKET = re.compile(
    rf"(?<![\w\-])((?:{'|'.join(REGULATIONS_GOV_AGENCIES)}){_DOCKET_TAIL})"
    rf"(?:{DASH}\d{{4}})?(?![\w\-])"
)
_DASHES = re.compile(DASH)


def rin(ident: str) -> Source:
    return Source("rin", ident, f"https://www.reginfo.gov/public/do/eAgendaViewRule?RIN={ident}")


def docket(ident: str) -> Source:
    return Source("docket", ident, f"https://www.regulations.gov/docket/{ident}")


def _rins(text: str) -> Iterator[_Found]:
    if ("RIN" in text or "Identifier" in text) and _RIN_CONTEXT.search(text):
        for match in _RIN.finditer(text):
            if not _NOT_A_RIN_BEFORE.search(text, max(0, match.start() - 16), match.start()):
                yield match.start(), rin(f"{match[1]}-{match[2]}")


def _dockets(text: str) -> Iterator[_Found]:
    needles = ("-19", "-20") if text.isascii() else ("-19", "-20", "\u201319", "\u201320")
    for offset, match in _windows(text, needles, _DOCKET, 40, 12):
        yield offset + match.start(), docket(_DASHES.sub("-", match[1]))


# Papers ----------------------------------------------------------------------------------

_DOI = re.compile(
    r"(?<![\w.$])(10\.\d{4,9}/"
    r"[^\s\"'<>\[\]{}|\\^`\u00ab\u00bb\u2013-\u201f\u2026\u3000-\u9fff\uff00-\uffef]+)"
)
"""A DOI up to a space, a bracket, a quote (straight or curly), a dash or CJK punctuation."""
_SHORT_SUFFIX = re.compile(r"10\.\d+/[\d.]{1,5}")
"""``10.2000/1``: a short number after the slash is a DOI only with "doi" just before."""
_DOI_CUE = re.compile(r"doi|DOI|Doi")
_DOI_QUERY = re.compile(r"[?&#](?:utm_|[A-Za-z_]+=).*$")
"""A URL's query or fragment after a DOI in a link written out in the text."""
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7})"
_ARXIV = re.compile(
    r"\b(?:arXiv(?:\s+(?:preprint|ID|identifier|No\.|number))?\s?:?\s?(?:abs/)?"
    rf"|arxiv\.org/(?:abs|pdf|html)/){_ARXIV_ID}(?:v\d+)?\b",
    re.IGNORECASE,
)
_NEW_ARXIV = re.compile(r"(\d{2})(\d{2})\.(\d{4,5})")
_OLD_ARXIV_ID = re.compile(r"([a-z][a-z\-]+)(?:\.[A-Za-z\-]{2,})?/(\d{2})(\d{2})\d{3}")
"""``math.GT/0309136``: the archive, an optional subject class, the year and month."""
ARXIV_ARCHIVES = (
    "hep-th", "hep-ph", "hep-ex", "hep-lat", "astro-ph", "cond-mat", "gr-qc", "math-ph",
    "nucl-th", "nucl-ex", "quant-ph", "math", "cs", "physics", "nlin", "q-bio", "chao-dyn",
    "solv-int", "patt-sol", "adap-org", "comp-gas", "alg-geom", "dg-ga", "funct-an", "q-alg",
    "chem-ph", "atom-ph", "acc-phys", "supr-con", "mtrl-th", "cmp-lg", "plasm-ph", "ao-sci",
)  # fmt: skip
"""The archives of old-style arXiv ids (``hep-th/9711200``): distinctive without "arXiv".
Old-style ids ran from 1991 to March 2007; later archives (``stat``, ``econ``) have none."""
_OLD_ARXIV = re.compile(
    rf"(?<![\w/.\-])((?:{'|'.join(ARXIV_ARCHIVES)})(?:\.[A-Z]{{2}})?/\d{{7}})(?:v\d+)?(?![\w/])"
)


def doi(value: str) -> Source | None:
    """A DOI trimmed of a URL query, trailing punctuation and slashes (a closing bracket only
    if unbalanced)."""
    value = _DOI_QUERY.sub("", value).rstrip(".,;:!?/")
    while value.endswith((")", "]")) and value.count("(") < value.count(")"):
        value = value[:-1].rstrip(".,;:!?/")
    value = value.lower()
    if "/" not in value or value.endswith("/"):
        return None
    return Source("doi", value, f"https://doi.org/{value}")


def arxiv(ident: str) -> Source | None:
    """An arXiv id without its version or subject class, if its year and month can be one:
    new-style ids from April 2007 (``0704.0001``), old-style ones up to March 2007."""
    if new := _NEW_ARXIV.fullmatch(ident):
        year, month, digits = int(new[1]), int(new[2]), len(new[3])
        if not (1 <= month <= 12 and year * 100 + month >= 704):
            return None
        if digits != (5 if year >= 15 else 4):
            return None
    elif old := _OLD_ARXIV_ID.fullmatch(ident):
        year, month = int(old[2]), int(old[3])
        if not (1 <= month <= 12 and (year >= 91 or year * 100 + month <= 703)):
            return None
        ident = f"{old[1]}/{ident.rsplit('/', 1)[1]}"
    return Source("arxiv", ident, f"https://arxiv.org/abs/{ident}")


def _papers(text: str) -> Iterator[_Found]:
    for offset, match in _windows(text, ("10.",), _DOI, 1, 300):
        start = offset + match.start()
        if (found := doi(match[1])) is None:
            continue
        if _SHORT_SUFFIX.fullmatch(found.id) and not _DOI_CUE.search(
            text, max(0, start - 40), start
        ):
            continue
        yield start, found
    for offset, match in _windows(text, ("arXiv", "arxiv", "ARXIV"), _ARXIV, 0, 40):
        if (found := arxiv(match[1])) is not None:
            yield offset + match.start(), found
    for offset, match in _windows(text, ("/0", "/1", "/9"), _OLD_ARXIV, 12, 10):
        if (found := arxiv(match[1])) is not None:
            yield offset + match.start(), found


# MOFCOM announcements ----------------------------------------------------------------------

_ANNOUNCEMENT_EN = re.compile(
    r"(?<![\w\-])(?P<who>[A-Z][A-Za-z]*(?:\s+[A-Z][A-Za-z]*)*'?s?\s+)?Announcements?\s*"
    r"(?:No\.?\s?(?P<n1>\d{1,3})\s*(?:of\s+(?P<y1>\d{4})|[\[(（](?P<y2>\d{4})[\])）])"
    r"|[\[(]?(?P<y3>\d{4})[\])]?\s*No\.?\s?(?P<n3>\d{1,3}))(?!\d)"
)
"""An English announcement's number and year, in the forms MOFCOM's are cited in."""
_OTHER_ISSUER_EN = re.compile(
    r"\b(?:GACC|Customs|MIIT|MOF|STA|SAMR|NDRC|CAC|Tariff|Ministry\s+of\s+(?!Commerce)\w+"
    r"|Working\s+Mechanism|State\s+(?:Administration|Council))\b"
)
_ISSUED_BY = re.compile(
    r"\s*,?\s*(?:(?:was|were)\s+)?(?:issued|published|released)?\s*(?:jointly\s+)?by\s+"
    r"(?:the\s+)?"
)
"""What may name an announcement's issuer after it: "No. 5 of 2024 was issued by the SAMR"."""
_ANNOUNCEMENT_ZH = re.compile(
    r"公告\s*(?:(\d{4})\s*年\s*第\s*(\d{1,3})\s*号|[〔\[［(（](\d{4})[〕\]］)）]\s*第?\s*(\d{1,3})\s*号)"
    r"|(\d{4})\s*年\s*第\s*(\d{1,3})\s*号\s*公告"
)
_ISSUERS_ZH = re.compile(r"([\u4e00-\u9fff、，,\s]{0,40})$")
"""The run of Chinese before 公告: the issuers (商务部 must be one of them)."""


def mofcom(year: str, number: str) -> Source | None:
    year_value, number_value = int(year), int(number)
    if not (1990 <= year_value <= 2100 and number_value):
        return None
    return Source("mofcom", f"{year_value}-{number_value}", "")


def _mofcom_zh(text: str) -> Iterator[_Found]:
    for offset, match in _windows(text, ("公告",), _ANNOUNCEMENT_ZH, 60, 24):
        start = offset + match.start()
        issuers = _ISSUERS_ZH.search(text, max(0, start - 40), start)
        if issuers is None:
            continue
        joint = re.split(r"[，,]", issuers[1])[-1]  # the issuers, not a clause before them
        if "商务部" not in joint or "工作机制" in joint:
            continue
        year, number = next((match[y], match[n]) for y, n in ((1, 2), (3, 4), (5, 6)) if match[y])
        if (found := mofcom(year, number)) is not None:
            yield start, found


def _mofcom(text: str) -> Iterator[_Found]:
    if not text.isascii() and "商务部" in text:
        yield from _mofcom_zh(text)
    if "MOFCOM" not in text and "Ministry of Commerce" not in text:
        return
    for offset, match in _windows(text, ("Announcement",), _ANNOUNCEMENT_EN, 60, 30):
        if match["who"] and _OTHER_ISSUER_EN.search(match["who"]):
            continue
        by = _ISSUED_BY.match(text, offset + match.end())
        if by and _OTHER_ISSUER_EN.match(text, by.end()):
            continue
        year = match["y1"] or match["y2"] or match["y3"]
        number = match["n1"] or match["n3"]
        if (found := mofcom(year, number)) is not None:
            yield offset + match.start(), found


# Which finders a text needs -------------------------------------------------------------

_Finder = Callable[[str], Iterator[_Found]]
FINDERS: tuple[_Finder, ...] = (
    _fr, _cfr, _eccn, _bills, _public_laws, _rins, _dockets, _papers, _mofcom
)  # fmt: skip
"""Each family's finder; each searches only where (or when) a literal says it could match."""


def _in_text(text: str) -> list[Source]:
    found: list[_Found] = []
    for finder in FINDERS:
        found.extend(finder(text))
    found.sort(key=lambda item: item[0])
    return [source for _, source in found]


# Links ------------------------------------------------------------------------------------

_FR_DOC_PATH = re.compile(
    r"/(?:d|documents|articles|public-inspection)(?:/[\w.\-]+)*?/((?:19|20)\d{2}-\d{5})(?:[/.]|$)"
)
_FR_CITE_PATH = re.compile(r"/citation/(\d{1,3})-FR-(\d{1,6})\b", re.IGNORECASE)
_GOVINFO_FR = re.compile(r"/FR-\d{4}-\d{2}-\d{2}/(?:pdf/|html/)?((?:19|20)\d{2}-\d{5})\b")
_GOVINFO_PLAW = re.compile(r"PLAW-(\d{2,3})publ(\d{1,3})\b")
_ECFR = re.compile(
    r"/title-(\d{1,2})/(?:.*/)?(?:section-(\d{1,4})\.(\w+)|part-(\d{1,4}))(?:/|$|#|\?)"
)
_CORNELL_CFR = re.compile(r"/cfr/text/(\d{1,2})/(?:part-)?(\d{1,4})(?:\.(\w+))?(?:/|$)")
_CONGRESS_BILL = re.compile(r"/bill/(\d{2,3})(?:st|nd|rd|th)-congress/([a-z\-]+)/(\d{1,5})\b")
_CONGRESS_PLAW = re.compile(r"/(\d{2,3})/plaws/publ(\d{1,3})\b|/public-law/(\d{2,3})/(\d{1,3})\b")
_REGS_DOCKET = re.compile(
    r"(?:/docket/|/document/|/comment/|[?&]D=)([A-Z]{2,8}(?:-[A-Z][A-Z0-9]{0,7}){0,3}"
    r"-(?:19|20)\d{2}(?:-[A-Z]{1,5}){0,2}-\d{4,5})(?:-\d{4})?\b"
)
_DOI_PATH = re.compile(r"(?:^|/)(?:doi/(?:abs/|full/|pdf/|epdf/|pdfdirect/)?)?(10\.\d{4,9}/.+)$")
_ARXIV_PATH = re.compile(
    r"/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?$"
)


def _host(url: str) -> tuple[str, str, str]:
    """The lower-case host without ``www.``, the unquoted path, and the query."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "", "", ""
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host, unquote(parts.path), parts.query


def _from_link(url: str) -> Source | None:
    host, path, query = _host(url)
    if not host:
        return None
    if host.endswith("federalregister.gov"):
        if match := _FR_CITE_PATH.search(path):
            return fr_cite(int(match[1]), int(match[2]))
        if host.startswith("public-inspection.") and (
            match := re.search(r"/((?:19|20)\d{2}-\d{5})\.pdf$", path)
        ):
            return fr_doc(match[1])
        return fr_doc(match[1]) if (match := _FR_DOC_PATH.search(path)) else None
    if host.endswith("govinfo.gov"):
        if match := _GOVINFO_FR.search(path):
            return fr_doc(match[1])
        return (
            public_law(int(match[1]), int(match[2]))
            if (match := _GOVINFO_PLAW.search(path))
            else None
        )
    if host.endswith("ecfr.gov") and (match := _ECFR.search(path)):
        if match[2]:
            return cfr(int(match[1]), int(match[2]), match[3])
        return cfr(int(match[1]), int(match[4]), None)
    if host == "law.cornell.edu" and (match := _CORNELL_CFR.search(path)):
        return cfr(int(match[1]), int(match[2]), match[3])
    if host.endswith("congress.gov"):
        return _congress_link(path)
    if host.endswith("reginfo.gov") and (match := re.search(r"RIN=(\d{4}-[A-Z]{2}\d{2})\b", query)):
        return rin(match[1])
    if host.endswith("regulations.gov") and (match := _REGS_DOCKET.search(f"{path}?{query}")):
        return docket(match[1])
    if host.endswith("arxiv.org") and (match := _ARXIV_PATH.search(path)):
        return arxiv(match[1])
    if (match := _DOI_PATH.search(path)) and (host.endswith("doi.org") or "/doi/" in path):
        return doi(match[1])
    return None


def _congress_link(path: str) -> Source | None:
    if match := _CONGRESS_BILL.search(path):
        prefix = _BILL_PATHS.get(match[2])
        return bill(prefix, int(match[3]), int(match[1])) if prefix else None
    if match := _CONGRESS_PLAW.search(path):
        congress, number = (match[1], match[2]) if match[1] else (match[3], match[4])
        return public_law(int(congress), int(number))
    return None


# All together -----------------------------------------------------------------------------


_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def html_links(markup: str) -> list[str]:
    """The href of every link in sanitized HTML (quoted attributes, as the sanitizer writes)."""
    if "href" not in markup:
        return []
    return [html.unescape(match[1] or match[2] or "") for match in _HREF.finditer(markup)]


def article_sources(title: str, text: str, markup: str, url: str | None) -> list[Source]:
    """An article's sources: in its title and text, its links, and its own URL."""
    return find_sources(f"{title}\n{text}", [url or "", *html_links(markup)])


def find_sources(text: str, links: Sequence[str] = ()) -> list[Source]:
    """Identifiers in plain text and in link URLs, deduplicated by (kind, id), in order of
    first appearance.

    A bill named without its Congress takes it from a link to the same bill, when the text
    or links name only one Congress for it.
    """
    found = _in_text(text) if text else []
    for link in links:
        if link and (source := _from_link(link)) is not None:
            found.append(source)
    found = _bills_with_congress(found)
    unique: dict[tuple[str, str], Source] = {}
    for source in found:
        unique.setdefault((source.kind, source.id), source)
    return list(unique.values())


def _bills_with_congress(found: list[Source]) -> list[Source]:
    """Give a bill named without its Congress the one Congress known for it elsewhere."""
    known: dict[str, set[str]] = {}
    for source in found:
        if source.kind == "bill" and "-" in source.id:
            base = source.id.split("-")[0]
            known.setdefault(base, set()).add(source.id)
    result = []
    for source in found:
        if source.kind == "bill" and "-" not in source.id and len(known.get(source.id, ())) == 1:
            full = next(iter(known[source.id]))
            congress = int(full.split("-")[1])
            prefix = source.id.rstrip("0123456789")
            source = bill(prefix, int(source.id[len(prefix) :]), congress)
        result.append(source)
    return result


__all__ = ["KINDS", "Source", "find_sources"]
