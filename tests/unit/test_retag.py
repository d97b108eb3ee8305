"""Retag: the current rules re-applied to stored articles; manual decisions stand."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.unit.test_ingest import rss

from scitui import retag as retag_module
from scitui.cli import main
from scitui.library import Library
from scitui.models import Tag, TagReason

ITEMS = [
    {"guid": "1", "title": "Export controls tighten", "description": "New rules on chips."},
    {"guid": "2", "title": "Lab budget", "description": "The national lab and the national lab."},
    {"guid": "3", "title": "Weather", "description": "Sunny with export controls mentioned."},
    {"guid": "4", "title": "Gardening", "description": "Nothing of interest here."},
]
EXPORT = {"export-controls": {"title": "Export controls", "keywords": ["export control"]}}
EXPORT_AND_LABS = {
    **EXPORT,
    "labs": {"title": "Labs", "keywords": ["national lab"], "min_score": 2},
}


@pytest.fixture
def seeded(make_library: Callable[..., Library], serve: Callable[..., str]) -> tuple[Library, str]:
    """Four articles fetched under a config with only the export-controls topic."""
    url = serve("/feed.xml", rss(*ITEMS))
    library = make_library([(url, ["wire"])], EXPORT, content=False)
    assert all(outcome.ok for outcome in library.refresh())
    return library, url


def reopen(
    library: Library, write_config: Callable[..., Path], url: str, **config: object
) -> Library:
    """The same database under a new config (as after the user edits it)."""
    path = write_config([(url, config.pop("feed_tags", ["wire"]))], config.pop("topics", None))
    library.close()
    return Library.open(path, Path(library.store.path))


def ids(library: Library) -> dict[str, int]:
    return {summary.title: summary.id for summary in library.articles(limit=100)}


def tag_names(library: Library, article_id: int) -> set[str]:
    return {tag.name for tag in library.article(article_id).tags}


def test_a_new_topic_is_applied_to_stored_articles_with_its_reasons(seeded, write_config):
    library, url = seeded
    by_title = ids(library)
    assert "labs" not in tag_names(library, by_title["Lab budget"])

    library = reopen(library, write_config, url, topics=EXPORT_AND_LABS)
    report = library.retag()

    article = library.article(by_title["Lab budget"])
    assert Tag("labs", "rule") in article.tags
    assert article.reasons["labs"] == (TagReason("national lab", "body", 2),)
    assert report.tags["labs"].gained == 1 and report.tags["labs"].lost == 0
    assert report.tags["labs"].gained_titles == ["Lab budget"]
    assert report.articles == 4 and report.changed == 1
    library.close()


def test_a_removed_topic_is_taken_off_and_its_reasons_dropped(seeded, write_config):
    library, url = seeded
    by_title = ids(library)
    assert "export-controls" in tag_names(library, by_title["Export controls tighten"])

    library = reopen(library, write_config, url, topics={"labs": EXPORT_AND_LABS["labs"]})
    report = library.retag()

    article = library.article(by_title["Export controls tighten"])
    assert "export-controls" not in {tag.name for tag in article.tags}
    assert "export-controls" not in article.reasons
    assert report.tags["export-controls"].lost == 1
    library.close()


def test_manual_tags_and_manual_removals_survive_retag(seeded, write_config):
    library, url = seeded
    by_title = ids(library)
    tightened, gardening = by_title["Export controls tighten"], by_title["Gardening"]
    library.untag(tightened, ["export-controls"])
    library.tag(gardening, ["export-controls", "to-brief"])

    library = reopen(library, write_config, url, topics=EXPORT)
    report = library.retag()

    assert "export-controls" not in tag_names(library, tightened)
    assert Tag("export-controls", "manual") in library.article(gardening).tags
    assert Tag("to-brief", "manual") in library.article(gardening).tags
    assert report.changed == 0
    library.close()


def test_feed_tags_follow_the_config(seeded, write_config):
    library, url = seeded
    library = reopen(library, write_config, url, topics=EXPORT, feed_tags=["agency"])
    report = library.retag()

    for article_id in ids(library).values():
        names = tag_names(library, article_id)
        assert "agency" in names and "wire" not in names
    assert report.tags["agency"].gained == 4 and report.tags["wire"].lost == 4
    library.close()


def test_a_second_retag_changes_nothing(seeded, write_config):
    library, url = seeded
    library = reopen(library, write_config, url, topics=EXPORT_AND_LABS)
    library.retag()
    again = library.retag()
    assert again.changed == 0 and again.reasons_only == 0 and again.tags == {}
    library.close()


def test_dry_run_reports_and_writes_nothing(seeded, write_config):
    library, url = seeded
    library = reopen(library, write_config, url, topics=EXPORT_AND_LABS, feed_tags=[])
    before = {article_id: library.article(article_id) for article_id in ids(library).values()}

    report = library.retag(dry_run=True)

    assert report.dry_run and report.tags["labs"].gained == 1 and report.tags["wire"].lost == 4
    after = {article_id: library.article(article_id) for article_id in ids(library).values()}
    assert after == before
    library.close()


def test_matching_in_worker_processes_gives_the_same_result(
    seeded, write_config, monkeypatch: pytest.MonkeyPatch
):
    library, url = seeded
    library = reopen(library, write_config, url, topics=EXPORT_AND_LABS)
    monkeypatch.setattr(retag_module, "PROCESS_THRESHOLD", 0)
    monkeypatch.setattr(retag_module, "BATCH", 1)
    progress: list[tuple[int, int]] = []

    report = library.retag(dry_run=True, processes=2, on_progress=lambda *p: progress.append(p))
    local = library.retag(dry_run=True, processes=1)

    assert report.as_json() == local.as_json()
    assert progress == [(n, 4) for n in range(1, 5)]
    library.close()


def test_cli_retag_dry_run_json_and_human_output(seeded, write_config, tmp_path):
    library, url = seeded
    db_path = Path(library.store.path)
    library.close()
    config = write_config([(url, ["wire"])], EXPORT_AND_LABS, name="new.toml")
    runner = CliRunner(env={"COLUMNS": "160"})
    base = ["--config", str(config), "--db", str(db_path)]

    result = runner.invoke(main, [*base, "retag", "--dry-run", "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["dry_run"] is True
    assert report["tags"]["labs"] == {
        "gained": 1,
        "lost": 0,
        "gained_examples": ["Lab budget"],
        "lost_examples": [],
    }

    human = runner.invoke(main, [*base, "retag", "--dry-run"], catch_exceptions=False)
    assert "Labs" in human.stdout and "+1" in human.stdout and "+ Lab budget" in human.stdout
    assert "Dry run: nothing was changed." in human.stdout

    done = runner.invoke(main, [*base, "retag"], catch_exceptions=False)
    assert "Tags changed on 1 of 4 articles" in done.stdout
    shown = runner.invoke(main, [*base, "show", str(report_id(db_path, config)), "--json"])
    assert json.loads(shown.stdout)["tag_reasons"]["labs"] == [
        {"term": "national lab", "where": "body", "count": 2}
    ]


def report_id(db_path: Path, config: Path) -> int:
    library = Library.open(config, db_path)
    try:
        return ids(library)["Lab budget"]
    finally:
        library.close()


def test_only_topics_whose_rules_changed_are_rechecked(seeded, write_config):
    library, url = seeded
    library = reopen(library, write_config, url, topics=EXPORT_AND_LABS)
    first = library.retag()
    assert set(first.rechecked) == {"export-controls", "labs"}

    looser_labs = {**EXPORT_AND_LABS, "labs": {**EXPORT_AND_LABS["labs"], "min_score": 1}}
    library = reopen(library, write_config, url, topics=looser_labs)
    second = library.retag()

    assert second.rechecked == ("labs",)
    assert library.retag(dry_run=True, every_topic=True).changed == 0  # same as a full pass
    unchanged = library.retag()
    assert unchanged.rechecked == () and unchanged.changed == 0
    library.close()


def test_a_fetch_under_changed_rules_marks_the_topic_for_recheck(seeded, write_config):
    library, url = seeded
    library = reopen(library, write_config, url, topics=EXPORT_AND_LABS)
    library.retag()
    assert set(library.store.topic_fingerprints()) == {"export-controls", "labs"}

    stricter = {**EXPORT_AND_LABS, "export-controls": {**EXPORT["export-controls"], "min_score": 9}}
    library = reopen(library, write_config, url, topics=stricter)
    assert all(outcome.ok for outcome in library.refresh())

    assert set(library.store.topic_fingerprints()) == {"labs"}
    assert library.retag().rechecked == ("export-controls",)
    library.close()


@pytest.mark.parametrize("processes", [1, 2])
def test_a_retag_cancelled_halfway_keeps_whole_ranges_and_rechecks_next_time(
    seeded, write_config, monkeypatch: pytest.MonkeyPatch, processes: int
):
    """Cancelled after two of four ranges: those two are retagged, reasons included, and the
    others untouched; the rules' fingerprints are not stored, so the next retag finishes."""
    library, url = seeded
    by_title = ids(library)
    labs_only = {"labs": EXPORT_AND_LABS["labs"]}
    library = reopen(library, write_config, url, topics=labs_only)
    monkeypatch.setattr(retag_module, "PROCESS_THRESHOLD", 0)
    monkeypatch.setattr(retag_module, "BATCH", 1)
    cancel = threading.Event()

    def stop_after_two(done: int, _total: int) -> None:
        if done == 2:
            cancel.set()

    report = library.retag(processes=processes, cancel=cancel, on_progress=stop_after_two)

    assert report.articles == 2
    done, left = by_title["Weather"], by_title["Export controls tighten"]
    assert done <= 2 < by_title["Lab budget"] < left  # one id per range, oldest entry first
    assert "export-controls" not in tag_names(library, done)
    assert "export-controls" not in library.article(done).reasons
    assert "export-controls" in tag_names(library, left)
    assert "export-controls" in library.article(left).reasons
    assert "labs" not in tag_names(library, by_title["Lab budget"])

    finished = library.retag(processes=processes)
    assert set(finished.rechecked) == {"labs"}
    assert finished.tags["export-controls"].lost == 1
    assert "export-controls" not in tag_names(library, left)
    assert "labs" in tag_names(library, by_title["Lab budget"])
    assert library.retag().rechecked == ()
    library.close()
