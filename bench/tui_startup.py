"""Time the TUI from process start to its first screen of articles, and its peak memory.

Usage:
    python bench/tui_startup.py [--sizes 1000,100000] [--runs 5] [--warmup 1]
                                [--cache-dir /tmp/scitui-bench] [--no-move] [--timeout 30]
                                [--command CMD]

For each size it builds a cache with bench/fill.py (--words 200, --feeds 100, --seed 1) under
--cache-dir, reused while those parameters and fill.py itself are unchanged; copies it to a
scratch folder (so runs never change the cached file), writes a config there with no feeds
(`feeds = []`, which scitui's config accepts), and runs

    python -m scitui --config CONFIG --db DB

in a real pseudo-terminal (pty.fork; TERM=xterm-256color, 120x40 via TIOCSWINSZ). Each run:
  first screen  seconds from just before fork until the output holds b"BENCH-NEWEST", the
                title fill.py gives the newest article (timeout --timeout seconds)
  G             (unless --no-move) once the output has been quiet for 0.3 s, send "G" (go to
                the last row) and time until b"BENCH-OLDEST" (fill.py's oldest article) shows
  peak RSS      send "q", wait for the exit, and read ru_maxrss (KiB on Linux) from os.wait4;
                VmHWM from /proc at the first screen is shown too
--warmup runs per size are made first and not counted (they compile .pyc files and warm the
page cache). Prints a table: size, median first-screen seconds with the min-max spread,
median peak RSS, median G latency, and the targets (first screen <= 1.0 s and peak RSS
<= 120 MiB at 100k articles), and the machine's core count.

--command replaces the scitui command, to test the harness: it is split like a shell line,
and {python}, {config} and {db} in it are replaced, e.g.
    --command "{python} -c \"print('BENCH-NEWEST'); input()\""

Exit status: 0 when every run showed its first screen, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import platform
import pty
import select
import shlex
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

MARKER = b"BENCH-NEWEST"
OLDEST = b"BENCH-OLDEST"
COLUMNS, LINES = 120, 40
WORDS, FEEDS, SEED = 200, 100, 1
QUIET = 0.3
TARGET_SIZE = 100_000
TARGET_FIRST_SCREEN = 1.0
TARGET_RSS_MIB = 120.0
FILL = Path(__file__).with_name("fill.py")
CONFIG_TEXT = "# scitui bench: no feeds, so nothing is fetched\nfeeds = []\n"


@dataclass
class Run:
    first_screen: float | None = None
    hwm_at_first_screen_kib: int | None = None
    hwm_before_quit_kib: int | None = None
    """VmHWM just before "q": unlike ru_maxrss, it never includes the forking parent's pages
    (which ru_maxrss counts when this script is imported into a large process)."""
    move: float | None = None
    peak_rss_kib: int | None = None
    status: str = ""
    tail: bytes = b""


# --- cache ------------------------------------------------------------------------------


def cached_db(cache_dir: Path, size: int) -> Path:
    """A filled database of ``size`` articles, built by fill.py unless already cached."""
    fill_digest = hashlib.sha256(FILL.read_bytes()).hexdigest()[:16]
    params = {"articles": size, "words": WORDS, "feeds": FEEDS, "seed": SEED}
    folder = cache_dir / f"articles-{size}-words-{WORDS}-feeds-{FEEDS}-seed-{SEED}"
    db, stamp = folder / "bench.db", folder / "params.json"
    try:
        stamped = json.loads(stamp.read_text())
        if db.is_file() and stamped["params"] == params and stamped["fill"] == fill_digest:
            return db
    except (OSError, ValueError, KeyError, TypeError):
        pass
    folder.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    command = [sys.executable, str(FILL), str(db), "--force"]
    for key, value in params.items():
        command += [f"--{key}", str(value)]
    print(f"building {db} ({size} articles) ...", file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"tui_startup.py: fill.py failed:\n{done.stderr.strip()}")
    print(done.stdout.rstrip(), file=sys.stderr, flush=True)
    stamp.write_text(
        json.dumps({"params": params, "fill": fill_digest, "output": done.stdout}, indent=2)
    )
    return db


# --- one run in a pty -------------------------------------------------------------------


def _peak_hwm(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


class Terminal:
    """The master side of a child's pty: what it wrote so far, and time-limited reads."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.output = bytearray()
        self.closed = False

    def read(self, timeout: float) -> int:
        """Read what is available within ``timeout`` seconds; returns the bytes read."""
        if self.closed:
            time.sleep(max(0.0, timeout))
            return 0
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return 0
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            self.closed = True
        self.output += chunk
        return len(chunk)

    def wait_for(self, needle: bytes, deadline: float, start: int = 0) -> bool:
        """Read until ``needle`` is in the output from ``start`` on; False at the deadline
        or when the child closed the terminal."""
        searched = start
        while True:
            if self.output.find(needle, max(start, searched - len(needle) + 1)) >= 0:
                return True
            searched = len(self.output)
            if self.closed or time.perf_counter() >= deadline:
                return False
            self.read(deadline - time.perf_counter())

    def wait_quiet(self, quiet: float, limit: float) -> None:
        """Read until nothing came for ``quiet`` seconds, or ``limit`` seconds passed."""
        deadline = time.perf_counter() + limit
        while not self.closed and time.perf_counter() < deadline:
            if not self.read(min(quiet, deadline - time.perf_counter())):
                return

    def send(self, data: bytes) -> None:
        if not self.closed:
            try:
                os.write(self.fd, data)
            except OSError:
                self.closed = True


