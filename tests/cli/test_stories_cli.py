"""`scitui stories`, `scitui restory` and `list --json`'s story keys, after a real fetch."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from pytest_httpserver import HTTPServer
from test_scripts import on_terminal

from conftest import Invoke, Paths, WriteConfig

STORY_KEYS = {
    "id",
    "headline",
    "url",
    "outlets",
    "first_seen",
    "last_seen",
    "tags",
    "sources",
    "article_ids",
}
BODY = (
    "The Bureau of Industry and Security added 140 entities to the Entity List, among them "
    "the chip toolmakers Naura and Piotech, and restricted exports of high-bandwidth memory "
    "to China; the foreign direct product rule now reaches equipment made abroad."
)
OUTLETS = {
    "wire": "US adds 140 Chinese entities to [bold]Entity List[/bold], curbs HBM exports",
    "csis": "Commerce puts Naura, Piotech and 138 other entities on the Entity List",
    "trade": "Entity List grows by 140 entities as HBM export curbs land",
}
SINGLE = "NSF merges two directorates in a reorganization"


def rss(title: str, items: list[tuple[str, str, str, datetime]]) -> bytes:
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{headline.replace('&', '&amp;')}</title>"
        f"<link>https://{guid}.example/</link><description>{text}</description>"
        f"<pubDate>{format_datetime(when)}</pubDate></item>"
        for guid, headline, text, when in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>/</link><description>x</description>{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def fetched(
    run: Invoke, cli_paths: Paths, httpserver: HTTPServer, write_feeds_config: WriteConfig
) -> None:
    """Three outlets tell one event (an hour apart), the first also a story of its own."""
    now = datetime.now(UTC).replace(microsecond=0)
    feeds = []
    for hour, (name, headline) in enumerate(OUTLETS.items()):
        items = [(f"{name}-1", headline, BODY, now - timedelta(hours=5 - hour))]
        if name == "wire":
            items.append(("wire-2", SINGLE, "The NSF will merge two units.", now))
        httpserver.expect_request(f"/{name}.xml").respond_with_data(
            rss(name.title(), items), content_type="application/rss+xml"
        )
        feeds.append((httpserver.url_for(f"/{name}.xml"), ["policy-wire"] if hour else []))
    write_feeds_config(cli_paths.config, feeds, extra="[topics]\n")
    result = run("fetch", "--no-content", "--json")
    assert result.exit_code == 0, result.stderr


def stdout_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_stories_json_lists_the_story_with_its_outlets(run: Invoke, fetched: None) -> None:
    [story] = stdout_json(run("stories", "--json"))
    assert set(story) == STORY_KEYS
    assert story["headline"] == OUTLETS["wire"]
    assert story["outlets"] == ["Wire", "Csis", "Trade"]
    assert story["id"] == min(story["article_ids"]) and len(story["article_ids"]) == 3
    assert story["first_seen"] < story["last_seen"]
    assert story["tags"] == ["policy-wire"]
    assert story["sources"] == []
    assert len(stdout_json(run("stories", "--json", "--singles"))) == 2
    assert stdout_json(run("stories", "--json", "--tag", "no-such-tag")) == []
    assert len(stdout_json(run("stories", "--json", "--tag", "policy-wire"))) == 1
    assert len(stdout_json(run("stories", "--json", "--since", "1d"))) == 1


def test_list_json_says_each_articles_story_and_its_size(run: Invoke, fetched: None) -> None:
    articles = stdout_json(run("list", "--json"))
    sizes = {article["title"]: (article["story_id"], article["story_size"]) for article in articles}
    story_ids = {sizes[headline][0] for headline in OUTLETS.values()}
    assert len(story_ids) == 1 and {sizes[h][1] for h in OUTLETS.values()} == {3}
    single = next(article for article in articles if article["title"] == SINGLE)
    assert sizes[SINGLE] == (single["id"], 1)


def test_stories_piped_are_tab_separated_rows(run: Invoke, fetched: None) -> None:
    result = run("stories")
    assert result.exit_code == 0, result.stderr
    [row] = result.stdout.splitlines()
    fields = row.split("\t")
    assert len(fields) == 9
    assert fields[1] == "3" and fields[4] == "Wire | Csis | Trade"
    assert fields[8] == OUTLETS["wire"]


def test_stories_on_a_terminal_are_a_table_showing_headlines_literally(fetched: None) -> None:
    code, output = on_terminal("stories")
    assert code == 0
    assert "\t" not in output
    flat = " ".join(output.split())
    assert OUTLETS["wire"] in flat
    assert "3 articles: Wire, Csis, Trade" in flat


def test_restory_dry_run_reports_and_changes_nothing(
    run: Invoke, fetched: None, cli_paths: Paths
) -> None:
    _unplace_all(cli_paths.db)
    assert stdout_json(run("stories", "--json")) == []
    dry = run("restory", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "1 stories would form and 0 would come apart" in dry.stdout
    assert f"+ {OUTLETS['wire']} (3 articles)" in dry.stdout
    assert "Dry run: nothing was changed." in dry.stdout
    assert stdout_json(run("stories", "--json")) == []
    report = stdout_json(run("restory", "--json"))
    assert (report["formed"], report["stories_after"], report["dry_run"]) == (1, 1, False)
    assert report["formed_examples"] == [{"headline": OUTLETS["wire"], "articles": 3}]
    assert len(stdout_json(run("stories", "--json"))) == 1
    assert stdout_json(run("restory", "--json"))["changed_articles"] == 0


def test_no_stories_says_so_on_stderr(run: Invoke, cli_paths: Paths) -> None:
    result = run("stories")
    assert result.exit_code == 0
    assert result.stdout == "" and "no stories (try --singles)" in result.stderr


def _unplace_all(db: Path) -> None:
    """As an older scitui left the file: every article a story of its own."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE articles SET story_id = id")
