"""``scitui`` under faults: hostile configs, damaged databases, a full disk, JSON purity, markup.

Where it matters that nothing but JSON reaches stdout, the real ``scitui`` runs in a subprocess
(its page-cleaning worker processes share that stdout); the rest use click's CliRunner.
"""

from __future__ import annotations

import json
import os
import pty
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from pytest_httpserver import HTTPServer

from scitui.config import default_topics
from scitui.models import ArticleDraft, EntryData, TagReason
from scitui.store import Store
from scitui.store.base import StoreBase

WAIT = 60.0
HOSTILE = "[bold]x[/] :smile: [/bold] [link=file:///etc/passwd]y[/link]"
"""Rich markup, an emoji code, a stray closing tag and a link: all must print as written."""
ESCAPES = "\x1b[31mred\x1b[0m \x9b2J \x07"
"""A terminal colour, a C1 clear-screen and a bell: none may reach the terminal."""


def scitui(*args: str | Path, stderr: Any = subprocess.PIPE) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "scitui", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=WAIT)
    return process.returncode, stdout, stderr or ""


def one_line_error(code: int, stdout: str, stderr: str, exit_code: int) -> str:
    assert code == exit_code, (stdout, stderr)
    assert stdout == ""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def result_line(result: Result, exit_code: int) -> str:
    return one_line_error(result.exit_code, result.stdout, result.stderr, exit_code)


# hostile configs, through the real command -----------------------------------------------------

