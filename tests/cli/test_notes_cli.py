"""``scitui note`` and notes in ``show``, ``list``, ``search`` and ``digest``.

Feeds come over loopback HTTP; standard input and the plain output are read in real processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

from tests.cli.conftest import Invoke, Paths
from tests.cli.test_trends_digest import CONFIG, draft

from scitui.library import Library

HOSTILE = "[@click=app.quit]x[/] \x1b[2J# not a heading\n<script>alert(1)</script> *bold*"
WAIT = 60.0


def scitui(*args: object, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run scitui in its own process with ``stdin`` on standard input."""
    return subprocess.run(
        [sys.executable, "-m", "scitui", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
        env={**os.environ, "COLUMNS": "80"},
    )


def test_note_is_set_printed_replaced_and_cleared(run: Invoke, seeded: list[dict[str, Any]]):
    article_id = seeded[0]["id"]
    assert seeded[0]["has_note"] is False

    assert run("note", article_id).exit_code == 1
    set_result = run("note", article_id, "ask", "the", "lab")
    assert set_result.exit_code == 0 and f"noted {article_id}" in set_result.stderr
    assert run("note", article_id).stdout == "ask the lab\n"
    assert json.loads(run("note", article_id, "--json").stdout) == {
        "id": article_id,
        "note": "ask the lab",
    }
    run("note", article_id, "second thoughts")
    assert run("note", article_id).stdout == "second thoughts\n"

    cleared = run("note", article_id, "--clear")
    assert cleared.exit_code == 0 and "cleared the note" in cleared.stderr
    missing = run("note", article_id)
    assert missing.exit_code == 1 and "has no note" in missing.stderr
    assert "there was no note" in run("note", article_id, "--clear").stderr


def test_note_refuses_text_with_clear_and_an_unknown_article(
    run: Invoke, seeded: list[dict[str, Any]]
):
    both = run("note", seeded[0]["id"], "text", "--clear")
    assert both.exit_code == 2 and "not both" in both.stderr
    unknown = run("note", 999_999, "text")
    assert unknown.exit_code == 1 and "no article with id 999999" in unknown.stderr


def test_show_json_list_json_and_search_carry_the_note(run: Invoke, seeded: list[dict[str, Any]]):
    noted, plain = seeded[0]["id"], seeded[1]["id"]
    run("note", noted, "zirconium supply worries")

    assert json.loads(run("show", noted, "--json").stdout)["note"] == "zirconium supply worries"
    assert json.loads(run("show", plain, "--json").stdout)["note"] is None
    flags = {item["id"]: item["has_note"] for item in json.loads(run("list", "--json").stdout)}
    assert flags[noted] is True and flags[plain] is False
    [hit] = json.loads(run("search", "zirconium", "--json").stdout)
    assert hit["id"] == noted and hit["snippet"].startswith("note: ")
    assert hit["has_note"] is True


def test_a_chinese_note_is_found_by_search(run: Invoke, seeded: list[dict[str, Any]]):
    noted = seeded[2]["id"]
    run("note", noted, "核实高带宽存储器的出口管制范围")

    hits = json.loads(run("search", "出口管制", "--json").stdout)

    assert [hit["id"] for hit in hits] == [noted]
    assert "«出口管制»" in hits[0]["snippet"]


def test_note_reads_standard_input_in_a_real_process(cli_paths: Paths, seeded):
    article_id = seeded[0]["id"]
    text = "line one\nline two\n\n- a list item\n"

    stored = scitui("note", article_id, "-", stdin=text)

    assert stored.returncode == 0, stored.stderr
    printed = scitui("note", article_id)
    assert printed.stdout == "line one\nline two\n\n- a list item\n"
    shown = scitui("show", article_id)
    assert "your note:\nline one\nline two" in shown.stdout


def test_hostile_note_is_printed_literally_without_control_characters(
    cli_paths: Paths, seeded: list[dict[str, Any]]
):
    article_id = seeded[0]["id"]
    scitui("note", article_id, "-", stdin=HOSTILE)

    shown = scitui("show", article_id)
    printed = scitui("note", article_id)

    assert "\x1b" not in shown.stdout and "\x1b" not in printed.stdout
    assert "[@click=app.quit]x[/] [2J# not a heading" in shown.stdout
    assert printed.stdout.startswith("[@click=app.quit]x[/] [2J# not a heading\n<script>")


def _digest_cache(cli_paths: Paths) -> int:
    """A one-topic cache with one article from today; returns its id."""
    cli_paths.config.write_text(CONFIG, encoding="utf-8")
    library = Library.open(cli_paths.config, cli_paths.db)
    try:
        feed = library.store.ensure_feed("https://feeds.test/policy.xml", "Policy Wire")
        story = draft("Chip story", datetime.now(UTC) - timedelta(hours=2), {"chips": "rule"})
        library.store.save_new(feed.id, [(story, "h-note")])
        [summary] = library.articles()
        return summary.id
    finally:
        library.close()


class Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.started: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.started.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_digest_shows_the_note_under_its_article_escaped(run: Invoke, cli_paths: Paths):
    article_id = _digest_cache(cli_paths)
    assert run("note", article_id, HOSTILE).exit_code == 0

    markdown = run("digest").stdout
    html = run("digest", "--format", "html").stdout

    lines = markdown.splitlines()
    quote = [line for line in lines if line.startswith(">")]
    assert quote[0].startswith("> **Note:** \\[@click=app.quit\\]x\\[/\\] \\[2J\\# not a heading")
    assert quote[1] == "> \\<script\\>alert(1)\\</script\\> \\*bold\\*"
    assert lines.index(quote[0]) > next(i for i, ln in enumerate(lines) if "Chip story" in ln)
    parsed = Texts()
    parsed.feed(html)
    assert "script" not in parsed.started and "blockquote" in parsed.started
    assert "<script>alert(1)</script> *bold*" in "".join(parsed.text)
    assert "\x1b" not in html and "\x1b" not in markdown
