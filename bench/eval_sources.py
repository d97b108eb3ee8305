"""Score scitui's primary-source extractor on a labelled set of snippets.

Usage: python bench/eval_sources.py [--set PATH] [--show-errors] [--json] [--check]

The set (default: bench/sources/dev.jsonl) holds one JSON object a line with "id", "text",
"links" (hrefs of the article's HTML) and "expect" (gold [kind, id] pairs, possibly empty).
The extractor is a black box: the (kind, id) pairs of the sources that
scitui.sources.find_sources(text, links) returns are compared, as a set per snippet, with
the gold pairs.

Prints, per kind, the support (gold pairs), TP, FP, FN, precision and recall, checked
against the targets of issue 12 (precision >= 0.95 per kind; overall precision >= 0.97 and
recall >= 0.90), then the micro average. --show-errors lists every false positive and
negative with its snippet id; --json prints the same figures as one JSON object.
--check only validates the set (JSON, unique ids, known kinds, canonical id forms) and
prints its counts; it needs no extractor. Always exits 0 after scoring: it is a report.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_SET = Path(__file__).resolve().parent / "sources" / "dev.jsonl"
TARGET_KIND_PRECISION = 0.95
TARGET_PRECISION = 0.97
TARGET_RECALL = 0.90

# The canonical id form of each kind (issue 12's table); a gold pair must match it.
ID_FORMS: dict[str, re.Pattern[str]] = {
    kind: re.compile(pattern)
    for kind, pattern in {
        "fr-doc": r"\d{4}-\d{5}",
        "fr-cite": r"\d{1,3} FR \d+",
        "cfr": r"\d{1,2} CFR \d+(\.\d+(-\d+)?)?",
        "eccn": r"\d[A-E]\d{3}",
        "bill": r"(hr|s|hres|sres|hjres|sjres|hconres|sconres)[1-9]\d*(-\d{2,3})?",
        "public-law": r"\d{2,3}-[1-9]\d*",
        "rin": r"\d{4}-[A-Z]{2}\d{2}",
        "docket": r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-\d{4}-[A-Z0-9]+(-\d+)?",
        "doi": r"10\.\d{4,9}/[^\sA-Z]*[^\sA-Z.,;:'\"]",
        "arxiv": r"\d{4}\.\d{4,5}|[a-z-]+/\d{7}",
        "mofcom": r"(19|20)\d{2}-[1-9]\d*",
    }.items()
}
KINDS = tuple(ID_FORMS)

Pair = tuple[str, str]


@dataclass
class Item:
    id: str
    text: str
    links: tuple[str, ...]
    gold: frozenset[Pair]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_items: list[tuple[str, str]] = field(default_factory=list)
    fn_items: list[tuple[str, str]] = field(default_factory=list)

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        """1.0 when nothing was found: no false identifier was given."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def problems_of(row: Any, seen: set[str]) -> list[str]:
    """What is wrong with one parsed line of the set (an empty list when nothing is)."""
    if not isinstance(row, dict):
        return ["not a JSON object"]
    problems = [f"missing {key!r}" for key in ("id", "text", "expect") if key not in row]
    if problems:
        return problems
    if row["id"] in seen:
        problems.append(f"duplicate id {row['id']!r}")
    if not isinstance(row.get("links", []), list):
        problems.append("links is not a list")
    for pair in row["expect"]:
        if not (isinstance(pair, list) and len(pair) == 2):
            problems.append(f"expect entry {pair!r} is not a [kind, id] pair")
        elif pair[0] not in ID_FORMS:
            problems.append(f"unknown kind {pair[0]!r}")
        elif not ID_FORMS[pair[0]].fullmatch(pair[1]):
            problems.append(f"{pair[0]} id {pair[1]!r} is not in canonical form")
    if len({tuple(pair) for pair in row["expect"]}) != len(row["expect"]):
        problems.append("a pair is listed twice in expect")
    return problems


def load(path: Path) -> list[Item]:
    """Read and validate the set; exits naming every bad line."""
    items: list[Item] = []
    seen: set[str] = set()
    errors: list[str] = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            errors.append(f"{path}:{number}: not JSON: {error}")
            continue
        problems = problems_of(row, seen)
        errors.extend(f"{path}:{number}: {problem}" for problem in problems)
        if problems:
            continue
        seen.add(row["id"])
        gold = frozenset((kind, source_id) for kind, source_id in row["expect"])
        items.append(Item(row["id"], row["text"], tuple(row.get("links", [])), gold))
    if errors:
        sys.exit("\n".join(errors))
    return items


