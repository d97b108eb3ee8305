"""Waiting helpers for the Pilot tests of the reader."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot


async def until(pilot: Pilot[None], predicate: Callable[[], bool], what: str) -> None:
    """Let the app run until ``predicate`` holds (counts are redrawn on a short timer)."""
    deadline = time.monotonic() + 5
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for: {what}"
        await pilot.pause(0.02)


async def settle(pilot: Pilot[None]) -> None:
    """Let background work (counts, search, marks) finish and its messages be handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
