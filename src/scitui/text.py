"""Small text helpers shared by the core: control-character stripping."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_text(value: str | None) -> str:
    """Drop C0 (except tab and newline), DEL and C1 control characters, and lone surrogates.

    Lone surrogates (from a feed's ``&#xD800;``) cannot be encoded, so nothing could store them.
    """
    if not value:
        return ""
    return _CONTROL.sub("", value)


def clean_line(value: str | None) -> str:
    """A one-line field (title, author): controls dropped, whitespace collapsed."""
    return " ".join(clean_text(value).split())


def http_url(url: str | None) -> str | None:
    """The URL if it is an http(s) URL with a host and no control characters, else None.

    The one check before a URL from a feed is opened, linked or written out.
    """
    if not url:
        return None
    url = url.strip()
    if any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None
