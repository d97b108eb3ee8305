"""The "bare parts" yardstick for `scitui fetch`: the same libraries with no app logic.

Usage:
    python bench/baseline.py DB --urls FILE [--processes 2] [--threads 4] [--no-content]
                             [--json]
    python bench/baseline.py DB --corpus DIR [...]   (serves a bench/corpus.py folder itself)

For every feed URL (FILE: one per line, # comments allowed), in --processes worker processes
(each takes the next feed as it becomes free):
  - GET the feed with httpx and parse the bytes with feedparser;
  - unless --no-content, GET every entry's page (--threads downloads in flight per process)
    and, as each arrives, run readability-lxml's Document(page).summary(html_partial=True)
    and take the plain text with lxml's text_content();
  - insert the feed's rows (feed, title, url, published, html, text) with sqlite-utils in one
    transaction into DB, whose FTS5 index (title, text; porter tokenizer) is kept in sync by
    sqlite-utils' triggers. Both processes write to the one WAL-mode file.
No conditional requests, no entry identity or de-duplication, no sanitizing, no tagging, no
progress: this is the floor that scitui's own fetch is measured against. DB is replaced.

Prints seconds, feeds, entries, pages fetched, failures, rows stored, and peak RSS (this
process, and the largest worker); --json prints the same as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sqlite3
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import feedparser
import httpx
import lxml.html
import sqlite_utils
from readability import Document

_worker: dict[str, Any] = {}


def create_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA journal_mode = WAL")
    db["articles"].create(
        {
            "id": int,
            "feed": str,
            "title": str,
            "url": str,
            "published": str,
            "html": str,
            "text": str,
        },
        pk="id",
    )
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize="porter")
    db.conn.close()


def _init_worker(db_path: str, threads: int, content: bool) -> None:
    conn = sqlite3.connect(db_path, timeout=60)
    conn.execute("PRAGMA synchronous = NORMAL")
    _worker["db"] = sqlite_utils.Database(conn)
    _worker["client"] = httpx.Client(
        timeout=30,
        follow_redirects=True,
        limits=httpx.Limits(max_connections=threads + 1, max_keepalive_connections=threads + 1),
    )
    _worker["pages"] = ThreadPoolExecutor(threads) if content else None


def _page_text(page: str) -> tuple[str, str]:
    html = Document(page).summary(html_partial=True)
    return html, lxml.html.fromstring(html).text_content()


def do_feed(url: str) -> dict[str, int]:
    """Fetch, parse, fetch pages, extract, store one feed; returns counts."""
    client: httpx.Client = _worker["client"]
    pages: ThreadPoolExecutor | None = _worker["pages"]
    db: sqlite_utils.Database = _worker["db"]
    counts = {"feeds": 1, "entries": 0, "pages": 0, "failures": 0, "rows": 0}
    try:
        response = client.get(url)
        response.raise_for_status()
    except httpx.HTTPError:
        counts["failures"] += 1
        return counts
    parsed = feedparser.parse(
        response.content,
        response_headers={
            "content-location": str(response.url),
            "content-type": response.headers.get("content-type", ""),
        },
    )
    counts["entries"] = len(parsed.entries)
    rows: list[dict[str, str]] = []
    if pages is None:
        for entry in parsed.entries:
            summary = entry.get("summary", "")
            text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
            rows.append(_row(url, entry, summary, text))
    else:
        futures = {
            pages.submit(client.get, entry.link): entry
            for entry in parsed.entries
            if entry.get("link")
        }
        for future in as_completed(futures):
            entry = futures[future]
            try:
                page = future.result()
                page.raise_for_status()
                html, text = _page_text(page.text)
            except (httpx.HTTPError, ValueError):
                counts["failures"] += 1
                continue
            counts["pages"] += 1
            rows.append(_row(url, entry, html, text))
    db.conn.execute("BEGIN IMMEDIATE")  # take the write lock (waiting for the other process)
    try:
        db["articles"].insert_all(rows)
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()
    counts["rows"] = len(rows)
    return counts


def _row(feed: str, entry: Any, html: str, text: str) -> dict[str, str]:
    return {
        "feed": feed,
        "title": entry.get("title", ""),
        "url": entry.get("link", ""),
        "published": entry.get("published", "") or entry.get("updated", ""),
        "html": html,
        "text": text,
    }


def run(db: Path, urls: list[str], processes: int, threads: int, content: bool) -> dict[str, Any]:
    """Fetch everything into a new ``db``; returns counts, seconds and peak RSS."""
    started = time.perf_counter()
    create_db(db)
    totals = {"feeds": 0, "entries": 0, "pages": 0, "failures": 0, "rows": 0}
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        processes,
        mp_context=context,
        initializer=_init_worker,
        initargs=(str(db), threads, content),
    ) as pool:
        for counts in pool.map(do_feed, urls):
            for key, value in counts.items():
                totals[key] += value
    seconds = time.perf_counter() - started
    return {
        "seconds": round(seconds, 3),
        **totals,
        "processes": processes,
        "threads": threads,
        "rss_self_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_largest_worker_mib": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        ),
    }


def read_urls(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text().splitlines())
    return [line.split()[0] for line in lines if line and not line.startswith("#")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="baseline.py", description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, metavar="DB")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--urls", type=Path, help="file of feed URLs, one per line")
    source.add_argument("--corpus", type=Path, help="serve this corpus folder on 127.0.0.1")
    parser.add_argument("--processes", type=int, default=2, help="worker processes (2)")
    parser.add_argument("--threads", type=int, default=4, help="page downloads per process (4)")
    parser.add_argument("--no-content", action="store_true", help="feeds only, no pages")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.processes < 1 or args.threads < 1:
        parser.error("--processes and --threads must be at least 1")

    server = None
    if args.corpus:
        sys.path.insert(0, str(Path(__file__).parent))
        from serve import CorpusServer

        server = CorpusServer(args.corpus)
        server.start()
        urls = server.feed_urls()
    else:
        urls = read_urls(args.urls)
    try:
        result = run(args.db, urls, args.processes, args.threads, not args.no_content)
    finally:
        if server is not None:
            server.stop()
    result["db_bytes"] = os.path.getsize(args.db)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0 if result["rows"] else 1


if __name__ == "__main__":
    sys.exit(main())
