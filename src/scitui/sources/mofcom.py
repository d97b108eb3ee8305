"""Announcements of China's Ministry of Commerce (MOFCOM), in English and in Chinese."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scitui.models import Source
from scitui.sources.common import Found, windows

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


def _mofcom_zh(text: str) -> Iterator[Found]:
    for offset, match in windows(text, ("公告",), _ANNOUNCEMENT_ZH, 60, 24):
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


def find_mofcom(text: str) -> Iterator[Found]:
    if not text.isascii() and "商务部" in text:
        yield from _mofcom_zh(text)
    if "MOFCOM" not in text and "Ministry of Commerce" not in text:
        return
    for offset, match in windows(text, ("Announcement",), _ANNOUNCEMENT_EN, 60, 30):
        if match["who"] and _OTHER_ISSUER_EN.search(match["who"]):
            continue
        by = _ISSUED_BY.match(text, offset + match.end())
        if by and _OTHER_ISSUER_EN.match(text, by.end()):
            continue
        year = match["y1"] or match["y2"] or match["y3"]
        number = match["n1"] or match["n3"]
        if (found := mofcom(year, number)) is not None:
            yield offset + match.start(), found
