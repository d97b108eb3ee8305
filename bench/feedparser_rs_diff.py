"""Would feedparser-rs do for scitui? A differential check against feedparser, and the speed.

Usage:
    pip install feedparser-rs      # not a scitui dependency
    python bench/feedparser_rs_diff.py [--corpus ../shared/corpus/feeds] [--bench DIR]

For every feed file of the corpus, both libraries parse the bytes as scitui asks feedparser
to (no sanitizing, no link resolving: scitui's own sanitizer does both) and the fields scitui
stores are compared per entry: id, link, title, date, summary and the longest content. Prints
the feeds that are identical, the first difference of each other feed, and the CPU seconds
each library takes over a bench/corpus.py folder's feeds (--bench). The issue's rule: the
accelerator may be used only if every feed is identical.
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path
from typing import Any

import feedparser

FIELDS = ("id", "link", "title", "date", "summary", "content")


def stored_fields(entry: Any) -> tuple[Any, ...]:
    """What scitui keeps of an entry (before its own cleaning)."""
    parts = entry.get("content") or []
    content = max((part.get("value") or "" for part in parts), key=len, default="")
    date = entry.get("published_parsed") or entry.get("updated_parsed") or ()
    return (
        entry.get("id"),
        entry.get("link"),
        entry.get("title"),
        tuple(date),
        entry.get("summary"),
        content,
    )


def with_feedparser(content: bytes) -> Any:
    return feedparser.parse(io.BytesIO(content), sanitize_html=False, resolve_relative_uris=False)


def with_rs(content: bytes) -> Any:
    import feedparser_rs  # type: ignore[import-not-found]

    return feedparser_rs.parse(content, sanitize_html=False, resolve_relative_uris=False)


def first_difference(path: Path) -> str | None:
    """None when both libraries give the same entries, else what differs first."""
    content = path.read_bytes()
    ours = [stored_fields(entry) for entry in with_feedparser(content).entries]
    try:
        theirs = [stored_fields(entry) for entry in with_rs(content).entries]
    except Exception as exc:  # noqa: BLE001 - any failure is a difference
        return f"feedparser-rs raised {type(exc).__name__}: {exc}"
    if len(ours) != len(theirs):
        return f"{len(ours)} entries against {len(theirs)}"
    for index, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
        for name, left, right in zip(FIELDS, mine, other, strict=True):
            if left != right:
                return f"entry {index + 1} {name}: {left!r:.70} | {right!r:.70}"
    return None


def cpu_seconds(parse: Any, contents: list[bytes]) -> float:
    started = time.process_time()
    for content in contents:
        parse(content)
    return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parent
    parser.add_argument("--corpus", type=Path, default=here.parent.parent / "shared/corpus/feeds")
    parser.add_argument("--bench", type=Path, help="a bench/corpus.py folder, for the speed")
    args = parser.parse_args(argv)
    try:
        with_rs(b"<rss version='2.0'><channel></channel></rss>")
    except ImportError:
        print("feedparser-rs is not installed (pip install feedparser-rs)")
        return 2
    files = sorted(
        p for p in args.corpus.iterdir() if p.suffix in {".rss", ".rdf", ".atom", ".xml"}
    )
    differences = {path.name: first_difference(path) for path in files}
    same = [name for name, why in differences.items() if why is None]
    print(f"identical stored fields: {len(same)} of {len(files)} feeds")
    for name, why in differences.items():
        if why is not None:
            print(f"  {name}: {why}")
    if args.bench:
        contents = [path.read_bytes() for path in sorted((args.bench / "feeds").glob("*.xml"))]
        for label, parse in (("feedparser", with_feedparser), ("feedparser-rs", with_rs)):
            seconds = cpu_seconds(parse, contents)
            print(f"{label}: {seconds:.3f} CPU s for {len(contents)} feeds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
