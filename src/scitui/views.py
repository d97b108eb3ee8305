"""Saved views: a view's spec -> the ArticleFilter its pane lists, and specs from panes; pure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from scitui.config import SLUG_RE, FeedSpec, ViewSpec
from scitui.periods import parse_period
from scitui.store import ArticleFilter

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 40


def view_filter(view: ViewSpec, feeds: Iterable[FeedSpec], now: datetime) -> ArticleFilter:
    """The articles ``view`` selects as of ``now`` (its ``since`` counts back from there).

    One tag it needs becomes the filter's ``tag``, so its list pages from the tag index.
    """
    urls = {spec.name: spec.url for spec in feeds if spec.name}
    where = ArticleFilter(
        unread=view.unread,
        starred=view.starred,
        feed_urls=tuple(urls.get(feed, feed) for feed in view.feeds),
        since=now - parse_period(view.since) if view.since else None,
        match=view.query,
    )
    if view.all_tags:
        return replace(where, tag=view.all_tags[0], all_tags=view.all_tags[1:], any_tags=view.tags)
    if len(view.tags) == 1:
        return replace(where, tag=view.tags[0])
    return replace(where, any_tags=view.tags)


def slug_for(title: str, taken: Iterable[str]) -> str:
    """A new view's slug from its title: ASCII letters and digits joined by -, unique."""
    base = _NOT_SLUG.sub("-", title.lower()).strip("-")[:MAX_SLUG].strip("-") or "view"
    known = set(taken)
    slug, number = base, 2
    while slug in known or not SLUG_RE.match(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug


def view_from_filter(
    slug: str,
    title: str,
    where: ArticleFilter,
    query: str | None = None,
    feeds: Iterable[FeedSpec] = (),
) -> ViewSpec:
    """A view listing what a pane's filter (and a search's words) select.

    A feed is written by its configured name when it has one.
    """
    names = {spec.url: spec.name for spec in feeds if spec.name}
    feed_urls = (*((where.feed_url,) if where.feed_url else ()), *where.feed_urls)
    return ViewSpec(
        slug=slug,
        title=title,
        query=(query or where.match or "").strip() or None,
        tags=(where.tag,) if where.tag else (),
        unread=where.unread,
        starred=where.starred,
        feeds=tuple(names.get(url) or url for url in feed_urls),
    )


@dataclass(frozen=True)
class ViewCount:
    """A view with its article counts."""

    view: ViewSpec
    total: int
    unread: int

    def as_json(self) -> dict[str, Any]:
        view = self.view
        return {
            "view": view.slug,
            "title": view.title,
            "total": self.total,
            "unread": self.unread,
            "query": view.query,
            "tags": list(view.tags),
            "all_tags": list(view.all_tags),
            "feeds": list(view.feeds),
            "unread_only": view.unread,
            "starred_only": view.starred,
            "since": view.since,
            "sort": view.sort,
        }
