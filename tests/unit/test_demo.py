"""`scitui demo`: the bundled offline sample loads through the normal pipeline, with no network."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from scitui.cli import main
from scitui.config import load_config
from scitui.demo import (
    DEMO_BASE_URL,
    FEDERAL_REGISTER_URL,
    demo_dir,
    demo_retriever,
    load_demo,
    open_demo,
    relayout,
)
from scitui.errors import FetchError
from scitui.trends import week_start

FR_RULE = f"{FEDERAL_REGISTER_URL}/documents/2026/11/17/2026-22871/additions-to-the-entity-list"
"""The demo's Federal Register document: an Entity List rule three of its feeds cite."""


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """CliRunner over scitui, with the user's config folder and database in tmp_path."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("SCITUI_DB", str(tmp_path / "user" / "scitui.db"))
    runner = CliRunner(env={"COLUMNS": "200"})

    def invoke(*args: Any) -> Result:
        return runner.invoke(main, [str(arg) for arg in args], catch_exceptions=False)

    return invoke


def test_the_demo_is_bundled_with_the_documented_layout():
    root = demo_dir()
    config = load_config(root / "config.toml")
    assert config.feeds
    for feed in config.feeds:
        assert feed.url.startswith(f"{DEMO_BASE_URL}/feeds/") and feed.url.endswith(".xml")
        assert (root / "site" / feed.url.removeprefix(f"{DEMO_BASE_URL}/")).is_file(), feed.url


def test_demo_loads_offline_and_a_second_run_adds_nothing(run, tmp_path):
    db = tmp_path / "demo" / "demo.db"
    demo_config = demo_dir() / "config.toml"

    first = run("demo", "--no-open", "--db", db)

    assert first.exit_code == 0, first.stderr
    assert first.stdout == ""
    assert f"demo database: {db}" in first.stderr
    feeds = load_config(demo_config).feeds
    assert f"{len(feeds)} of {len(feeds)} feeds ok" in first.stderr
    assert db.is_file()
    assert not (tmp_path / "user" / "scitui.db").exists()

    listed = run("list", "--json", "-n", "1000", "--db", db, "--config", demo_config)
    articles = json.loads(listed.stdout)
    assert len(articles) > 20
    outside = [a["url"] for a in articles if not a["url"].startswith(f"{DEMO_BASE_URL}/")]
    assert outside == [FR_RULE]  # the Federal Register's document, served offline too

    counts = json.loads(run("tags", "--json", "--db", db, "--config", demo_config).stdout)
    topics = [count for count in counts if count["kind"] == "topic"]
    assert [count["tag"] for count in topics] == [
        "export-controls",
        "ai-chips",
        "talent",
        "national-labs",
        "collaboration",
        "self-reliance",
        "research-security",
        "funding",
    ]
    assert all(count["total"] >= 1 for count in topics), topics

    sources = set()
    for article in articles:
        shown = json.loads(run("--demo", "--db", db, "show", article["id"], "--json").stdout)
        assert shown["text"].strip(), shown["title"]
        sources.add(shown["content_source"])
    assert sources == {"page", "feed"}

    second = run("demo", "--no-open", "--db", db)

    assert second.exit_code == 0, second.stderr
    assert f"0 new articles, 0 updated, {len(feeds)} of {len(feeds)} feeds ok" in second.stderr
    again = json.loads(run("--demo", "--db", db, "list", "--json", "-n", "1000").stdout)
    assert [article["id"] for article in again] == [article["id"] for article in articles]


# the demo's dates are laid relative to the day it is loaded ---------------------------------

NEWEST = datetime(2026, 11, 27, 6, 30, tzinfo=UTC)  # a Friday
WRITTEN = [NEWEST - timedelta(hours=hours) for hours in (0, 20, 50, 90, 200, 700, 1400)]


def test_relayout_moves_whole_weeks_when_the_week_so_far_has_room():
    now = datetime(2027, 3, 20, 15, 0, tzinfo=UTC)  # a Saturday
    placed = [relayout(moment, NEWEST, now) for moment in WRITTEN]

    assert placed[0] == datetime(2027, 3, 19, 6, 30, tzinfo=UTC)  # Friday stays Friday
    assert all(
        moved - moment == placed[0] - NEWEST for moved, moment in zip(placed, WRITTEN, strict=True)
    )


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 12, 7, 0, 3, tzinfo=UTC),  # a Monday, minutes into the week
        datetime(2026, 12, 7, 10, 0, tzinfo=UTC),
        datetime(2027, 3, 17, 9, 0, tzinfo=UTC),  # a Wednesday
    ],
)
def test_relayout_squeezes_this_weeks_dates_into_the_week_so_far_in_order(now):
    placed = [relayout(moment, NEWEST, now) for moment in WRITTEN]

    assert placed == sorted(placed, reverse=True) and len(set(placed)) == len(placed)
    monday = datetime.combine(week_start(now), datetime.min.time(), tzinfo=UTC)
    limit = max(now.replace(hour=0, minute=0), monday + timedelta(hours=6))
    assert monday <= placed[0] <= limit
    this_week = [moment for moment in placed if moment >= monday]
    assert len(this_week) == 4  # those of the written week: Friday back to Monday 12:30
    earlier = [
        moved - moment for moved, moment in zip(placed, WRITTEN, strict=True) if moved < monday
    ]
    assert len(set(earlier)) == 1 and earlier[0] % timedelta(weeks=1) == timedelta(0)


def test_relayout_leaves_the_demo_as_written_in_its_own_week():
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    assert [relayout(moment, NEWEST, now) for moment in WRITTEN] == WRITTEN


@pytest.mark.parametrize(
    "now",
    [datetime(2026, 12, 7, 10, 0, tzinfo=UTC), datetime(2027, 3, 18, 15, 0, tzinfo=UTC)],
    ids=["monday-2026-12-07", "thursday-2027-03-18"],
)
def test_the_demo_has_a_digest_and_a_spike_whatever_the_day(tmp_path, now):
    library = open_demo(tmp_path / "demo.db")
    try:
        outcomes = list(load_demo(library, now=now))
        assert all(outcome.ok for outcome in outcomes), outcomes

        articles = library.articles(limit=1000)
        assert all(article.published and article.published <= now for article in articles)
        assert now - articles[0].published < timedelta(days=4)
        brief = library.digest(now=now)
        assert brief.article_count >= 3
        spiking = [trend for trend in library.trends(12, now=now) if trend.spike]
        assert [trend.tag for trend in spiking] == ["ai-chips"]
        assert spiking[0].current >= 3 and spiking[0].current >= 2 * spiking[0].baseline

        again = list(load_demo(library, now=now + timedelta(minutes=5)))
        assert sum(outcome.updated + outcome.new for outcome in again) == 0
    finally:
        library.close()


def test_the_demo_keeps_its_order_on_any_day(tmp_path):
    titles = []
    for index, now in enumerate(
        (datetime(2026, 11, 29, 12, 0, tzinfo=UTC), datetime(2027, 1, 4, 3, 0, tzinfo=UTC))
    ):
        library = open_demo(tmp_path / f"demo-{index}.db")
        try:
            list(load_demo(library, now=now))
            titles.append([article.title for article in library.articles(limit=1000)])
        finally:
            library.close()
    assert titles[0] == titles[1]


# --demo: the CLI on the demo's database with the demo's config ------------------------------


def test_the_demo_flag_uses_the_demos_database_and_config(run):
    assert run("demo", "--no-open").exit_code == 0

    feeds = json.loads(run("--demo", "feeds", "list", "--json").stdout)
    assert [feed["url"] for feed in feeds] == [
        feed.url for feed in load_config(demo_dir() / "config.toml").feeds
    ]
    assert {feed["title"]: feed["articles"] for feed in feeds} == {
        "The Compute Ledger": 7,
        "Lab Lines": 5,
        "Talent Pipeline Review": 6,
        "Collaboratory": 6,
        "Self-Reliance Monitor": 6,
        "Federal Register: BIS": 1,
        "科技政策速递": 2,
    }

    dry_run = run("--demo", "retag", "--dry-run", "--json")
    assert dry_run.exit_code == 0, dry_run.stderr
    report = json.loads(dry_run.stdout)
    assert report["articles"] > 20
    assert all(change["lost"] == 0 for change in report["tags"].values()), report["tags"]

    listed = run("--demo", "list", "--tag", "export-controls")
    assert listed.exit_code == 0 and listed.stdout.count("\n") >= 3

    fetched = run("--demo", "fetch")  # offline, from the bundled files
    assert fetched.exit_code == 0, fetched.stderr
    assert "7 of 7 feeds ok" in fetched.stderr

    where = run("--demo", "where").stdout
    assert f"config    {demo_dir() / 'config.toml'}\n" in where


def test_the_demo_flag_refuses_another_config_and_changes_to_its_feeds(run, tmp_path):
    other = tmp_path / "other.toml"
    other.write_text("", encoding="utf-8")

    with_config = run("--demo", "--config", other, "list")
    assert with_config.exit_code == 2 and "leave out --config" in with_config.stderr
    for args in (("feeds", "add", "https://a.test/f"), ("feeds", "remove", "https://a.test/f")):
        refused = run("--demo", *args)
        assert refused.exit_code == 2 and "the demo's feeds are fixed" in refused.stderr
    assert load_config(demo_dir() / "config.toml").feeds  # untouched


# the demo's story, its primary source and its Chinese items ---------------------------------

LABS_TITLE = "全国重点实验室首轮评估结果公布 聚焦关键核心技术加快科技自立自强"
MOFCOM_TITLE = "商务部 海关总署公告2026年第58号 关于对部分高纯溅射靶材相关物项实施出口管制的公告"


@pytest.fixture
def demo_db(run, tmp_path: Path) -> Path:
    """The demo loaded into a database of this test's own."""
    db = tmp_path / "demo" / "demo.db"
    assert run("demo", "--no-open", "--db", db).exit_code == 0
    return db