def evaluate(items: list[Item], find: Callable[..., Sequence[Any]]) -> dict[str, Counts]:
    """Count TP, FP and FN per kind, comparing sets of (kind, id) per snippet."""
    counts = {kind: Counts() for kind in KINDS}
    for item in items:
        found = {(source.kind, source.id) for source in find(item.text, item.links)}
        for kind, source_id in sorted(found | item.gold):
            entry = counts.setdefault(kind, Counts())
            if (kind, source_id) in found and (kind, source_id) in item.gold:
                entry.tp += 1
            elif (kind, source_id) in found:
                entry.fp += 1
                entry.fp_items.append((item.id, source_id))
            else:
                entry.fn += 1
                entry.fn_items.append((item.id, source_id))
    return counts


def total_of(counts: dict[str, Counts]) -> Counts:
    return Counts(
        tp=sum(c.tp for c in counts.values()),
        fp=sum(c.fp for c in counts.values()),
        fn=sum(c.fn for c in counts.values()),
    )


def verdict(value: float, target: float) -> str:
    return "ok" if value >= target else "MISS"


def print_table(counts: dict[str, Counts]) -> None:
    header = (
        f"{'kind':<11} {'sup':>4} {'TP':>4} {'FP':>4} {'FN':>4} {'P':>6} {'R':>6}"
        f"   P>={TARGET_KIND_PRECISION:.2f}"
    )
    print(header)
    print("-" * len(header))
    for kind, c in counts.items():
        print(
            f"{kind:<11} {c.support:>4} {c.tp:>4} {c.fp:>4} {c.fn:>4}"
            f" {c.precision:>6.3f} {c.recall:>6.3f}"
            f"   {verdict(c.precision, TARGET_KIND_PRECISION)}"
        )
    print("-" * len(header))
    total = total_of(counts)
    print(
        f"{'micro':<11} {total.support:>4} {total.tp:>4} {total.fp:>4} {total.fn:>4}"
        f" {total.precision:>6.3f} {total.recall:>6.3f}"
        f"   P>={TARGET_PRECISION:.2f} {verdict(total.precision, TARGET_PRECISION)}"
        f"  R>={TARGET_RECALL:.2f} {verdict(total.recall, TARGET_RECALL)}"
    )


def print_errors(counts: dict[str, Counts]) -> None:
    for kind, c in counts.items():
        if not c.fp_items and not c.fn_items:
            continue
        print(f"\n== {kind}: {c.fp} FP, {c.fn} FN")
        for snippet_id, source_id in c.fp_items:
            print(f"  FP {snippet_id}: {source_id}")
        for snippet_id, source_id in c.fn_items:
            print(f"  FN {snippet_id}: {source_id}")


def as_json(path: Path, items: list[Item], counts: dict[str, Counts]) -> dict[str, Any]:
    def figures(c: Counts) -> dict[str, Any]:
        return {
            "support": c.support,
            "tp": c.tp,
            "fp": c.fp,
            "fn": c.fn,
            "precision": round(c.precision, 4),
            "recall": round(c.recall, 4),
        }

    return {
        "set": str(path),
        "snippets": len(items),
        "kinds": {kind: figures(c) for kind, c in counts.items()},
        "micro": figures(total_of(counts)),
        "false_positives": [
            {"snippet": sid, "kind": kind, "id": source_id}
            for kind, c in counts.items()
            for sid, source_id in c.fp_items
        ],
        "false_negatives": [
            {"snippet": sid, "kind": kind, "id": source_id}
            for kind, c in counts.items()
            for sid, source_id in c.fn_items
        ],
    }


def print_check(path: Path, items: list[Item]) -> None:
    """The set's counts: snippets, negatives, and per kind the pairs and the snippets."""
    negatives = sum(1 for item in items if not item.gold)
    share = negatives / len(items) if items else 0.0
    print(f"{path}: {len(items)} snippets valid, {negatives} with nothing expected ({share:.0%})")
    print(f"{'kind':<11} {'pairs':>5} {'snippets':>8}")
    for kind in KINDS:
        pairs = sum(1 for item in items for gold in item.gold if gold[0] == kind)
        snippets = sum(1 for item in items if any(gold[0] == kind for gold in item.gold))
        print(f"{kind:<11} {pairs:>5} {snippets:>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="JSON Lines file to score")
    parser.add_argument("--show-errors", action="store_true", help="list every FP and FN")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--check", action="store_true", help="only validate the set")
    args = parser.parse_args()

    items = load(args.set)
    if args.check:
        print_check(args.set, items)
        return
    try:
        from scitui.sources import find_sources
    except ImportError as error:
        sys.exit(f"cannot import scitui.sources.find_sources ({error}); --check needs no extractor")

    counts = evaluate(items, find_sources)
    if args.json:
        print(json.dumps(as_json(args.set, items, counts), ensure_ascii=False, indent=2))
        return
    empty = sum(1 for item in items if not item.gold)
    print(f"{args.set}: {len(items)} snippets, {empty} with nothing expected\n")
    print_table(counts)
    if args.show_errors:
        print_errors(counts)


if __name__ == "__main__":
    main()
