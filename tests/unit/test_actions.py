"""Rules that act: views' on_new actions at ingest over loopback HTTP, apply, notify_command."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from tests.conftest import config_text, toml_strings
from tests.unit.test_ingest import RSS_TYPE, rss
from werkzeug import Request, Response

from scitui import notify
from scitui.actions import AlertReport, describe
from scitui.config import parse_config
from scitui.errors import ConfigError
from scitui.library import Library
from scitui.models import Tag
from scitui.store import ArticleFilter, Store

ITEMS = [
    {"guid": "1", "title": "BIS adds HBM to the entity rules", "description": "Memory chips."},
    {"guid": "2", "title": "Football scores", "description": "Sports results of the week."},
    {"guid": "3", "title": "Lab budget", "description": "A national lab gets money."},
]
LATER = {"guid": "4", "title": "More HBM export news", "description": "HBM again."}


def views_text(views: Mapping[str, Mapping[str, object]]) -> str:
    lines = []
    for slug, fields in views.items():
        lines.append(f"[views.{slug}]")
        for key, value in fields.items():
            shown = toml_strings(value) if isinstance(value, list) else json.dumps(value)
            lines.append(f"{key} = {shown}")
    return "\n".join(lines) + "\n"


VIEWS: dict[str, dict[str, object]] = {
    "bis-hbm": {"title": "BIS on HBM", "query": "HBM", "on_new": ["star", "tag:memory", "notify"]},
    "muted-sports": {"title": "Sports", "query": "sports OR football", "on_new": ["mark-read"]},
}


@pytest.fixture
def feed(httpserver: HTTPServer) -> dict[str, bytes]:
    """The feed the server sends now; tests replace ``feed["body"]`` between refreshes."""
    current = {"body": rss(*ITEMS)}

    def respond(request: Request) -> Response:
        return Response(current["body"], content_type=RSS_TYPE)

    httpserver.expect_request("/feed.xml").respond_with_handler(respond)
    return current


@pytest.fixture
def open_library(
    tmp_path: Path, httpserver: HTTPServer, feed: dict[str, bytes]
) -> Callable[..., Library]:
    """A Library whose config has the feed, these views and optionally a notify_command."""
    opened: list[Library] = []

    def open_(
        views: Mapping[str, Mapping[str, object]] = VIEWS, command: list[str] | None = None
    ) -> Library:
        text = config_text([httpserver.url_for("/feed.xml")], content=False)
        if command:
            text = text.replace(
                "[settings]\n", f"[settings]\nnotify_command = {toml_strings(command)}\n"
            )
        path = tmp_path / "config.toml"
        path.write_text(text + views_text(views), encoding="utf-8")
        library = Library.open(path, tmp_path / "scitui.db")
        opened.append(library)
        return library

    yield open_  # type: ignore[misc]
    for library in opened:
        library.close()


def by_title(library: Library) -> dict[str, int]:
    return {summary.title: summary.id for summary in library.articles()}


def refresh(library: Library) -> list[AlertReport]:
    reports: list[AlertReport] = []
    list(library.refresh(on_alerts=reports.append))
    return reports


def test_each_action_is_taken_on_new_matches_at_ingest(
    open_library: Callable[..., Library],
) -> None:
    library = open_library()

    [report] = refresh(library)

    ids = by_title(library)
    hbm = library.article(ids["BIS adds HBM to the entity rules"])
    sports = library.article(ids["Football scores"])
    lab = library.article(ids["Lab budget"])
    assert (hbm.starred, hbm.read, Tag("memory", "manual") in hbm.tags) == (True, False, True)
    assert (sports.starred, sports.read) == (False, True)
    assert (lab.starred, lab.read, lab.tags) == (False, False, ())
    assert [(a.view, a.action) for a in library.article_actions(hbm.id)] == [
        ("bis-hbm", "notify"), ("bis-hbm", "star"), ("bis-hbm", "tag:memory"),
    ]  # fmt: skip
    assert [describe(a.view, a.action) for a in library.article_actions(sports.id)] == [
        "marked read by view muted-sports"
    ]
    assert [alert.article.id for alert in report.alerts] == [hbm.id]
    assert (report.headline(), report.problems) == ("1 new in BIS on HBM", ())


def test_only_new_articles_are_acted_upon(
    open_library: Callable[..., Library], feed: dict[str, bytes]
) -> None:
    library = open_library()
    refresh(library)
    first = by_title(library)["BIS adds HBM to the entity rules"]
    library.star([first], False)  # the user unstars what the rule starred
    feed["body"] = rss(*ITEMS, LATER)

    [report] = refresh(library)

    later = by_title(library)["More HBM export news"]
    assert [alert.article.id for alert in report.alerts] == [later]
    assert library.article(later).starred
    assert not library.article(first).starred, "an old article is not starred again"


def test_apply_dry_run_reports_and_apply_acts_on_stored_articles(
    open_library: Callable[..., Library], tmp_path: Path
) -> None:
    marker = tmp_path / "notified"
    script = tmp_path / "notify.sh"
    script.write_text(f"#!/bin/sh\ncat >> {marker}\n")
    script.chmod(0o755)
    refresh(open_library({}, command=[str(script)]))  # stored before any view had rules
    library = open_library(VIEWS, command=[str(script)])

    plan = library.apply_rules(dry_run=True)

    assert plan.views["bis-hbm"].counts == {"star": 1, "tag:memory": 1}
    assert plan.views["bis-hbm"].examples == ["BIS adds HBM to the entity rules"]
    assert plan.views["muted-sports"].counts == {"mark-read": 1}
    assert library.count(library.view_filter(library.view("muted-sports"))) == 1
    assert not any(summary.read or summary.starred for summary in library.articles())

    library.apply_rules()

    ids = by_title(library)
    assert library.article(ids["BIS adds HBM to the entity rules"]).starred
    assert library.article(ids["Football scores"]).read
    assert not marker.exists(), "notify is never sent for stored articles"
    assert library.apply_rules(dry_run=True).actions == []


def test_a_manual_change_after_a_rule_wins(open_library: Callable[..., Library]) -> None:
    library = open_library()
    refresh(library)
    ids = by_title(library)
    sports, hbm = ids["Football scores"], ids["BIS adds HBM to the entity rules"]
    library.mark_read([sports], False)
    library.untag(hbm, ["memory"])
    library.star([hbm], False)

    plan = library.apply_rules()

    assert plan.actions == []
    assert not library.article(sports).read
    assert not library.article(hbm).starred
    assert "memory" not in {tag.name for tag in library.article(hbm).tags}


def test_only_one_view_applies_with_view(open_library: Callable[..., Library]) -> None:
    refresh(open_library({}))
    library = open_library()

    plan = library.apply_rules("muted-sports")

    assert list(plan.views) == ["muted-sports"]
    assert not library.article(by_title(library)["BIS adds HBM to the entity rules"]).starred


def write_script(tmp_path: Path, name: str, body: str) -> Path:
    script = tmp_path / name
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return script


def test_notify_command_gets_json_lines_on_stdin(
    open_library: Callable[..., Library], tmp_path: Path
) -> None:
    received = tmp_path / "received.jsonl"
    script = write_script(tmp_path, "notify.sh", f'cat >> "{received}"\n')
    library = open_library(command=[str(script)])

    [report] = refresh(library)

    lines = [json.loads(line) for line in received.read_text("utf-8").splitlines()]
    assert report.problems == ()
    [line] = lines
    assert set(line) == {"view", "id", "title", "url", "feed", "published", "tags"}
    assert (line["view"], line["title"], line["feed"]) == (
        "bis-hbm", "BIS adds HBM to the entity rules", "Test Feed",
    )  # fmt: skip
    assert line["id"] == by_title(library)[line["title"]]


def test_a_failing_notify_command_is_reported_and_the_fetch_goes_on(
    open_library: Callable[..., Library], tmp_path: Path
) -> None:
    script = write_script(tmp_path, "fail.sh", "echo 'no display' >&2\nexit 1\n")
    library = open_library(command=[str(script)])

    [report] = refresh(library)

    assert report.problems == (f"notify_command {script}: exited 1: no display",)
    assert library.count() == 3
    assert library.article(by_title(library)["Football scores"]).read


def test_a_missing_notify_command_is_reported(
    open_library: Callable[..., Library], tmp_path: Path
) -> None:
    missing = str(tmp_path / "no-such-program")
    [report] = refresh(open_library(command=[missing]))

    assert report.problems == (
        f"notify_command {missing}: cannot run it: No such file or directory",
    )


def test_a_hanging_notify_command_is_killed(
    open_library: Callable[..., Library], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notify, "NOTIFY_TIMEOUT", 0.5)
    script = write_script(tmp_path, "hang.sh", "sleep 60\n")
    library = open_library(command=[str(script)])

    started = time.monotonic()
    [report] = refresh(library)

    assert time.monotonic() - started < 30
    assert report.problems == (f"notify_command {script}: killed after 0.5 s without finishing",)
    assert library.count() == 3


def test_a_view_whose_query_cannot_run_is_reported_and_the_others_act(
    open_library: Callable[..., Library],
) -> None:
    views = {"broken": {"title": "Broken", "query": '"HBM', "on_new": ["star"]}, **VIEWS}
    views["broken"]["query"] = "NEAR(HBM"
    library = open_library(views)

    [report] = refresh(library)

    assert len(report.problems) == 1 and report.problems[0].startswith("view broken: ")
    assert library.article(by_title(library)["Football scores"]).read


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[views.v]\ntitle = "V"\non_new = ["stars"]\n',
            "cfg.toml: views.v.on_new: unknown action 'stars' "
            "(expected star, mark-read, notify or tag:<name>)",
        ),
        (
            '[views.v]\ntitle = "V"\non_new = ["tag:Bad Tag"]\n',
            "cfg.toml: views.v.on_new: 'tag:Bad Tag': 'Bad Tag' is not a tag",
        ),
        ('[views.v]\ntitle = "V"\non_new = "star"\n', "cfg.toml: views.v.on_new: must be an array"),
        (
            '[settings]\nnotify_command = "notify-send"\n',
            "cfg.toml: settings.notify_command: must be an array of strings",
        ),
        (
            "[settings]\nnotify_command = []\n",
            "cfg.toml: settings.notify_command: must name a program",
        ),
        (
            "[settings]\nnotify_command = [1]\n",
            "cfg.toml: settings.notify_command: must be an array",
        ),
    ],
)
def test_config_errors_name_the_file_and_key(toml: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("[topics]\n" + toml, "cfg.toml")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_config_reads_actions_and_notify_command() -> None:
    config = parse_config(
        '[settings]\nnotify_command = ["notify-send", "-a", "scitui"]\n[topics]\n'
        '[views.v]\ntitle = "V"\non_new = ["star", " tag:chips ", "star", "notify"]\n',
        "cfg.toml",
    )
    assert config.settings.notify_command == ("notify-send", "-a", "scitui")
    assert config.views[0].on_new == ("star", "tag:chips", "notify")


def rule_plan(store: Store, where: ArticleFilter) -> str:
    """EXPLAIN QUERY PLAN of the statement rule_matches runs, steps joined by " / "."""
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    store.rule_matches(where, after_id=100)
    store.db.conn.set_trace_callback(None)
    [query] = [sql for sql in statements if "article_actions" in sql]
    rows = store.db.conn.execute(f"EXPLAIN QUERY PLAN {query}").fetchall()
    return " / ".join(row[3] for row in rows)


def test_a_rule_reads_only_the_new_ids_and_their_index_entries(tmp_path: Path) -> None:
    """By id range past the last article before the fetch, never an index of all unread."""
    store = Store(tmp_path / "plan.db")
    try:
        plain = rule_plan(store, ArticleFilter(any_tags=("chips",), unread=True))
        matched = rule_plan(store, ArticleFilter(tag="chips", match="hbm", unread=True))
    finally:
        store.close()
    assert plain.startswith("SEARCH a USING INTEGER PRIMARY KEY (rowid>?)"), plain
    assert "SEARCH t USING PRIMARY KEY (article_id=? AND tag=?)" in plain, plain
    # the words' rows are looked up past the same id ("M" match, ">" the rowid bound)
    assert matched.startswith("SEARCH a USING INTEGER PRIMARY KEY (rowid=?)"), matched
    assert "SCAN articles_fts VIRTUAL TABLE INDEX 0:M4>" in matched, matched
    for plan in (plain, matched):
        assert "SCAN a " not in f"{plan} " and "TEMP B-TREE" not in plan, plan


def test_a_tag_a_rule_added_keeps_nothing_from_a_prune(
    open_library: Callable[..., Library],
) -> None:
    views = {"sport": {"title": "Sport", "query": "football", "on_new": ["tag:sport"]}}
    library = open_library(views)
    refresh(library)
    ids = by_title(library)
    library.tag(ids["Lab budget"], ["mine"])

    report = library.prune(timedelta(days=1), now=datetime.now(UTC) + timedelta(days=30))

    assert report.articles == 2
    assert set(by_title(library)) == {"Lab budget"}