def test_the_demos_rule_is_one_story_told_by_three_feeds_and_the_federal_register(run, demo_db):
    stories = json.loads(run("--demo", "--db", demo_db, "stories", "--json").stdout)

    assert len(stories) == 1
    story = stories[0]
    assert set(story["outlets"]) == {
        "Federal Register: BIS",
        "The Compute Ledger",
        "Collaboratory",
        "Talent Pipeline Review",
    }
    assert (story["headline"], story["url"]) == ("Additions to the Entity List", FR_RULE)
    assert {"fr-doc:2026-22871", "fr-cite:91 FR 61842"} <= set(story["sources"])
    rule = {
        "kind": "fr-doc",
        "id": "2026-22871",
        "url": "https://www.federalregister.gov/d/2026-22871",
    }
    for article_id in story["article_ids"]:
        shown = json.loads(run("--demo", "--db", demo_db, "show", article_id, "--json").stdout)
        assert rule in shown["sources"], shown["title"]


def test_the_demos_sources_rank_the_rule_by_its_citing_articles(run, demo_db):
    listed = json.loads(run("--demo", "--db", demo_db, "sources", "--json").stdout)
    found = {(source["kind"], source["id"]): source for source in listed}

    rule = found["fr-doc", "2026-22871"]
    assert (rule["stories"], rule["articles"], rule["outlets"]) == (1, 4, 4)
    assert rule["url"] == "https://www.federalregister.gov/d/2026-22871"
    assert found["mofcom", "2026-58"]["articles"] == 1  # the Chinese announcement, its own source


