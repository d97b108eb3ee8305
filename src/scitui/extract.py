"""Article pages to clean HTML and plain text (readability-lxml + nh3). Pure: no I/O."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import html_text
import lxml.etree
import nh3
from readability import Document
from readability.readability import Unparseable
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    resolve_encoding,
)

from scitui.errors import ExtractError
from scitui.text import clean_line, clean_text, http_url

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
DROPPED_WITH_CONTENT = {
    "embed",
    "iframe",
    "math",
    "noscript",  # the sanitizer reads its content as text: markup would show as words
    "object",
    "script",
    "select",
    "style",
    "svg",
    "template",
    "textarea",
}
"""Elements removed with everything inside them; other unlisted tags are unwrapped."""


@dataclass(frozen=True)
class CleanContent:
    """A cleaned body: sanitized HTML, the plain text derived from it, and a title."""

    html: str
    text: str
    title: str = ""


LATIN_DEFAULTS = frozenset({"cp1252"})
"""What w3lib resolves ISO-8859-1, Latin-1 and US-ASCII to: servers' default charset."""


def decode_page(content: bytes, content_type: str | None) -> str:
    """Decode a page by its HTTP charset first, then its own ``<meta charset>``.

    Two wrong HTTP charsets are common on Chinese sites and are overruled: UTF-8 for bytes
    that are not UTF-8, and a Latin-1 default for bytes that are valid in the charset the page
    declares (or, with no declaration, valid UTF-8). The page's declaration, or else
    detection, decides then.
    """
    if _wrong_charset(content, http_content_type_encoding(content_type)):
        content_type = None
    _encoding, text = html_to_unicode(content_type, content)
    return text


def _wrong_charset(content: bytes, declared: str | None) -> bool:
    if not declared:
        return False
    encoding = resolve_encoding(declared)
    if encoding == "utf-8":
        return not _is_utf8(content)
    if encoding in LATIN_DEFAULTS:
        own = resolve_encoding(html_body_declared_encoding(content) or "")
        if own is not None and own != encoding:
            return _decodes(content, own)  # a lying meta over real Latin-1 bytes does not
        return not content.isascii() and _is_utf8(content)  # Latin-1 text is hardly ever UTF-8
    return False


def _is_utf8(content: bytes) -> bool:
    return _decodes(content, "utf-8")


def _decodes(content: bytes, encoding: str) -> bool:
    try:
        content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def sanitize(fragment: str, base_url: str | None = None) -> CleanContent:
    """Allowlist-sanitize an HTML fragment and derive its plain text from the result.

    Args:
        base_url: where relative links and image sources are resolved from.
    """
    safe_html = clean_html(fragment, base_url)
    return CleanContent(safe_html, plain_text(safe_html))


def clean_html(fragment: str, base_url: str | None = None) -> str:
    """An HTML fragment with only allowlisted tags, attributes and URL schemes left.

    Scripts, styles, frames and form fields go with their content; comments go too. With a
    ``base_url``, relative links and image sources become absolute.
    """
    return nh3.clean(
        clean_text(fragment),
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_Resolver(base_url) if base_url else None,
    ).strip()


class _Resolver:
    """An nh3 attribute filter making links absolute (nh3 then checks their schemes)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def __call__(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute not in URL_ATTRIBUTES:
            return value
        try:
            return urljoin(self.base_url, value.strip())
        except ValueError:  # a malformed IPv6 host, say: no link rather than a wrong one
            return None


URL_ATTRIBUTES = {"href", "src"}
BASE_HREF = re.compile(r"""<base\s[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def base_url(page: str, url: str | None) -> str | None:
    """What a page's relative links are relative to: its ``<base href>``, else its URL."""
    if not url:
        return None
    found = BASE_HREF.search(page, 0, 256 * 1024)
    if found is None:
        return url
    try:
        base = urljoin(url, html.unescape(found.group(1)))
    except ValueError:
        return url
    return http_url(base) or url


def plain_text(safe_html: str) -> str:
    """Readable plain text (paragraphs on their own lines) from sanitized HTML.

    ``html_text.extract_text`` without its lxml Cleaner pass (a copy of the tree, then
    removing scripts, styles, frames, comments...): the allowlist left none of those, and
    the pass took a third of the time.
    """
    if not safe_html.strip():
        return ""
    tree = html_text.parse_html(safe_html)
    return clean_text(html_text.etree_to_text(tree, guess_layout=True)).strip()


def extract_page(
    content: bytes, content_type: str | None, url: str | None = None, *, title: bool = False
) -> CleanContent:
    """Extract an article page's main body as sanitized HTML and plain text.

    Args:
        content: the page's bytes as fetched.
        content_type: the HTTP Content-Type header, for its charset.
        url: the page's URL, so relative links become absolute.
        title: also read the page's title (readability parses the page a second time for
            it, about 5 ms; ingest takes titles from the feed and does not ask).

    Raises:
        ExtractError: when the page cannot be parsed.
    """
    try:
        page = decode_page(content, content_type)
        # Links are made absolute in the extracted body, not by readability in the whole
        # page (every navigation link, twice: a fifth of the extraction time).
        document = Document(page)
        body = document.summary(html_partial=True)
        page_title = document.short_title() if title else ""
    except (Unparseable, lxml.etree.LxmlError, ValueError, TypeError) as exc:
        raise ExtractError(f"{url or 'page'}: cannot extract the article: {exc}") from None
    cleaned = sanitize(body, base_url(page, url))
    return CleanContent(cleaned.html, cleaned.text, clean_line(page_title))
