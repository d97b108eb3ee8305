"""The labelled story sets in bench/stories are valid, and their scorer counts pairs correctly.

The sets measure the story clusterer, so a malformed line, a reused id or an "event" told by
one feed would silently skew every score; this checks them without running the clusterer.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from bench_scripts import BENCH, load_bench_script

SETS = BENCH / "stories"
MINIMUM = {"dev.jsonl": (45, 45), "heldout.jsonl": (16, 16), "heldout2.jsonl": (20, 20)}


scorer = load_bench_script("eval_stories")


def existing_sets() -> list[str]:
    return [name for name in MINIMUM if (SETS / name).exists()]


@pytest.mark.parametrize("name", existing_sets())
def test_set_is_valid_and_large_enough(name: str) -> None:
    rows = scorer.load(SETS / name)
    assert scorer.problems(rows) == []
    events, singles = MINIMUM[name]
    assert len(scorer.events_of(rows)) >= events
    assert sum(1 for row in rows if row.event is None) >= singles


def test_ids_are_unique_across_sets() -> None:
    ids = [row.id for name in existing_sets() for row in scorer.load(SETS / name)]
    assert ids and len(ids) == len(set(ids))


def test_events_do_not_cross_sets() -> None:
    events = {name: set(scorer.events_of(scorer.load(SETS / name))) for name in existing_sets()}
    shared = {
        (first, second): events[first] & events[second]
        for first, second in combinations(events, 2)
        if events[first] & events[second]
    }
    assert shared == {}


def row(article_id: int, event: str | None, feed: str, **changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": article_id,
        "event": event,
        "feed": feed,
        "outlet": feed,
        "title": f"title {article_id}",
        "text": "text",
        "published": "2024-12-02T15:30:00Z",
        "sources": [],
        "note": "",
    }
    return raw | changes


def write(tmp_path: Path, raws: list[dict[str, Any]]) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(raw) + "\n" for raw in raws), "utf-8")
    return path


def test_problems_name_each_broken_rule(tmp_path: Path) -> None:
    raws = [
        row(1, "a", "f1"),
        row(1, "a", "f1"),
        row(2, "lonely", "f1"),
        row(3, "late", "f1"),
        row(4, "late", "f2", published="2024-12-09T15:30:00Z"),
    ]
    found = scorer.problems(scorer.load(write(tmp_path, raws)))
    assert found == [
        "id 1 used 2 times",
        "event a has two articles from one feed",
        "event lonely has one article (a single must be null)",
        "event late spreads over more than 96 h",
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "7"}, "id is not an integer"),
        ({"published": "2024-12-02T15:30:00"}, "no time zone"),
        ({"sources": ["2022-21658"]}, "kind:id"),
        ({"title": " "}, "title"),
    ],
)
def test_load_names_the_bad_line(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    path = write(tmp_path, [row(1, None, "f1"), row(2, None, "f2", **change)])
    with pytest.raises(ValueError, match=f"set.jsonl:2: .*{message}"):
        scorer.load(path)


def test_score_counts_pairs(tmp_path: Path) -> None:
    raws = [row(1, "a", "f1"), row(2, "a", "f2"), row(3, "a", "f3"), row(4, None, "f4")]
    rows = scorer.load(write(tmp_path, raws))
    perfect = scorer.score(rows, {1: 10, 2: 10, 3: 10, 4: 11})
    assert (perfect["precision"], perfect["recall"], perfect["true_pairs"]) == (1.0, 1.0, 3)
    joined = scorer.score(rows, {1: 10, 2: 10, 3: 11, 4: 11})
    assert joined["wrongly_joined"] == [(3, 4)]
    assert joined["wrongly_split"] == [(1, 3), (2, 3)]
    assert (joined["precision"], joined["recall"]) == (0.5, 0.3333)
    alone = scorer.score(rows, {1: 1})
    assert (alone["recall"], alone["predicted_stories"]) == (0.0, 4)
