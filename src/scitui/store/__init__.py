"""The SQLite store: the only package that holds SQL."""

from scitui.store.store import ArticleFilter, KnownEntry, Store

__all__ = ["ArticleFilter", "KnownEntry", "Store"]
