"""Time `scitui retag` over a large cache: the whole re-application of the topic rules.

Usage:
    python bench/retag.py [--articles 100000] [--words 1000] [--runs 3]
                          [--cache-dir /tmp/scitui-bench]

Builds (or reuses) a cache with bench/fill.py, copies it to a scratch folder, and times, in
a fresh process each:
  retag            the first run over the filler's tags: every topic is matched against
                   every article, and tags and reasons rewritten where they differ (most
                   are: the filler's random tags are not what the rules say)
  retag (again)    a second run: no rule changed since, so no text is read or matched
  retag --all --dry-run   every topic matched again over every article, nothing written
Prints medians with the min-max spread, peak RSS (the main process; workers are separate),
the machine's core count, and the target (100,000 articles well under a minute).
The matcher alone is also timed in this process, per article, on a sample of texts.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FILL = Path(__file__).with_name("fill.py")
CONFIG = "feeds = []\n"


def cached_db(cache_dir: Path, articles: int, words: int) -> Path:
    path = cache_dir / f"retag-{articles}-{words}.db"
    if not path.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        print(f"filling {path} ({articles:,} articles, {words} words each)…", flush=True)
        subprocess.run(
            [sys.executable, str(FILL), str(path), "--articles", str(articles),
             "--words", str(words), "--end", "2026-11-29"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return path


def timed(command: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS MiB of the process itself) for one run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"retag.py: {' '.join(command)} failed: {process.stderr.read().decode()}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def matcher_cost(db: Path, sample: int = 1000) -> float:
    """Milliseconds of CPU per article for TopicMatcher.match with the built-in topics."""
    from scitui.config import default_topics
    from scitui.topics import TopicMatcher

    matcher = TopicMatcher(default_topics())
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT title, text FROM articles LIMIT ?", (sample,)).fetchall()
    start = time.process_time()
    for title, text in rows:
        matcher.match(title, text)
    return (time.process_time() - start) / len(rows) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/scitui-bench"))
    args = parser.parse_args()

    source = cached_db(args.cache_dir, args.articles, args.words)
    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        config = Path(scratch) / "config.toml"
        config.write_text(CONFIG)
        for _ in range(args.runs):
            db = Path(scratch) / "x.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(source, db)
            base = [sys.executable, "-m", "scitui", "--config", str(config), "--db", str(db)]
            results.setdefault("retag", []).append(timed([*base, "retag"]))
            results.setdefault("retag (again)", []).append(timed([*base, "retag"]))
            results.setdefault("retag --all --dry-run", []).append(
                timed([*base, "retag", "--all", "--dry-run"])
            )
        cost = matcher_cost(db)

    print(f"\ncores: {os.cpu_count()}  articles: {args.articles:,}  words each: {args.words}")
    print(f"matcher alone: {cost:.2f} ms CPU per article (one process)")
    print(f"{'run':<22}{'median s':>10}{'min-max':>16}{'peak RSS MiB':>14}  target")
    for name, runs in results.items():
        seconds = [s for s, _ in runs]
        rss = statistics.median(r for _, r in runs)
        verdict = "ok" if statistics.median(seconds) < 60 else "MISS"
        print(
            f"{name:<22}{statistics.median(seconds):>10.1f}"
            f"{f'{min(seconds):.1f}-{max(seconds):.1f}':>16}{rss:>14.0f}  < 60 s: {verdict}"
        )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this process's own peak: {own:.0f} MiB)")


if __name__ == "__main__":
    main()
