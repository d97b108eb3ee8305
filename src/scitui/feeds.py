"""Parse feed bytes with feedparser into EntryData; never hands feedparser a URL."""

from __future__ import annotations

import calendar
import contextlib
import functools
import hashlib
import io
import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import feedparser.mixin
import html_text
import lxml.etree

from scitui.errors import ParseError
from scitui.models import EntryData, ParsedFeed
from scitui.text import clean_line, clean_text, http_url

# feedparser resolves the xml:base of every element it opens (make_safe_absolute_uri: a
# urljoin and a scheme check), and every link (_urljoin), though a feed's elements nearly
# all share one base: a fifth of its time. Both are pure functions of their strings, so
# remembering recent answers changes no result.
# They are feedparser's internals (6.0.x): a release without them only loses the cache.
for _name in ("make_safe_absolute_uri", "_urljoin"):
    if callable(_join := getattr(feedparser.mixin, _name, None)):
        setattr(feedparser.mixin, _name, functools.lru_cache(maxsize=256)(_join))

_NOT_PARSE_ERRORS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
"""Warnings feedparser raises about a feed it read fine (a wrong content type, a wrong charset)."""


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
    try:
        try:
            parsed = _feedparser(content, response_headers)
        except UnicodeError:  # its loose parser cannot encode "&#xD800;" (a lone surrogate)
            parsed = _feedparser(_SURROGATE_REF.sub(_replace_surrogate, content), response_headers)
    except Exception as exc:  # feedparser's own bugs on hostile bytes must not end the run
        raise ParseError(f"{url}: not a readable feed ({type(exc).__name__}: {exc})") from None
    warning = None
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if parsed.get("bozo"):
        warning = f"{type(problem).__name__}: {problem}" if problem else "malformed feed"
    if not parsed.entries:
        if not parsed.get("version"):
            raise ParseError(f"{url}: not a feed ({warning or 'no RSS or Atom found'})")
        if warning and not isinstance(problem, _NOT_PARSE_ERRORS):
            raise ParseError(f"{url}: not a feed: no entries and {warning}")
    feed = parsed.get("feed", {})
    entries = tuple(_entry(raw, url) for raw in parsed.entries)
    return ParsedFeed(
        title=_plain(feed, "title") or None,
        link=_http_url(feed.get("link"), url),
        version=parsed.get("version") or "unknown",
        entries=entries,
        warning=warning,
    )


def _feedparser(content: bytes, response_headers: dict[str, str]) -> Any:
    """feedparser, leaving bodies as the feed has them: scitui's own allowlist sanitizer
    cleans them and resolves their links (feedparser's passes took a third of its time)."""
    return feedparser.parse(
        io.BytesIO(content),  # bytes alone would be tried as a file path first
        response_headers=response_headers,
        sanitize_html=False,
        resolve_relative_uris=False,
    )


_SURROGATE_REF = re.compile(rb"&#(?:[xX]0*([dD][89a-fA-F][0-9a-fA-F]{2})|0*(5[5-7][0-9]{3}));")


def _replace_surrogate(match: re.Match[bytes]) -> bytes:
    number = int(match[1], 16) if match[1] else int(match[2])
    return b"&#xFFFD;" if 0xD800 <= number <= 0xDFFF else match[0]


def _entry(raw: Any, base_url: str) -> EntryData:
    guid = clean_line(raw.get("id")) or None
    link = _http_url(raw.get("link"), base_url)
    title = _plain(raw, "title")
    published = _datetime(raw.get("published_parsed") or raw.get("updated_parsed"))
    summary = _body(raw.get("summary"), raw.get("summary_detail"))
    contents = [part for part in raw.get("content") or [] if part.get("value")]
    content = max(contents, key=lambda part: len(part["value"]), default=None)
    content_html = _body(content["value"], content) if content else ""
    detail = content if content_html else raw.get("summary_detail")
    return EntryData(
        key=entry_key(guid, link, title, published, content_html or summary),
        guid=guid,
        url=link,
        title=title,
        author=clean_line((raw.get("author_detail") or {}).get("name") or raw.get("author"))
        or None,
        published=published,
        summary=summary,
        content_html=content_html or summary,
        base_url=_http_url((detail or {}).get("base"), base_url) or base_url,
    )


_VOID_END = re.compile(
    r"</(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\s*>", re.IGNORECASE
)
"""An end tag an HTML parser must not see: ``</br>`` is a second line break to it."""


def _body(value: str | None, detail: Any) -> str:
    """An entry's summary or content as HTML.

    feedparser writes inline XHTML back with an end tag for every element (``<br></br>``);
    these go, since scitui's sanitizer reads HTML.
    """
    text = clean_text(value)
    if "xhtml" in ((detail or {}).get("type") or ""):
        text = _VOID_END.sub("", text)
    return text


def entry_key(
    guid: str | None, link: str | None, title: str, published: datetime | None, body: str = ""
) -> str:
    """An entry's identity within its feed: its guid, else its link, else a hash.

    The hash covers the title and date; an entry with neither is known by its body.
    """
    if guid:
        return f"guid:{guid}"
    if link:
        return f"link:{link}"
    stamp = published.isoformat() if published else ""
    known_by = f"{title}\x00{stamp}" if title or stamp else f"\x00\x00{body}"
    digest = hashlib.sha256(known_by.encode()).hexdigest()[:32]
    return f"hash:{digest}"


def _plain(element: Any, key: str) -> str:
    """A one-line text field; one feedparser marked as HTML becomes the text it shows."""
    value = clean_text(element.get(key))
    kind = (element.get(f"{key}_detail") or {}).get("type") or ""
    if value and "html" in kind:
        with contextlib.suppress(lxml.etree.LxmlError, ValueError):  # else keep it as it came
            value = html_text.extract_text(value, guess_layout=False)
    return clean_line(value)


def _http_url(value: str | None, base_url: str) -> str | None:
    if not value:
        return None
    try:
        absolute = urljoin(base_url, clean_text(value).strip())
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    return http_url(absolute)


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
