"""The database under faults: concurrent writers, kill -9 mid-fetch, a full disk.

Real SQLite files in tmp_path, real ``scitui`` processes, feeds on a loopback server whose
slow responses are held by events (never by sleeps the assertions depend on).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from procs import alive_pids, descendants
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scitui.errors import StoreError
from scitui.library import Library
from scitui.models import FeedOutcome
from scitui.store import Store
from scitui.store.base import StoreBase
from scitui.store.schema import APPLICATION_ID, MIGRATIONS, VERSION

WAIT = 60.0
"""Upper bound on any wait for another thread or process; reached only when a test fails."""


def rss(name: str, count: int, body: str = "") -> bytes:
    """An RSS feed with ``count`` items carrying their text in content:encoded."""
    items = "".join(
        f"<item><title>{name} story {index}</title>"
        f"<link>https://news.example/{name}/{index}</link><guid>{name}-{index}</guid>"
        f"<pubDate>Mon, 0{1 + index % 9} Sep 2025 10:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[<p>{name} {index} {body}</p>]]></content:encoded></item>"
        for index in range(count)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{name}</title><link>https://news.example/</link>{items}</channel></rss>"
    ).encode()


@dataclass
class Gate:
    """Holds a response until opened; ``arrived`` is set when a request is waiting."""

    arrived: threading.Event = field(default_factory=threading.Event)
    opened: threading.Event = field(default_factory=threading.Event)


@dataclass
class Site:
    server: HTTPServer
    gates: dict[str, Gate] = field(default_factory=dict)

    def feed(
        self, name: str, count: int, *, body: str = "", gated: bool = False, delay: float = 0.0
    ) -> str:
        """Serve a feed; ``gated`` holds it until ``open(name)``; ``delay`` slows each answer."""
        content = rss(name, count, body)
        gate = self.gates.setdefault(name, Gate()) if gated else None

        def respond(_request: Request) -> Response:
            if gate is not None:
                gate.arrived.set()
                gate.opened.wait(WAIT)
            if delay:
                time.sleep(delay)  # a slow server, not a timing assertion
            return Response(content, content_type="application/rss+xml")

        path = f"/{name}.xml"
        self.server.expect_request(path).respond_with_handler(respond)
        return self.server.url_for(path)

    def open(self, name: str) -> None:
        self.gates[name].opened.set()


@pytest.fixture
def site(httpserver: HTTPServer) -> Iterator[Site]:
    served = Site(httpserver)
    yield served
    for gate in served.gates.values():  # no server thread stays parked after the test
        gate.opened.set()


def write_config(path: Path, urls: list[str]) -> Path:
    feeds = "".join(f'[[feeds]]\nurl = "{url}"\n\n' for url in urls)
    path.write_text(f"[settings]\njobs = 4\ncontent = false\n\n{feeds}[topics]\n", "utf-8")
    return path


def scitui(*args: str | Path, preexec: Callable[[], None] | None = None) -> subprocess.Popen[str]:
    """A real ``scitui`` process (``python -m scitui``)."""
    return subprocess.Popen(
        [sys.executable, "-m", "scitui", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,  # only sets a resource limit and a signal disposition
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=WAIT)
    return process.returncode, stdout, stderr


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def titles(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return sorted(row[0] for row in conn.execute("SELECT title FROM articles"))
    finally:
        conn.close()


def expected_titles(**counts: int) -> list[str]:
    return sorted(
        f"{name} story {index}" for name, count in counts.items() for index in range(count)
    )


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.02)


def article_count(db: Path, feed_name: str) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute(
                "SELECT count(*) FROM articles WHERE title LIKE ?", (f"{feed_name} story %",)
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet
        return 0
    return int(row[0])


# settings --------------------------------------------------------------------------------------


def test_every_connection_has_wal_and_a_long_busy_timeout(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    connections = [store.db.conn]
    other = threading.Thread(target=lambda: connections.append(store.db.conn))
    other.start()
    other.join()
    for conn in connections:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()


# concurrency -----------------------------------------------------------------------------------


def test_two_processes_opening_a_new_file_migrate_it_once(tmp_path: Path) -> None:
    """B reads version 0 while A migrates: B must wait for A's lock and not migrate again."""
    path = tmp_path / "new.db"
    first = sqlite3.connect(path, isolation_level=None)
    first.execute("PRAGMA journal_mode = WAL")
    first.execute("BEGIN IMMEDIATE")  # A holds the write lock, mid-migration
    read_old_version = threading.Event()
    errors: list[BaseException] = []

    class SecondOpener(Store):
        def _schema_state(self, conn: sqlite3.Connection) -> int:
            version = super()._schema_state(conn)
            read_old_version.set()
            return version

    def open_second() -> None:
        try:
            SecondOpener(path).close()
        except BaseException as exc:  # reported below
            errors.append(exc)

    second = threading.Thread(target=open_second)
    second.start()
    assert read_old_version.wait(WAIT)
    for step in range(VERSION):
        MIGRATIONS[step](first)
    first.execute(f"PRAGMA user_version = {VERSION}")
    first.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    first.execute("COMMIT")
    second.join(WAIT)

    assert errors == []
    assert first.execute("PRAGMA user_version").fetchone()[0] == VERSION
    first.close()
    assert integrity(path) == "ok"


