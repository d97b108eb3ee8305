"""A real `scitui fetch` over hostile feeds (and a few good ones) served on 127.0.0.1.

Usage:
    python bench/hostile.py [--size-mib 200] [--interval 0.05] [--jobs 8] [--no-content]

Serves, from threads in this process (tests/unit/hostile_server.py), 14 hostile feeds: bodies
and headers trickled a byte at a time, a gzip body that decodes to nothing for ever, a server
that accepts and never answers, a gzip bomb, huge bodies with and without a Content-Length, a
redirect loop, a redirect to file:, six redirects, 404/500 with feed bodies, an HTML page and a
body naming a local file. Beside them 5 good feeds, some in odd encodings or content types,
whose entries link to a nasty page and a page that hangs.

Runs `python -m scitui fetch --json` in a subprocess with a temporary config and database
(SCITUI_CONFIG / SCITUI_DB) and the default limits (20 s deadline, 10 MiB bodies), then prints
the wall time, the fetch process's peak RSS (VmHWM, polled from /proc) and the peak RSS of its
whole process tree (extraction workers included), and each feed's outcome.
Each hostile feed is on its own loopback address (127.0.0.2, ...; --hosts), as if on its own
site: with them all on one host, the per-host limit (2 requests) queues the slow ones and
the run takes ceil(slow / 2) deadlines.
Targets: peak well under 400 MiB; the run bounded by the 20 s deadline (plus start-up).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "unit"))  # the hostile server is shared with the tests

from hostile_server import HostileServer, serve_mix  # noqa: E402

MiB = 1024 * 1024


def config(urls: list[str], jobs: int, content: bool) -> str:
    lines = [
        "[settings]",
        f"jobs = {jobs}",
        f"content = {str(content).lower()}",
        "",
        "[topics]",
        "",
    ]
    for url in urls:
        lines += ["[[feeds]]", f'url = "{url}"', ""]
    return "\n".join(lines)


def kib(pid: int, field: str) -> int:
    """A /proc/PID/status field in KiB (0 once the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        parent = queue.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{parent}/task/{task}/children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                found.append(child)
                queue.append(child)
    return found


class Watcher(threading.Thread):
    """Polls a process: its own high-water RSS and the largest RSS sum over its tree."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.main_peak = 0
        self.tree_peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            self.main_peak = max(self.main_peak, kib(self.pid, "VmHWM"))
            tree = kib(self.pid, "VmRSS") + sum(kib(p, "VmRSS") for p in descendants(self.pid))
            self.tree_peak = max(self.tree_peak, tree)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mib", type=int, default=200, help="bomb and huge body size")
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between trickles")
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument(
        "--hosts", type=int, default=14, help="loopback addresses the hostile feeds spread over"
    )
    parser.add_argument("--no-content", action="store_true", help="skip article pages")
    args = parser.parse_args()

    server = HostileServer(hosts=args.hosts)
    started = time.perf_counter()
    mix = serve_mix(server, interval=args.interval, size=args.size_mib * MiB)
    print(
        f"serving {len(mix.bad)} hostile + {len(mix.good)} good feeds on {server.start()} "
        f"(set up in {time.perf_counter() - started:.1f} s)"
    )
    with tempfile.TemporaryDirectory(prefix="scitui-hostile-") as scratch:
        config_path = Path(scratch) / "config.toml"
        config_path.write_text(config([*mix.good, *mix.bad], args.jobs, not args.no_content))
        env = {**os.environ, "SCITUI_CONFIG": str(config_path)}
        env["SCITUI_DB"] = str(Path(scratch) / "scitui.db")
        command = [sys.executable, "-m", "scitui", "fetch", "--json"]
        started = time.perf_counter()
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        watcher = Watcher(process.pid)
        watcher.start()
        stdout, stderr = process.communicate(timeout=300)
        wall = time.perf_counter() - started
        watcher.done.set()
        watcher.join()
    server.stop()
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux

    outcomes = {outcome["url"]: outcome for outcome in json.loads(stdout or "[]")}
    print(f"exit status {process.returncode}; stderr: {stderr.strip()[-300:] or '-'}")
    print(f"{'feed':40} {'expected':22} outcome")
    unexpected = 0
    for url, words in [*((u, "ok") for u in mix.good), *mix.bad.items()]:
        outcome = outcomes.get(url, {})
        shown = (
            f"ok, {outcome['new']} new" if outcome.get("status") == "ok" else outcome.get("error")
        )
        want_ok = words == "ok"
        right = (
            (outcome.get("status") == "ok") if want_ok else words in (outcome.get("error") or "")
        )
        if want_ok:
            right = right and outcome.get("new") == mix.good[url]
        unexpected += not right
        path = url.split("/", 3)[-1]
        print(f"{path:40} {words:22} {'' if right else 'UNEXPECTED '}{shown}")
    print()
    print(f"wall time            {wall:6.1f} s   (target: bounded by the 20 s deadline)")
    print(f"peak RSS, fetch      {watcher.main_peak / 1024:6.1f} MiB (VmHWM of the fetch process)")
    print(f"peak RSS, tree       {watcher.tree_peak / 1024:6.1f} MiB (fetch + extraction workers)")
    print(f"max RSS of a child   {children_peak / 1024:6.1f} MiB (getrusage RUSAGE_CHILDREN)")
    print("target: peak well under 400 MiB")
    print(f"unexpected outcomes  {unexpected}")
    sys.exit(1 if unexpected else 0)


if __name__ == "__main__":
    main()
