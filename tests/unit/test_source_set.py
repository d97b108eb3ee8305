"""The labelled source-id sets in bench/sources are valid: each line parses, ids are unique
across every set, kinds are known, expected ids are in the issue's canonical forms, and each
set keeps hard negatives (snippets where nothing is to be found). Checks the sets without the
finder, so a malformed line cannot silently skew a score."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench_scripts import BENCH, load_bench_script

SETS = sorted((BENCH / "sources").glob("*.jsonl"))


scorer = load_bench_script("eval_sources")


def test_there_are_a_dev_set_and_held_out_sets() -> None:
    names = {path.name for path in SETS}
    assert {"dev.jsonl", "heldout.jsonl", "heldout2.jsonl"} <= names


@pytest.mark.parametrize("path", SETS, ids=lambda path: path.name)
def test_a_set_is_valid_with_every_kind_and_a_quarter_hard_negatives(path: Path) -> None:
    items = scorer.load(path)  # exits naming each bad line
    assert len(items) >= 60
    kinds = {kind for item in items for kind, _id in item.gold}
    assert kinds == set(scorer.ID_FORMS)
    assert sum(not item.gold for item in items) >= len(items) / 4


def test_ids_are_unique_across_the_sets() -> None:
    seen: dict[str, str] = {}
    for path in SETS:
        for item in scorer.load(path):
            assert item.id not in seen, f"{item.id} is in {seen.get(item.id)} and {path.name}"
            seen[item.id] = path.name


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"id": "x", "text": "t", "expect": [["bill", "HR 4346"]]}, "not in canonical form"),
        ({"id": "x", "text": "t", "expect": [["statute", "1"]]}, "unknown kind"),
        ({"id": "x", "text": "t"}, "missing 'expect'"),
        ({"id": "x", "text": "t", "expect": [["eccn", "3A090"], ["eccn", "3A090"]]}, "twice"),
    ],
)
def test_the_checker_names_what_is_wrong(row: dict[str, object], problem: str) -> None:
    assert any(problem in found for found in scorer.problems_of(row, set()))
