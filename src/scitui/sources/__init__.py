"""Primary-source identifiers in an article's text and links: rules, bills, papers. Pure.

Precision comes before recall (a false identifier sends an analyst to the wrong rule), so
the ambiguous shapes count only in context: an ECCN where the text is about export controls,
a bare ``S. 12`` near a bill's vocabulary, a RIN or docket id where the text names one. Each
family of patterns runs only when a cheap substring test says it could match.

This module is the public API and the assembly (the in-text dispatch, links, deduplication,
a bill's Congress taken from elsewhere). Each family lives in its own module:

- :mod:`~scitui.sources.common`: the ``Found`` type, ``DASH`` and ``windows`` (patterns
  searched only around a literal);
- :mod:`~scitui.sources.federal_register`: Federal Register documents and citations, CFR
  parts and sections, ECCNs;
- :mod:`~scitui.sources.congress`: bills (and their Congress) and public laws;
- :mod:`~scitui.sources.dockets`: RINs and regulations.gov dockets (the agency list);
- :mod:`~scitui.sources.papers`: DOIs and arXiv ids;
- :mod:`~scitui.sources.mofcom`: MOFCOM announcements, English and Chinese;
- :mod:`~scitui.sources.links`: canonical ids from link URLs, and ``html_links``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from scitui.models import SOURCE_KINDS, Source
from scitui.sources.common import Found
from scitui.sources.congress import bill, find_bills, find_public_laws
from scitui.sources.dockets import find_dockets, find_rins
from scitui.sources.federal_register import find_cfr, find_eccns, find_fr
from scitui.sources.links import from_link, html_links
from scitui.sources.mofcom import find_mofcom
from scitui.sources.papers import find_papers

KINDS: tuple[str, ...] = SOURCE_KINDS
"""Every kind of identifier, in the order they are listed."""

_Finder = Callable[[str], Iterator[Found]]
FINDERS: tuple[_Finder, ...] = (
    find_fr, find_cfr, find_eccns, find_bills, find_public_laws, find_rins, find_dockets,
    find_papers, find_mofcom,
)  # fmt: skip
"""Each family's finder; each searches only where (or when) a literal says it could match."""


def _in_text(text: str) -> list[Source]:
    found: list[Found] = []
    for finder in FINDERS:
        found.extend(finder(text))
    found.sort(key=lambda item: item[0])
    return [source for _, source in found]


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
        if link and (source := from_link(link)) is not None:
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


__all__ = ["KINDS", "Source", "article_sources", "find_sources", "html_links"]
