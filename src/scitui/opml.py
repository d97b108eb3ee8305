"""OPML import and export: nested outlines become tags, tags become outlines."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException

from scitui.config import FeedSpec
from scitui.errors import ConfigError
from scitui.text import clean_line


def slug(label: str) -> str:
    """A tag from a folder or category label: lowercase, hyphens for anything else."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def read_opml(path: Path) -> tuple[list[FeedSpec], list[str]]:
    """Feeds in an OPML file, and a warning for each outline skipped.

    Raises:
        ConfigError: when the file is unreadable or not OPML.
    """
    try:
        root = SafeElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError, DefusedXmlException) as exc:
        raise ConfigError(f"{path}: not a readable OPML file: {exc}") from None
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise ConfigError(f"{path}: not an OPML file (no <opml><body>)")
    feeds: list[FeedSpec] = []
    warnings: list[str] = []
    _walk(body, (), feeds, warnings)
    return feeds, warnings


def _walk(
    node: ElementTree.Element, folders: tuple[str, ...], feeds: list[FeedSpec], warnings: list[str]
) -> None:
    for outline in node.findall("outline"):
        label = clean_line(outline.get("title") or outline.get("text"))
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            _walk(outline, (*folders, slug(label)) if slug(label) else folders, feeds, warnings)
            continue
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            warnings.append(f"skipped {label or 'an outline'}: {url!r} is not an http(s) URL")
            continue
        categories = [slug(part) for part in re.split(r"[,/]", outline.get("category") or "")]
        tags = tuple(dict.fromkeys(tag for tag in (*folders, *categories) if tag))
        # write_opml puts the URL in `text` when a feed has no name: that is no name.
        feeds.append(FeedSpec(url, label if label and label != url else None, tags))


def write_opml(feeds: Iterable[FeedSpec], title: str = "scitui feeds") -> str:
    """An OPML 2.0 document: feeds nested under their first tag, all tags in ``category``."""
    root = ElementTree.Element("opml", version="2.0")
    ElementTree.SubElement(ElementTree.SubElement(root, "head"), "title").text = title
    body = ElementTree.SubElement(root, "body")
    folders: dict[str, ElementTree.Element] = {}
    for feed in feeds:
        parent = body
        if feed.tags:
            first = feed.tags[0]
            if first not in folders:
                folders[first] = ElementTree.SubElement(body, "outline", text=first, title=first)
            parent = folders[first]
        attributes = {"type": "rss", "text": feed.name or feed.url, "xmlUrl": feed.url}
        if feed.name:
            attributes["title"] = feed.name
        if feed.tags:
            attributes["category"] = ",".join(feed.tags)
        ElementTree.SubElement(parent, "outline", attributes)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, "unicode") + "\n"
