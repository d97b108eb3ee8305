"""Whether two scitui databases hold the same fetched articles, as stored and as searched.

Usage:
    python bench/compare_dbs.py A.db B.db [--query WORDS ...]

Compares, per article (keyed by its feed's URL and its entry key): identity, title, link,
author, dates, summary, HTML, text, content source and entry hash; its tags (with their
source), tag reasons and primary sources; and the keys (with snippets) each search query
finds (by default a few words of the corpus, a prefix and a Chinese word). Fetch times are
left out.
Exit status 0 when identical, 1 with the first differences printed.
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import sys
from pathlib import Path
from typing import Any

ARTICLE_COLUMNS = (
    "a.guid, a.url, a.title, a.author, a.published, a.sort_date, a.summary, a.html, a.text,"
    " a.content_source, a.entry_hash"
)
QUERIES = ("export controls", "semiconductor", "laborator*", "research security", "芯片")


def snapshot(path: Path, queries: tuple[str, ...]) -> dict[str, Any]:
    from scitui.store import Store

    found: dict[str, Any] = {}
    with contextlib.closing(sqlite3.connect(path)) as conn:
        keys = {
            row[0]: (row[1], row[2])
            for row in conn.execute(
                "SELECT a.id, f.url, a.entry_key FROM articles a JOIN feeds f ON f.id = a.feed_id"
            )
        }
        for row in conn.execute(f"SELECT a.id, {ARTICLE_COLUMNS} FROM articles a"):
            found[f"article {keys[row[0]]}"] = row[1:]
        for name, sql in (
            ("tags", "SELECT article_id, tag, source FROM article_tags"),
            ("reasons", "SELECT article_id, tag, term, place, count FROM tag_reasons"),
            ("sources", "SELECT article_id, kind, ident, url FROM article_sources"),
        ):
            rows: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
            for row in conn.execute(sql):
                rows.setdefault(keys[row[0]], []).append(row[1:])
            for key, values in rows.items():
                found[f"{name} {key}"] = sorted(values)
    store = Store(path)
    try:
        for query in queries:
            hits = store.search(query, limit=100_000)
            found[f"search {query!r}"] = sorted((keys[hit.article.id], hit.snippet) for hit in hits)
    finally:
        store.close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--query", action="append", help="search queries (default: a few)")
    args = parser.parse_args()
    queries = tuple(args.query or QUERIES)
    first, second = snapshot(args.first, queries), snapshot(args.second, queries)
    keys = first.keys() | second.keys()
    differ = sorted(key for key in keys if first.get(key) != second.get(key))
    articles = sum(key.startswith("article ") for key in first)
    hits = {query: len(first[f"search {query!r}"]) for query in queries}
    print(f"{articles} articles, {len(first)} items compared; search hits {hits}")
    for key in differ[:10]:
        print(f"DIFFERENT {key}:\n  {first.get(key)!r:.300}\n  {second.get(key)!r:.300}")
    print(f"{len(differ)} different" if differ else "identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
