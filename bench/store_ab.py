"""Storing a fetch's articles again through Store.save_new, for A/B of the store's writes.

Usage:
    python bench/store_ab.py SOURCE_DB [--runs 3] NAME=SRC_DIR [NAME=SRC_DIR ...]

SOURCE_DB is a database a fetch filled (e.g. by bench/fetch_ab.py --keep). Each version
(SRC_DIR put first on PYTHONPATH) stores its articles into a new database, one save_new per
feed as a fetch does, in a child process; the versions alternate. Prints the medians (min-max)
of the child's CPU seconds and wall seconds for the writes alone (loading excluded).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import contextlib, json, resource, sqlite3, sys, time
from datetime import datetime
from scitui.models import ArticleDraft, EntryData, TagReason
from scitui.store import Store

source, target = sys.argv[1], sys.argv[2]
drafts = {}
with contextlib.closing(sqlite3.connect(source)) as conn:
    tags, reasons = {}, {}
    for article_id, tag, kind in conn.execute("SELECT article_id, tag, source FROM article_tags"):
        tags.setdefault(article_id, {})[tag] = kind
    for article_id, tag, term, place, count in conn.execute(
        "SELECT article_id, tag, term, place, count FROM tag_reasons"
    ):
        reasons.setdefault(article_id, {}).setdefault(tag, []).append(TagReason(term, place, count))
    for row in conn.execute(
        "SELECT a.id, f.url, a.entry_key, a.guid, a.url, a.title, a.author, a.published,"
        " a.summary, a.html, a.text, a.content_source, a.entry_hash FROM articles a"
        " JOIN feeds f ON f.id = a.feed_id ORDER BY a.id"
    ):
        article_id, feed_url, key, guid, url, title, author, published = row[:8]
        summary, html, text, content_source, entry_hash = row[8:]
        entry = EntryData(key, guid, url, title, author,
                          datetime.fromisoformat(published) if published else None, summary, "")
        draft = ArticleDraft(entry, html, text, content_source, tags=tags.get(article_id, {}),
                             reasons={t: tuple(r) for t, r in reasons.get(article_id, {}).items()})
        drafts.setdefault(feed_url, []).append((draft, entry_hash))
store = Store(target)
feed_ids = {url: store.ensure_feed(url).id for url in drafts}
cpu = resource.getrusage(resource.RUSAGE_SELF)
started = time.perf_counter()
stored = sum(store.save_new(feed_ids[url], rows) for url, rows in drafts.items())
store.close()
wall = time.perf_counter() - started
after = resource.getrusage(resource.RUSAGE_SELF)
used = after.ru_utime - cpu.ru_utime + after.ru_stime - cpu.ru_stime
print(json.dumps({"cpu": used, "wall": wall, "stored": stored}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("versions", nargs="+", metavar="NAME=SRC_DIR")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    versions = [(name, src) for name, _, src in (v.partition("=") for v in args.versions)]
    results: dict[str, list[dict[str, float]]] = {name: [] for name, _ in versions}
    with tempfile.TemporaryDirectory(prefix="store-ab-") as scratch:
        for index in range(args.runs):
            turn = versions[index % len(versions) :] + versions[: index % len(versions)]
            for name, src in turn:
                target = Path(scratch) / f"{name}-{index}.db"
                env = dict(os.environ, PYTHONPATH=src)
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, str(args.source), str(target)],
                    env=env, check=True, capture_output=True, text=True,
                ).stdout  # fmt: skip
                results[name].append(json.loads(out))
                print(f"run {index + 1} {name}: {out.strip()}", file=sys.stderr)
    for name, rows in results.items():
        cpu = [row["cpu"] for row in rows]
        wall = [row["wall"] for row in rows]
        print(
            f"{name}: CPU {statistics.median(cpu):.2f} s ({min(cpu):.2f}-{max(cpu):.2f}), "
            f"wall {statistics.median(wall):.2f} s ({min(wall):.2f}-{max(wall):.2f}), "
            f"{rows[0]['stored']:.0f} stored"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
