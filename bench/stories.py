"""Time story clustering over a large cache: the full re-cluster and the placement at fetch.

Usage:
    python bench/stories.py [--articles 100000] [--new 5000] [--runs 1]
                            [--cache-dir /tmp/scitui-bench]

Reuses (or builds) the cache bench/run.py and bench/tui_startup.py keep under --cache-dir
(fill.py: 200 words an article, 100 feeds, seed 1), copies it to a scratch folder and
times, in a fresh process each:
  open (migrate)       the first open by this version: the schema migration to stories
  restory              the full re-cluster, writing every story id that changed
  restory (again)      the same, nothing left to write
  restory --dry-run    the clustering and the comparison alone
  place N new          the fetch's part: the last N articles stored made unplaced, then
                       placed among the stories of their days (Library.place_stories)
Prints each run's seconds and peak RSS against the targets (a full re-cluster of 100,000
articles within 60 s; placing a fetch's articles small beside the fetch itself).
fill.py's titles come from a few templates, so its "stories" are many and large: a worst
case for clustering, not a picture of real coverage.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tui_startup import cached_db

PLACE = """
import sys, time
from pathlib import Path
from scitui.library import Library
library = Library.open(Path(sys.argv[1]), Path(sys.argv[2]))
last = max(library.store.stored_story_ids())
first = last - int(sys.argv[3]) + 1  # the last N stored, as if one fetch had stored them
with library.store.transaction() as conn:
    conn.execute("UPDATE articles SET story_id = NULL WHERE id >= ?", (first,))
library.store.set_placed_through(first - 1)
start = time.perf_counter()
moved = library.place_stories()
print(f"{time.perf_counter() - start:.2f} {moved}")
"""


def timed(command: list[str]) -> tuple[float, float, str]:
    """(seconds, peak RSS MiB, stdout) of one run in a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    assert process.stdout is not None and process.stderr is not None
    out, err = process.stdout.read(), process.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"stories.py: {' '.join(command)} failed: {err}")
    return elapsed, usage.ru_maxrss / 1024, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=5_000)
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/scitui-bench"))
    args = parser.parse_args()

    source = cached_db(args.cache_dir, args.articles)
    with tempfile.TemporaryDirectory() as scratch:
        config, db = Path(scratch) / "config.toml", Path(scratch) / "x.db"
        config.write_text("feeds = []\n")
        shutil.copyfile(source, db)
        base = [sys.executable, "-m", "scitui", "--config", str(config), "--db", str(db)]
        runs = {
            "open (migrate)": timed([*base, "tags", "--json"]),
            "restory": timed([*base, "restory"]),
            "restory (again)": timed([*base, "restory"]),
            "restory --dry-run": timed([*base, "restory", "--dry-run"]),
        }
        report = runs["restory"][2].splitlines()
        place = timed([sys.executable, "-c", PLACE, str(config), str(db), str(args.new)])
    seconds, moved = place[2].split()

    print(f"\ncores: {os.cpu_count()}  articles: {args.articles:,}")
    print("\n".join(f"  {line}" for line in report[:2]))
    print(f"{'run':<22}{'s':>8}{'peak RSS MiB':>14}  target")
    for name, (elapsed, rss, _out) in runs.items():
        verdict = "ok" if elapsed < 60 else "MISS"
        target = f"< 60 s: {verdict}" if name.startswith("restory") else ""
        print(f"{name:<22}{elapsed:>8.1f}{rss:>14.0f}  {target}")
    print(
        f"{'place ' + str(args.new) + ' new':<22}{float(seconds):>8.2f}{place[1]:>14.0f}"
        f"  ({moved} story ids written; compare with bench/run.py T1)"
    )


if __name__ == "__main__":
    main()
