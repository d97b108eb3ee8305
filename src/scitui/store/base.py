"""The store's connection handling: one connection per thread, migrations, transactions."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from scitui.errors import StoreError
from scitui.store.schema import APPLICATION_ID, MIGRATIONS, VERSION
from scitui.store.sql import (
    BUSY_TIMEOUT_MS,
    wrapped_errors,
)


class StoreBase:
    """The SQLite cache of feeds, articles and tags.

    Each thread gets its own connection; WAL lets readers run beside a writer.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self._local = threading.local()
        if str(path) != ":memory:":
            file_path = Path(path)
            if file_path.is_dir():
                raise StoreError(f"{path}: is a directory, not a database file")
            try:
                file_path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path}: cannot create its folder: {exc.strerror}") from None
        with wrapped_errors(path):
            self._migrate(self.db.conn)

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection, opened on first use."""
        db: sqlite_utils.Database | None = getattr(self._local, "db", None)
        if db is None:
            with wrapped_errors(self.path):
                conn = sqlite3.connect(
                    str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
                )
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                conn.execute("PRAGMA foreign_keys = ON")
                if str(self.path) != ":memory:":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            db = sqlite_utils.Database(conn, execute_plugins=False)
            self._local.db = db
        return db

    def _migrate(self, conn: sqlite3.Connection) -> None:
        try:
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a scitui database ({exc})") from None
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if application_id not in (0, APPLICATION_ID) or (application_id == 0 and tables):
            raise StoreError(f"{self.path}: not a scitui database (it has other tables)")
        if version > VERSION:
            raise StoreError(
                f"{self.path}: made by a newer scitui (schema {version}, this one knows {VERSION})"
            )
        while version < VERSION:
            with conn:
                MIGRATIONS[version](conn)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken at once (BEGIN IMMEDIATE), committed or rolled back."""
        conn = self.db.conn
        with wrapped_errors(self.path):
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        with wrapped_errors(self.path):
            return list(self.db.query(sql, params))

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends).

        ``PRAGMA optimize`` first, as SQLite advises for connections that ran queries: it
        refreshes the planner's statistics only where they are stale, usually doing nothing.
        """
        db = getattr(self._local, "db", None)
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.conn.execute("PRAGMA optimize")
            db.conn.close()
            self._local.db = None
