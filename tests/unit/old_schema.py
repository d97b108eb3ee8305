"""A database file as an older scitui left it, to test the migrations from it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scitui.store.schema import APPLICATION_ID, MIGRATIONS


def old_database(path: Path, version: int) -> sqlite3.Connection:
    """Create ``path`` at schema ``version``; the open connection is for its rows."""
    conn = sqlite3.connect(path)
    for step in range(version):
        MIGRATIONS[step](conn)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    return conn
