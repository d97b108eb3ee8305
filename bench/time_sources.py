"""CPU time of ``find_sources`` over the dev snippets and over real article texts.

    .venv/bin/python bench/time_sources.py [--rounds 7]

Prints the median over rounds of process CPU time (user + system) per call: for the
dev set's snippets (text and links) and for the plain text of the extraction corpus's
pages (../shared/corpus/extraction/dev/*/expected.html, read in place).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
from pathlib import Path

import html_text

from scitui.sources import find_sources

HERE = Path(__file__).resolve().parent
DEV = HERE / "sources" / "dev.jsonl"
CORPUS = HERE.parent.parent.parent / "shared" / "corpus" / "extraction" / "dev"


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def per_call(items: list[tuple[str, list[str]]], rounds: int, repeat: int) -> float:
    """Median CPU seconds per call over ``rounds`` rounds of ``repeat`` passes."""
    times = []
    for _ in range(rounds):
        start = cpu()
        for _ in range(repeat):
            for text, links in items:
                find_sources(text, links)
        times.append((cpu() - start) / (repeat * len(items)))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    snippets = [(row["text"], row["links"]) for row in rows]
    dev_kb = sum(len(text) for text, _ in snippets) / len(snippets) / 1000
    print(f"dev: {len(snippets)} snippets, {dev_kb * 1000:.0f} chars on average")
    print(f"  {per_call(snippets, args.rounds, 40) * 1e6:.1f} us per snippet (median CPU)")
    pages = sorted(args.corpus.glob("*/expected.html"))
    if pages:
        texts = [(html_text.extract_text(page.read_text("utf-8")), []) for page in pages]
        mean_kb = sum(len(text) for text, _ in texts) / len(texts) / 1000
        seconds = per_call(texts, args.rounds, 3)
        print(f"corpus: {len(texts)} article texts, {mean_kb:.1f} KB on average")
        print(f"  {seconds * 1e3:.3f} ms per article, {seconds * 1e3 / mean_kb:.3f} ms per KB")


if __name__ == "__main__":
    main()
