"""Search at scale, A/B: Library.search on one database under two (or more) versions of the code.

Usage:
    python bench/search.py DB --side before=/tmp/before/src --side after=src
                           [--rounds 7] [--repeat 5] [--tag export-controls] [--process 7]
                           [--chinese]

A side is NAME=SRC or NAME=SRC@DB: the src/ folder whose scitui is imported, and the
database it searches (default DB). Each round runs every side once, in a fresh process each,
the order alternating round by round (the machine is shared: side by side beats before/after).
A side's process opens the Library, and for each query runs one warm-up search, then
``repeat`` timed ones and keeps their median. Per round it reports the median over the mixed
query set (limit 50, as T5), the slowest half-corpus query (limit 50), the mixed set within a
tag (a pane's search), and the mixed set with the TUI's limit of 500; the table shows the
median of the rounds with their min-max. Every side's hits (ids in order, snippet text) are
hashed: sides on equal data must return equal results, and the script says whether they do.
--process N also times N whole `scitui search "export control"` processes per side.

The database is only read (copy a cache before any experiment that writes). A cache filled by
an older scitui is migrated by the first side that opens it: migrate a copy first.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

QUERIES = (
    "export control",
    "entity list",
    "semiconductor",
    "visa",
    "national laboratory",
    '"research security"',
    "horizon europe",
    "chip OR semiconductor",
    "fusion",
    "quantum computing",
    "budget cut",
    "talent programme",
    "lithography",
    "Huawei",
    "supercomputer",
    "indirect cost",
    "Tsinghua",
    "germanium",
    "disclosure requirements",
    "self-reliance",
)
"""T5's mixed query set: phrases, prefixes, an OR, names; a few hundred to ~75k matches."""
CHINESE_QUERIES = (
    "出口管制",
    "自立自强",
    "重点实验室",
    "算力",
    "芯片",
    "集成电路",
    "HBM 出口管制",
    "国家自然科学基金",
    "科研诚信",
    '"实体清单" OR 光刻机',
    "出口管制 NOT 商务部",
    "人才计划",
)
"""--chinese: the Chinese set (words inside unspaced runs, a mixed query, OR, NOT); run it on a
database with Chinese articles added by bench/cjk_fill.py."""
TAG = "export-controls"
CLI_QUERY = "export control"


