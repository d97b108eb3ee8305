"""`scitui demo`: the bundled offline sample loads through the normal pipeline, with no network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from scitui.cli import main
from scitui.config import load_config
from scitui.demo import DEMO_BASE_URL, demo_dir


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """CliRunner over scitui, with the user's config folder and database in tmp_path."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user"))
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
    assert all(article["url"].startswith(f"{DEMO_BASE_URL}/") for article in articles)

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
