"""`show` lists an article's primary sources and `scitui sources` ranks the documents cited,
through the real CLI over feeds served on loopback HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from click.testing import Result
from pytest_httpserver import HTTPServer
from tests.cli.conftest import Invoke, Paths, WriteConfig
from tests.unit.test_ingest import RSS_TYPE, rss

RULE = "https://www.federalregister.gov/documents/2022/10/13/2022-21658/implementation"
NOW = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


def stdout_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def fetched(
    run: Invoke, httpserver: HTTPServer, cli_paths: Paths, write_feeds_config: WriteConfig
) -> dict[str, int]:
    """Two outlets on the October 2022 rule, and the rule's own Federal Register entry."""
    httpserver.expect_request("/wire.xml").respond_with_data(
        rss(
            {
                "guid": "w1",
                "title": "Chip rule lands",
                "link": "https://wire.test/chips",
                "date": NOW,
                "encoded": "<p>The rule (87 FR 62186) adds ECCN 3A090 under the EAR.</p>"
                '<p>Read <a href="https://www.federalregister.gov/d/2022-21658">it</a>.</p>',
            },
            {"guid": "w2", "title": "Weather", "date": NOW, "encoded": "<p>Rain, 2022.</p>"},
            title="Wire",
        ),
        content_type=RSS_TYPE,
    )
    httpserver.expect_request("/fr.xml").respond_with_data(
        rss(
            {"guid": "f1", "title": "Implementation of controls", "link": RULE, "date": NOW},
            title="Federal Register: BIS",
        ),
        content_type=RSS_TYPE,
    )
    feeds = [(httpserver.url_for("/wire.xml"), []), (httpserver.url_for("/fr.xml"), [])]
    write_feeds_config(cli_paths.config, feeds, extra="[settings]\ncontent = false\n")
    assert run("fetch", "--json").exit_code == 0
    return {article["title"]: article["id"] for article in stdout_json(run("list", "--json"))}


def test_show_json_lists_the_sources_with_canonical_urls(run: Invoke, fetched: dict[str, int]):
    article = stdout_json(run("show", fetched["Chip rule lands"], "--json"))

    assert article["sources"] == [
        {
            "kind": "fr-doc",
            "id": "2022-21658",
            "url": "https://www.federalregister.gov/d/2022-21658",
        },
        {
            "kind": "fr-cite",
            "id": "87 FR 62186",
            "url": "https://www.federalregister.gov/citation/87-FR-62186",
        },
        {"kind": "eccn", "id": "3A090", "url": ""},
    ]
    own = stdout_json(run("show", fetched["Implementation of controls"], "--json"))
    assert [source["id"] for source in own["sources"]] == ["2022-21658"]
    assert stdout_json(run("show", fetched["Weather"], "--json"))["sources"] == []


def test_plain_show_lists_the_sources(run: Invoke, fetched: dict[str, int]):
    result = run("show", fetched["Chip rule lands"])

    assert result.exit_code == 0, result.stderr
    assert "primary sources:" in result.stdout
    assert "FR 2022-21658  https://www.federalregister.gov/d/2022-21658" in result.stdout
    assert "ECCN 3A090" in result.stdout


def test_sources_json_ranks_documents_by_citing_stories(run: Invoke, fetched: dict[str, int]):
    ranked = stdout_json(run("sources", "--json"))

    assert [(item["kind"], item["id"]) for item in ranked] == [
        ("fr-doc", "2022-21658"),
        ("eccn", "3A090"),
        ("fr-cite", "87 FR 62186"),
    ]
    top = ranked[0]
    # the wire's coverage and the rule's own entry share the document: one story, two outlets
    assert (top["stories"], top["articles"], top["outlets"]) == (1, 2, 2)
    stories = {item["title"]: item["story_id"] for item in stdout_json(run("list", "--json"))}
    assert stories["Chip rule lands"] == stories["Implementation of controls"]
    assert stories["Weather"] != stories["Chip rule lands"]
    assert top["url"] == "https://www.federalregister.gov/d/2022-21658"
    assert datetime.fromisoformat(top["newest"]).tzinfo is not None
    only = stdout_json(run("sources", "--kind", "eccn", "--json"))
    assert [item["id"] for item in only] == ["3A090"]
    assert stdout_json(run("sources", "--since", "1h", "--json")) == ranked


def test_sources_piped_rows_and_bad_options(run: Invoke, fetched: dict[str, int]):
    result = run("sources")

    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0].split("\t")
    assert first[:5] == ["fr-doc", "2022-21658", "1", "2", "2"]
    assert first[-1] == "https://www.federalregister.gov/d/2022-21658"
    assert run("sources", "--kind", "patent").exit_code == 2
    assert run("sources", "--since", "soon").exit_code == 2
