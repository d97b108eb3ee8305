"""The store's connection handling: one connection per thread, migrations, transactions."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from scitui.errors import StoreError
from scitui.store.cjk import register_functions
from scitui.store.schema import APPLICATION_ID, MIGRATIONS, VERSION
from scitui.store.sql import (
    BUSY_TIMEOUT_MS,
    wrapped_errors,
)


class StoreBase:
    """The SQLite cache of feeds, articles and tags.

    Each thread gets its own connection; WAL lets readers run beside a writer.
    """

    max_page_count: int | None = None
    """Test hook: cap the file at this many pages, so a write fails as on a full disk."""

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
            _check_file(file_path)
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
                register_functions(conn)
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                conn.execute("PRAGMA foreign_keys = ON")
                if str(self.path) != ":memory:":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                if self.max_page_count is not None:
                    conn.execute(f"PRAGMA max_page_count = {int(self.max_page_count)}")
            db = sqlite_utils.Database(conn, execute_plugins=False)
            self._local.db = db
        return db

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Bring the file to this version's schema; safe when several processes open it at once.

        A current database is only read. Otherwise the migrations run under the write lock
        (BEGIN IMMEDIATE), after reading the version again: another process may have just
        migrated the file, and running its migrations twice would fail.
        """
        if self._schema_state(conn) == VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = self._schema_state(conn)
            while version < VERSION:
                MIGRATIONS[version](conn)
                version += 1
            conn.execute(f"PRAGMA user_version = {VERSION}")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.commit()
        except BaseException:
            conn.rollback()
            raise

    def _schema_state(self, conn: sqlite3.Connection) -> int:
        """The file's schema version, after checking it is scitui's and not newer."""
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
        return int(version)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction taken at once (BEGIN IMMEDIATE), committed or rolled back.

        Inside another one on the same thread it is a savepoint of that one, so a caller can
        make several writes one transaction: all or nothing, under one short lock.
        """
        conn = self.db.conn
        depth: int = getattr(self._local, "depth", 0)
        with wrapped_errors(self.path):
            savepoint = f"nested_{depth}"
            conn.execute(f"SAVEPOINT {savepoint}" if depth else "BEGIN IMMEDIATE")
            self._local.depth = depth + 1
            try:
                yield conn
                if depth:
                    conn.execute(f"RELEASE {savepoint}")
                else:
                    conn.commit()  # may fail too (a full disk): the lock must not outlive it
            except BaseException:
                if not depth:
                    conn.rollback()
                elif conn.in_transaction:  # SQLite may have rolled it all back already
                    conn.execute(f"ROLLBACK TO {savepoint}")
                    conn.execute(f"RELEASE {savepoint}")
                raise
            finally:
                self._local.depth = depth

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


SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_file(path: Path) -> None:
    """Refuse what SQLite would only notice when a query reaches the damage.

    A database file is always a whole number of pages: a file cut short mid-page (a copy
    interrupted, a disk that filled while it was copied) is refused when opened. Anything
    else that is not SQLite's is left for SQLite to name.
    """
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):  # a FIFO would block the read below
            raise StoreError(f"{path}: not a regular file, so not a database")
        with path.open("rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the database file: {exc.strerror}") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65_536 if page_size == 1 else page_size
    if page_size and size % page_size:
        raise StoreError(
            f"{path}: the database file is damaged (cut short: {size} bytes is not a whole "
            f"number of {page_size}-byte pages); move it aside to start a new one"
        )
