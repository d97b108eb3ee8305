"""``scitui cite``: articles fetched over loopback HTTP, cited, and read back by real parsers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from tests.cli.conftest import Invoke
from tests.cli.test_cli import assert_one_line_error, by_title

CSL_SCHEMA = json.loads(
    (Path(__file__).parents[1] / "data" / "csl" / "csl-data.json").read_text(encoding="utf-8")
)
NOTE = "Ask BIS about {the} 50% rule & #2\nsecond line"


def test_cite_prints_bibtex_by_default(run: Invoke, seeded: list[dict[str, Any]]):
    entity = by_title(seeded, "entity list")
    assert run("note", entity["id"], NOTE).exit_code == 0

    result = run("cite", entity["id"])

    assert result.exit_code == 0, result.stderr
    library = bibtexparser.parse_string(
        result.stdout, append_middleware=[LatexDecodingMiddleware()]
    )
    assert not library.failed_blocks
    [entry] = library.entries
    fields = {field.key: field.value for field in entry.fields}
    assert entry.entry_type == "online" and entry.key == "policy2025commerce"
    assert fields["title"] == entity["title"]
    assert fields["journaltitle"] == "Policy Wire"
    assert fields["date"] == "2025-11-03"
    assert fields["urldate"] == date.today().isoformat()
    assert fields["annote"].splitlines() == NOTE.splitlines()
    raw = bibtexparser.parse_string(result.stdout).entries[0]
    assert raw.fields_dict["url"].value == entity["url"]


def test_cite_writes_ris_to_a_file(run: Invoke, seeded: list[dict[str, Any]], tmp_path: Path):
    ids = [article["id"] for article in seeded[:2]]
    path = tmp_path / "refs.ris"

    result = run("cite", *ids, "--format", "ris", "-o", path)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == f"wrote {path} (2 citations)"
    records = rispy.loads(path.read_text(encoding="utf-8"))
    assert [record["title"] for record in records] == [article["title"] for article in seeded[:2]]
    assert all(record["type_of_reference"] == "NEWS" for record in records)
    assert [record["urls"] for record in records] == [[article["url"]] for article in seeded[:2]]


def test_cite_csl_json_matches_the_schema(run: Invoke, seeded: list[dict[str, Any]]):
    ids = [article["id"] for article in seeded]

    result = run("cite", *ids, ids[0], "--format", "csl-json")

    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    jsonschema.validate(items, CSL_SCHEMA)
    assert [item["title"] for item in items] == [article["title"] for article in seeded]
    assert len({item["id"] for item in items}) == len(items)


def test_cite_unknown_id_is_one_line_and_exit_2(run: Invoke, seeded: list[dict[str, Any]]):
    result = run("cite", seeded[0]["id"], 999_999, 999_998)

    assert_one_line_error(result, 2, "scitui: no article with id 999999, 999998")
    assert result.stdout == ""


def test_digest_bibliography_cites_the_digests_articles(run: Invoke, seeded: list[dict[str, Any]]):
    plain = run("digest", "--since", "520w")
    result = run("digest", "--since", "520w", "--bibliography")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(plain.stdout)
    bibliography = result.stdout.removeprefix(plain.stdout)
    assert bibliography.startswith("\n## Bibliography\n\n- ")
    cited = [line for line in bibliography.splitlines() if line.startswith("- ")]
    listed = {line for line in plain.stdout.splitlines() if line.startswith("### ")}
    assert len(cited) == len(listed) > 0
    assert all("Policy Wire" in line or "Lab Notes" in line for line in cited)
    assert all(f"Accessed {date.today().isoformat()}." in line for line in cited)
