"""End to end: the installed ``scitui`` command in a real terminal (tmux), keys in, screen out.

The app runs in a detached tmux session with its own server socket, 120x40, TERM=xterm-256color,
on a copy of the demo cache. The test reads the screen with ``capture-pane``, types with
``send-keys``, quits, and then checks what the app wrote to the database.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from scitui.demo import demo_dir
from scitui.library import ArticleFilter, Library
from scitui.models import Tag

TMUX = shutil.which("tmux")
WIDTH, HEIGHT = 120, 40
DEADLINE = 20.0
"""Seconds to wait for each screen (the first includes Python and Textual starting up)."""
POLL = 0.1

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (CI installs it)")


class Terminal:
    """One tmux server (its own socket) running one session, read and typed into.

    The command writes its exit status to ``exit_file``; the pane stays after it exits
    (remain-on-exit), so a crash's traceback is still on the screen for the failure message.
    """

    def __init__(self, socket: str, exit_file: Path) -> None:
        assert TMUX is not None
        self.base = [TMUX, "-L", socket, "-f", "/dev/null"]
        self.exit_file = exit_file
        self.env = {key: value for key, value in os.environ.items() if key != "TMUX"}
        self.socket_path: Path | None = None

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.base, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
            check=check,
        )

    def start(self, command: str) -> None:
        self.tmux(
            "set-option", "-g", "remain-on-exit", "on", ";",
            "new-session", "-d", "-s", "e2e", "-x", str(WIDTH), "-y", str(HEIGHT), command,
        )  # fmt: skip
        path = self.tmux("display-message", "-p", "-t", "e2e", "#{socket_path}", check=False)
        if path.returncode == 0 and path.stdout.strip():
            self.socket_path = Path(path.stdout.strip())

    def screen(self) -> str:
        """The visible screen as text, or '' if the session is gone."""
        result = self.tmux("capture-pane", "-p", "-t", "e2e", check=False)
        return result.stdout if result.returncode == 0 else ""

    def exit_status(self) -> str | None:
        """The command's exit status once it has exited, else None."""
        status = self.exit_file.read_text().strip() if self.exit_file.exists() else ""
        return status or None

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "e2e", *(["-l"] if literal else []), *keys)

    def wait_for(self, what: str, done: Callable[[str], bool]) -> str:
        """Poll the screen until ``done`` holds for it; fail with the last screen after 20 s,
        or at once if the app has exited."""
        deadline = time.monotonic() + DEADLINE
        while True:
            screen = self.screen()
            if done(screen):
                return screen
            status = self.exit_status()
            if status is not None:
                pytest.fail(f"scitui exited ({status}) before {what}; the screen was:\n{screen}")
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}; the screen was:\n{screen}")
            time.sleep(POLL)

    def wait_for_exit(self) -> str:
        """Poll until the command has exited; its exit status."""
        deadline = time.monotonic() + DEADLINE
        while (status := self.exit_status()) is None:
            if time.monotonic() > deadline:
                pytest.fail(f"scitui did not exit; the screen was:\n{self.screen()}")
            time.sleep(POLL)
        return status

    def kill(self) -> None:
        """Stop the server (and the app, if it still runs); tmux leaves its socket file."""
        self.tmux("kill-server", check=False)
        if self.socket_path is not None:
            self.socket_path.unlink(missing_ok=True)


def test_tag_an_article_in_a_real_terminal(demo_db: Path, tmp_path: Path) -> None:
    scitui = Path(sys.executable).parent / "scitui"
    assert scitui.is_file(), f"the scitui console script is not installed next to {sys.executable}"
    config = demo_dir() / "config.toml"
    exit_file = tmp_path / "exit-status"
    env_dir = tmp_path / "env"
    script = tmp_path / "run-scitui.sh"
    q = shlex.quote
    # A wrapper shell: it sets the environment, runs the app on the session's terminal
    # (stdout and stderr untouched: Textual draws on stderr) and records the exit status.
    script.write_text(
        "#!/bin/sh\n"
        f"export TERM=xterm-256color SCITUI_CONFIG={q(str(env_dir / 'config.toml'))}"
        f" SCITUI_DB={q(str(env_dir / 'scitui.db'))}\n"
        f"{q(str(scitui))} --config {q(str(config))} --db {q(str(demo_db))}\n"
        f"echo $? > {q(str(exit_file))}\n",
        encoding="utf-8",
    )
    terminal = Terminal(f"scitui-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}", exit_file)
    try:
        terminal.start(f"sh {q(str(script))}")
        terminal.wait_for("the first screen", lambda screen: "Big Fund III" in screen)

        terminal.keys("P")  # the pane column, folded under 140 columns
        terminal.wait_for("the pane column", lambda screen: "◆ All" in screen)

        terminal.keys("]")  # All -> Unread, the second of 13 panes
        terminal.wait_for("the Unread pane", lambda screen: "‹ [ 2/" in screen)

        terminal.keys("j", "Enter")  # open the second newest article
        terminal.wait_for(
            "the reader",
            lambda screen: "h1b-wage-weighted-selection" in screen and "‹ [ 2/" not in screen,
        )

        terminal.keys("Escape")  # back to the list (wait, or Esc and the next key read as Alt)
        terminal.wait_for("the list again", lambda screen: "‹ [ 2/" in screen)

        terminal.keys("t")
        terminal.wait_for("the tag dialog", lambda screen: "Add a tag" in screen)
        terminal.keys("e2e-brief", literal=True)
        terminal.keys("Enter")
        pane = re.compile(r"# e2e-brief +\d+/1\b")
        terminal.wait_for(
            "the new tag's pane",
            lambda screen: pane.search(screen) is not None and "Add a tag" not in screen,
        )

        terminal.keys("q")
        assert terminal.wait_for_exit() == "0", terminal.screen()
    finally:
        terminal.kill()

    library = Library.open(config, demo_db)
    try:
        tagged = library.articles(ArticleFilter(tag="e2e-brief"))
        assert [article.title[:27] for article in tagged] == ["Wage-weighted H-1B selectio"]
        article = library.article(tagged[0].id)
        assert Tag("e2e-brief", "manual") in article.tags
        assert article.read
        assert library.count(ArticleFilter(unread=True)) == 32
    finally:
        library.close()
