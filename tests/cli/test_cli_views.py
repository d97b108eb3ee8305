"""Saved views through the CLI: `scitui views` and `scitui list --view` over fetched feeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pytest_httpserver import HTTPServer
from tests.cli.conftest import FeedSite, Invoke, Paths, WriteConfig
from tests.cli.test_cjk_search import rss, scitui

VIEWS = """
[views.chips]
title = "Chipmakers"
query = "chipmakers OR exascale"

[views.labs-recent]
title = "Labs, this millennium"
feeds = ["Lab Notes"]
since = "1000w"

[views.policy-unread]
title = "Policy wire, unread"
tags = ["Policy Wire"]
unread = true

[views.last-hour]
title = "The last hour"
since = "1h"

[views.ranked]
title = "Ranked"
query = "university"
sort = "relevance"
"""


def configure_views(paths: Paths, site: FeedSite, write: WriteConfig) -> None:
    """The served feeds (labs named "Lab Notes") and the views above."""
    write(paths.config, [(site.url("policy"), ["policy-wire"])], extra=VIEWS)
    with paths.config.open("a", encoding="utf-8") as config:
        config.write(f'\n[[feeds]]\nurl = "{site.url("labs")}"\nname = "Lab Notes"\n')


def titles(result_stdout: str) -> list[str]:
    return [article["title"] for article in json.loads(result_stdout)]


def test_views_lists_each_view_with_its_counts(
    run: Invoke, cli_paths: Paths, feed_site: FeedSite, write_feeds_config: WriteConfig
) -> None:
    configure_views(cli_paths, feed_site, write_feeds_config)
    assert run("fetch", "--no-content").exit_code == 0
    first = json.loads(run("list", "--json", "-n", "1").stdout)[0]
    assert run("read", first["id"]).exit_code == 0  # the newest: a Lab Notes article

    listed = run("views", "--json")
    assert listed.exit_code == 0, listed.stderr
    counts = {view["view"]: (view["unread"], view["total"]) for view in json.loads(listed.stdout)}
    assert counts == {
        "chips": (2, 2),
        "labs-recent": (1, 2),
        "policy-unread": (3, 3),
        "last-hour": (0, 0),
        "ranked": (2, 2),
    }
    piped = run("views")
    assert piped.stdout.splitlines()[0] == "chips\t2\t2\tChipmakers"


def test_list_view_prints_the_views_articles(
    run: Invoke, cli_paths: Paths, feed_site: FeedSite, write_feeds_config: WriteConfig
) -> None:
    configure_views(cli_paths, feed_site, write_feeds_config)
    assert run("fetch", "--no-content").exit_code == 0

    chips = run("list", "--view", "chips", "--json")
    assert chips.exit_code == 0, chips.stderr
    assert titles(chips.stdout) == [
        "Oak Ridge National Laboratory unveils a new exascale supercomputer",
        "Commerce adds three chipmakers to the entity list",
    ]
    labs = run("list", "--view", "labs-recent", "--json")
    assert {article["feed"] for article in json.loads(labs.stdout)} == {"Lab Notes"}
    assert len(json.loads(labs.stdout)) == 2
    assert titles(run("list", "--view", "ranked", "--json").stdout) == [
        "NIH research funding cuts hit university labs",  # in its title: best first
        "Visa backlog slows international student arrivals",
    ]
    narrowed = run("list", "--view", "chips", "--starred", "--json")
    assert json.loads(narrowed.stdout) == []
    empty = run("list", "--view", "last-hour")
    assert empty.exit_code == 0
    assert empty.stderr == "scitui: no articles in this view\n"


def test_an_unknown_view_is_one_line_naming_the_known_ones(
    run: Invoke, cli_paths: Paths, feed_site: FeedSite, write_feeds_config: WriteConfig
) -> None:
    configure_views(cli_paths, feed_site, write_feeds_config)
    result = run("list", "--view", "nope")
    assert result.exit_code == 2
    assert result.stderr == (
        "scitui: no view 'nope' (views: chips, labs-recent, policy-unread, last-hour, ranked)\n"
    )
    combined = run("list", "--view", "chips", "--tag", "x")
    assert combined.exit_code == 2
    assert "--view cannot be combined with --tag or --feed" in combined.stderr


def test_views_without_any_says_how_to_add_one(run: Invoke, cli_paths: Paths) -> None:
    cli_paths.config.write_text("[settings]\njobs = 2\n", encoding="utf-8")
    result = run("views")
    assert result.exit_code == 0
    assert "no views configured" in result.stderr
    assert json.loads(run("views", "--json").stdout) == []


def test_a_bad_view_in_the_config_is_a_config_error(run: Invoke, cli_paths: Paths) -> None:
    cli_paths.config.write_text('[views.bis-hbm]\ntitle = "x"\nsince = "soon"\n', "utf-8")
    result = run("views")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"scitui: config error: {cli_paths.config}: views.bis-hbm.since:"
    )
    assert len(result.stderr.splitlines()) == 1


def test_a_chinese_query_view_in_real_processes(
    httpserver: HTTPServer, cli_paths: Paths, write_feeds_config: WriteConfig
) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/cn.xml").respond_with_data(
        rss("utf-8", base), content_type="application/rss+xml; charset=utf-8"
    )
    views = '[views.export-zh]\ntitle = "出口管制"\nquery = "出口管制"\n'
    write_feeds_config(cli_paths.config, [(httpserver.url_for("/cn.xml"), [])], extra=views)
    assert scitui("fetch", "--no-content").returncode == 0

    listed = scitui("list", "--view", "export-zh", "--json")
    assert listed.returncode == 0, listed.stderr
    assert titles(listed.stdout) == ["商务部公告2023年第23号：镓锗相关物项实施出口管制"]
    counted = scitui("views")
    assert counted.stdout == "export-zh\t1\t1\t出口管制\n"


def test_views_is_in_the_help(tmp_path: Path) -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "scitui", "--help"], capture_output=True, text=True, check=True
    )
    assert "views" in shown.stdout
