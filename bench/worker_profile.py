"""What one fetch worker spends on a corpus's feeds: parse, then prepare every entry (no page).

Usage:
    python bench/worker_profile.py [CORPUS_DIR] [--profile OUT.prof] [--top 30] [--passes N]
                                   [--feeds N]

Runs scitui.work.parse and scitui.work.prepare_all over every feed of CORPUS_DIR's feeds/
folder in this process (as a worker does for ``fetch --no-content``), and prints the CPU
seconds of each step (parse, prepare, pickling the results; medians over --passes) and,
with --profile, the top lines of a cProfile (CPU time).
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import statistics
import sys
import time
from pathlib import Path

from scitui import work
from scitui.config import default_topics


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpus", type=Path, nargs="?", default=Path("/tmp/scitui-bench/corpus-100x50-seed1")
    )
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--passes", type=int, default=1, help="passes; medians are printed")
    parser.add_argument("--feeds", type=int, help="only the first N feeds (for valgrind)")
    args = parser.parse_args()
    feeds = sorted((args.corpus / "feeds").iterdir())[: args.feeds]
    contents = [(path.read_bytes(), f"http://127.0.0.1:8765/feeds/{path.name}") for path in feeds]
    work.start(default_topics())
    work.prepare_all([])  # the matcher compiles on first use: not part of the figures
    profile = cProfile.Profile(time.process_time) if args.profile else None
    passes: list[dict[str, float]] = []
    entries = drafts = 0
    if profile:
        profile.enable()
    for _ in range(args.passes):
        spent = {"parse": 0.0, "prepare": 0.0, "pickle": 0.0}
        entries, drafts = one_pass(contents, spent)
        passes.append(spent)
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
        pstats.Stats(str(args.profile)).sort_stats("tottime").print_stats(args.top)
    print(f"{len(contents)} feeds, {entries} entries, {drafts} drafts, {args.passes} pass(es)")
    for step in passes[0]:
        values = [spent[step] for spent in passes]
        print(
            f"{step:8} {statistics.median(values):6.2f} s CPU ({min(values):.2f}-{max(values):.2f})"
        )
    return 0


def one_pass(contents: list[tuple[bytes, str]], spent: dict[str, float]) -> tuple[int, int]:
    """Parse and prepare every feed once, adding each step's CPU seconds to ``spent``."""
    entries = drafts = 0
    for content, url in contents:
        started = time.process_time()
        parsed = work.parse(content, url, {"content-type": "application/rss+xml"})
        parsed_at = time.process_time()
        prepared = work.prepare_all(list(parsed.entries))
        prepared_at = time.process_time()
        pickle.loads(pickle.dumps(parsed, pickle.HIGHEST_PROTOCOL))
        pickle.loads(pickle.dumps(prepared, pickle.HIGHEST_PROTOCOL))
        spent["parse"] += parsed_at - started
        spent["prepare"] += prepared_at - parsed_at
        spent["pickle"] += time.process_time() - prepared_at
        entries += len(parsed.entries)
        drafts += len(prepared)
    return entries, drafts


if __name__ == "__main__":
    sys.exit(main())
