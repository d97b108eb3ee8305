"""The ``scitui`` command line, end to end: real SQLite files, feeds served over loopback HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from scitui import __version__
from scitui.config import default_config_text, load_config, parse_config

DATA = Path(__file__).parents[1] / "data"
CONFIG_DATA = DATA / "config"
OPML_DATA = DATA / "opml"

SUMMARY_KEYS = {"id", "title", "url", "feed", "published", "tags", "read", "starred", "has_note"}
STORY_KEYS = {"story_id", "story_size"}
"""What `list --json` adds to an article's summary keys."""
MARKUP_TITLE = "[bold red]x[/] and [/bold] :smile: markup in a title"
DEFAULT_TOPICS = [
    "export-controls",
    "ai-chips",
    "talent",
    "national-labs",
    "collaboration",
    "self-reliance",
    "research-security",
    "funding",
]


def stdout_json(result: Result) -> Any:
    """The JSON on stdout, which must be all that is on stdout."""
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def by_title(articles: list[dict[str, Any]], fragment: str) -> dict[str, Any]:
    found = [article for article in articles if fragment in article["title"]]
    assert len(found) == 1, [article["title"] for article in articles]
    return found[0]


def assert_one_line_error(result: Result, exit_code: int, *fragments: str) -> str:
    """The command failed with ``exit_code`` and one line on stderr holding every fragment."""
    assert result.exit_code == exit_code, (result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def aware(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None and moment.utcoffset() is not None, value
    return moment


# fetch ------------------------------------------------------------------------------------


def test_fetch_json_reports_each_feed_and_stores_pages(run, configured, cli_paths):
    outcomes = stdout_json(run("fetch", "--json"))

    assert isinstance(outcomes, list) and len(outcomes) == 2
    by_url = {outcome["url"]: outcome for outcome in outcomes}
    assert set(by_url) == {configured.url("policy"), configured.url("labs")}
    for outcome in outcomes:
        assert {"url", "status", "new", "updated", "error"} <= set(outcome)
        assert outcome["status"] == "ok" and outcome["error"] is None
        assert outcome["updated"] == 0
    assert by_url[configured.url("policy")]["new"] == 3
    assert by_url[configured.url("labs")]["new"] == 2
    assert by_url[configured.url("policy")]["title"] == "Policy Wire"

    requested = configured.paths_requested()
    assert sorted(path for path in requested if path.startswith("/articles/")) == sorted(
        f"/articles/{slug}.html"
        for slug in ("entity-list", "nih-cuts", "visas", "exascale", "markup")
    )
    assert cli_paths.db.is_file()

    articles = stdout_json(run("list", "--json"))
    entity = stdout_json(run("show", by_title(articles, "entity list")["id"], "--json"))
    assert entity["content_source"] == "page"
    assert "months of review across several agencies" in entity["text"]
    assert "<nav" not in entity["html"] and "Copyright Test Site" not in entity["text"]


def test_fetching_again_adds_nothing(run, configured):
    assert stdout_json(run("fetch", "--no-content", "--json"))
    again = stdout_json(run("fetch", "--no-content", "--json"))
    assert [(outcome["status"], outcome["new"], outcome["updated"]) for outcome in again] == [
        ("ok", 0, 0),
        ("ok", 0, 0),
    ]
    assert len(stdout_json(run("list", "--json"))) == configured.article_count


def test_fetch_no_content_downloads_no_pages(run, configured):
    outcomes = stdout_json(run("fetch", "--no-content", "--json"))

    assert sum(outcome["new"] for outcome in outcomes) == configured.article_count
    assert sorted(configured.paths_requested()) == ["/feeds/labs.xml", "/feeds/policy.xml"]
    for article in stdout_json(run("list", "--json")):
        shown = stdout_json(run("show", article["id"], "--json"))
        assert shown["content_source"] == "feed"
    entity = by_title(stdout_json(run("list", "--json")), "entity list")
    assert stdout_json(run("show", entity["id"], "--json"))["text"] == (
        "The Bureau of Industry and Security tightened export controls."
    )


def test_fetch_exits_0_when_one_feed_of_two_fails(run, feed_site, cli_paths, write_feeds_config):
    write_feeds_config(cli_paths.config, [(feed_site.url("labs"), []), (feed_site.missing, [])])

    result = run("fetch", "--no-content", "--json")

    assert result.exit_code == 0, result.stderr
    by_url = {outcome["url"]: outcome for outcome in json.loads(result.stdout)}
    assert by_url[feed_site.url("labs")]["status"] == "ok"
    failed = by_url[feed_site.missing]
    assert failed["status"] == "error" and failed["new"] == 0
    assert "404" in failed["error"] and feed_site.missing in failed["error"]
    assert "failed" not in result.stderr
    feeds = {feed["url"]: feed for feed in stdout_json(run("feeds", "list", "--json"))}
    assert "404" in feeds[feed_site.missing]["last_error"]
    assert feeds[feed_site.url("labs")]["last_error"] is None


def test_fetch_exits_1_when_every_feed_fails(run, feed_site, cli_paths, write_feeds_config):
    feed_site.server.expect_request("/feeds/gone.xml").respond_with_data("", status=410)
    gone = feed_site.server.url_for("/feeds/gone.xml")
    write_feeds_config(cli_paths.config, [(feed_site.missing, []), (gone, [])])

    result = run("fetch", "--json")

    assert result.exit_code == 1
    assert [outcome["status"] for outcome in json.loads(result.stdout)] == ["error", "error"]
    assert result.stderr.strip() == "scitui: all 2 feeds failed"


def test_fetch_exits_1_without_json_too(run, feed_site, cli_paths, write_feeds_config):
    write_feeds_config(cli_paths.config, [(feed_site.missing, [])])

    result = run("fetch")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert "HTTP 404" in result.stderr
    assert result.stderr.rstrip().endswith("scitui: the feed failed")


def test_fetch_feed_option_fetches_only_that_feed(run, configured):
    outcomes = stdout_json(run("fetch", "--no-content", "--json", "--feed", configured.url("labs")))

    assert [outcome["url"] for outcome in outcomes] == [configured.url("labs")]
    assert configured.paths_requested() == ["/feeds/labs.xml"]
    articles = stdout_json(run("list", "--json"))
    assert len(articles) == 2 and {article["feed"] for article in articles} == {"Lab Notes"}


def test_fetch_feed_option_rejects_an_unconfigured_url(run, configured):
    result = run("fetch", "--feed", "https://elsewhere.example/feed.xml")

    assert_one_line_error(result, 1, "https://elsewhere.example/feed.xml", "not a configured feed")
    assert configured.paths_requested() == []


def test_fetch_with_a_bad_topic_config_exits_2(run, feed_site, cli_paths, write_feeds_config):
    extra = "[topics.broken]\npatterns = ['(unclosed']\n\n"
    write_feeds_config(cli_paths.config, [(feed_site.url("labs"), [])], extra=extra)

    result = run("fetch", "--json")

    assert_one_line_error(result, 2, str(cli_paths.config), "topics.broken.patterns[0]")
    assert result.stdout == ""
    assert feed_site.paths_requested() == []


def test_fetch_with_no_feeds_says_how_to_add_one(run, cli_paths):
    cli_paths.config.write_text("feeds = []\n", encoding="utf-8")

    result = run("fetch", "--json")

    assert stdout_json(result) == []  # --json always prints JSON, even for nothing
    assert "scitui feeds add" in result.stderr


def test_fetch_human_summary_goes_to_stderr(run, configured):
    result = run("fetch", "--no-content")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Policy Wire" in result.stderr and "Lab Notes" in result.stderr
    assert "5 new articles, 0 updated, 2 of 2 feeds ok" in result.stderr


# reading: list, show, search, tags, feeds list ---------------------------------------------


def test_list_json_has_exactly_the_contract_keys(run, seeded):
    articles = stdout_json(run("list", "--json"))

    assert len(articles) == 5
    for article in articles:
        assert set(article) == SUMMARY_KEYS | STORY_KEYS
        assert isinstance(article["id"], int)
        assert isinstance(article["tags"], list)
        assert article["read"] is False and article["starred"] is False
        assert article["url"].startswith("http://127.0.0.1:")
    published = [aware(article["published"]) for article in articles]
    assert published == sorted(published, reverse=True)
    nih = by_title(articles, "NIH research funding")
    assert aware(nih["published"]) == datetime(2025, 11, 4, 8, 30, tzinfo=UTC)
    assert aware(nih["published"]).utcoffset() == timedelta(0)
    assert nih["feed"] == "Policy Wire"
    entity = by_title(articles, "entity list")
    assert "export-controls" in entity["tags"] and "policy-wire" in entity["tags"]
    assert "funding" in nih["tags"]
    assert "national-labs" in by_title(articles, "Oak Ridge")["tags"]


def test_list_filters_by_tag_feed_and_limit(run, seeded, configured):
    tagged = stdout_json(run("list", "--json", "--tag", "policy-wire"))
    assert len(tagged) == 3 and all("policy-wire" in article["tags"] for article in tagged)
    from_labs = stdout_json(run("list", "--json", "--feed", configured.url("labs")))
    assert {article["feed"] for article in from_labs} == {"Lab Notes"} and len(from_labs) == 2
    assert [a["id"] for a in stdout_json(run("list", "--json", "-n", "2"))] == [
        a["id"] for a in seeded[:2]
    ]
    assert stdout_json(run("list", "--json", "--tag", "no-such-tag")) == []


def test_show_json_adds_the_body(run, seeded):
    summary = by_title(seeded, "Visa backlog")

    article = stdout_json(run("show", summary["id"], "--json"))

    assert SUMMARY_KEYS | {"text", "html"} <= set(article)
    assert {key: article[key] for key in SUMMARY_KEYS} == {
        key: summary[key] for key in SUMMARY_KEYS
    }
    assert article["text"] == "Universities report fewer arrivals this autumn."
    assert "Universities report fewer arrivals" in article["html"]
    assert article["feed_url"].endswith("/feeds/policy.xml")
    assert article["tag_sources"]["policy-wire"] == "feed"
    assert article["tag_sources"]["talent"] == "rule"
    aware(article["fetched_at"])


def test_search_json(run, seeded):
    hits = stdout_json(run("search", "exascale", "--json"))

    assert len(hits) == 1
    assert set(hits[0]) == SUMMARY_KEYS | {"snippet"}
    assert hits[0]["id"] == by_title(seeded, "Oak Ridge")["id"]
    assert "«exascale»" in hits[0]["snippet"].lower()
    assert stdout_json(run("search", "universities", "--json", "--tag", "talent"))[0]["title"] == (
        "Visa backlog slows international student arrivals"
    )
    assert stdout_json(run("search", "nothing-like-this-anywhere", "--json")) == []


def test_search_takes_several_words_and_punctuation(run, seeded):
    for words in (["entity", "list:"], ["three", "chip"], ["(entity)", "list*", "commerce."]):
        hits = stdout_json(run("search", *words, "--json"))
        assert [hit["title"] for hit in hits] == [
            "Commerce adds three chipmakers to the entity list"
        ], words


def test_tags_json_lists_topics_in_config_order_then_other_tags(run, seeded):
    counts = stdout_json(run("tags", "--json"))

    for count in counts:
        assert set(count) == {"tag", "title", "kind", "total", "unread"}
    topics = [count for count in counts if count["kind"] == "topic"]
    assert [count["tag"] for count in topics] == DEFAULT_TOPICS
    assert counts[: len(topics)] == topics
    by_tag = {count["tag"]: count for count in counts}
    assert by_tag["export-controls"]["title"] == "Export controls"
    assert by_tag["export-controls"]["total"] >= 1
    assert by_tag["policy-wire"] == {
        "tag": "policy-wire",
        "title": "policy-wire",
        "kind": "tag",
        "total": 3,
        "unread": 3,
    }


def test_tags_json_on_an_empty_database_still_lists_the_topics(run):
    counts = stdout_json(run("tags", "--json"))
    assert [(count["tag"], count["total"]) for count in counts] == [
        (slug, 0) for slug in DEFAULT_TOPICS
    ]


def test_feeds_list_json(run, seeded, configured):
    feeds = stdout_json(run("feeds", "list", "--json"))

    assert [feed["url"] for feed in feeds] == [configured.url("policy"), configured.url("labs")]
    for feed in feeds:
        assert {"id", "url", "title", "last_fetched", "last_error", "articles", "unread"} <= set(
            feed
        )
        aware(feed["last_fetched"])
        assert feed["last_error"] is None
    assert [(feed["title"], feed["articles"], feed["unread"]) for feed in feeds] == [
        ("Policy Wire", 3, 3),
        ("Lab Notes", 2, 2),
    ]


def test_feeds_list_json_before_any_fetch(run, configured):
    feeds = stdout_json(run("feeds", "list", "--json"))
    assert [(feed["url"], feed["last_fetched"], feed["articles"]) for feed in feeds] == [
        (configured.url("policy"), None, 0),
        (configured.url("labs"), None, 0),
    ]


def test_feeds_list_writes_nothing(run, configured, cli_paths):
    run("list")  # the database exists, empty
    before = cli_paths.db.read_bytes()
    wal = Path(f"{cli_paths.db}-wal")
    wal_before = wal.read_bytes() if wal.exists() else b""

    feeds = stdout_json(run("feeds", "list", "--json"))

    assert [feed["id"] for feed in feeds] == [0, 0]  # never fetched, and not created now
    assert cli_paths.db.read_bytes() == before
    assert (wal.read_bytes() if wal.exists() else b"") == wal_before


def test_json_output_on_an_empty_database(run):
    result = run("list", "--json")
    assert json.loads(result.stdout) == []
    assert result.stderr == ""


# --config, --db and the environment ----------------------------------------------------------


@pytest.mark.parametrize("placement", ["before", "after"])
def test_db_option_before_or_after_the_subcommand(run, seeded, cli_paths, tmp_path, placement):
    other = tmp_path / "elsewhere" / "other.db"
    env = {"SCITUI_DB": str(other)}
    assert stdout_json(run("list", "--json", env=env)) == []

    args = (
        ["--db", cli_paths.db, "list", "--json"]
        if placement == "before"
        else ["list", "--db", cli_paths.db, "--json"]
    )
    assert [a["id"] for a in stdout_json(run(*args, env=env))] == [a["id"] for a in seeded]


@pytest.mark.parametrize("placement", ["before", "after"])
def test_config_option_before_or_after_the_subcommand(run, tmp_path, placement, write_feeds_config):
    chosen = write_feeds_config(tmp_path / "chosen.toml", [("https://chosen.example/feed.xml", [])])
    write_feeds_config(tmp_path / "config.toml", [("https://env.example/feed.xml", [])])

    args = (
        ["--config", chosen, "feeds", "list", "--json"]
        if placement == "before"
        else ["feeds", "list", "--config", chosen, "--json"]
    )
    feeds = stdout_json(run(*args))

    assert [feed["url"] for feed in feeds] == ["https://chosen.example/feed.xml"]


def test_config_and_db_options_on_a_write_command(run, seeded, cli_paths, tmp_path):
    article_id = seeded[0]["id"]
    env = {"SCITUI_DB": str(tmp_path / "unused.db")}

    assert run("--db", cli_paths.db, "star", article_id, env=env).exit_code == 0
    assert run("unread", "--db", cli_paths.db, article_id, env=env).exit_code == 0

    shown = stdout_json(run("show", article_id, "--json", "--db", cli_paths.db, env=env))
    assert shown["starred"] is True
    assert not (tmp_path / "unused.db").exists()


def test_environment_variables_are_honoured(run, seeded, cli_paths, tmp_path, write_feeds_config):
    other_config = write_feeds_config(
        tmp_path / "env-config.toml", [("https://env.example/a.xml", [])]
    )
    env = {"SCITUI_CONFIG": str(other_config), "SCITUI_DB": str(tmp_path / "fresh.db")}

    assert [feed["url"] for feed in stdout_json(run("feeds", "list", "--json", env=env))] == [
        "https://env.example/a.xml"
    ]
    assert stdout_json(run("list", "--json", env=env)) == []
    assert (tmp_path / "fresh.db").is_file()
    assert len(stdout_json(run("list", "--json", env={"SCITUI_DB": str(cli_paths.db)}))) == 5

    where = run("where", env=env)
    assert where.exit_code == 0
    assert f"config    {other_config}\n" in where.stdout
    assert f"database  {tmp_path / 'fresh.db'}\n" in where.stdout


def test_where_notes_a_missing_config(run, cli_paths):
    result = run("where")
    assert result.exit_code == 0
    assert f"config    {cli_paths.config}  (missing: built-in defaults in use)" in result.stdout
    assert f"database  {cli_paths.db}" in result.stdout


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout


# user state --------------------------------------------------------------------------------


def test_tag_and_untag_change_the_store(run, seeded):
    entity = by_title(seeded, "entity list")

    tagged = run("tag", entity["id"], "Chip Makers", "watch")
    assert tagged.exit_code == 0, tagged.stderr
    assert tagged.stdout == ""
    assert f"tagged {entity['id']}: chip-makers watch" in tagged.stderr
    shown = stdout_json(run("show", entity["id"], "--json"))
    assert shown["tag_sources"]["chip-makers"] == "manual"
    assert shown["tag_sources"]["watch"] == "manual"
    assert [a["id"] for a in stdout_json(run("list", "--json", "--tag", "watch"))] == [entity["id"]]

    untagged = run("untag", entity["id"], "export-controls", "watch")
    assert untagged.exit_code == 0, untagged.stderr
    tags = by_title(stdout_json(run("list", "--json")), "entity list")["tags"]
    assert "export-controls" not in tags and "watch" not in tags
    assert "chip-makers" in tags and "policy-wire" in tags
    counts = {count["tag"]: count["total"] for count in stdout_json(run("tags", "--json"))}
    assert "watch" not in counts


def test_show_gives_reasons_only_for_the_tags_the_article_still_has(run, seeded):
    entity = by_title(seeded, "entity list")
    before = stdout_json(run("show", entity["id"], "--json"))
    assert "export-controls" in before["tag_reasons"], before["tag_reasons"]
    assert "why export-controls:" in run("show", entity["id"]).stdout

    assert run("untag", entity["id"], "export-controls").exit_code == 0

    after = stdout_json(run("show", entity["id"], "--json"))
    assert "export-controls" not in after["tags"]
    assert set(after["tag_reasons"]) <= set(after["tags"])
    assert "export-controls" not in after["tag_reasons"]
    assert "why export-controls" not in run("show", entity["id"]).stdout


def test_an_untagged_rule_tag_stays_removed_after_a_refetch(run, seeded):
    entity = by_title(seeded, "entity list")
    assert run("untag", entity["id"], "export-controls").exit_code == 0
    assert run("fetch", "--no-content", "--json").exit_code == 0
    assert "export-controls" not in stdout_json(run("show", entity["id"], "--json"))["tags"]


def test_tag_rejects_an_invalid_tag(run, seeded):
    result = run("tag", seeded[0]["id"], "no/slashes!")
    assert_one_line_error(result, 1, "no/slashes!", "not a valid tag")


def test_read_unread_star_unstar_change_the_store(run, seeded):
    first, second = seeded[0]["id"], seeded[1]["id"]

    assert run("read", first, second, first).exit_code == 0
    flags = {a["id"]: (a["read"], a["starred"]) for a in stdout_json(run("list", "--json"))}
    assert flags[first] == (True, False) and flags[second] == (True, False)
    unread_ids = {a["id"] for a in stdout_json(run("list", "--json", "--unread"))}
    assert unread_ids == {a["id"] for a in seeded} - {first, second}

    assert run("unread", second).exit_code == 0
    assert stdout_json(run("show", second, "--json"))["read"] is False

    starred = run("star", second)
    assert starred.exit_code == 0 and "star: 1 article" in starred.stderr
    assert [a["id"] for a in stdout_json(run("list", "--json", "--starred"))] == [second]
    assert stdout_json(run("show", second, "--json"))["starred"] is True

    assert run("unstar", second).exit_code == 0
    assert stdout_json(run("list", "--json", "--starred")) == []
    counts = {count["tag"]: count for count in stdout_json(run("tags", "--json"))}
    first_tags = by_title(seeded, seeded[0]["title"])["tags"]
    assert counts["policy-wire"]["unread"] == 3 - ("policy-wire" in first_tags)


@pytest.mark.parametrize(
    "args",
    [
        ["show", "999"],
        ["show", "999", "--json"],
        ["tag", "999", "x"],
        ["untag", "999", "x"],
        ["read", "999"],
        ["unread", "999"],
        ["star", "999"],
        ["unstar", "999"],
    ],
)
def test_an_unknown_article_id_is_a_one_line_error(run, seeded, args):
    result = run(*args)
    assert_one_line_error(result, 1, "scitui: ", "no article with id 999")
    assert result.stdout == ""


def test_a_partly_unknown_id_list_changes_nothing(run, seeded):
    known = seeded[0]["id"]
    result = run("read", known, 999)
    assert_one_line_error(result, 1, "999")
    assert stdout_json(run("show", known, "--json"))["read"] is False


# config errors -----------------------------------------------------------------------------


BAD_CONFIGS = [
    ("bad_toml.toml", ["invalid TOML", "line 3"]),
    ("unknown_top_key.toml", ["colour: unknown key"]),
    ("unknown_feed_key.toml", ["feeds[1].tag: unknown key"]),
    ("wrong_type_tags.toml", ["feeds[0].tags: must be an array of strings"]),
    ("feed_without_url.toml", ["feeds[1].url: missing"]),
    ("non_http_url.toml", ["feeds[0].url", "file:///etc/passwd", "not an http(s) URL"]),
    ("bad_regex.toml", ["topics.export-controls.patterns[1]", "bad regular expression"]),
    ("non_utf8.toml", ["not UTF-8"]),
    ("settings_jobs.toml", ["settings.jobs"]),
    ("bad_topic_slug.toml", ["topics.Export_Controls"]),
    ("bad_feed_tag.toml", ["feeds[0].tags", "'Think Tank'"]),
]


@pytest.mark.parametrize(("name", "fragments"), BAD_CONFIGS)
@pytest.mark.parametrize("command", [["list"], ["feeds", "list", "--json"], ["tags", "--json"]])
def test_a_bad_config_file_is_one_line_and_exit_2(run, name, fragments, command):
    path = CONFIG_DATA / name
    result = run("--config", path, *command)
    line = assert_one_line_error(result, 2, str(path), *fragments)
    assert line.startswith(f"scitui: config error: {path}: ")
    assert result.stdout == ""


def test_a_bad_config_from_the_environment_is_reported_too(run):
    path = CONFIG_DATA / "unknown_feed_key.toml"
    result = run("list", "--json", env={"SCITUI_CONFIG": str(path)})
    assert_one_line_error(result, 2, str(path), "feeds[1].tag")


def test_a_config_path_that_is_a_directory_is_a_config_error(run, tmp_path):
    result = run("--config", tmp_path, "list")
    assert_one_line_error(result, 2, str(tmp_path), "cannot read")


def test_a_db_path_that_is_a_directory_is_a_store_error(run, tmp_path):
    result = run("--db", tmp_path, "list")
    assert_one_line_error(result, 1, str(tmp_path), "is a directory")


def test_a_db_file_that_is_not_sqlite_is_a_store_error(run, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database, just some text " * 50)
    result = run("--db", junk, "list")
    assert_one_line_error(result, 1, str(junk), "not a database")


# feeds add / remove --------------------------------------------------------------------------

COMMENTED_CONFIG = """\
# My scitui config -- hand written, keep my notes!
[settings]
jobs = 4   # be gentle

# --- feeds I read every day ---
[[feeds]]
url = "https://one.example/feed.xml"  # the first one
name = "One"

[[feeds]]
url = "https://two.example/rss"
tags = ["funding"]

# --- topics ---
[topics.chips]
title = "Chips"
keywords = ["chip export"]  # precise phrases only
"""


def test_feeds_add_and_remove_edit_the_file_in_place(run, cli_paths):
    cli_paths.config.write_text(COMMENTED_CONFIG, encoding="utf-8")

    added = run(
        "feeds",
        "add",
        "https://three.example/atom.xml",
        "--tag",
        "Think Tank",
        "-t",
        "chips",
        "--name",
        "Three",
    )

    assert added.exit_code == 0, added.stderr
    assert f"added: https://three.example/atom.xml ({cli_paths.config})" in added.stderr
    text = cli_paths.config.read_text("utf-8")
    for line in COMMENTED_CONFIG.splitlines():
        assert line in text
    assert text.index("three.example") < text.index("# --- topics ---")
    assert text == COMMENTED_CONFIG.replace(
        "# --- topics ---",
        (
            '[[feeds]]\nurl = "https://three.example/atom.xml"\nname = "Three"\n'
            'tags = ["think-tank", "chips"]\n\n# --- topics ---'
        ),
    )
    config = load_config(cli_paths.config)
    assert [(f.url, f.name, f.tags) for f in config.feeds] == [
        ("https://one.example/feed.xml", "One", ()),
        ("https://two.example/rss", None, ("funding",)),
        ("https://three.example/atom.xml", "Three", ("think-tank", "chips")),
    ]
    assert [topic.slug for topic in config.topics] == ["chips"]
    assert config.settings.jobs == 4
    listed = stdout_json(run("feeds", "list", "--json"))
    assert listed[-1]["url"] == "https://three.example/atom.xml"

    removed = run("feeds", "remove", "https://three.example/atom.xml")

    assert removed.exit_code == 0, removed.stderr
    assert "removed: https://three.example/atom.xml" in removed.stderr
    assert cli_paths.config.read_text("utf-8") == COMMENTED_CONFIG


def test_feeds_remove_keeps_the_comments_around_the_feed(run, cli_paths):
    cli_paths.config.write_text(COMMENTED_CONFIG, encoding="utf-8")

    removed = run("feeds", "remove", "https://two.example/rss")

    assert removed.exit_code == 0, removed.stderr
    text = cli_paths.config.read_text("utf-8")
    assert "two.example" not in text and "funding" not in text
    for comment in (
        "# My scitui config -- hand written, keep my notes!",
        "# be gentle",
        "# --- feeds I read every day ---",
        "# the first one",
        "# --- topics ---",
        "# precise phrases only",
    ):
        assert comment in text
    assert 'name = "One"\n\n# --- topics ---\n[topics.chips]' in text
    assert [f.url for f in load_config(cli_paths.config).feeds] == ["https://one.example/feed.xml"]


def test_feeds_add_without_a_config_file_starts_from_the_defaults(run, cli_paths):
    assert not cli_paths.config.exists()

    result = run("feeds", "add", "https://new.example/feed", "--tag", "extra")

    assert result.exit_code == 0, result.stderr
    text = cli_paths.config.read_text("utf-8")
    block = '[[feeds]]\nurl = "https://new.example/feed"\ntags = ["extra"]\n\n'
    assert block in text
    assert text.replace(block, "") == default_config_text()
    defaults = parse_config(default_config_text(), "defaults")
    config = load_config(cli_paths.config)
    assert config.feeds[:-1] == defaults.feeds
    assert config.feeds[-1].url == "https://new.example/feed"
    assert config.feeds[-1].tags == ("extra",)
    assert config.topics == defaults.topics

    assert run("feeds", "remove", "https://new.example/feed").exit_code == 0
    assert cli_paths.config.read_text("utf-8") == default_config_text()


def test_feeds_add_to_an_inline_feed_array(run, cli_paths):
    cli_paths.config.write_text("feeds = []  # none yet\n", encoding="utf-8")

    result = run("feeds", "add", "https://x.example/feed", "--name", "X")

    assert result.exit_code == 0, result.stderr
    assert cli_paths.config.read_text("utf-8") == (
        'feeds = [{url = "https://x.example/feed", name = "X"}]  # none yet\n'
    )
    assert run("feeds", "remove", "https://x.example/feed").exit_code == 0
    assert load_config(cli_paths.config).feeds == ()


def test_feeds_add_creates_missing_folders(run, tmp_path):
    config_path = tmp_path / "a" / "b" / "config.toml"
    result = run("feeds", "add", "https://new.example/feed", "--config", config_path)
    assert result.exit_code == 0, result.stderr
    assert load_config(config_path).feed("https://new.example/feed") is not None


def test_feeds_add_twice_leaves_the_file_alone(run, cli_paths):
    cli_paths.config.write_text(COMMENTED_CONFIG, encoding="utf-8")
    result = run("feeds", "add", "https://one.example/feed.xml")
    assert result.exit_code == 0
    assert "already configured" in result.stderr
    assert cli_paths.config.read_text("utf-8") == COMMENTED_CONFIG


@pytest.mark.parametrize(
    "url",
    [
        "ftp://files.example/feed.xml",
        "javascript:alert(1)",
        "/home/me/feed.xml",
        "file:///etc/passwd",
    ],
)
def test_feeds_add_refuses_a_non_http_url(run, cli_paths, url):
    cli_paths.config.write_text(COMMENTED_CONFIG, encoding="utf-8")
    result = run("feeds", "add", url)
    assert_one_line_error(result, 2, str(cli_paths.config), "feeds[2].url", "not an http(s) URL")
    assert cli_paths.config.read_text("utf-8") == COMMENTED_CONFIG


def test_feeds_add_rejects_an_invalid_tag(run, cli_paths):
    cli_paths.config.write_text(COMMENTED_CONFIG, encoding="utf-8")
    result = run("feeds", "add", "https://x.example/feed", "--tag", "bad/tag")
    assert_one_line_error(result, 1, "bad/tag")
    assert cli_paths.config.read_text("utf-8") == COMMENTED_CONFIG


def test_feeds_remove_an_unknown_url(run, cli_paths):
    cli_paths.config.write_text(COMMENTED_CONFIG, encoding="utf-8")
    result = run("feeds", "remove", "https://nope.example/feed")
    assert_one_line_error(result, 1, str(cli_paths.config), "https://nope.example/feed")
    assert cli_paths.config.read_text("utf-8") == COMMENTED_CONFIG


def test_feeds_add_to_a_broken_config_is_refused(run, cli_paths):
    broken = (CONFIG_DATA / "unknown_feed_key.toml").read_text("utf-8")
    cli_paths.config.write_text(broken, encoding="utf-8")
    result = run("feeds", "add", "https://x.example/feed")
    assert_one_line_error(result, 2, str(cli_paths.config), "feeds[1].tag")
    assert cli_paths.config.read_text("utf-8") == broken


# OPML ------------------------------------------------------------------------------------


def test_import_nested_opml(run, cli_paths):
    cli_paths.config.write_text("# my feeds\n", encoding="utf-8")
    path = OPML_DATA / "nested.opml"

    result = run("import-opml", path)

    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 3
    assert all(line.startswith(f"scitui: warning: {path}: skipped ") for line in warnings)
    for bad in ("file:///etc/passwd", "javascript:alert(1)", "feeds/local.xml"):
        assert sum(bad in line for line in warnings) == 1, bad
    assert f"imported 4 new feeds into {cli_paths.config}" in result.stderr
    feeds = load_config(cli_paths.config).feeds
    assert [(feed.url, feed.name, feed.tags) for feed in feeds] == [
        (
            "https://cset.example.org/feed/",
            "CSET",
            ("science-policy", "think-tanks", "ai-chips", "research-security"),
        ),
        ("https://deep.example.net/rss", "Deep one", ("science-policy", "think-tanks", "asia")),
        ("https://nature.example.com/nature.rss", "Nature", ("science-policy",)),
        ("http://plain.example.org/rss.xml", "Top level", ("funding", "talent")),
    ]


def test_importing_the_same_opml_twice_adds_nothing(run, cli_paths):
    cli_paths.config.write_text("# my feeds\n", encoding="utf-8")
    assert run("import-opml", OPML_DATA / "nested.opml").exit_code == 0
    before = cli_paths.config.read_text("utf-8")
    again = run("import-opml", OPML_DATA / "nested.opml")
    assert "imported 0 new feeds" in again.stderr
    assert cli_paths.config.read_text("utf-8") == before


def test_export_then_import_round_trips(run, tmp_path, cli_paths):
    source = tmp_path / "source.toml"
    source.write_text(
        '[[feeds]]\nurl = "https://a.example/feed"\nname = "A & B <news>"\n'
        'tags = ["ai-chips", "think-tank"]\n\n'
        '[[feeds]]\nurl = "https://b.example/rss?x=1&y=2"\n\n'
        '[[feeds]]\nurl = "https://c.example/atom"\nname = "C"\ntags = ["think-tank"]\n\n'
        '[[feeds]]\nurl = "http://d.example/"\ntags = ["funding"]\n',
        encoding="utf-8",
    )
    exported = tmp_path / "out.opml"

    written = run("--config", source, "export-opml", exported)
    assert written.exit_code == 0, written.stderr
    assert f"wrote {exported}" in written.stderr
    to_stdout = run("export-opml", "--config", source)
    assert to_stdout.stdout == exported.read_text("utf-8")

    fresh = tmp_path / "fresh.toml"
    fresh.write_text("# imported\n", encoding="utf-8")
    imported = run("--config", fresh, "import-opml", exported)

    assert imported.exit_code == 0, imported.stderr
    assert "warning" not in imported.stderr
    assert load_config(fresh).feeds == load_config(source).feeds


def test_import_refuses_entity_declarations(run, cli_paths):
    cli_paths.config.write_text("feeds = []\n", encoding="utf-8")
    for name in ("billion_laughs.opml", "external_entity.opml"):
        path = OPML_DATA / name
        result = run("import-opml", path)
        line = assert_one_line_error(result, 2, str(path), "not a readable OPML file")
        assert "entit" in line.lower()
        assert "lol" * 10 not in line
    assert load_config(cli_paths.config).feeds == ()


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("not_opml.opml", "not an OPML file"),
        ("not_xml.opml", "not a readable OPML file"),
    ],
)
def test_import_of_a_non_opml_file_is_a_clear_error(run, cli_paths, name, problem):
    cli_paths.config.write_text("feeds = []\n", encoding="utf-8")
    path = OPML_DATA / name
    assert_one_line_error(run("import-opml", path), 2, str(path), problem)
    assert cli_paths.config.read_text("utf-8") == "feeds = []\n"


def test_import_of_a_missing_file(run, tmp_path):
    missing = tmp_path / "missing.opml"
    assert_one_line_error(run("import-opml", missing), 2, str(missing))


def test_export_to_an_unwritable_path(run, tmp_path):
    target = tmp_path / "no-such-dir" / "out.opml"
    assert_one_line_error(run("export-opml", target), 1, str(target), "cannot write")


# human output --------------------------------------------------------------------------------


def test_list_prints_rich_markup_in_titles_literally(run, seeded):
    result = run("list")

    assert result.exit_code == 0, result.stderr
    flat = " ".join(result.stdout.split())
    assert "[bold red]x[/]" in flat
    assert "[/bold]" in flat
    assert ":smile:" in flat and "\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES}" not in flat
    assert "\x1b[" not in result.stdout
    assert "Commerce adds three chipmakers" in flat


def test_show_prints_rich_markup_literally(run, seeded):
    markup = by_title(seeded, "markup in a title")
    assert markup["title"] == MARKUP_TITLE

    result = run("show", markup["id"])

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == MARKUP_TITLE
    assert "[link=https://evil.example]click[/link]" in result.stdout
    assert "Lab Notes" in result.stdout


def test_search_tags_and_feeds_print_tables(run, seeded, configured):
    hits = run("search", "markup")
    assert hits.exit_code == 0
    assert "[bold red]x[/]" in hits.stdout
    tags = run("tags")
    assert tags.exit_code == 0
    assert "export-controls" in tags.stdout and "Export controls" in tags.stdout
    feeds = run("feeds", "list")
    assert feeds.exit_code == 0
    assert "Policy Wire" in feeds.stdout and configured.url("labs") in feeds.stdout


def test_human_output_of_empty_results_notes_it_on_stderr(run):
    listed = run("list")
    assert listed.exit_code == 0 and listed.stdout == ""
    assert (
        listed.stderr
        == "scitui: no articles yet: run `scitui fetch` (or `scitui demo` for a sample)\n"
    )
    searched = run("search", "anything")
    assert searched.exit_code == 0 and searched.stdout == ""
    assert searched.stderr == listed.stderr


def test_a_tag_option_is_taken_as_typed_by_a_person(run, seeded):
    """`--tag "Policy Wire"` means the stored tag policy-wire, in list, search and digest."""
    assert stdout_json(run("list", "--json", "--tag", " Policy Wire ")) == stdout_json(
        run("list", "--json", "--tag", "policy-wire")
    )
    assert [
        hit["title"] for hit in stdout_json(run("search", "universities", "--json", "-t", "Talent"))
    ] == ["Visa backlog slows international student arrivals"]
    result = run("list", "--tag", "no/such tag")
    assert result.exit_code == 2
    assert "is not a valid tag" in result.output
    assert "Traceback" not in result.output