BAD_CONFIGS = [
    ("bad_toml", "[settings\njobs = 2\n", "invalid TOML"),
    ("top_key", "colour = 'red'\n", "colour: unknown key"),
    ("settings_key", "[settings]\nthreads = 2\n", "settings.threads: unknown key"),
    ("feed_key", '[[feeds]]\nurl = "https://a.example/"\ntag = "x"\n', "feeds[0].tag: unknown key"),
    ("topic_key", "[topics.chips]\nwords = ['chip']\n", "topics.chips.words: unknown key"),
    ("type", "[settings]\njobs = 'many'\n", "settings.jobs: must be an integer"),
    ("list_type", "[topics.chips]\nkeywords = 'chip'\n", "topics.chips.keywords: must be an array"),
    (
        "regex",
        "[topics.chips]\npatterns = ['(unclosed']\n",
        "topics.chips.patterns[0]: bad regular",
    ),
    ("url", '[[feeds]]\nurl = "file:///etc/passwd"\n', "feeds[0].url: 'file:///etc/passwd'"),
    ("newline_key", '[topics."a\\nb"]\n', "topics.a\\nb: a topic name must be"),
    ("nesting", "x = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
]


@pytest.mark.parametrize(("name", "text", "fragment"), BAD_CONFIGS, ids=[c[0] for c in BAD_CONFIGS])
def test_a_hostile_config_is_one_line_naming_file_and_key(tmp_path, name, text, fragment):
    config = tmp_path / f"{name}.toml"
    config.write_text(text, encoding="utf-8")

    line = one_line_error(*finish(scitui("--config", config, "list")), exit_code=2)

    assert line.startswith(f"scitui: config error: {config}: ")
    assert fragment in line


def test_a_non_utf8_config_is_one_line(tmp_path):
    config = tmp_path / "latin1.toml"
    config.write_bytes('[topics.caf\u00e9]\ntitle = "Caf\u00e9"\n'.encode("latin-1"))

    line = one_line_error(*finish(scitui("--config", config, "tags")), exit_code=2)

    assert (
        line
        == f"scitui: config error: {config}: not UTF-8 text (invalid continuation byte at byte 11)"
    )


def test_a_missing_config_at_the_default_path_means_the_built_in_defaults(tmp_path, cli_paths):
    assert not cli_paths.config.exists()
    code, stdout, stderr = finish(scitui("--db", tmp_path / "a.db", "tags", "--json"))
    assert code == 0, stderr
    assert [tag["tag"] for tag in json.loads(stdout)] == [rule.slug for rule in default_topics()]


# damaged databases -------------------------------------------------------------------------------

COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["show", "1"],
    ["search", "lorem"],
    ["tags"],
    ["feeds", "list"],
    ["fetch"],
    ["trends"],
    ["retag", "--dry-run"],
    ["prune", "--older-than", "1d", "--dry-run"],
    ["read", "1"],
    ["tag", "1", "mine"],
    ["digest"],
    [],  # the reader: the database is opened before Textual starts
]


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a real scitui database with 300 articles, checkpointed into one file."""
    path = tmp_path_factory.mktemp("real") / "real.db"
    store = Store(path)
    feed = store.ensure_feed("https://feeds.example/a.xml", "A")
    drafts = []
    for index in range(300):
        text = f"lorem ipsum {index} " * 80
        entry = EntryData(f"k{index}", None, None, f"Story {index}", None, None, "", "")
        drafts.append((ArticleDraft(entry, text, text, "feed", tags={"chips": "rule"}), "h"))
    store.save_new(feed.id, drafts)
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path.read_bytes()


def damaged(kind: str, real: bytes, folder: Path) -> Path:
    path = folder / f"{kind}.db"
    if kind == "random":
        path.write_bytes(bytes((index * 7919 + 13) % 256 for index in range(50_000)))
    elif kind == "text":
        path.write_text("these are my notes, not a database\n" * 200, encoding="utf-8")
    elif kind == "cut-mid-page":
        path.write_bytes(real[: len(real) // 3 + 1000])
    elif kind == "cut-at-a-page":
        path.write_bytes(real[: (len(real) // 3) // 4096 * 4096])
    elif kind == "header-only":
        path.write_bytes(real[:100])
    elif kind == "directory":
        path.mkdir()
    return path


KINDS = {
    "random": "not a database file",
    "text": "not a database file",
    "cut-mid-page": "the database file is damaged (cut short",
    "cut-at-a-page": "the database file is damaged",
    "header-only": "the database file is damaged (cut short",
    "directory": "is a directory, not a database file",
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda args: " ".join(args) or "reader")
def test_a_damaged_database_is_one_line_naming_it(
    run, tmp_path, real_db, configured, kind, command
):
    db = damaged(kind, real_db, tmp_path)
    before = db.read_bytes() if db.is_file() else None

    line = result_line(run("--db", db, *command), exit_code=1)

    assert line.startswith(f"scitui: {db}: {KINDS[kind]}"), line
    assert before is None or db.read_bytes() == before  # nothing written to it
    assert configured.paths_requested() == []  # fetch checked the file before the network


def test_a_damaged_database_through_the_real_command(tmp_path, real_db):
    db = damaged("cut-mid-page", real_db, tmp_path)
    line = one_line_error(*finish(scitui("--db", db, "list", "--json")), exit_code=1)
    assert line.startswith(f"scitui: {db}: the database file is damaged")


# a full disk ------------------------------------------------------------------------------------


def test_a_full_disk_during_fetch_is_one_line_and_keeps_what_was_stored(
    run, cli_paths, feed_site, write_feeds_config, monkeypatch
):
    big_items = "".join(
        f"<item><title>Long read {index}</title><guid>long-{index}</guid>"
        f"<description>{'Export controls, at length. ' * 150}</description></item>"
        for index in range(30)
    )
    feed_site.server.expect_request("/feeds/big.xml").respond_with_data(
        f'<rss version="2.0"><channel><title>Big</title>{big_items}</channel></rss>',
        content_type="application/rss+xml",
    )
    labs, big = feed_site.url("labs"), feed_site.server.url_for("/feeds/big.xml")
    write_feeds_config(cli_paths.config, [(labs, []), (big, [])])
    assert run("fetch", "--no-content", "--feed", labs).exit_code == 0
    conn = sqlite3.connect(cli_paths.db)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    monkeypatch.setattr(StoreBase, "max_page_count", pages + 2)

    line = result_line(run("fetch", "--no-content", "--json"), exit_code=1)

    assert line.startswith(f"scitui: {cli_paths.db}: disk full: ")
    conn = sqlite3.connect(cli_paths.db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2  # the labs feed's
    conn.close()

    monkeypatch.setattr(StoreBase, "max_page_count", None)  # space freed: the next fetch works
    assert run("fetch", "--no-content").exit_code == 0
    assert len(json.loads(run("list", "--json", "-n", "100").stdout)) == 2 + 30


# --json: JSON alone on stdout ---------------------------------------------------------------------


@pytest.fixture
def hostile_site(httpserver: HTTPServer) -> str:
    """A feed whose title and items carry markup and escapes, with article pages."""
    base = httpserver.url_for("").rstrip("/")
    items = "".join(
        f"<item><title>{HOSTILE} item {index}</title><link>{base}/page/{index}</link>"
        f"<guid>g{index}</guid><pubDate>Mon, 03 Nov 2025 10:00:00 GMT</pubDate>"
        f"<description>{HOSTILE} summary {index}</description></item>"
        for index in range(3)
    )
    feed = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{HOSTILE}</title>'
        f"<link>{base}/</link>{items}</channel></rss>"
    )
    httpserver.expect_request("/feed.xml").respond_with_data(
        feed, content_type="application/rss+xml"
    )
    page = (
        "<html><head><title>t</title></head><body><article><h1>A page</h1>"
        + "<p>The export controls on chips were tightened again this week. :smile:</p>" * 12
        + "</article></body></html>"
    )
    for index in range(3):
        httpserver.expect_request(f"/page/{index}").respond_with_data(
            page, content_type="text/html"
        )
    return httpserver.url_for("/feed.xml")


JSON_COMMANDS = [
    ["list", "--json"],
    ["show", "1", "--json"],
    ["search", "item", "--json"],
    ["tags", "--json"],
    ["feeds", "list", "--json"],
    ["trends", "--json"],
    ["retag", "--dry-run", "--json"],
    ["prune", "--older-than", "1d", "--dry-run", "--json"],
]


def test_json_is_all_there_is_on_stdout_for_every_command(tmp_path, hostile_site):
    config = tmp_path / "config.toml"
    config.write_text(f'[[feeds]]\nurl = "{hostile_site}"\n', encoding="utf-8")
    db = tmp_path / "json.db"
    paths = ("--config", config, "--db", db)

    # the fetch with page cleaning in worker processes, and a progress bar on a terminal
    leader, follower = pty.openpty()
    terminal_output: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(leader, terminal_output), daemon=True)
    reader.start()
    fetch = scitui(*paths, "fetch", "--json", stderr=follower)
    os.close(follower)
    code, stdout, _ = finish(fetch)
    reader.join(WAIT)
    progress = b"".join(terminal_output).decode("utf-8", "replace")
    assert code == 0, progress
    assert "Traceback" not in progress
    outcomes = json.loads(stdout)
    assert [(o["status"], o["new"]) for o in outcomes] == [("ok", 3)]

    processes = {tuple(args): scitui(*paths, *args) for args in JSON_COMMANDS}
    for args, process in processes.items():
        code, stdout, stderr = finish(process)
        assert code == 0, (args, stderr)
        assert "Traceback" not in stderr
        json.loads(stdout)  # nothing but JSON

    empty = tmp_path / "empty.toml"
    empty.write_text("feeds = []\n", encoding="utf-8")
    code, stdout, stderr = finish(scitui("--config", empty, "--db", db, "fetch", "--json"))
    assert code == 0, stderr
    assert json.loads(stdout) == []  # nothing to fetch is still JSON
    assert "no feeds configured" in stderr


def _drain(descriptor: int, into: list[bytes]) -> None:
    """Read a pty until its other end closes (the process exited)."""
    while True:
        try:
            chunk = os.read(descriptor, 65536)
        except OSError:  # EIO once the follower side is closed everywhere
            break
        if not chunk:
            break
        into.append(chunk)
    os.close(descriptor)


# human output prints network text literally ------------------------------------------------------


@pytest.fixture
def hostile_db(cli_paths) -> Iterator[None]:
    """Stored text as hostile as a feed could make it, escapes included (the CLI's last line)."""
    cli_paths.config.write_text(
        f'[[feeds]]\nurl = "https://feeds.example/x.xml"\nname = "{HOSTILE}"\n\n'
        f'[topics.chips]\ntitle = "{HOSTILE}"\nkeywords = ["export controls"]\n',
        encoding="utf-8",
    )
    store = Store(cli_paths.db)
    feed = store.ensure_feed("https://feeds.example/x.xml", HOSTILE)
    store.record_fetch(feed.id, error=f"{HOSTILE} {ESCAPES}", title=f"{HOSTILE} {ESCAPES}")
    text = f"{HOSTILE} {ESCAPES} export controls again"
    entry = EntryData(
        "k1",
        None,
        "https://news.example/1",
        f"{HOSTILE} {ESCAPES}",
        f"{HOSTILE} {ESCAPES}",
        datetime.now(UTC) - timedelta(days=3),  # old enough for prune to name it
        "",
        "",
    )
    reason = TagReason("export controls", "body", 1)
    store.save_new(
        feed.id,
        [(ArticleDraft(entry, text, text, "feed", {"chips": "rule"}, {"chips": (reason,)}), "h")],
    )
    store.close()
    yield


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["show", "1"],
        ["search", "export"],
        ["tags"],
        ["feeds", "list"],
        ["trends"],
        ["retag", "--all", "--dry-run"],
        ["prune", "--older-than", "1d", "--dry-run"],
    ],
    ids=" ".join,
)
def test_human_output_shows_network_text_literally(run, hostile_db, command):
    result = run(*command)

    assert result.exit_code == 0, result.stderr
    output = result.stdout + result.stderr
    flat = " ".join(output.split())
    for literal in ("[bold]x[/]", ":smile:", "[/bold]", "[link=file:///etc/passwd]y[/link]"):
        assert literal in flat, (literal, output)
    assert "\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES}" not in output
    assert not any(char in output for char in "\x1b\x9b\x07"), repr(output)


