"""``scitui`` in real processes: stdout a pipe (tab-separated rows) or a terminal (a pty).

Checks whole rows, whole titles, whole URLs and whole errors, a missing --config, the
messages of empty results, and fetch's one line for a cause every failing feed shares.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import socket
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from scitui.runs import plural

WAIT = 60.0
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
LONG = "a-feed-path-long-enough-to-be-cut-in-an-eighty-column-table"


def piped(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run scitui with stdout and stderr pipes."""
    return subprocess.run(
        [sys.executable, "-m", "scitui", *map(str, args)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
        env={**os.environ, "COLUMNS": "80"},
    )


def on_terminal(*args: str | Path, columns: int = 80) -> tuple[int, str]:
    """Run scitui with stdout and stderr on a pty ``columns`` wide; its output, escapes removed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    chunks: list[bytes] = []
    reader = threading.Thread(target=_drain, args=(leader, chunks), daemon=True)
    reader.start()
    process = subprocess.Popen(
        [sys.executable, "-m", "scitui", *map(str, args)],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "COLUMNS": str(columns), "LINES": "40", "TERM": "xterm-256color"},
    )
    os.close(follower)
    code = process.wait(timeout=WAIT)
    reader.join(WAIT)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return code, ANSI.sub("", text)


def _drain(descriptor: int, into: list[bytes]) -> None:
    while True:
        try:
            chunk = os.read(descriptor, 65536)
        except OSError:  # EIO once the process has exited
            break
        if not chunk:
            break
        into.append(chunk)
    os.close(descriptor)


def as_json(*args: str | Path) -> Any:
    result = piped(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo loaded once, read by the tests through --demo --db."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    loaded = piped("demo", "--no-open", "--db", db)
    assert loaded.returncode == 0, loaded.stderr
    return db


def closed_port() -> int:
    """A loopback port with nothing listening: a connection to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# stdout a pipe: one tab-separated line per row ---------------------------------------------


def test_list_in_a_pipe_is_one_whole_line_per_article(demo_db):
    articles = as_json("--demo", "--db", demo_db, "list", "-n", "1000")

    result = piped("--demo", "--db", demo_db, "list", "-n", "1000")

    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == len(articles) > 20
    for line, article in zip(lines, articles, strict=True):
        marks = ("" if article["read"] else "N") + ("*" if article["starred"] else "") or "-"
        fields = [str(article["id"]), marks, article["published"][:10], article["feed"]]
        fields += [" ".join(article["tags"]), article["title"], article["url"]]
        assert line.split("\t") == fields
    tagged = {str(article["id"]) for article in articles if "export-controls" in article["tags"]}
    grepped = {line.split("\t")[0] for line in lines if "export-controls" in line}
    assert tagged and grepped == tagged
    assert max(len(article["title"]) for article in articles) > 80


def test_search_tags_and_feeds_in_a_pipe_are_whole_lines(demo_db):
    hits = as_json("--demo", "--db", demo_db, "search", "export")
    searched = piped("--demo", "--db", demo_db, "search", "export").stdout.splitlines()
    assert [line.split("\t")[0] for line in searched] == [str(hit["id"]) for hit in hits]
    assert [line.split("\t")[5:7] for line in searched] == [[h["title"], h["url"]] for h in hits]

    counts = as_json("--demo", "--db", demo_db, "tags")
    tag_lines = piped("--demo", "--db", demo_db, "tags").stdout.splitlines()
    assert [line.split("\t")[:4] for line in tag_lines] == [
        [c["tag"], c["kind"], str(c["unread"]), str(c["total"])] for c in counts
    ]

    feeds = as_json("--demo", "--db", demo_db, "feeds", "list")
    feed_lines = piped("--demo", "--db", demo_db, "feeds", "list").stdout.splitlines()
    assert len(feeds) == 7
    assert [line.split("\t")[:4] for line in feed_lines] == [
        [f["url"], f["title"], str(f["articles"]), str(f["unread"])] for f in feeds
    ]


# stdout a terminal: Rich tables where titles and URLs get the room -------------------------


WIDE_PAD = "\0"
"""Put after a wide character so that a line's index is its terminal column."""


def by_cells(line: str) -> str:
    """``line`` with a WIDE_PAD after each wide (CJK) character: one index per cell."""
    return "".join(char + WIDE_PAD * (cell_len(char) - 1) for char in line)


def table_cells(output: str, header: str, column: str, next_column: str) -> dict[str, str]:
    """Each row's text in one column of a table, its folded lines joined: first cell -> text.

    Columns are found by terminal cells, so a row with Chinese text is cut where it is drawn.
    """
    lines = [by_cells(line) for line in output.splitlines()]
    top = next(index for index, line in enumerate(lines) if line.lstrip().startswith(header))
    start, end = lines[top].index(column), lines[top].index(next_column)
    cells: dict[str, str] = {}
    key = ""
    for line in lines[top + 1 :]:
        if not line.strip():
            break
        if line[:start].strip():
            key = line[:start].split()[0]
            cells[key] = ""
        cells[key] = (cells[key] + " " + line[start:end].replace(WIDE_PAD, "").strip()).strip()
    return cells


def same_text(shown: str, expected: str) -> bool:
    """Whether a table cell shows ``expected`` whole, its folds joined by spaces.

    Chinese text folds between any two characters, where joining adds a space the text
    lacks: for text with wide characters, every character is compared in order, spaces aside.
    """
    if cell_len(expected) == len(expected):
        return shown == expected
    return shown.replace(" ", "") == expected.replace(" ", "")


def test_list_on_an_80_column_terminal_shows_every_title_whole(demo_db):
    articles = as_json("--demo", "--db", demo_db, "list", "-n", "1000")

    code, output = on_terminal("--demo", "--db", demo_db, "list", "-n", "1000")

    assert code == 0, output
    assert max(cell_len(line) for line in output.splitlines()) <= 80
    cells = table_cells(output, "id", "title", "feed")
    assert list(cells) == [str(article["id"]) for article in articles]
    for article in articles:
        tags = " ".join(f"#{tag}" for tag in article["tags"])
        shown = cells[str(article["id"])]
        assert same_text(shown, f"{article['title']} {tags}".strip()), shown


def test_search_on_an_80_column_terminal_shows_every_title_whole(demo_db):
    hits = as_json("--demo", "--db", demo_db, "search", "export")

    code, output = on_terminal("--demo", "--db", demo_db, "search", "export")

    assert code == 0, output
    assert max(cell_len(line) for line in output.splitlines()) <= 80
    flat = " ".join(output.split())
    for hit in hits:
        assert f"{hit['id']} {hit['title']} {hit['published'][:10]} {hit['feed']}" in flat


def test_feeds_list_on_an_80_column_terminal_shows_whole_urls(demo_db):
    feeds = as_json("--demo", "--db", demo_db, "feeds", "list")

    code, output = on_terminal("--demo", "--db", demo_db, "feeds", "list")

    assert code == 0, output
    lines = output.splitlines()
    for feed in feeds:
        assert f"  {feed['url']}" in lines
        assert any(
            line.startswith(f"{feed['title']}  {feed['articles']} article") for line in lines
        )


# fetch: every failed feed whole, and one line for the cause they share --------------------


@pytest.fixture
def refused_config(tmp_path: Path) -> tuple[Path, list[str]]:
    port = closed_port()
    urls = [f"http://127.0.0.1:{port}/feeds/{LONG}-{n}.xml" for n in range(3)]
    config = tmp_path / "refused.toml"
    config.write_text("".join(f'[[feeds]]\nurl = "{url}"\n' for url in urls), encoding="utf-8")
    return config, urls


def test_fetch_on_a_terminal_names_each_refused_feed_whole_and_the_cause_once(
    refused_config, tmp_path
):
    config, urls = refused_config

    code, output = on_terminal("--config", config, "--db", tmp_path / "f.db", "fetch")

    assert code == 1, output
    for url in urls:
        assert f"error  {url}  connection refused" in output.replace("\n", "")
    assert "offline: every connection was refused (3 feeds)" in output
    assert output.count("offline:") == 1
    assert "[Errno 111]" not in output  # named by its cause, not copied three times
    assert "0 of 3 feeds ok" in output

    code, listed = on_terminal("--config", config, "--db", tmp_path / "f.db", "feeds", "list")
    assert code == 0, listed
    for url in urls:
        assert f"  {url}\n  last error: ConnectError: [Errno 111] Connection refused\n" in listed


def test_fetch_in_a_pipe_gives_each_feed_one_line_with_its_whole_error(refused_config, tmp_path):
    config, urls = refused_config

    result = piped("--config", config, "--db", tmp_path / "f.db", "fetch")

    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    rows = sorted((line.split("\t") for line in lines[:3]), key=lambda row: row[4])
    assert [row[4] for row in rows] == urls  # in the order they finished
    for row, url in zip(rows, urls, strict=True):
        assert row[:4] == ["error", "0", "0", "0"]
        assert row[6].startswith(f"{url}: ") and row[6].endswith("Connection refused")
    assert lines[3:] == [
        "0 new articles, 0 updated, 0 of 3 feeds ok",
        "offline: every connection was refused (3 feeds)",
        "scitui: all 3 feeds failed",
    ]


# --config naming a missing file ------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["list"], ["tags"], ["fetch"], ["feeds", "list"], ["feeds", "remove", "https://a.test/"]],
)
def test_a_missing_config_named_by_the_option_is_an_error(tmp_path, command):
    missing = tmp_path / "nowhere" / "config.toml"

    result = piped("--config", missing, "--db", tmp_path / "x.db", *command)

    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"scitui: config error: {missing}: no such file (named by --config)\n"
    assert not (tmp_path / "x.db").exists()


