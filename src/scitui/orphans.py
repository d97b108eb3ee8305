"""Worker processes end with the process that started them, even when it is killed.

A process pool's worker waits on a queue whose writing end it holds itself, so it never sees
its parent go; and while it lives, so do the forkserver and the resource tracker. After a
`kill -9` of `scitui fetch` they would stay behind forever.
"""

from __future__ import annotations

import os
import threading
import time

CHECK_INTERVAL = 0.5
"""Seconds between looks for the parent."""


def exit_with(parent_pid: int, interval: float = CHECK_INTERVAL) -> None:
    """In a worker process: exit at once when the process ``parent_pid`` is gone."""

    def watch() -> None:
        while True:
            time.sleep(interval)
            try:
                os.kill(parent_pid, 0)
            except (ProcessLookupError, PermissionError):  # gone (or its pid reused)
                os._exit(0)

    threading.Thread(target=watch, name="scitui-parent-watch", daemon=True).start()