@pytest.mark.parametrize(
    "command", [["list"], ["search", "export"], ["tags"], ["feeds", "list"]], ids=" ".join
)
def test_terminal_tables_show_network_text_literally(hostile_db, command):
    """On a terminal (a pty; TERM=dumb, so Rich itself writes no escapes) the tables too."""
    leader, follower = pty.openpty()
    chunks: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(leader, chunks), daemon=True)
    reader.start()
    process = subprocess.Popen(
        [sys.executable, "-m", "scitui", *command],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": "80", "TERM": "dumb"},
    )
    os.close(follower)
    assert process.wait(timeout=WAIT) == 0
    reader.join(WAIT)
    output = b"".join(chunks).decode("utf-8", "replace")

    assert "\t" not in output  # Rich's layout, not the tab-separated rows of a pipe
    flat = "".join(output.split())
    for literal in ("[bold]x[/]", ":smile:", "[/bold]", "[link=file:///etc/passwd]y[/link]"):
        assert "".join(literal.split()) in flat, (literal, output)
    assert "\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES}" not in output
    assert not any(char in output for char in "\x1b\x9b\x07"), repr(output)


def test_the_fetch_summary_shows_a_feed_title_literally(run, cli_paths, hostile_site):
    cli_paths.config.write_text(f'[[feeds]]\nurl = "{hostile_site}"\n', encoding="utf-8")

    result = run("fetch", "--no-content")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert HOSTILE in result.stderr


