"""``scitui trends`` and ``scitui digest`` on real SQLite files, dated around the real clock."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from itertools import count
from typing import Any

import pytest
from click.testing import Result

from scitui.library import Library
from scitui.models import ArticleDraft, EntryData, TagSource
from scitui.trends import sparkline, week_start

TREND_KEYS = {"tag", "title", "weeks", "counts", "current", "baseline", "total", "spike"}
CONFIG = """
[[feeds]]
url = "https://feeds.test/policy.xml"
name = "Policy Wire"

[topics.chips]
title = "Chips"
keywords = ["semiconductor"]

[topics.labs]
title = "National labs"
keywords = ["national laboratory"]
"""
MARKUP_TITLE = "[bold]*x*_y_ <script>alert(1)</script>"

_keys = count()


def draft(title: str, published: datetime, tags: dict[str, TagSource]) -> ArticleDraft:
    key = f"k{next(_keys)}"
    entry = EntryData(
        key=key,
        guid=key,
        url=f"https://news.test/{key}.html",
        title=title,
        author=None,
        published=published,
        summary="",
        content_html="",
    )
    text = (
        f"{title} was reported this week by our correspondents in Washington and Brussels. "
        "Officials said more would follow. A third sentence stays out of the lead."
    )
    return ArticleDraft(entry, "", text, "feed", tags)


@pytest.fixture
def dated(cli_paths: Any) -> datetime:
    """A cache whose 'chips' topic spikes this week; returns the Monday the week began."""
    cli_paths.config.write_text(CONFIG, encoding="utf-8")
    now = datetime.now(UTC)
    monday = datetime.combine(week_start(now), datetime.min.time(), tzinfo=UTC)
    library = Library.open(cli_paths.config, cli_paths.db)
    try:
        feed = library.store.ensure_feed("https://feeds.test/policy.xml", "Policy Wire")
        drafts = [
            draft("Chip story one", monday, {"chips": "rule"}),
            draft("Chip story two", monday, {"chips": "rule"}),
            draft(MARKUP_TITLE, monday, {"chips": "rule", "briefing": "manual"}),
            draft("Chip story from two weeks ago", monday - timedelta(days=13), {"chips": "rule"}),
            draft("Fresh labs story", now - timedelta(hours=2), {"labs": "rule"}),
            draft("Older labs story", now - timedelta(days=3), {"labs": "rule"}),
            draft("Old labs story", now - timedelta(days=10), {"labs": "rule"}),
        ]
        library.store.save_new(feed.id, [(each, f"h{next(_keys)}") for each in drafts])
    finally:
        library.close()
    return monday


def stdout_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# trends ------------------------------------------------------------------------------------


def test_trends_json(run, dated):
    trends = stdout_json(run("trends", "--json"))

    assert [trend["tag"] for trend in trends] == ["chips", "labs"]
    for trend in trends:
        assert set(trend) == TREND_KEYS
        assert len(trend["weeks"]) == len(trend["counts"]) == 12
        assert trend["weeks"][-1] == dated.date().isoformat()
        assert trend["total"] == sum(trend["counts"])
    chips = trends[0]
    assert chips["title"] == "Chips"
    assert chips["current"] == chips["counts"][-1] == 3
    assert chips["counts"][-3:-1] == [1, 0]
    assert chips["baseline"] == round(1 / 8, 2)
    assert chips["spike"] is True
    assert trends[1]["spike"] is False


def test_trends_weeks_option_and_paths(run, dated, tmp_path):
    trends = stdout_json(run("trends", "-w", "3", "--json"))
    assert [len(trend["weeks"]) for trend in trends] == [3, 3]
    assert trends[0]["counts"] == [1, 0, 3]

    empty = stdout_json(run("trends", "--db", tmp_path / "empty.db", "--weeks", "2", "--json"))
    assert [trend["counts"] for trend in empty] == [[0, 0], [0, 0]]


def test_trends_table_shows_sparklines_and_the_spike(run, dated):
    trends = stdout_json(run("trends", "--json"))
    result = run("trends")

    assert result.exit_code == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:] if line.strip()}
    assert set(rows) == {"Chips", "National"}
    assert sparkline(trends[0]["counts"]) in rows["Chips"]
    assert sparkline(trends[1]["counts"]) in rows["National"]
    assert rows["Chips"].rstrip().endswith("▲ spike")
    assert "spike" not in rows["National"]
    assert rows["Chips"].split()[2:5] == ["3", "0.1", "4"]
    assert "12 weeks" in result.stdout.splitlines()[0]
    assert "(00:00 UTC), the last one so far" in result.stderr


def test_trends_rejects_zero_weeks(run, dated):
    result = run("trends", "--weeks", "0")
    assert result.exit_code == 2
    assert "--weeks" in result.stderr


# digest ------------------------------------------------------------------------------------


def test_digest_markdown_to_a_file(run, dated, tmp_path):
    target = tmp_path / "out" / "brief.md"
    target.parent.mkdir()
    result = run("digest", "--format", "md", "-o", target)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"wrote {target}" in result.stderr
    text = target.read_text("utf-8")
    assert text.startswith("# scitui digest: ")
    assert text.index("## Chips") < text.index("## National labs")
    assert "### [\\[bold\\]\\*x\\*\\_y\\_ \\<script\\>alert(1)\\</script\\>](https://" in text
    assert "Fresh labs story" in text and "Older labs story" in text
    assert "Old labs story" not in text
    assert "Chip story from two weeks ago" not in text
    assert (
        "Fresh labs story was reported this week by our correspondents in Washington and "
        "Brussels. Officials said more would follow.\n"
    ) in text
    assert "A third sentence" not in text


def test_digest_markdown_on_stdout_by_default(run, dated):
    result = run("digest")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# scitui digest: ")
    assert result.stderr == ""


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.started: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.started.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_digest_html(run, dated):
    result = run("digest", "--format", "html")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!doctype html>\n")
    parsed = Tags()
    parsed.feed(result.stdout)
    assert parsed.started[:3] == ["html", "head", "meta"]
    assert parsed.started.count("section") == 2 and "script" not in parsed.started
    assert MARKUP_TITLE in parsed.text


def test_digest_one_tag(run, dated):
    result = run("digest", "--tag", "briefing")
    assert result.exit_code == 0, result.stderr
    assert "## briefing" in result.stdout
    assert result.stdout.count("### ") == 1 and "Chips" not in result.stdout

    labs = run("digest", "-t", "labs").stdout
    assert "## National labs" in labs and "## Chips" not in labs


def test_digest_since(run, dated):
    result = run("digest", "--since", "12h")
    assert result.exit_code == 0, result.stderr
    assert "Fresh labs story" in result.stdout
    assert "Older labs story" not in result.stdout

    weeks = run("digest", "--since", "3w").stdout
    assert "Old labs story" in weeks and "Chip story from two weeks ago" in weeks


@pytest.mark.parametrize("value", ["7x", "0d", "week", "1.5d"])
def test_digest_since_error_names_the_option(run, dated, value):
    result = run("digest", "--since", value)
    assert result.exit_code == 2
    assert "Invalid value for '--since'" in result.stderr
    assert repr(value) in result.stderr
    assert result.stdout == ""


def test_empty_digest_is_a_document(run, dated):
    result = run("digest", "--tag", "nothing-here")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# scitui digest: nothing-here, ")
    assert "Nothing in this period" in result.stdout


def test_digest_of_a_fetched_feed(run, seeded):
    """The real fetch pipeline's articles (dated 2025): a feed tag, over a long period."""
    result = run("digest", "--tag", "policy-wire", "--since", "5000w")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("### ") == 3
    assert "Commerce adds three chipmakers to the entity list" in result.stdout
    assert "Policy Wire · 2025-11-0" in result.stdout