def test_a_missing_config_named_by_the_environment_is_an_error(tmp_path, monkeypatch):
    missing = tmp_path / "env.toml"
    monkeypatch.setenv("SCITUI_CONFIG", str(missing))

    result = piped("--db", tmp_path / "x.db", "list")

    assert result.returncode == 2
    assert (
        result.stderr == f"scitui: config error: {missing}: no such file (named by SCITUI_CONFIG)\n"
    )


def test_where_names_a_missing_config_and_does_not_stop(tmp_path):
    missing = tmp_path / "nowhere.toml"

    result = piped("--config", missing, "where")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"config    {missing}  (missing: commands other than `feeds add` and `import-opml` stop)"
    )


def test_feeds_add_and_import_opml_create_the_missing_config(tmp_path, data_dir):
    config = tmp_path / "new" / "config.toml"

    added = piped("--config", config, "--db", tmp_path / "x.db", "feeds", "add", "https://a.test/f")

    assert added.returncode == 0, added.stderr
    assert 'url = "https://a.test/f"' in config.read_text("utf-8")
    other = tmp_path / "other.toml"
    opml = data_dir / "opml" / "nested.opml"
    imported = piped("--config", other, "--db", tmp_path / "x.db", "import-opml", opml)
    assert imported.returncode == 0, imported.stderr
    assert other.is_file()


# empty results explain themselves --------------------------------------------------------


def test_an_empty_list_or_search_says_why_from_its_filter(demo_db):
    demo = ("--demo", "--db", demo_db)
    cases = {
        ("list", "--tag", "nosuchtag"): "no articles tagged nosuchtag",
        ("list", "--unread", "--tag", "nosuchtag"): "no unread articles tagged nosuchtag",
        ("list", "--starred"): "no starred articles",
        ("search", "zzyzx"): "no matches for zzyzx",
        ("search", "zzyzx", "--tag", "talent"): "no matches for zzyzx tagged talent",
    }
    for args, message in cases.items():
        result = piped(*demo, *args)
        assert (result.returncode, result.stdout) == (0, ""), result.stderr
        assert result.stderr == f"scitui: {message}\n", args


def test_only_an_empty_database_gets_the_fetch_hint(tmp_path):
    result = piped("--db", tmp_path / "empty.db", "list", "--tag", "nosuchtag")

    assert result.stderr == (
        "scitui: no articles yet: run `scitui fetch` (or `scitui demo` for a sample)\n"
    )


def test_counts_in_messages_agree_in_number():
    assert [plural(n, "article") for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
