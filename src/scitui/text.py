"""Small text helpers shared by the core: control-character stripping."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str | None) -> str:
    """Drop C0 (except tab and newline), DEL and C1 control characters."""
    if not value:
        return ""
    return _CONTROL.sub("", value)


def clean_line(value: str | None) -> str:
    """A one-line field (title, author): controls dropped, whitespace collapsed."""
    return " ".join(clean_text(value).split())