def test_a_second_connection_writes_while_a_fetch_waits_on_the_network(
    tmp_path: Path, site: Site, make_library: Callable[..., Library]
) -> None:
    fast = site.feed("fast", 3)
    slow = site.feed("slow", 2, gated=True)
    library = make_library([fast, slow], content=False)
    stored: list[FeedOutcome] = []
    one_stored = threading.Event()

    def fetch() -> None:
        for outcome in library.refresh():
            stored.append(outcome)
            one_stored.set()

    fetcher = threading.Thread(target=fetch)
    fetcher.start()
    try:
        assert one_stored.wait(WAIT) and site.gates["slow"].arrived.wait(WAIT)
        # The fetch is inside network I/O now. timeout=0: a held write lock fails at once.
        other = sqlite3.connect(tmp_path / "scitui.db", timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        marked = other.execute("UPDATE articles SET read = 1, starred = 1").rowcount
        other.execute("COMMIT")
        other.close()
    finally:
        site.open("slow")
        fetcher.join(WAIT)

    assert marked == 3
    assert [outcome.status for outcome in stored] == ["ok", "ok"]
    assert [outcome.new for outcome in stored] == [3, 2]
    rows = library.store._rows("SELECT title, read, starred FROM articles ORDER BY title")
    assert [(row["title"][:4], row["read"], row["starred"]) for row in rows] == [
        ("fast", 1, 1),
        ("fast", 1, 1),
        ("fast", 1, 1),
        ("slow", 0, 0),
        ("slow", 0, 0),
    ]


def test_two_fetches_at_once_both_finish(tmp_path: Path, site: Site) -> None:
    counts = {"alpha": 4, "beta": 3, "gamma": 5}
    urls = [site.feed(name, count, delay=0.2) for name, count in counts.items()]
    config = write_config(tmp_path / "config.toml", urls)
    db = tmp_path / "shared.db"  # new: both processes create and migrate it at once

    processes = [scitui("--config", config, "--db", db, "fetch", "--json") for _ in range(2)]
    results = [finish(process) for process in processes]

    for code, stdout, stderr in results:
        assert code == 0, stderr
        assert "Traceback" not in stderr
        assert [outcome["status"] for outcome in json.loads(stdout)] == ["ok"] * 3
    new_counts = [sum(o["new"] for o in json.loads(stdout)) for _code, stdout, _ in results]
    assert sum(new_counts) == sum(counts.values())  # every entry stored once, by one of them
    assert titles(db) == expected_titles(**counts)
    assert integrity(db) == "ok"


def test_kill_9_mid_fetch_leaves_an_intact_database_and_the_next_fetch_completes(
    tmp_path: Path, site: Site
) -> None:
    urls = [site.feed("early", 6, body="x" * 3000), site.feed("late", 4, gated=True)]
    config = write_config(tmp_path / "config.toml", urls)
    db = tmp_path / "killed.db"

    fetch = scitui("--config", config, "--db", db, "fetch")
    try:
        assert site.gates["late"].arrived.wait(WAIT), fetch.stderr
        wait_until(lambda: article_count(db, "early") == 6, "the first feed to be stored")
        helpers = descendants(fetch.pid)  # the forkserver, its workers, the resource tracker
    finally:
        fetch.send_signal(signal.SIGKILL)  # while it waits on the slow feed
        fetch.wait(WAIT)
    assert fetch.returncode == -signal.SIGKILL
    assert helpers, "the fetch started no worker processes"
    wait_until(lambda: not (helpers & alive_pids()), "the killed fetch's helpers to end")

    assert integrity(db) == "ok"
    assert titles(db) == expected_titles(early=6)

    site.open("late")
    code, _stdout, stderr = finish(scitui("--config", config, "--db", db, "fetch", "--json"))
    assert code == 0, stderr
    assert titles(db) == expected_titles(early=6, late=4)
    assert integrity(db) == "ok"


# a full disk -------------------------------------------------------------------------------------


@pytest.fixture
def seeded_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "full.db")
    feed = store.ensure_feed("https://feeds.example/a.xml")
    store.save_new(feed.id, [(_draft(f"old-{index}", 200), "h") for index in range(5)])
    yield store
    store.close()


