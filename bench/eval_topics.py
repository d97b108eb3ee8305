"""Score scitui's built-in topic rules on a labelled set of articles.

Usage: python bench/eval_topics.py [--set PATH] [--errors]

The set (default: bench/topics/eval.jsonl) holds one JSON object a line with "id", "title",
"text" and "topics" (gold topic slugs, possibly empty). The matcher is built from the
built-in defaults and treated as a black box: the keys of the dict that
TopicMatcher.match(title, text) returns are the predicted topics.

Prints, per topic, the support (gold positives), TP, FP, FN, precision, recall and F1,
checked against the targets (precision >= 0.90, recall >= 0.80), then micro and macro
averages. With --errors, lists every false positive (with the reasons the matcher gave)
and every false negative. Always exits 0: it is a report, not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scitui.config import default_topics
from scitui.topics import TopicMatcher

DEFAULT_SET = Path(__file__).resolve().parent / "topics" / "eval.jsonl"
TARGET_PRECISION = 0.90
TARGET_RECALL = 0.80


@dataclass
class Item:
    id: str
    title: str
    text: str
    gold: frozenset[str]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_items: list[tuple[Item, Any]] = field(default_factory=list)
    fn_items: list[Item] = field(default_factory=list)

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load(path: Path) -> list[Item]:
    items = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            sys.exit(f"{path}:{number}: not JSON: {error}")
        items.append(Item(row["id"], row["title"], row["text"], frozenset(row["topics"])))
    return items


def slug_of(topic: Any) -> str:
    for name in ("slug", "id", "name", "key"):
        value = getattr(topic, name, None)
        if isinstance(value, str):
            return value
    return str(topic)


def describe(reason: Any) -> str:
    term = getattr(reason, "term", None)
    if term is None:
        return repr(reason)
    where = getattr(reason, "where", "?")
    count = getattr(reason, "count", "?")
    return f"{term!r}@{where}x{count}"


def reasons_text(reasons: Any) -> str:
    if isinstance(reasons, list | tuple | set | frozenset):
        return ", ".join(describe(reason) for reason in reasons)
    return describe(reasons)


def evaluate(items: list[Item], matcher: TopicMatcher, slugs: list[str]) -> dict[str, Counts]:
    counts = {slug: Counts() for slug in slugs}
    for item in items:
        found = matcher.match(item.title, item.text)
        for slug in set(found) | item.gold:
            entry = counts.setdefault(slug, Counts())
            if slug in found and slug in item.gold:
                entry.tp += 1
            elif slug in found:
                entry.fp += 1
                entry.fp_items.append((item, found[slug]))
            else:
                entry.fn += 1
                entry.fn_items.append(item)
    return counts


def verdict(value: float, target: float) -> str:
    return "ok" if value >= target else "MISS"


def print_table(counts: dict[str, Counts]) -> None:
    header = (
        f"{'topic':<18} {'sup':>4} {'TP':>4} {'FP':>4} {'FN':>4}"
        f" {'P':>6} {'R':>6} {'F1':>6}   P>={TARGET_PRECISION:.2f}  R>={TARGET_RECALL:.2f}"
    )
    print(header)
    print("-" * len(header))
    for slug, c in counts.items():
        print(
            f"{slug:<18} {c.support:>4} {c.tp:>4} {c.fp:>4} {c.fn:>4}"
            f" {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}"
            f"   {verdict(c.precision, TARGET_PRECISION):<8}"
            f"  {verdict(c.recall, TARGET_RECALL)}"
        )
    print("-" * len(header))
    total = Counts(
        tp=sum(c.tp for c in counts.values()),
        fp=sum(c.fp for c in counts.values()),
        fn=sum(c.fn for c in counts.values()),
    )
    print(
        f"{'micro':<18} {total.support:>4} {total.tp:>4} {total.fp:>4} {total.fn:>4}"
        f" {total.precision:>6.3f} {total.recall:>6.3f} {total.f1:>6.3f}"
        f"   {verdict(total.precision, TARGET_PRECISION):<8}"
        f"  {verdict(total.recall, TARGET_RECALL)}"
    )
    n = len(counts) or 1
    macro_p = sum(c.precision for c in counts.values()) / n
    macro_r = sum(c.recall for c in counts.values()) / n
    macro_f = sum(c.f1 for c in counts.values()) / n
    print(
        f"{'macro':<18} {'':>4} {'':>4} {'':>4} {'':>4}"
        f" {macro_p:>6.3f} {macro_r:>6.3f} {macro_f:>6.3f}"
        f"   {verdict(macro_p, TARGET_PRECISION):<8}"
        f"  {verdict(macro_r, TARGET_RECALL)}"
    )


def print_errors(counts: dict[str, Counts]) -> None:
    for slug, c in counts.items():
        if not c.fp_items and not c.fn_items:
            continue
        print(f"\n== {slug}: {c.fp} FP, {c.fn} FN")
        for item, reasons in c.fp_items:
            print(f"  FP {item.id}: {item.title}")
            print(f"       gold={sorted(item.gold) or '[]'}  reasons: {reasons_text(reasons)}")
        for item in c.fn_items:
            print(f"  FN {item.id}: {item.title}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="JSON Lines file to score")
    parser.add_argument("--errors", action="store_true", help="list every FP and FN")
    args = parser.parse_args()

    items = load(args.set)
    topics = default_topics()
    slugs = [slug_of(topic) for topic in topics]
    matcher = TopicMatcher(topics)
    unknown = sorted({slug for item in items for slug in item.gold} - set(slugs))
    if unknown:
        print(f"warning: gold slugs not among the built-in topics: {', '.join(unknown)}")

    counts = evaluate(items, matcher, slugs)
    empty = sum(1 for item in items if not item.gold)
    print(f"{args.set}: {len(items)} items, {empty} with no gold topic\n")
    print_table(counts)
    if args.errors:
        print_errors(counts)


if __name__ == "__main__":
    main()
