"""Score scitui's page cleaning (readability-lxml + nh3 + html-text) on a folder of pages.

Usage: python bench/eval_extract.py [CORPUS_DIR]   (default: ../shared/corpus/extraction/dev)

Each page folder holds source.html (or source.html.gz) and expected.txt. Prints the mean
token precision, recall and F1 (lowercased \\w+ tokens compared as bags with multiplicity),
beside the same score for readability-lxml's own output with its tags stripped, and the
time per page.
"""

from __future__ import annotations

import gzip
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import lxml.html
from readability import Document

from scitui.extract import extract_page

TOKEN = re.compile(r"\w+")


def score(got: str, expected: str) -> tuple[float, float, float]:
    got_tokens = Counter(TOKEN.findall(got.lower()))
    want_tokens = Counter(TOKEN.findall(expected.lower()))
    overlap = sum((got_tokens & want_tokens).values())
    precision = overlap / max(1, sum(got_tokens.values()))
    recall = overlap / max(1, sum(want_tokens.values()))
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1


def readability_only(raw: bytes) -> str:
    summary = Document(raw).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""


def _source(page: Path) -> bytes:
    if (page / "source.html").exists():
        return (page / "source.html").read_bytes()
    return gzip.decompress((page / "source.html.gz").read_bytes())


def main() -> None:
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/extraction/dev")
    pages = sorted(path for path in corpus.iterdir() if (path / "expected.txt").exists())
    ours: list[tuple[float, float, float]] = []
    baseline: list[tuple[float, float, float]] = []
    seconds: list[float] = []
    for page in pages:
        raw = _source(page)
        expected = (page / "expected.txt").read_text("utf-8")
        started = time.perf_counter()
        try:
            text = extract_page(raw, None).text
        except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
            print(f"{page.name}: {exc}", file=sys.stderr)
            text = ""
        seconds.append(time.perf_counter() - started)
        ours.append(score(text, expected))
        baseline.append(score(readability_only(raw), expected))
    print(f"pages: {len(pages)} from {corpus}")
    print(f"{'extractor':<34}{'precision':>10}{'recall':>8}{'F1':>8}")
    for name, rows in (
        ("scitui (readability+nh3+html-text)", ours),
        ("readability-lxml alone", baseline),
    ):
        p, r, f = (statistics.mean(column) for column in zip(*rows, strict=True))
        print(f"{name:<34}{p:>10.3f}{r:>8.3f}{f:>8.3f}")
    print(f"median time per page: {statistics.median(seconds) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
