"""Score scitui's story clustering on a labelled set of articles by pairwise precision/recall.

Usage: python bench/eval_stories.py --set PATH [--show-errors] [--json] [--check]

The set (bench/stories/dev.jsonl; heldout.jsonl is scored once by the lead, never tuned on)
holds one JSON object a line: "id", "event" (slug, or null for a single story), "feed",
"outlet", "title", "text", "published" (ISO 8601), "sources" ("kind:id") and "note".
Two articles are one story in truth when they share a non-null event. The clusterer is a
black box: scitui.stories.cluster(items) maps each article id to a story id, and a pair
is predicted when both articles get the same story id (an id it leaves out is a story of
its own). Prints the counts and pairwise precision, recall and F1 against the targets
(precision >= 0.95, recall >= 0.85). --check only validates the file. Exits 0 after a
report, 1 when the file is invalid or scitui.stories is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Any

TARGET_PRECISION = 0.95
TARGET_RECALL = 0.85
WINDOW_HOURS = 96
FIELDS = ("id", "event", "feed", "outlet", "title", "text", "published", "sources")

Pair = tuple[int, int]


@dataclass(frozen=True)
class Row:
    id: int
    event: str | None
    feed: str
    outlet: str
    title: str
    text: str
    published: datetime
    sources: frozenset[str]


def parse_row(raw: dict[str, Any]) -> Row:
    """One JSON object as a Row; KeyError/ValueError/TypeError on a malformed one."""
    missing = [name for name in FIELDS if name not in raw]
    if missing:
        raise KeyError(f"missing {', '.join(missing)}")
    if not isinstance(raw["id"], int) or isinstance(raw["id"], bool):
        raise TypeError("id is not an integer")
    if raw["event"] is not None and not (isinstance(raw["event"], str) and raw["event"]):
        raise TypeError("event is neither a slug nor null")
    for name in ("feed", "outlet", "title", "text"):
        if not isinstance(raw[name], str) or not raw[name].strip():
            raise TypeError(f"{name} is not a non-empty string")
    published = datetime.fromisoformat(raw["published"].replace("Z", "+00:00"))
    if published.tzinfo is None:
        raise ValueError("published has no time zone")
    sources = raw["sources"]
    if not isinstance(sources, list) or not all(isinstance(s, str) and ":" in s for s in sources):
        raise TypeError('sources is not a list of "kind:id" strings')
    return Row(
        raw["id"],
        raw["event"],
        raw["feed"],
        raw["outlet"],
        raw["title"],
        raw["text"],
        published,
        frozenset(sources),
    )


def load(path: Path) -> list[Row]:
    """Read a set; raise ValueError naming the line of the first malformed row."""
    rows = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(parse_row(json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{path}:{number}: {error}") from error
    return rows


def problems(rows: list[Row]) -> list[str]:
    """What breaks the set's rules: duplicate ids, events too thin, too spread or one-feed."""
    found = []
    ids = Counter(row.id for row in rows)
    found += [f"id {row_id} used {count} times" for row_id, count in ids.items() if count > 1]
    for event, members in events_of(rows).items():
        feeds = [row.feed for row in members]
        if len(members) < 2:
            found.append(f"event {event} has one article (a single must be null)")
        if len(set(feeds)) < len(feeds):
            found.append(f"event {event} has two articles from one feed")
        times = [row.published for row in members]
        if (max(times) - min(times)).total_seconds() > WINDOW_HOURS * 3600:
            found.append(f"event {event} spreads over more than {WINDOW_HOURS} h")
    return found


def events_of(rows: list[Row]) -> dict[str, list[Row]]:
    """The labelled events and their articles (singles left out)."""
    events: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.event is not None:
            events[row.event].append(row)
    return dict(events)


def pairs_of(groups: dict[Any, list[int]]) -> set[Pair]:
    """Every unordered pair of ids that share a group, smaller id first."""
    return {(a, b) for members in groups.values() for a, b in combinations(sorted(members), 2)}


def true_pairs(rows: list[Row]) -> set[Pair]:
    return pairs_of({e: [r.id for r in ms] for e, ms in events_of(rows).items()})


def predicted_pairs(assignment: dict[int, int]) -> set[Pair]:
    groups: dict[int, list[int]] = defaultdict(list)
    for article_id, story_id in assignment.items():
        groups[story_id].append(article_id)
    return pairs_of(groups)