# numbers and locks ----------------------------------------------------------------------------

HUGE = str(2**70)


@pytest.mark.parametrize(
    "command",
    [
        ["show", HUGE],
        ["read", "1", HUGE],
        ["tag", HUGE, "mine"],
        ["list", "-n", HUGE],
        ["search", "x", "-n", HUGE],
        ["digest", "-n", HUGE],
    ],
    ids=lambda args: args[0],
)
def test_numbers_sqlite_cannot_hold_are_usage_errors(run, command):
    result = run(*command)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert "is not in the range" in result.stderr


def test_a_database_locked_for_too_long_is_one_line(run, seeded, cli_paths, monkeypatch):
    monkeypatch.setattr("scitui.store.base.BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(cli_paths.db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing, and writing, and writing
    try:
        line = result_line(run("read", seeded[0]["id"]), exit_code=1)
        reading = run("list", "--json")  # WAL: readers are never blocked by the writer
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert line.startswith(f"scitui: {cli_paths.db}: the database is busy")
    assert len(json.loads(reading.stdout)) == len(seeded)
    assert run("read", seeded[0]["id"]).exit_code == 0


@pytest.mark.parametrize(
    "command",
    [["list", "--json"], ["tags"], ["where"], ["--version"], ["export-opml"]],
    ids=" ".join,
)
def test_output_to_a_full_disk_is_one_line(tmp_path, command):
    with open("/dev/full", "w") as full:  # every write fails with ENOSPC
        process = subprocess.Popen(
            [sys.executable, "-m", "scitui", "--db", tmp_path / "a.db", *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
        _, stderr = process.communicate(timeout=WAIT)

    assert process.returncode == 1
    assert stderr == "scitui: cannot write the output: No space left on device\n"


def test_the_reader_reports_a_hostile_config_before_textual_starts(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[topics.chips]\npatterns = ['(unclosed']\n", encoding="utf-8")

    line = one_line_error(*finish(scitui("--config", config, "--db", tmp_path / "a.db")), 2)

    assert line.startswith(f"scitui: config error: {config}: topics.chips.patterns[0]: bad")
