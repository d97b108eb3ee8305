"""Parse feed bytes with feedparser into EntryData; never hands feedparser a URL."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from scitui.errors import ParseError
from scitui.models import EntryData
from scitui.text import clean_line, clean_text


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed: its title, site link, entries and any parse warning."""

    title: str | None
    link: str | None
    version: str
    entries: tuple[EntryData, ...]
    warning: str | None


def parse_feed(content: bytes, url: str, headers: dict[str, str] | None = None) -> ParsedFeed:
    """Parse feed bytes; a malformed feed keeps every entry feedparser could read.

    Args:
        content: the fetched bytes.
        url: the final URL, so relative links resolve.
        headers: the response headers (lowercase names), for the charset.

    Raises:
        ParseError: when the bytes hold no entries and a parse error (not a feed).
    """
    response_headers = {"content-location": url}
    if headers and headers.get("content-type"):
        response_headers["content-type"] = headers["content-type"]
    parsed = feedparser.parse(
        content, response_headers=response_headers, sanitize_html=True, resolve_relative_uris=True
    )
    warning = None
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        warning = f"{type(problem).__name__}: {problem}" if problem else "malformed feed"
        if not parsed.entries and not parsed.get("version"):  # an empty feed is still a feed
            raise ParseError(f"{url}: not a feed ({warning})")
    if not parsed.entries and not parsed.get("version"):
        raise ParseError(f"{url}: not a feed (no RSS or Atom found)")
    feed = parsed.get("feed", {})
    entries = tuple(_entry(raw, url) for raw in parsed.entries)
    return ParsedFeed(
        title=clean_line(feed.get("title")) or None,
        link=_http_url(feed.get("link"), url),
        version=parsed.get("version") or "unknown",
        entries=entries,
        warning=warning,
    )


def _entry(raw: Any, base_url: str) -> EntryData:
    guid = clean_line(raw.get("id")) or None
    link = _http_url(raw.get("link"), base_url)
    title = clean_line(raw.get("title"))
    published = _datetime(raw.get("published_parsed") or raw.get("updated_parsed"))
    summary = clean_text(raw.get("summary"))
    contents = raw.get("content") or []
    content_html = max((clean_text(part.get("value")) for part in contents), key=len, default="")
    return EntryData(
        key=entry_key(guid, link, title, published),
        guid=guid,
        url=link,
        title=title,
        author=clean_line((raw.get("author_detail") or {}).get("name") or raw.get("author"))
        or None,
        published=published,
        summary=summary,
        content_html=content_html or summary,
    )


def entry_key(guid: str | None, link: str | None, title: str, published: datetime | None) -> str:
    """An entry's identity within its feed: its guid, else its link, else a hash."""
    if guid:
        return f"guid:{guid}"
    if link:
        return f"link:{link}"
    stamp = published.isoformat() if published else ""
    digest = hashlib.sha256(f"{title}\x00{stamp}".encode()).hexdigest()[:32]
    return f"hash:{digest}"


def _http_url(value: str | None, base_url: str) -> str | None:
    if not value:
        return None
    absolute = urljoin(base_url, value.strip())
    parts = urlsplit(absolute)
    return absolute if parts.scheme in ("http", "https") and parts.netloc else None


def _datetime(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, OSError):
        return None
    if not 1970 <= moment.year <= 2200:
        return None
    return moment
