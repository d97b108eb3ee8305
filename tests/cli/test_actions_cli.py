"""`scitui apply`, rules at `scitui fetch`, `show`'s why, and `fetch --quiet` in a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.cli.conftest import FeedSite, Invoke, Paths, WriteConfig

VIEWS = """
[views.chips]
title = "Chip makers"
query = "chipmakers"
on_new = ["star", "tag:chips", "notify"]

[views.visas]
title = "Visas"
query = "visa"
on_new = ["mark-read"]
"""
CHIPS = "Commerce adds three chipmakers to the entity list"
VISAS = "Visa backlog slows international student arrivals"


def configure(write: WriteConfig, paths: Paths, site: FeedSite, extra: str = "") -> None:
    write(paths.config, [(site.url("policy"), []), (site.url("labs"), [])], extra)
    with paths.config.open("a", encoding="utf-8") as handle:
        handle.write(VIEWS)


def listed(run: Invoke) -> dict[str, dict[str, Any]]:
    result = run("list", "--json")
    assert result.exit_code == 0, result.stderr
    return {article["title"]: article for article in json.loads(result.stdout)}


def test_fetch_acts_announces_and_show_says_why(
    run: Invoke, cli_paths: Paths, feed_site: FeedSite, write_feeds_config: WriteConfig
) -> None:
    configure(write_feeds_config, cli_paths, feed_site)

    fetched = run("fetch", "--no-content")

    assert fetched.exit_code == 0, fetched.stderr
    assert "scitui: 1 new in Chip makers\n" in fetched.stderr
    articles = listed(run)
    assert articles[CHIPS]["starred"] and "chips" in articles[CHIPS]["tags"]
    assert articles[VISAS]["read"] is True
    shown = json.loads(run("show", articles[CHIPS]["id"], "--json").stdout)
    assert [(a["view"], a["action"]) for a in shown["actions"]] == [
        ("chips", "notify"), ("chips", "star"), ("chips", "tag:chips"),
    ]  # fmt: skip
    text = run("show", articles[VISAS]["id"]).stdout
    assert "marked read by view visas" in text
    assert json.loads(run("show", articles[VISAS]["id"] + 1, "--json").stdout)["actions"] == []


def test_apply_dry_run_then_apply(
    run: Invoke, cli_paths: Paths, feed_site: FeedSite, write_feeds_config: WriteConfig
) -> None:
    write_feeds_config(cli_paths.config, [(feed_site.url("policy"), [])])
    assert run("fetch", "--no-content").exit_code == 0
    configure(write_feeds_config, cli_paths, feed_site)

    dry = run("apply", "--dry-run")

    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        "Chip makers (chips): +1 star, +1 tag:chips",
        f"  + {CHIPS}",
        "Visas (visas): +1 mark-read",
        f"  + {VISAS}",
        "Rules would take 3 actions on 2 articles.",
        "Dry run: nothing was changed.",
    ]
    assert not any(a["starred"] or a["read"] for a in listed(run).values())

    applied = json.loads(run("apply", "--view", "visas", "--json").stdout)

    assert applied == {
        "dry_run": False,
        "actions": 1,
        "views": {"visas": {"actions": {"mark-read": 1}, "examples": [VISAS]}},
    }
    articles = listed(run)
    assert articles[VISAS]["read"] and not articles[CHIPS]["starred"]
    again = run("apply", "--json")
    assert json.loads(again.stdout)["views"]["visas"]["actions"] == {}


def test_apply_names_an_unknown_view(
    run: Invoke, cli_paths: Paths, feed_site: FeedSite, write_feeds_config: WriteConfig
) -> None:
    configure(write_feeds_config, cli_paths, feed_site)

    result = run("apply", "--view", "nope")

    assert result.exit_code == 1
    assert result.stderr == "scitui: no view 'nope' (views: chips, visas)\n"


def fetch_process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scitui", "fetch", "--no-content", *map(str, args)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=dict(os.environ),
    )


def test_fetch_quiet_prints_nothing_on_success(
    cli_paths: Paths, feed_site: FeedSite, write_feeds_config: WriteConfig
) -> None:
    configure(write_feeds_config, cli_paths, feed_site)

    done = fetch_process("--quiet")

    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_fetch_quiet_prints_only_the_failing_feed_and_notify_errors(
    cli_paths: Paths, feed_site: FeedSite, write_feeds_config: WriteConfig, tmp_path: Path
) -> None:
    script = tmp_path / "fail.sh"
    script.write_text("#!/bin/sh\nexit 3\n")
    script.chmod(0o755)
    write_feeds_config(
        cli_paths.config,
        [(feed_site.url("policy"), []), (feed_site.missing, [])],
        f'[settings]\nnotify_command = ["{script}"]\n',
    )
    with cli_paths.config.open("a", encoding="utf-8") as handle:
        handle.write(VIEWS)

    done = fetch_process("-q")

    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr.splitlines() == [
        f"scitui: notify_command {script}: exited 3",
        f"scitui: {feed_site.missing}: HTTP 404 NOT FOUND",
    ]
