"""TUI fixtures: a real SQLite cache filled once per session through the core's ingest.

The session's cache is the bundled demo (7 feeds, 33 articles, 8 topics) ingested with the
demo's FileRetriever, the same pipeline `scitui fetch` runs; each test gets its own copy.
"""

from __future__ import annotations

import shutil
import webbrowser
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tui_pilot import FakeBrowser

from scitui.demo import demo_dir, load_demo, open_demo
from scitui.library import Library
from scitui.tui.app import SciTuiApp

FROZEN_NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
"""The clock the app sees in tests and the demo is loaded at (its newest date: 2026-11-27)."""


@pytest.fixture(scope="session")
def demo_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the demo ingested once; copy it, never write to it."""
    db_path = tmp_path_factory.mktemp("demo-cache") / "demo.db"
    library = open_demo(db_path)
    try:
        outcomes = list(load_demo(library, now=FROZEN_NOW))  # the demo laid out as written
        assert all(outcome.ok for outcome in outcomes), outcomes
        stamp = FROZEN_NOW.isoformat(timespec="seconds")  # every refresh time, for snapshots
        library.store.db.conn.execute(
            "UPDATE feeds SET last_fetched = ?, last_success = ?", (stamp, stamp)
        )
        library.store.db.conn.execute("UPDATE fetch_runs SET finished_at = ?", (stamp,))
        library.store.db.conn.commit()
        # Copies take the main file only: everything must be in it, not in the -wal file.
        library.store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        library.close()
    return db_path


@pytest.fixture
def demo_db(demo_cache: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo cache."""
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_cache, target)
    return target


@pytest.fixture
def library(demo_db: Path) -> Iterator[Library]:
    """A Library over this test's copy of the demo cache (demo config: 8 built-in topics)."""
    library = Library.open(demo_dir() / "config.toml", demo_db)
    yield library
    library.close()


@pytest.fixture
def make_app(library: Library) -> Callable[..., SciTuiApp]:
    """Build the app over the test's library with a frozen clock."""

    def make(*, demo: bool = True, target: Library | None = None) -> SciTuiApp:
        return SciTuiApp(target or library, demo=demo, now=lambda: FROZEN_NOW)

    return make


@pytest.fixture
def reopen(demo_db: Path) -> Callable[[], Library]:
    """A fresh Library on the same file, to check what the app wrote."""
    opened: list[Library] = []

    def open_again() -> Library:
        library = Library.open(demo_dir() / "config.toml", demo_db)
        opened.append(library)
        return library

    yield open_again  # type: ignore[misc]
    for library in opened:
        library.close()


@pytest.fixture(autouse=True)
def utc_timezone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Times on screen are local: pin the zone so screens are the same everywhere."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> FakeBrowser:
    """The system browser replaced by one that records what it was asked to open."""
    fake = FakeBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: fake)
    return fake


@pytest.fixture
def article_rows(library: Library) -> None:
    """One row per article in every pane (S off), for tests of the list's mechanics that
    count rows as articles; story rows have tests of their own (test_story_rows_tui.py)."""
    from scitui.tui.panes import STORY_ROWS_KEY

    library.set_preference(STORY_ROWS_KEY, "0")
