"""Store: every query scitui runs, over sqlite-utils, one connection per thread.

The queries live in per-domain parts (feeds, reads, writes, notes) over one connection base.
"""

from __future__ import annotations

from scitui.store.actions import ActionQueries
from scitui.store.feeds import FeedQueries
from scitui.store.notes import NoteQueries
from scitui.store.reads import ArticleReads
from scitui.store.retention import Retention
from scitui.store.sql import ArticleFilter, KnownEntry, fts_query
from scitui.store.state import RunState
from scitui.store.stats import ArticleStats
from scitui.store.stories import StoryQueries
from scitui.store.tagging import TagQueries
from scitui.store.writes import ArticleWrites

__all__ = ["ArticleFilter", "KnownEntry", "Store", "fts_query"]


class Store(
    FeedQueries,
    ArticleReads,
    ArticleWrites,
    ArticleStats,
    TagQueries,
    Retention,
    RunState,
    NoteQueries,
    StoryQueries,
    ActionQueries,
):
    """The SQLite cache of feeds, articles and tags.

    Each thread gets its own connection; WAL lets readers run beside a writer.
    """
