"""OPML import and export: nested outlines become tags, tags become outlines."""

from __future__ import annotations

import os
import re
import stat
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator
from pathlib import Path

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException, DTDForbidden

from scitui.config import FeedSpec, feed_url_problem
from scitui.errors import ConfigError
from scitui.text import clean_line


def slug(label: str) -> str:
    """A tag from a folder or category label: lowercase, hyphens for anything else."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def read_opml(path: Path) -> tuple[list[FeedSpec], list[str]]:
    """Feeds in an OPML file, and a warning for each outline skipped.

    DTDs are refused unread (no entity expansion, no external references); only outlines
    whose ``xmlUrl`` is an http(s) URL with a host are kept.

    Raises:
        ConfigError: when the file is unreadable or not OPML.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the parser
            raise ConfigError(f"{path}: not a readable OPML file: not a regular file")
        root = SafeElementTree.parse(path, forbid_dtd=True).getroot()
    except DTDForbidden:
        raise ConfigError(
            f"{path}: not a readable OPML file: a DOCTYPE is not allowed "
            "(no DTDs, no entity declarations)"
        ) from None
    except DefusedXmlException as exc:
        raise ConfigError(f"{path}: not a readable OPML file: refused ({exc!r})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: not a readable OPML file: {exc.strerror or exc}") from None
    except (ElementTree.ParseError, LookupError, ValueError) as exc:
        # LookupError: an unknown encoding in the XML declaration
        raise ConfigError(f"{path}: not a readable OPML file: {exc}") from None
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise ConfigError(f"{path}: not an OPML file (no <opml><body>)")
    feeds: list[FeedSpec] = []
    warnings: list[str] = []
    # depth first in document order, without recursion: nesting depth is the file's choice
    stack: list[tuple[Iterator[ElementTree.Element], tuple[str, ...]]] = [
        (iter(body.findall("outline")), ())
    ]
    while stack:
        outline = next(stack[-1][0], None)
        if outline is None:
            stack.pop()
            continue
        folders = stack[-1][1]
        label = clean_line(outline.get("title") or outline.get("text"))
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            folder = slug(label)
            stack.append(
                (iter(outline.findall("outline")), (*folders, folder) if folder else folders)
            )
            continue
        problem = feed_url_problem(url)
        if problem:
            warnings.append(f"skipped {label or 'an outline'}: {problem}")
            continue
        categories = [slug(part) for part in re.split(r"[,/]", outline.get("category") or "")]
        tags = tuple(dict.fromkeys(tag for tag in (*folders, *categories) if tag))
        # write_opml puts the URL in `text` when a feed has no name: that is no name.
        feeds.append(FeedSpec(url, label if label and label != url else None, tags))
    return feeds, warnings


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