def test_the_demos_chinese_items_are_found_by_chinese_words_and_tagged(run, demo_db):
    def search(query: str) -> list[dict[str, Any]]:
        result = run("--demo", "--db", demo_db, "search", query, "--json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    controls = search("出口管制")
    assert [hit["title"] for hit in controls] == [MOFCOM_TITLE]
    assert {"export-controls", "chinese"} <= set(controls[0]["tags"])
    labs = search("自立自强")
    assert [hit["title"] for hit in labs] == [LABS_TITLE]
    assert {"national-labs", "self-reliance", "chinese"} <= set(labs[0]["tags"])
    assert LABS_TITLE in [hit["title"] for hit in search("全国重点实验室")]


def test_the_demo_serves_its_federal_register_document_offline_and_nothing_more():
    retriever = demo_retriever()
    try:
        page = retriever.get(FR_RULE)
        assert page.status == 200 and b"[FR Doc. 2026-22871 Filed" in page.content
        with pytest.raises(FetchError, match="404"):
            retriever.get(f"{FEDERAL_REGISTER_URL}/documents/2026/11/17/2026-22872/other-rule")
        with pytest.raises(FetchError, match="not part of the offline demo"):
            retriever.get("https://www.federalregister.gov.example/documents/2026-22871")
    finally:
        retriever.close()