def half_corpus_queries(db: Path, want: int = 3) -> list[tuple[str, float]]:
    """Single words from fill.py's vocabulary whose prefix query matches ~half the articles."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import fill

    from scitui.store.sql import fts_query

    words, weights = fill.build_vocabulary()
    total = sum(weights)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        mean_words = conn.execute(
            "SELECT avg(length(text) - length(replace(text, ' ', '')) + 1) FROM "
            "(SELECT text FROM articles LIMIT 200)"
        ).fetchone()[0]
        predicted = sorted(
            (abs(1 - (1 - weight / total) ** mean_words - 0.5), word)
            for word, weight in zip(words, weights, strict=True)
            if len(word) > 3 and word.isalpha() and word.islower()
        )
        found: list[tuple[float, str, float]] = []
        for _, word in predicted[:16]:
            matches = conn.execute(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (fts_query(word),)
            ).fetchone()[0]
            found.append((abs(matches / count - 0.5), word, matches / count))
    return [(word, share) for _, word, share in sorted(found)[:want]]


# --- the worker: one side's process ---------------------------------------------------------


def worker(src: str, db: str, plan_file: str) -> None:
    """Time every query set with the scitui under ``src``; print the figures as JSON."""
    sys.path.insert(0, src)
    from scitui.library import Library

    plan = json.loads(Path(plan_file).read_text())
    repeat = plan["repeat"]
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config.toml"
        config.write_text("feeds = []\n")
        library = Library.open(config, Path(db))
        digest = hashlib.sha256()

        def timed(
            queries: Sequence[str], limit: int, tag: str | None, repeat: int = repeat
        ) -> list[float]:
            medians = []
            for query in queries:
                hits = library.search(query, tag, limit)  # warm-up, and the hashed result
                digest.update(repr([(h.article.id, h.snippet) for h in hits]).encode())
                times = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    library.search(query, tag, limit)
                    times.append(time.perf_counter() - started)
                medians.append(statistics.median(times))
            return medians

        try:
            figures = {
                "mixed": timed(plan["mixed"], 50, None),
                "half": timed(plan["half"], 50, None),
                "tag": timed(plan["mixed"], 50, plan["tag"]),
                "tui": timed(plan["mixed"], 500, None, max(1, repeat // 2)),
            }
        finally:
            library.close()
    scitui_file = sys.modules["scitui"].__file__ or ""
    print(json.dumps({"figures": figures, "digest": digest.hexdigest(), "scitui": scitui_file}))


# --- the parent: rounds, sides, the table -------------------------------------------------


def run_side(side: dict[str, str], plan_file: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", side["src"], side["db"], str(plan_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"search.py: side {side['name']} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def process_seconds(side: dict[str, str], config: Path) -> float:
    env = {**os.environ, "PYTHONPATH": side["src"]}
    for name in ("SCITUI_DB", "SCITUI_CONFIG"):
        env.pop(name, None)
    argv = [sys.executable, "-m", "scitui", "--config", str(config), "--db", side["db"]]
    started = time.perf_counter()
    subprocess.run([*argv, "search", CLI_QUERY], capture_output=True, env=env, check=True)
    return time.perf_counter() - started


def spread(values: Sequence[float], digits: int = 1) -> str:
    return (
        f"{statistics.median(values):.{digits}f} "
        f"({min(values):.{digits}f}-{max(values):.{digits}f})"
    )


def parse_side(text: str, db: Path) -> dict[str, str]:
    name, _, rest = text.partition("=")
    src, _, side_db = rest.partition("@")
    if not name or not src:
        sys.exit(f"search.py: --side {text!r}: expected NAME=SRC or NAME=SRC@DB")
    return {"name": name, "src": str(Path(src).resolve()), "db": side_db or str(db)}


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        worker(*sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--side", action="append", required=True, help="NAME=SRC[@DB]")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="timed searches per query")
    parser.add_argument("--tag", default=TAG, help=f"the tag of the pane search ({TAG})")
    parser.add_argument("--process", type=int, default=0, help="whole `scitui search` runs")
    parser.add_argument("--chinese", action="store_true", help="the Chinese set as the mixed set")
    args = parser.parse_args()
    sides = [parse_side(text, args.db) for text in args.side]
    halves = half_corpus_queries(args.db)
    print("half-corpus queries: " + ", ".join(f"{w} {s:.0%}" for w, s in halves), flush=True)
    half = [word for word, _ in halves]
    mixed = list(CHINESE_QUERIES) if args.chinese else [*QUERIES, *half]
    plan = {"mixed": mixed, "half": half, "tag": args.tag, "repeat": args.repeat}
    rows: dict[str, dict[str, list[float]]] = {side["name"]: {} for side in sides}
    digests: dict[str, set[str]] = {side["name"]: set() for side in sides}
    per_query: dict[str, list[list[float]]] = {side["name"]: [] for side in sides}
    scitui_files: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        plan_file = Path(folder) / "plan.json"
        plan_file.write_text(json.dumps(plan))
        config = Path(folder) / "config.toml"
        config.write_text("feeds = []\n")
        for round_number in range(args.rounds):
            order = sides if round_number % 2 == 0 else sides[::-1]
            for side in order:
                result = run_side(side, plan_file)
                figures = result["figures"]
                digests[side["name"]].add(result["digest"])
                scitui_files[side["name"]] = result["scitui"]
                per_query[side["name"]].append(figures["mixed"])
                row = rows[side["name"]]
                row.setdefault("mixed", []).append(statistics.median(figures["mixed"]) * 1000)
                row.setdefault("half", []).append(max(figures["half"]) * 1000)
                row.setdefault("tag", []).append(statistics.median(figures["tag"]) * 1000)
                row.setdefault("tui", []).append(statistics.median(figures["tui"]) * 1000)
            print(
                f"round {round_number + 1}: "
                + "  ".join(
                    f"{name} {row['mixed'][-1]:.1f}/{row['half'][-1]:.0f} ms"
                    for name, row in rows.items()
                ),
                flush=True,
            )
        for _ in range(args.process):
            for side in sides:
                rows[side["name"]].setdefault("process", []).append(
                    process_seconds(side, config) * 1000
                )
    labels = {
        "mixed": "median of the mixed set (limit 50), ms",
        "half": "slowest half-corpus query (limit 50), ms",
        "tag": f"median of the mixed set within tag {args.tag}, ms",
        "tui": "median of the mixed set, limit 500, ms",
        "process": f'whole `scitui search "{CLI_QUERY}"` process, ms',
    }
    print(f"\n{args.rounds} rounds x {args.repeat} searches per query; median (min-max) of rounds")
    for key, label in labels.items():
        cells = [
            f"{s['name']}: {spread(rows[s['name']][key])}" for s in sides if key in rows[s["name"]]
        ]
        if cells:
            print(f"{label:52} " + "  ".join(cells))
    print("\nslowest queries (median of rounds, ms):")
    for side in sides:
        by_query = [
            statistics.median(column) * 1000
            for column in zip(*per_query[side["name"]], strict=True)
        ]
        worst = sorted(zip(by_query, plan["mixed"], strict=True), reverse=True)[:4]
        print(f"  {side['name']}: " + ", ".join(f"{q} {ms:.0f}" for ms, q in worst))
    for side in sides:
        print(f"  {side['name']}: {scitui_files[side['name']]} on {side['db']}")
    hashes = {name: found for name, found in digests.items()}
    same = len({frozenset(found) for found in hashes.values()}) == 1
    stable = all(len(found) == 1 for found in hashes.values())
    print(
        f"results: {'identical across sides' if same else 'DIFFER between sides'}"
        f"{'' if stable else ' (and vary between rounds)'}: "
        + ", ".join(f"{name} {sorted(found)[0][:12]}" for name, found in hashes.items())
    )


if __name__ == "__main__":
    main()
