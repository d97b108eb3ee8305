"""Identifiers in link URLs (each site's canonical paths), and the links of sanitized HTML."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

from scitui.models import Source
from scitui.sources.congress import BILL_PATHS, bill, public_law
from scitui.sources.dockets import docket, rin
from scitui.sources.federal_register import cfr, fr_cite, fr_doc
from scitui.sources.papers import arxiv, doi

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


def from_link(url: str) -> Source | None:
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
        prefix = BILL_PATHS.get(match[2])
        return bill(prefix, int(match[3]), int(match[1])) if prefix else None
    if match := _CONGRESS_PLAW.search(path):
        congress, number = (match[1], match[2]) if match[1] else (match[3], match[4])
        return public_law(int(congress), int(number))
    return None


_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def html_links(markup: str) -> list[str]:
    """The href of every link in sanitized HTML (quoted attributes, as the sanitizer writes)."""
    if "href" not in markup:
        return []
    return [html.unescape(match[1] or match[2] or "") for match in _HREF.finditer(markup)]