def _spawn(argv: list[str], env: dict[str, str]) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # child: size the terminal before the program can ask, then exec
        try:
            winsize = struct.pack("HHHH", LINES, COLUMNS, 0, 0)
            fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    return pid, fd


def _reap(pid: int, terminal: Terminal, timeout: float) -> tuple[int, int]:
    """Wait (draining the terminal) for the child; TERM then KILL it if it hangs."""
    deadline = time.perf_counter() + timeout
    for sig in (None, signal.SIGTERM, signal.SIGKILL):
        if sig is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
            deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                return status, usage.ru_maxrss
            terminal.read(0.05)
    _, status, usage = os.wait4(pid, 0)
    return status, usage.ru_maxrss


def run_once(argv: list[str], timeout: float, move: bool) -> Run:
    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
    for name in ("SCITUI_DB", "SCITUI_CONFIG"):
        env.pop(name, None)
    run = Run()
    started = time.perf_counter()
    pid, fd = _spawn(argv, env)
    terminal = Terminal(fd)
    try:
        if terminal.wait_for(MARKER, started + timeout):
            run.first_screen = time.perf_counter() - started
            run.hwm_at_first_screen_kib = _peak_hwm(pid)
            if move:
                terminal.wait_quiet(QUIET, limit=5.0)
                sent = time.perf_counter()
                terminal.send(b"G")
                if terminal.wait_for(OLDEST, sent + 10.0, start=len(terminal.output)):
                    run.move = time.perf_counter() - sent
                terminal.wait_quiet(QUIET, limit=5.0)
            run.status = "ok"
        else:
            run.status = "exited early" if terminal.closed else f"no marker in {timeout:g} s"
        run.hwm_before_quit_kib = _peak_hwm(pid)
        terminal.send(b"q")
        status, maxrss = _reap(pid, terminal, timeout=10.0)
    finally:
        os.close(fd)
    run.peak_rss_kib = maxrss
    if os.WIFSIGNALED(status):
        run.status += f", killed by signal {os.WTERMSIG(status)}"
    elif os.WEXITSTATUS(status):
        run.status += f", exit status {os.WEXITSTATUS(status)}"
    run.tail = bytes(terminal.output[-600:])
    return run


# --- report -------------------------------------------------------------------------------


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return -1.0


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _verdict(value: float | None, limit: float) -> str:
    return "?" if value is None else "ok" if value <= limit else "MISSED"


