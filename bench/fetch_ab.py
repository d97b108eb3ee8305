"""T2 and T3 of bench/run.py for two code versions side by side, alternating.

Usage:
    python bench/fetch_ab.py [--runs 3] [--pages] [--keep DIR] NAME=SRC_DIR [NAME=SRC_DIR ...]

Each SRC_DIR is a folder holding the ``scitui`` package (e.g. a checkout's ``src``, or a
``git archive`` of another commit), put first on PYTHONPATH. Per run and per version, in
turn: ``scitui fetch --no-content`` into a new database (T2), then the same command again
on that database (T3: every feed answered 304). With --pages, ``scitui fetch`` with the
article pages (T1) instead, then T3 on its database, as bench/run.py does. Prints, per
version, the medians (with min-max) of wall seconds, the process tree's CPU seconds and the
main process's CPU seconds (bench/run.py's measure: wait4 plus /proc samples).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpus as corpus_module  # noqa: E402
from run import Measured, measure  # noqa: E402
from serve import CorpusServer  # noqa: E402

FIGURES = ("first wall", "first tree CPU", "first main CPU", "T3 wall", "T3 tree CPU")
"""The first fetch is T2 (--no-content) or T1 (--pages)."""


def fetch(src: Path, config: Path, db: Path, pages: bool) -> Measured:
    env = {k: v for k, v in os.environ.items() if k not in ("SCITUI_DB", "SCITUI_CONFIG")}
    env["PYTHONPATH"] = str(src)
    argv = [sys.executable, "-m", "scitui", "--config", str(config), "--db", str(db)]
    options = ["--json"] if pages else ["--no-content", "--json"]
    measured = measure([*argv, "fetch", *options], env)
    if measured.status != 0:
        raise SystemExit(f"fetch_ab.py: {src} failed:\n{measured.stderr[-800:]}")
    return measured


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("versions", nargs="+", metavar="NAME=SRC_DIR")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the databases in this folder")
    parser.add_argument("--pages", action="store_true", help="T1 (with pages) instead of T2")
    args = parser.parse_args()
    versions = [(name, Path(src)) for name, _, src in (v.partition("=") for v in args.versions)]
    folder = Path("/tmp/scitui-bench/corpus-100x50-seed1")
    root = corpus_module.ensure_corpus(folder, 100, 50, 1)
    server = CorpusServer(root, hosts=1)
    server.start()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="fetch-ab-"))
    scratch.mkdir(parents=True, exist_ok=True)
    config = scratch / "config.toml"
    feeds = "".join(f'[[feeds]]\nurl = "{url}"\n\n' for url in server.feed_urls())
    config.write_text(f"[settings]\njobs = 8\n\n{feeds}")
    figures: dict[str, dict[str, list[float]]] = {n: {f: [] for f in FIGURES} for n, _ in versions}
    try:
        for index in range(args.runs):
            turn = versions[index % len(versions) :] + versions[: index % len(versions)]
            for name, src in turn:
                db = scratch / f"{name}-{index}.db"
                first = fetch(src, config, db, args.pages)
                new = sum(o.get("new", 0) for o in json.loads(first.stdout or "[]"))
                second = fetch(src, config, db, args.pages)
                row = figures[name]
                row["first wall"].append(first.seconds)
                row["first tree CPU"].append(first.tree_cpu)
                row["first main CPU"].append(first.main_cpu)
                row["T3 wall"].append(second.seconds)
                row["T3 tree CPU"].append(second.tree_cpu)
                test = "T1" if args.pages else "T2"
                print(
                    f"run {index + 1} {name}: {test} {first.seconds:.2f} s wall, tree CPU "
                    f"{first.tree_cpu:.2f}, main {first.main_cpu:.2f} ({new} new); T3 "
                    f"{second.seconds:.2f} s wall, tree CPU {second.tree_cpu:.2f}",
                    file=sys.stderr,
                )
    finally:
        server.stop()
    print(f"first fetch: {'T1 (pages)' if args.pages else 'T2 (--no-content)'}")
    print("figure".ljust(14) + "".join(name.rjust(22) for name, _ in versions))
    for figure in FIGURES:
        cells = []
        for name, _ in versions:
            values = figures[name][figure]
            cells.append(
                f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})".rjust(22)
            )
        print(figure.ljust(14) + "".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
