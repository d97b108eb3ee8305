"""Run the user's notify_command with a fetch's alerts as JSON lines on its standard input."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
from collections.abc import Sequence

from scitui.actions import Alert
from scitui.text import clean_line

NOTIFY_TIMEOUT = 10.0
"""Seconds the command may take before it is killed (and the hang reported)."""


def alert_lines(alerts: Sequence[Alert]) -> bytes:
    """One JSON object per alert, one a line, UTF-8."""
    return "".join(
        json.dumps(alert.as_json(), ensure_ascii=False) + "\n" for alert in alerts
    ).encode("utf-8")


def run_notify_command(argv: Sequence[str], alerts: Sequence[Alert]) -> str | None:
    """Run ``argv`` (never through a shell) with the alerts on stdin; a line if it failed.

    Returns:
        None when it exited 0; otherwise one line saying what went wrong.
    """
    if not argv or not alerts:
        return None
    program = argv[0]
    try:
        process = subprocess.Popen(
            list(argv),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: a hang is killed with its children
        )
    except OSError as exc:
        return f"notify_command {program}: cannot run it: {exc.strerror or exc}"
    try:
        _out, err = process.communicate(alert_lines(alerts), timeout=NOTIFY_TIMEOUT)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        return f"notify_command {program}: killed after {NOTIFY_TIMEOUT:g} s without finishing"
    if process.returncode != 0:
        said = clean_line(err.decode("utf-8", "replace"))[:200]
        code = process.returncode
        how = f"exited {code}" if code > 0 else f"killed by signal {-code}"
        return f"notify_command {program}: {how}" + (f": {said}" if said else "")
    return None


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the command and whatever it started, then reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.kill()
    process.communicate()
