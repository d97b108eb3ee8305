"""How a refresh ended: causes shared by failures, the run kept in the store, preferences."""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from old_schema import old_database

from scitui.library import Library
from scitui.models import FeedOutcome
from scitui.runs import failure_cause, plural, summarize
from scitui.store import Store
from scitui.store.schema import VERSION

NOW = datetime(2026, 12, 7, 18, 5, tzinfo=UTC)


def failed(url: str, error: str) -> FeedOutcome:
    return FeedOutcome(url, None, "error", error=error)


def test_causes_are_read_from_real_error_texts() -> None:
    assert failure_cause("http://a.example/: ConnectError: [Errno -2] Name or service not known")
    assert failure_cause("x: ConnectError: [Errno -3] Temporary failure in name resolution") == (
        "dns"
    )
    assert failure_cause("http://127.0.0.1:9/: ConnectError: [Errno 111] Connection refused") == (
        "refused"
    )
    assert failure_cause("http://a/: timed out (over 20 s)") == "timeout"
    assert failure_cause("http://a/: HTTP 404 Not Found") is None
    assert failure_cause(None) is None


def test_every_feed_failing_of_one_cause_is_one_offline_line() -> None:
    outcomes = [
        failed(f"http://host{n}.example/feed", f"http://host{n}.example/feed: ConnectError: "
               "[Errno -2] Name or service not known")
        for n in range(22)
    ]  # fmt: skip
    run = summarize(outcomes, NOW)

    assert run.failed == run.feeds == 22
    assert not run.reached and run.offline
    assert run.headline() == "22 of 22 feeds failed"
    assert run.lines() == ["offline: no feed host could be resolved (22 feeds)"]


def test_mixed_failures_count_each_shared_cause_and_leave_single_errors_alone() -> None:
    outcomes = [
        FeedOutcome("http://ok.example/", "OK", "ok", new=1),
        failed("http://a/", "http://a/: timed out (over 20 s)"),
        failed("http://b/", "http://b/: timed out (no data for 10 s)"),
        failed("http://c/", "http://c/: HTTP 500 Internal Server Error"),
        failed("http://d/", "http://d/: ConnectError: [Errno 111] Connection refused"),
    ]
    run = summarize(outcomes, NOW)

    assert run.reached and not run.offline
    assert run.headline() == "1 new article from 5 feeds, 4 failed"
    assert run.lines() == ["2 feeds: timed out"]


def test_all_timing_out_is_not_called_offline() -> None:
    outcomes = [failed(f"http://{n}/", f"http://{n}/: timed out (over 20 s)") for n in range(3)]
    run = summarize(outcomes, NOW)
    assert not run.offline
    assert run.lines() == ["every request timed out (3 feeds)"]


def test_plural() -> None:
    assert plural(1, "article") == "1 article"
    assert plural(2, "article") == "2 articles"
    assert plural(1204, "match", "matches") == "1,204 matches"
    assert plural(0, "feed") == "0 feeds"


def test_a_refresh_against_a_closed_port_is_recorded_and_keeps_the_last_success(
    make_library: Callable[..., Library], serve: Callable[..., str]
) -> None:
    with socket.socket() as sock:  # a port nothing listens on: connections are refused
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    good = serve("/good.xml", "feeds/rss2.xml")
    library = make_library([good, f"http://127.0.0.1:{port}/feed.xml"])

    list(library.refresh())
    first = library.last_run()
    assert first is not None
    assert (first.feeds, first.failed) == (2, 1)
    assert first.reached
    success = library.last_success()
    assert success is not None

    list(library.refresh([f"http://127.0.0.1:{port}/feed.xml"]))  # only the dead feed now
    last = library.last_run()
    assert last is not None
    assert (last.feeds, last.failed) == (1, 1)
    assert not last.reached
    assert last.causes == (("refused", 1),)
    assert library.last_success() == success  # a failure does not move it
    feeds = {feed.source_url: feed for feed in library.store.feeds()}
    assert feeds[good].last_success == success
    assert feeds[f"http://127.0.0.1:{port}/feed.xml"].last_success is None


def test_preferences_are_kept_across_opens(tmp_path: Path) -> None:
    path = tmp_path / "prefs.db"
    store = Store(path)
    assert store.preference("list.row_mode") is None
    store.set_preference("list.row_mode", "two")
    store.set_preference("list.row_mode", "one")
    store.close()
    again = Store(path)
    try:
        assert again.preference("list.row_mode") == "one"
    finally:
        again.close()


def test_runs_are_capped(tmp_path: Path) -> None:
    store = Store(tmp_path / "runs.db")
    try:
        for new in range(60):
            store.record_run(summarize([FeedOutcome("http://a/", new=new)], NOW))
        count = store.db.conn.execute("SELECT count(*) FROM fetch_runs").fetchone()[0]
        assert count == 50
        last = store.last_run()
        assert last is not None and last.new == 59
    finally:
        store.close()


def test_version_3_database_migrates_and_past_successes_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    conn = old_database(path, 3)
    conn.execute(
        "INSERT INTO feeds (url, source_url, last_fetched, last_error, added_at) VALUES "
        "('http://ok/', 'http://ok/', '2026-12-01T10:00:00+00:00', NULL, 'x'), "
        "('http://bad/', 'http://bad/', '2026-12-01T11:00:00+00:00', 'boom', 'x')"
    )
    conn.commit()
    conn.close()

    store = Store(path)
    try:
        assert store.db.conn.execute("PRAGMA user_version").fetchone()[0] == VERSION
        assert store.last_success() == datetime(2026, 12, 1, 10, tzinfo=UTC)
        assert store.last_run() is None
    finally:
        store.close()
