"""Regulation Identifier Numbers (RINs) and regulations.gov docket ids."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scitui.models import Source
from scitui.sources.common import DASH, Found, windows

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


def find_rins(text: str) -> Iterator[Found]:
    if ("RIN" in text or "Identifier" in text) and _RIN_CONTEXT.search(text):
        for match in _RIN.finditer(text):
            if not _NOT_A_RIN_BEFORE.search(text, max(0, match.start() - 16), match.start()):
                yield match.start(), rin(f"{match[1]}-{match[2]}")


def find_dockets(text: str) -> Iterator[Found]:
    needles = ("-19", "-20") if text.isascii() else ("-19", "-20", "\u201319", "\u201320")
    for offset, match in windows(text, needles, _DOCKET, 40, 12):
        yield offset + match.start(), docket(_DASHES.sub("-", match[1]))