def _draft(key: str, size: int) -> Any:
    from scitui.models import ArticleDraft, EntryData

    text = f"{key} " + "lorem ipsum " * size
    entry = EntryData(key, key, f"https://news.example/{key}", key, None, None, "", "")
    return ArticleDraft(entry, f"<p>{text}</p>", text, "feed", tags={"chips": "rule"})


def _cap_pages(store: Store, monkeypatch: pytest.MonkeyPatch, extra_pages: int) -> Store:
    """The same file reopened with room for only ``extra_pages`` more pages."""
    pages = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
    store.close()
    monkeypatch.setattr(StoreBase, "max_page_count", pages + extra_pages)
    return Store(store.path)


def test_a_full_disk_is_a_clear_store_error_and_loses_nothing(
    seeded_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = _cap_pages(seeded_store, monkeypatch, extra_pages=3)
    feed = full.ensure_feed("https://feeds.example/a.xml")

    with pytest.raises(StoreError) as raised:
        full.save_new(feed.id, [(_draft(f"new-{index}", 2000), "h") for index in range(20)])

    message = str(raised.value)
    assert message.startswith(f"{full.path}: disk full: ")
    assert "\n" not in message
    assert not full.db.conn.in_transaction  # rolled back: no lock left behind
    full.set_flag([1], "read", True)  # the store still works for what fits
    assert full._rows("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
    keys = [row["entry_key"] for row in full._rows("SELECT entry_key FROM articles")]
    assert sorted(keys) == [f"old-{index}" for index in range(5)]
    full.close()


def test_a_failed_commit_rolls_back_and_releases_the_lock(
    seeded_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In WAL mode the pages are written at COMMIT: that is where a full disk shows."""
    full = _cap_pages(seeded_store, monkeypatch, extra_pages=2)
    with pytest.raises(StoreError, match="disk full"), full.transaction() as conn:
        conn.execute("CREATE TABLE filler (x)")
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
            "INSERT INTO filler SELECT randomblob(100) FROM n"
        )
    assert not full.db.conn.in_transaction
    other = sqlite3.connect(full.path, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # would fail at once if the lock had outlived the error
    other.rollback()
    other.close()
    full.close()


def test_a_write_failing_in_the_os_is_one_line_and_the_next_fetch_completes(
    tmp_path: Path, site: Site
) -> None:
    """A real process whose files may not grow (RLIMIT_FSIZE): write() fails as on a full disk."""
    small, big = site.feed("small", 3), site.feed("big", 40, body="y" * 4000)
    db = tmp_path / "capped.db"
    code, _out, stderr = finish(
        scitui("--config", write_config(tmp_path / "one.toml", [small]), "--db", db, "fetch")
    )
    assert code == 0, stderr
    limit = os.path.getsize(db) + 32 * 1024
    both = write_config(tmp_path / "both.toml", [small, big])

    def cap_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write() instead of the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    code, stdout, stderr = finish(
        scitui("--config", both, "--db", db, "fetch", "--json", preexec=cap_file_size)
    )

    assert code == 1
    assert stdout == ""
    assert "Traceback" not in stderr
    [line] = stderr.splitlines()
    assert line.startswith(f"scitui: {db}: disk ") and "this change was not saved" in line
    assert integrity(db) == "ok"
    assert titles(db) == expected_titles(small=3)

    code, _out, stderr = finish(scitui("--config", both, "--db", db, "fetch"))
    assert code == 0, stderr
    assert titles(db) == expected_titles(small=3, big=40)
    assert integrity(db) == "ok"


WRITER = """
import sys
from scitui.models import ArticleDraft, EntryData
from scitui.store import Store

def draft(key):
    entry = EntryData(key, key, None, key, None, None, "", "")
    return ArticleDraft(entry, "", "words " * 500, "feed", tags={"chips": "rule"})

store = Store(sys.argv[1])
feed = store.ensure_feed("https://feeds.example/a.xml")
store.save_new(feed.id, [(draft(f"kept-{index}"), "h") for index in range(50)])

def drafts():
    for index in range(2000):
        yield draft(f"lost-{index}"), "h"
        if index == 1500:
            print("mid-transaction", flush=True)
            sys.stdin.read()  # parked inside the write transaction until killed

store.save_new(feed.id, drafts())
"""


def test_kill_9_inside_a_write_transaction_keeps_the_committed_rows(tmp_path: Path) -> None:
    db = tmp_path / "torn.db"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "mid-transaction\n"
    finally:
        writer.kill()
        writer.communicate(timeout=WAIT)

    assert integrity(db) == "ok"
    store = Store(db)  # recovers the WAL, takes the write lock: nothing was left held
    rows = store._rows("SELECT entry_key FROM articles ORDER BY id")
    assert [row["entry_key"] for row in rows] == [f"kept-{index}" for index in range(50)]
    assert len(store.search("words", limit=100)) == 50  # the full-text index is whole too
    store.set_flag([1], "read", True)
    store.close()
