"""Refresh runs, feeds' last success, and the reader's remembered preferences."""

from __future__ import annotations

import json
from datetime import datetime

from scitui.runs import RunSummary
from scitui.store.base import StoreBase
from scitui.store.sql import moment, stamp

KEPT_RUNS = 50
"""How many past refreshes are kept (the reader shows the last)."""


class RunState(StoreBase):
    """How refreshes ended, and small key-value preferences."""

    def record_run(self, run: RunSummary) -> None:
        """Keep a finished refresh's summary (and only the last KEPT_RUNS)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO fetch_runs (finished_at, feeds, failed, new, updated, causes) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    stamp(run.finished),
                    run.feeds,
                    run.failed,
                    run.new,
                    run.updated,
                    json.dumps(dict(run.causes)),
                ),
            )
            conn.execute(
                "DELETE FROM fetch_runs WHERE id <= (SELECT max(id) FROM fetch_runs) - ?",
                (KEPT_RUNS,),
            )

    def last_run(self) -> RunSummary | None:
        """The last refresh recorded, or None."""
        rows = self._rows("SELECT * FROM fetch_runs ORDER BY id DESC LIMIT 1")
        if not rows:
            return None
        row = rows[0]
        finished = moment(row["finished_at"])
        assert finished is not None
        causes = json.loads(row["causes"] or "{}")
        return RunSummary(
            finished=finished,
            feeds=row["feeds"],
            failed=row["failed"],
            new=row["new"],
            updated=row["updated"],
            causes=tuple(sorted(causes.items(), key=lambda item: -item[1])),
        )

    def last_success(self) -> datetime | None:
        """When any feed was last fetched without an error, or None."""
        return moment(self._rows("SELECT max(last_success) AS moment FROM feeds")[0]["moment"])

    def preference(self, key: str) -> str | None:
        """A remembered preference, or None."""
        rows = self._rows("SELECT value FROM preferences WHERE key = ?", (key,))
        return str(rows[0]["value"]) if rows else None

    def set_preference(self, key: str, value: str) -> None:
        """Remember a preference across runs."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO preferences (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