def run_clusterer(rows: list[Row]) -> dict[int, int]:
    """Cluster the set with scitui.stories (imported here so --check works without it)."""
    from scitui.stories import StoryItem, cluster

    items = [
        StoryItem(
            id=row.id,
            feed=row.feed,
            title=row.title,
            text=row.text,
            published=row.published,
            sources=row.sources,
        )
        for row in rows
    ]
    assignment = dict(cluster(items))
    known = {row.id for row in rows}
    return {article_id: story for article_id, story in assignment.items() if article_id in known}


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def score(rows: list[Row], assignment: dict[int, int]) -> dict[str, Any]:
    """Pairwise counts, precision, recall and F1, plus the error pairs."""
    truth = true_pairs(rows)
    predicted = predicted_pairs(assignment)
    hits = len(truth & predicted)
    precision = ratio(hits, len(predicted)) if predicted else 1.0
    recall = ratio(hits, len(truth))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    stories = len(set(assignment.values())) + len({r.id for r in rows} - set(assignment))
    events = events_of(rows)
    return {
        "articles": len(rows),
        "events": len(events),
        "event_articles": sum(len(members) for members in events.values()),
        "singles": sum(1 for row in rows if row.event is None),
        "true_stories": len(events) + sum(1 for row in rows if row.event is None),
        "predicted_stories": stories,
        "true_pairs": len(truth),
        "predicted_pairs": len(predicted),
        "correct_pairs": hits,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "precision_ok": precision >= TARGET_PRECISION,
        "recall_ok": recall >= TARGET_RECALL,
        "wrongly_joined": sorted(predicted - truth),
        "wrongly_split": sorted(truth - predicted),
    }


def verdict(value: float, target: float) -> str:
    return "ok" if value >= target else "MISS"


def print_report(path: Path, result: dict[str, Any]) -> None:
    print(
        f"{path}: {result['articles']} articles, {result['events']} events"
        f" ({result['event_articles']} articles), {result['singles']} singles"
    )
    print(
        f"stories: {result['true_stories']} true, {result['predicted_stories']} predicted;"
        f" pairs: {result['true_pairs']} true, {result['predicted_pairs']} predicted,"
        f" {result['correct_pairs']} correct"
    )
    print(
        f"precision {result['precision']:.3f}"
        f" ({verdict(result['precision'], TARGET_PRECISION)} >= {TARGET_PRECISION:.2f})"
        f"  recall {result['recall']:.3f}"
        f" ({verdict(result['recall'], TARGET_RECALL)} >= {TARGET_RECALL:.2f})"
        f"  F1 {result['f1']:.3f}"
    )


def describe(row: Row) -> str:
    return f"{row.id} [{row.outlet}, {row.published:%Y-%m-%d %H:%M}] {row.title}"


def print_pairs(label: str, pairs: list[Pair], by_id: dict[int, Row]) -> None:
    print(f"\n== {label}: {len(pairs)} pairs")
    for a, b in pairs:
        first, second = by_id[a], by_id[b]
        print(f"  {first.event or '(single)'} / {second.event or '(single)'}")
        print(f"    {describe(first)}")
        print(f"    {describe(second)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, required=True, help="JSON Lines file to score")
    parser.add_argument(
        "--show-errors", action="store_true", help="list wrongly joined and split pairs"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--check", action="store_true", help="only validate the file")
    args = parser.parse_args()

    try:
        rows = load(args.set)
    except (OSError, ValueError) as error:
        sys.exit(f"invalid set: {error}")
    found = problems(rows)
    if found or args.check:
        for problem in found:
            print(f"{args.set}: {problem}", file=sys.stderr)
        singles = sum(1 for row in rows if row.event is None)
        print(f"{args.set}: {len(rows)} articles, {len(events_of(rows))} events, {singles} singles")
        sys.exit(1 if found else 0)

    try:
        assignment = run_clusterer(rows)
    except ImportError as error:
        sys.exit(f"no clusterer to score ({error}); --check validates the set alone")
    result = score(rows, assignment)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print_report(args.set, result)
    if args.show_errors:
        by_id = {row.id: row for row in rows}
        print_pairs("wrongly joined", result["wrongly_joined"], by_id)
        print_pairs("wrongly split", result["wrongly_split"], by_id)


if __name__ == "__main__":
    main()
