"""What every family of source identifiers shares: where a match starts, dashes, windows."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from scitui.models import Source

Found = tuple[int, Source]
"""Where in the text an identifier starts, and the identifier."""

DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2212]"
"""Hyphens and dashes a number range may be written with (``117–167``)."""


def windows(
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
