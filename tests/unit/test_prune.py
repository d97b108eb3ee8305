"""Retention: prune old articles, keep starred and hand-tagged ones, never bring them back."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.unit.test_ingest import rss

from scitui.cli import main
from scitui.config import parse_config
from scitui.errors import ConfigError, ScituiError
from scitui.library import Library
from scitui.store import ArticleFilter

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def rfc822(days_ago: int) -> str:
    return (NOW - timedelta(days=days_ago)).strftime("%a, %d %b %Y %H:%M:%S +0000")


ITEMS = [
    {"guid": f"g{days}", "title": f"Story from {days} days ago", "date": rfc822(days),
     "description": f"Export controls story number {days} about lithography."}
    for days in (1, 30, 200, 300, 400)
]  # fmt: skip


@pytest.fixture
def library(make_library: Callable[..., Library], serve: Callable[..., str]) -> Library:
    url = serve("/feed.xml", rss(*ITEMS))
    library = make_library([url], content=False)
    assert all(outcome.ok for outcome in library.refresh())
    return library


def titles(library: Library) -> set[str]:
    return {summary.title for summary in library.articles(limit=100)}


def test_prune_deletes_old_articles_but_keeps_starred_and_hand_tagged(library: Library):
    by_title = {s.title: s.id for s in library.articles(limit=100)}
    library.star([by_title["Story from 300 days ago"]])
    library.tag(by_title["Story from 400 days ago"], ["archive"])

    report = library.prune(timedelta(days=180), now=NOW)

    assert report.articles == 1 and report.examples == ("Story from 200 days ago",)
    assert titles(library) == {
        "Story from 1 days ago",
        "Story from 30 days ago",
        "Story from 300 days ago",
        "Story from 400 days ago",
    }
    conn = library.store.db.conn
    conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    assert [hit.article.title for hit in library.search("lithography", limit=10)].count(
        "Story from 200 days ago"
    ) == 0
    assert conn.execute(
        "SELECT count(*) FROM article_tags WHERE article_id = ?",
        (by_title["Story from 200 days ago"],),
    ).fetchone() == (0,)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_dry_run_reports_and_deletes_nothing(library: Library):
    report = library.prune(timedelta(days=100), dry_run=True, now=NOW)
    assert report.dry_run and report.articles == 3
    assert report.examples == (
        "Story from 400 days ago",
        "Story from 300 days ago",
        "Story from 200 days ago",
    )
    assert len(titles(library)) == 5


def test_a_feed_that_still_lists_a_pruned_article_does_not_bring_it_back(library: Library):
    library.prune(timedelta(days=180), now=NOW)
    outcomes = list(library.refresh())
    assert outcomes[0].ok and outcomes[0].new == 0
    assert "Story from 200 days ago" not in titles(library)
    assert library.count(ArticleFilter()) == 2


def test_prune_compacts_the_file(library: Library):
    report = library.prune(timedelta(days=2), now=NOW)
    assert report.articles == 4
    assert report.size_after <= report.size_before
    conn = sqlite3.connect(library.store.path)
    assert conn.execute("PRAGMA freelist_count").fetchone() == (0,)
    conn.close()


def test_prune_without_an_age_uses_keep_days_or_says_what_is_missing(
    make_library: Callable[..., Library],
):
    library = make_library([])
    with pytest.raises(ScituiError, match="keep_days"):
        library.prune()
    config = parse_config("[settings]\nkeep_days = 90\n", "c.toml")
    assert config.settings.keep_days == 90
    for bad in ("0", "2.5", '"90"', "true"):
        with pytest.raises(ConfigError, match="settings.keep_days"):
            parse_config(f"[settings]\nkeep_days = {bad}\n", "c.toml")


def test_cli_prune_dry_run_json_and_the_real_thing(library: Library):
    config, db = library.config_path, Path(library.store.path)
    library.close()
    runner = CliRunner()
    base = ["--config", str(config), "--db", str(db)]

    dry = runner.invoke(main, [*base, "prune", "--older-than", "100d", "--dry-run", "--json"])
    assert dry.exit_code == 0
    assert json.loads(dry.stdout)["dry_run"] is True

    bad = runner.invoke(main, [*base, "prune", "--older-than", "soon"])
    assert bad.exit_code == 2 and "--older-than" in bad.output

    done = runner.invoke(main, [*base, "prune", "--older-than", "3650d"])
    assert done.exit_code == 0 and "deleted 0 articles" in done.stdout


def test_fetch_prunes_by_keep_days(tmp_path: Path, serve: Callable[..., str]):
    """keep_days counts from the real clock: these items are dated from it."""
    today = datetime.now(UTC)
    items = [
        {"guid": f"g{days}", "title": f"Story from {days} days ago",
         "date": (today - timedelta(days=days)).strftime("%a, %d %b %Y %H:%M:%S +0000")}
        for days in (1, 30, 200)
    ]  # fmt: skip
    url = serve("/feed.xml", rss(*items))
    config = tmp_path / "keep.toml"
    config.write_text(
        f'[settings]\nkeep_days = 100\ncontent = false\n\n[[feeds]]\nurl = "{url}"\n\n[topics]\n',
        encoding="utf-8",
    )
    db = tmp_path / "keep.db"
    result = CliRunner().invoke(main, ["--config", str(config), "--db", str(db), "fetch"])
    assert result.exit_code == 0, result.output
    assert "pruned" in result.stderr and "keep_days" in result.stderr
    library = Library.open(config, db)
    try:
        kept = titles(library)
    finally:
        library.close()
    assert all(int(title.split()[2]) < 100 for title in kept) and kept
