"""Papers: DOIs and arXiv ids (new-style, and old-style with their archive)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from scitui.models import Source
from scitui.sources.common import Found, windows

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


def find_papers(text: str) -> Iterator[Found]:
    for offset, match in windows(text, ("10.",), _DOI, 1, 300):
        start = offset + match.start()
        if (found := doi(match[1])) is None:
            continue
        if _SHORT_SUFFIX.fullmatch(found.id) and not _DOI_CUE.search(
            text, max(0, start - 40), start
        ):
            continue
        yield start, found
    for offset, match in windows(text, ("arXiv", "arxiv", "ARXIV"), _ARXIV, 0, 40):
        if (found := arxiv(match[1])) is not None:
            yield offset + match.start(), found
    for offset, match in windows(text, ("/0", "/1", "/9"), _OLD_ARXIV, 12, 10):
        if (found := arxiv(match[1])) is not None:
            yield offset + match.start(), found