def report(results: dict[int, list[Run]], loads: list[float]) -> None:
    print()
    print(f"cores: {os.cpu_count()}  python: {platform.python_version()}  {platform.platform()}")
    if loads:
        load = " ".join(f"{value:.2f}" for value in loads)
        print(f"1-min load average at the start of each size and at the end: {load}")
    print(f"terminal: {COLUMNS}x{LINES} pty, TERM=xterm-256color; times from fork to marker")
    header = (
        f"{'articles':>9}  {'runs':>4}  {'first screen s':>14}  {'min-max':>11}  "
        f"{'peak RSS MiB':>12}  {'at 1st MiB':>10}  {'G s':>6}  targets at {TARGET_SIZE:,}"
    )
    print(header)
    print("-" * len(header))
    for size, runs in results.items():
        shown = [run.first_screen for run in runs if run.first_screen is not None]
        rss = [run.peak_rss_kib / 1024 for run in runs if run.peak_rss_kib is not None]
        hwm = [
            run.hwm_at_first_screen_kib / 1024
            for run in runs
            if run.hwm_at_first_screen_kib is not None
        ]
        moves = [run.move for run in runs if run.move is not None]
        first, peak = _median(shown), _median(rss)
        spread = f"{min(shown):.3f}-{max(shown):.3f}" if shown else "-"
        targets = ""
        if size == TARGET_SIZE:
            targets = (
                f"first <= {TARGET_FIRST_SCREEN:g} s: {_verdict(first, TARGET_FIRST_SCREEN)}; "
                f"RSS <= {TARGET_RSS_MIB:g} MiB: {_verdict(peak, TARGET_RSS_MIB)}"
            )
        print(
            f"{size:>9,}  {len(shown):>2}/{len(runs):<1}  {_fmt(first, '.3f'):>14}  "
            f"{spread:>11}  {_fmt(peak, '.1f'):>12}  {_fmt(_median(hwm), '.1f'):>10}  "
            f"{_fmt(_median(moves), '.3f'):>6}  {targets}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tui_startup.py", description="Time the scitui TUI's first screen and memory."
    )
    parser.add_argument("--sizes", default="1000,100000", help="article counts (1000,100000)")
    parser.add_argument("--runs", type=int, default=5, help="measured runs per size (5)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs first (1)")
    parser.add_argument(
        "--cache-dir", type=Path, default=Path("/tmp/scitui-bench"), help="filled databases"
    )
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait (30)")
    parser.add_argument("--no-move", action="store_true", help="skip the G (last row) timing")
    parser.add_argument("--command", help="run this instead of scitui (harness testing)")
    args = parser.parse_args(argv)
    try:
        sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    except ValueError:
        parser.error(f"--sizes: not a list of integers: {args.sizes!r}")
    if not sizes or min(sizes) < 1 or args.runs < 1 or args.warmup < 0:
        parser.error("--sizes needs positive integers; --runs at least 1, --warmup at least 0")

    results: dict[int, list[Run]] = {}
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="scitui-tui-bench-") as scratch:
        config = Path(scratch) / "config.toml"
        config.write_text(CONFIG_TEXT)
        for size in sizes:
            db = Path(scratch) / f"bench-{size}.db"
            shutil.copyfile(cached_db(args.cache_dir, size), db)
            loads.append(_load())
            if args.command:
                words = shlex.split(args.command)
                values = {"python": sys.executable, "config": str(config), "db": str(db)}
                command = [word.format(**values) for word in words]
            else:
                command = [sys.executable, "-m", "scitui", "--config", str(config), "--db", str(db)]
            runs: list[Run] = []
            for index in range(args.warmup + args.runs):
                run = run_once(command, args.timeout, move=not args.no_move)
                label = "warmup" if index < args.warmup else f"run {index - args.warmup + 1}"
                print(
                    f"{size:>9,} {label:>7}: first screen {_fmt(run.first_screen, '.3f')} s, "
                    f"peak RSS {_fmt((run.peak_rss_kib or 0) / 1024, '.1f')} MiB, "
                    f"G {_fmt(run.move, '.3f')} s  [{run.status}]",
                    file=sys.stderr,
                    flush=True,
                )
                if run.first_screen is None:
                    tail = run.tail.decode("utf-8", "replace")
                    print(f"  last output: {tail!r}", file=sys.stderr)
                if index >= args.warmup:
                    runs.append(run)
            results[size] = runs
            db.unlink()
            for suffix in ("-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
    loads.append(_load())
    report(results, [load for load in loads if load >= 0])
    shown = all(run.first_screen is not None for runs in results.values() for run in runs)
    return 0 if shown else 1


if __name__ == "__main__":
    sys.exit(main())
