"""The scitui benchmark suite: every figure of issue 5 beside its target, in one table.

Usage:
    python bench/run.py [--quick] [--runs N] [--only T1,T5,...] [--with-1m] [--hosts N]
                        [--cache-dir /tmp/scitui-bench] [--keep DIR]

What it runs (N paired runs each, the two sides alternating which goes first, a fresh
database or cache every run; the table shows medians with the min-max spread):
  T1  `scitui fetch` of the whole corpus (bench/corpus.py, 100 feeds x 50 entries served by
      bench/serve.py on 127.0.0.1) against bench/baseline.py (feedparser + httpx +
      readability-lxml + sqlite-utils with FTS5, 2 processes); the ratio is the median of
      the per-pair ratios. Sampled from /proc every 0.2 s: the main process's VmHWM and CPU,
      the whole process tree's PSS and CPU (extraction workers included). Not wait4's
      ru_maxrss: a child's counts the pages of the (large) process that forked it. "cores
      busy" is CPU seconds over wall seconds; the machine's other load meanwhile
      (/proc/stat, less the tree and this process) is shown too.
  T2  `scitui fetch --no-content` against `newsboat -x reload` as newsboat ships (one reload
      thread; a new cache each run), and, for information, with `reload-threads 8`; when
      newsboat is installed. And against bench/baseline.py --no-content: the bare parts
      (feedparser, httpx, sqlite-utils with FTS5, 2 processes) doing the same.
  T3  a second `scitui fetch` on T1's database, nothing new; the server's log must show
      every feed request conditional and answered 304 and no page downloaded. Against
      newsboat's third reload of T2's cache: newsboat keeps a feed's ETag/Last-Modified only
      from its second reload on (newsboat#2734), so the third is its first all-304 one.
  T4  the TUI's first screen at 1k and 100k cached articles (bench/tui_startup.py: a pty,
      fill.py caches, 5 runs after a warm-up), the jump to the last row (G), peak RSS (VmHWM
      before quitting); and key latencies at 100k (move, page, pane switch, open, back):
      from the key to the first byte the app writes, and to the last byte before it stays
      quiet for 0.25 s (settled).
      --with-1m adds 1M articles (fill.py takes minutes and ~5 GB for it, once).
  T5  Library.search (limit 50) in this process on a 100k database of ~1,000-word articles
      (fill.py): the median over a mixed query set, and the queries that match about half
      the corpus (picked from fill.py's vocabulary by their measured match counts); the
      same set within a tag (a pane's search); the same set with the TUI's limit of 500;
      and the whole `scitui search` process (T6). The queries live in bench/search.py,
      which also compares code versions side by side (A/B).
  T6  `scitui list`, `list --tag --unread`, `show`, `search`, `tags` on that database, whole
      process, after a warm-up; and whether each imports textual, readability, feedparser or
      httpx (python -X importtime). T5 and T6 always run together.
  T7  storage: the articles of the last T1 database stored again through Store.save_new (one
      transaction per feed, FTS triggers, tags and reasons) into a new database, articles/s;
      and KB per article of T1's database (file size after a WAL checkpoint / articles).
  T8  `scitui retag` on a copy of the 100k database (bench/retag.py's cache; the first
      retag rewrites the filler's random tags), a second retag, and `retag --all --dry-run`
      when the CLI has --all.
  T9  stories (issue 12): `scitui restory`, the full re-cluster, on a copy of the 100k
      database (target 60 s; one run per --runs, the first writes every story id, the others
      find nothing to change), then T4's first screen, jump and keys on that copy, whose
      panes list one row per story (the two marker articles are made stories of their own
      so the screen can be recognised). Placing a fetch's articles in stories is on in T1
      and T2; each also times `fetch --no-stories` (placing left to a later fetch) in its
      alternation, and T9 shows placing's share of T1's and T2's tree CPU and wall time
      (issue 12: clustering and source extraction add at most 10%; sources are found in
      the workers and are in both sides).
--quick: a 10 x 10 corpus, 1k/5k/5k databases instead of 1k/100k/100k, one run each; a smoke
test of the harness, not a measurement (verdicts are still printed against the full targets).

Databases filled by fill.py are cached under --cache-dir (as tui_startup.py and retag.py do),
and so is the corpus. Everything else lives in a temporary folder (kept with --keep DIR).
Progress goes to stderr; the table to stdout. Exit status 0 (MISS is not an error).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpus as corpus_module  # noqa: E402
import retag as retag_bench  # noqa: E402
import search as search_bench  # noqa: E402
import tui_startup  # noqa: E402
from serve import CorpusServer, Hit  # noqa: E402

SCITUI = [sys.executable, "-m", "scitui"]
HEAVY_MODULES = ("textual", "readability", "feedparser", "httpx")
CLK_TCK = os.sysconf("SC_CLK_TCK")
MIB = 1024  # KiB per MiB
SAMPLE_EVERY = 0.2

# --- measuring a process tree --------------------------------------------------------------


@dataclass
class Measured:
    """One command's run: wall seconds, exit status, memory and CPU of its process tree."""

    seconds: float = 0.0
    status: int = 0
    main_hwm_kib: int = 0
    """The main process's own VmHWM (last sample before it exited)."""
    tree_pss_kib: int = 0
    """Peak over samples of the summed PSS of the process and all its descendants."""
    main_cpu: float = 0.0
    """CPU seconds of the main process alone (last sample before it exited)."""
    tree_cpu: float = 0.0
    """CPU seconds of the tree: wait4's total, or the sum of the last samples if larger."""
    machine_cpu: float = 0.0
    """CPU seconds the whole machine spent meanwhile (/proc/stat)."""
    harness_cpu: float = 0.0
    """CPU seconds of this process meanwhile (the corpus server's threads, the sampler)."""
    stdout: str = ""
    stderr: str = ""

    @property
    def cores(self) -> float:
        return self.tree_cpu / self.seconds if self.seconds else 0.0

    @property
    def main_cores(self) -> float:
        """The main process's CPU over the wall time; near 1.0, it is the bottleneck."""
        return self.main_cpu / self.seconds if self.seconds else 0.0

    @property
    def harness(self) -> float:
        """Cores this process kept busy meanwhile (serving the corpus, sampling)."""
        return self.harness_cpu / self.seconds if self.seconds else 0.0

    @property
    def others(self) -> float:
        """Cores busy outside the measured tree and this process meanwhile: other users."""
        busy = self.machine_cpu - self.tree_cpu - self.harness_cpu
        return max(0.0, busy) / self.seconds if self.seconds else 0.0


def _machine_cpu() -> float:
    with open("/proc/stat") as handle:
        fields = [int(value) for value in handle.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / CLK_TCK


def _parents() -> dict[int, int]:
    found: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as handle:
                    found[int(name)] = int(handle.read().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    return found


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, parent in _parents().items():
        children.setdefault(parent, []).append(pid)
    tree, index = [root], 0
    while index < len(tree):
        tree += children.get(tree[index], [])
        index += 1
    return tree


def _proc_cpu(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, ValueError, IndexError):
        return None


def _proc_kib(pid: int, path: str, key: str) -> int | None:
    try:
        with open(f"/proc/{pid}/{path}") as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def measure(
    argv: Sequence[str], env: dict[str, str] | None = None, timeout: float = 3600
) -> Measured:
    """Run ``argv`` (stdout and stderr to files) and sample its process tree until it exits."""
    result = Measured()
    cpu_seen: dict[int, float] = {}
    done = threading.Event()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        machine_start = _machine_cpu()
        own_start = sum(os.times()[:2])
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=env)

        def sample() -> None:
            while not done.is_set():
                pss = 0
                for pid in _tree(process.pid):
                    pss += _proc_kib(pid, "smaps_rollup", "Pss:") or 0
                    cpu = _proc_cpu(pid)
                    if cpu is not None:
                        cpu_seen[pid] = max(cpu, cpu_seen.get(pid, 0.0))
                        if pid == process.pid and not done.is_set():
                            result.main_cpu = cpu_seen[pid]
                hwm = _proc_kib(process.pid, "status", "VmHWM:")
                if hwm and not done.is_set():
                    result.main_hwm_kib = max(result.main_hwm_kib, hwm)
                result.tree_pss_kib = max(result.tree_pss_kib, pss)
                done.wait(SAMPLE_EVERY)

        sampler = threading.Thread(target=sample, name="sampler", daemon=True)
        sampler.start()
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        result.seconds = time.perf_counter() - started
        result.machine_cpu = _machine_cpu() - machine_start
        result.harness_cpu = sum(os.times()[:2]) - own_start
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        result.status = process.returncode
        # wait4 counts the main process and the descendants it reaped (a worker pool it
        # joined); the samples also see descendants nobody reaped (a forkserver's workers).
        result.tree_cpu = max(usage.ru_utime + usage.ru_stime, sum(cpu_seen.values()))
        for handle, name in ((out, "stdout"), (err, "stderr")):
            handle.seek(0)
            setattr(result, name, handle.read().decode("utf-8", "replace"))
    return result


# --- statistics and the table ----------------------------------------------------------------


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def spread(values: Sequence[float], digits: int = 2, unit: str = "") -> str:
    """``median (min-max)``, or ``-`` for no values."""
    if not values:
        return "-"
    mid = statistics.median(values)
    if len(values) == 1:
        return f"{mid:.{digits}f}{unit}"
    return f"{mid:.{digits}f}{unit} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def verdict(value: float | None, limit: float, at_least: bool = False) -> str:
    if value is None:
        return "?"
    return "ok" if (value >= limit if at_least else value <= limit) else "MISS"


@dataclass
class Row:
    test: str
    figure: str
    scitui: str
    other: str = ""
    ratio: str = ""
    target: str = ""
    result: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, test: str, *args: str) -> None:
        """A row; an empty ``test`` continues the previous row's test."""
        test = test or (self.rows[-1].test if self.rows else "")
        self.rows.append(Row(test, *args))

    def note(self, text: str) -> None:
        self.notes.append(text)
        progress(f"  note: {text}")

    def print(self, header: list[str]) -> None:
        columns = ("", "figure", "scitui", "yardstick", "ratio", "target", "")
        widths = [len(name) for name in columns]
        order = {name: index for index, name in enumerate(TESTS)}
        rows = sorted(enumerate(self.rows), key=lambda item: (order[item[1].test], item[0]))
        cells = []
        shown = ""
        for _, row in rows:
            label = row.test if row.test != shown else ""
            shown = row.test
            cells.append(
                (label, row.figure, row.scitui, row.other, row.ratio, row.target, row.result)
            )
        for cell in cells:
            widths = [max(width, len(value)) for width, value in zip(widths, cell, strict=True)]
        print()
        for line in header:
            print(line)
        print()
        line = "  ".join(name.ljust(width) for name, width in zip(columns, widths, strict=True))
        print(line.rstrip())
        print("-" * len(line.rstrip()))
        for cell in cells:
            text = "  ".join(value.ljust(width) for value, width in zip(cell, widths, strict=True))
            print(text.rstrip())
        if self.notes:
            print()
            for note in self.notes:
                print(f"- {note}")


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def code_state() -> tuple[str, str]:
    """(git HEAD, a digest of every file under src/): the code being measured."""
    root = BENCH.parent
    done = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    digest = hashlib.sha256()
    for path in sorted((root / "src").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return done.stdout.strip() or "?", digest.hexdigest()[:12]


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# --- the setting ------------------------------------------------------------------------------


@dataclass
class Setup:
    args: argparse.Namespace
    scratch: Path
    feeds: int
    entries: int
    runs: int
    tui_sizes: list[int]
    big: int
    server: CorpusServer | None = None
    config: Path = Path()
    urls: Path = Path()
    newsboat: str | None = None
    t1_db: Path | None = None
    baseline_db: Path | None = None
    t3_seconds: list[float] = field(default_factory=list)
    with_stories: dict[str, list[Measured]] = field(default_factory=lambda: {"T1": [], "T2": []})
    """T1's and T2's scitui fetches, which place their articles in stories, and the same
    fetches with --no-stories."""
    without_stories: dict[str, list[Measured]] = field(default_factory=lambda: {"T1": [], "T2": []})

    @property
    def articles(self) -> int:
        return self.feeds * self.entries

    def fresh(self, name: str) -> Path:
        path = self.scratch / name
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return path

    def scitui(self, db: Path, *args: str, config: Path | None = None) -> list[str]:
        return [*SCITUI, "--config", str(config or self.config), "--db", str(db), *args]


def start_server(setup: Setup) -> None:
    cache = setup.args.cache_dir
    folder = cache / f"corpus-{setup.feeds}x{setup.entries}-seed{setup.args.seed}"
    root = corpus_module.ensure_corpus(folder, setup.feeds, setup.entries, setup.args.seed)
    setup.server = CorpusServer(root, hosts=setup.args.hosts)
    base = setup.server.start()
    urls = setup.server.feed_urls()
    setup.urls = setup.scratch / "urls.txt"
    setup.urls.write_text("\n".join(urls) + "\n")
    setup.config = setup.scratch / "config.toml"
    feeds = "".join(f'[[feeds]]\nurl = "{url}"\n\n' for url in urls)
    setup.config.write_text(f"# scitui bench\n[settings]\njobs = 8\n\n{feeds}")
    progress(f"serving {root} on {base} ({len(urls)} feeds, {setup.args.hosts} host(s))")


def migrated_copy(source: Path, target: Path) -> Path:
    """Copy a cached database and open it once with scitui's Store, so a schema migration
    (a cache filled by an older scitui) is never part of a timed run."""
    from scitui.store import Store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    Store(target).close()
    os.sync()  # no writeback of the copy during the timed runs that follow
    return target


def scitui_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("SCITUI_DB", "SCITUI_CONFIG"):
        env.pop(name, None)
    return env


def run_checked(measured: Measured, what: str) -> Measured:
    if measured.status != 0:
        tail = (measured.stderr or measured.stdout)[-800:]
        raise SystemExit(f"run.py: {what} failed (exit {measured.status}):\n{tail}")
    return measured


def new_articles(measured: Measured) -> int:
    return sum(outcome.get("new", 0) for outcome in json.loads(measured.stdout or "[]"))


@dataclass
class LogCheck:
    feeds: int = 0
    feed_conditional: int = 0
    feed_304: int = 0
    pages: int = 0
    pages_200: int = 0
    distinct_pages: int = 0

    @classmethod
    def of(cls, hits: list[Hit]) -> LogCheck:
        feeds = [hit for hit in hits if hit.is_feed]
        pages = [hit for hit in hits if hit.is_page]
        return cls(
            feeds=len(feeds),
            feed_conditional=sum(hit.conditional for hit in feeds),
            feed_304=sum(hit.status == 304 for hit in feeds),
            pages=len(pages),
            pages_200=sum(hit.status == 200 for hit in pages),
            distinct_pages=len({hit.path for hit in pages}),
        )

    def __str__(self) -> str:
        return (
            f"{self.feeds} feed requests ({self.feed_conditional} conditional, {self.feed_304} "
            f"answered 304), {self.pages} page requests ({self.distinct_pages} distinct)"
        )


def logged(setup: Setup, command: Callable[[], Measured]) -> tuple[Measured, LogCheck]:
    assert setup.server is not None
    mark = setup.server.mark()
    measured = command()
    return measured, LogCheck.of(setup.server.hits_since(mark))


# --- T1 and T3: fetch with pages, then again ----------------------------------------------------


def baseline_command(setup: Setup, db: Path, *options: str) -> list[str]:
    """bench/baseline.py (the bare parts) fetching the served corpus into ``db``, JSON out."""
    return [sys.executable, str(BENCH / "baseline.py"), str(db), "--urls", str(setup.urls),
            *options, "--json"]  # fmt: skip


def bench_fetch(setup: Setup, report: Report) -> None:
    ours: list[Measured] = []
    again: list[Measured] = []
    bare: list[Measured] = []
    ratios: list[float] = []
    checks_first: list[LogCheck] = []
    checks_again: list[LogCheck] = []
    env = scitui_env()
    sides = ("scitui", "bare", "no-stories")
    for index in range(setup.runs):
        pair: dict[str, Measured] = {}
        order = sides[index % 3 :] + sides[: index % 3]
        for side in order:
            if side == "no-stories":
                setup.without_stories["T1"].append(without_stories(setup, "T1", index))
            elif side == "scitui":
                db = setup.fresh(f"t1-scitui-{index}.db")
                command = setup.scitui(db, "fetch", "--json")
                first, check = logged(setup, lambda c=command: measure(c, env))
                run_checked(first, "scitui fetch")
                got = new_articles(first)
                if got != setup.articles:
                    report.note(f"T1 run {index + 1}: scitui stored {got} new articles")
                second, check2 = logged(setup, lambda c=command: measure(c, env))
                run_checked(second, "second scitui fetch")
                if new_articles(second):
                    report.note(f"T3 run {index + 1}: the second fetch stored new articles")
                ours.append(first)
                setup.with_stories["T1"].append(first)
                again.append(second)
                checks_first.append(check)
                checks_again.append(check2)
                pair["scitui"] = first
                setup.t1_db = db
                progress(
                    f"T1 run {index + 1}: scitui fetch {first.seconds:.2f} s, "
                    f"{first.cores:.2f} cores, main {first.main_hwm_kib / MIB:.0f} MiB, tree "
                    f"PSS {first.tree_pss_kib / MIB:.0f} MiB, other users {first.others:.2f} cores"
                    f" | T3 again {second.seconds:.2f} s"
                )
            else:
                db = setup.fresh(f"t1-bare-{index}.db")
                measured = run_checked(measure(baseline_command(setup, db)), "baseline.py")
                rows = json.loads(measured.stdout.strip().splitlines()[-1])["rows"]
                if rows != setup.articles:
                    report.note(f"T1 run {index + 1}: the baseline stored {rows} rows")
                bare.append(measured)
                pair["bare"] = measured
                setup.baseline_db = db
                progress(
                    f"T1 run {index + 1}: bare parts {measured.seconds:.2f} s, "
                    f"{measured.cores:.2f} cores, tree PSS {measured.tree_pss_kib / MIB:.0f} "
                    f"MiB, other users {measured.others:.2f} cores"
                )
        ratios.append(pair["scitui"].seconds / pair["bare"].seconds)
        for name in (f"t1-scitui-{index - 1}.db", f"t1-bare-{index - 1}.db"):
            if index and not setup.args.keep:
                setup.fresh(name)

    cores = os.cpu_count() or 1
    seconds = [run.seconds for run in ours]
    report.add(
        "T1",
        f"fetch {setup.articles:,} new entries with pages, s",
        spread(seconds),
        spread([run.seconds for run in bare]) + " bare parts",
        spread(ratios) + "x",
        "<= 1.1x bare parts",
        verdict(median(ratios), 1.1),
    )
    report.add(
        "",
        "  cores busy (tree CPU s / wall s)",
        spread([run.cores for run in ours]),
        spread([run.cores for run in bare]),
        "",
        f"both cores busy (>= {0.85 * cores:.1f})",
        verdict(median([run.cores for run in ours]), 0.85 * cores, at_least=True),
    )
    report.add(
        "",
        "  main process alone, cores busy",
        spread([run.main_cores for run in ours]),
        spread([run.main_cores for run in bare]) + " (idle parent)",
        "",
        "(info; 1.0 = one core, GIL-bound)",
        "",
    )
    report.add(
        "",
        "  peak RSS, main process, MiB",
        spread([run.main_hwm_kib / MIB for run in ours], 0),
        spread([run.main_hwm_kib / MIB for run in bare], 0) + " (idle parent)",
        "",
        "<= 100 MiB",
        verdict(median([run.main_hwm_kib / MIB for run in ours]), 100),
    )
    report.add(
        "",
        "  peak PSS, whole process tree, MiB",
        spread([run.tree_pss_kib / MIB for run in ours], 0),
        spread([run.tree_pss_kib / MIB for run in bare], 0),
        "",
        "(workers included)",
        "",
    )
    report.add(
        "",
        "  CPU per article: whole tree / main process, ms",
        f"{spread([run.tree_cpu * 1000 / setup.articles for run in ours], 1)} / "
        f"{spread([run.main_cpu * 1000 / setup.articles for run in ours], 1)}",
        f"{spread([run.tree_cpu * 1000 / setup.articles for run in bare], 1)}",
        "",
        "(info)",
        "",
    )
    report.add(
        "",
        "  meanwhile: corpus server / other users, cores",
        f"{spread([run.harness for run in ours])} / {spread([run.others for run in ours])}",
        f"{spread([run.harness for run in bare])} / {spread([run.others for run in bare])}",
        "",
        "(machine load)",
        "",
    )
    bad = [check for check in checks_first if check.pages_200 != setup.articles]
    if bad:
        report.note(f"T1: page downloads were not one per entry: {bad[0]}")
    report.note(f"T1 server log, first scitui run: {checks_first[0]}")

    conditional_ok = all(
        check.feed_conditional == check.feeds == check.feed_304 == setup.feeds and not check.pages
        for check in checks_again
    )
    setup_again = [run.seconds for run in again]
    report.add(
        "T3",
        "second fetch, nothing new, s",
        spread(setup_again),
        "(newsboat: see T3 below)",
        "",
        "all 304, 0 pages",
        "ok" if conditional_ok else "MISS",
    )
    report.note(f"T3 server log, second scitui fetch: {checks_again[0]}")
    setup.t3_seconds = setup_again


# --- T2 and T3 against newsboat -----------------------------------------------------------------


NEWSBOAT_CONFIGS = {
    "default": "download-timeout 30\n",  # reload-threads 1, as newsboat ships
    "threads8": "reload-threads 8\ndownload-timeout 30\n",
}


def newsboat_reload(setup: Setup, home: Path, config: str) -> Callable[[], Measured]:
    """A fresh newsboat home with ``config``; returns a function timing one reload."""
    assert setup.newsboat is not None
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir()
    (home / "config").write_text(NEWSBOAT_CONFIGS[config])
    command = [
        setup.newsboat,
        *("-u", str(setup.urls), "-c", str(home / "cache.db"), "-C", str(home / "config")),
        *("-x", "reload"),
    ]
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home), XDG_DATA_HOME=str(home))
    return lambda: run_checked(measure(command, env), "newsboat -x reload")


def bare_feeds_only(setup: Setup, report: Report, index: int) -> Measured:
    """bench/baseline.py --no-content: the bare parts fetching and storing the feeds alone."""
    db = setup.fresh(f"t2-bare-{index}.db")
    command = baseline_command(setup, db, "--no-content")
    measured = run_checked(measure(command), "baseline.py --no-content")
    rows = json.loads(measured.stdout.strip().splitlines()[-1])["rows"]
    if rows != setup.articles:
        report.note(f"T2 run {index + 1}: the bare parts stored {rows} rows")
    progress(f"T2 run {index + 1}: bare parts --no-content {measured.seconds:.2f} s")
    setup.fresh(db.name)
    return measured


def bench_feeds_only(setup: Setup, report: Report) -> None:
    env = scitui_env()
    ours: list[Measured] = []
    boat: list[Measured] = []
    boat8: list[Measured] = []
    boat_again: list[Measured] = []
    ratios: list[float] = []
    bare: list[Measured] = []
    bare_ratios: list[float] = []
    boat_checks: list[LogCheck] = []
    our_checks: list[LogCheck] = []
    sides = ("scitui", "newsboat", "bare", "no-stories")
    for index in range(setup.runs):
        pair: dict[str, Measured] = {}
        order = sides[index % 4 :] + sides[: index % 4]
        for side in order:
            if side == "no-stories":
                setup.without_stories["T2"].append(without_stories(setup, "T2", index))
                continue
            if side == "bare":
                pair["bare"] = bare_feeds_only(setup, report, index)
                bare.append(pair["bare"])
                continue
            if side == "scitui":
                db = setup.fresh(f"t2-scitui-{index}.db")
                command = setup.scitui(db, "fetch", "--no-content", "--json")
                measured, check = logged(setup, lambda c=command: measure(c, env))
                run_checked(measured, "scitui fetch --no-content")
                got = new_articles(measured)
                if got != setup.articles:
                    report.note(f"T2 run {index + 1}: scitui stored {got} new articles")
                ours.append(measured)
                setup.with_stories["T2"].append(measured)
                our_checks.append(check)
                pair["scitui"] = measured
                progress(f"T2 run {index + 1}: scitui fetch --no-content {measured.seconds:.2f} s")
                setup.fresh(db.name)
            elif setup.newsboat:
                home = setup.scratch / f"newsboat-{index}"
                reload = newsboat_reload(setup, home, "default")
                first = reload()
                # newsboat stores a feed's validators only from its second reload on
                # (newsboat#2734), so its first all-304 reload is the third.
                reload()
                third, check = logged(setup, reload)
                boat.append(first)
                boat_again.append(third)
                boat_checks.append(check)
                pair["newsboat"] = first
                threads8 = newsboat_reload(setup, home, "threads8")()
                boat8.append(threads8)
                progress(
                    f"T2 run {index + 1}: newsboat reload {first.seconds:.2f} s, third reload "
                    f"(all 304) {third.seconds:.2f} s; with reload-threads 8 "
                    f"{threads8.seconds:.2f} s"
                )
                shutil.rmtree(home, ignore_errors=True)
        if "newsboat" in pair:
            ratios.append(pair["scitui"].seconds / pair["newsboat"].seconds)
        bare_ratios.append(pair["scitui"].seconds / pair["bare"].seconds)
    if any(check.pages for check in our_checks):
        report.note("T2: scitui fetch --no-content downloaded pages")
    report.add(
        "T2",
        "fetch --no-content, s",
        spread([run.seconds for run in ours]),
        spread([run.seconds for run in boat]) + " newsboat" if boat else "newsboat missing",
        spread(ratios) + "x" if ratios else "",
        "<= 1.5x newsboat -x reload",
        verdict(median(ratios), 1.5) if ratios else "?",
    )
    report.add(
        "",
        "  against the bare parts (feedparser, httpx, sqlite-utils; 2 processes), s",
        "",
        spread([run.seconds for run in bare]) + " bare parts",
        spread(bare_ratios) + "x",
        "<= 1.15x bare parts",
        verdict(median(bare_ratios), 1.15),
    )
    if boat8:
        ratio8 = statistics.median([run.seconds for run in ours]) / statistics.median(
            [run.seconds for run in boat8]
        )
        report.add(
            "",
            "  against newsboat with reload-threads 8, s",
            "",
            spread([run.seconds for run in boat8]) + " newsboat",
            f"{ratio8:.2f}x",
            "(info)",
            "",
        )
    report.add(
        "",
        "  cores busy; main process alone; CPU s of the tree",
        f"{spread([run.cores for run in ours])}; {spread([run.main_cores for run in ours])}; "
        f"{spread([run.tree_cpu for run in ours], 1)}",
        (spread([run.cores for run in boat]) + " newsboat; " if boat else "")
        + f"{spread([run.tree_cpu for run in bare], 1)} CPU s bare",
        "",
        "(info)",
        "",
    )
    t3 = setup.t3_seconds
    ratio = None
    if boat_again and t3:
        ratio = statistics.median(t3) / statistics.median([run.seconds for run in boat_again])
    report.add(
        "T3",
        "second fetch vs newsboat's all-304 reload, s",
        spread(t3) if t3 else "(T1 not run)",
        spread([run.seconds for run in boat_again]) + " newsboat" if boat_again else "-",
        f"{ratio:.2f}x" if ratio else "",
        "<= 1.5x newsboat",
        verdict(ratio, 1.5) if ratio else "?",
    )
    if boat_checks:
        report.note(
            f"T3 server log, newsboat's third reload (its first conditional one, newsboat#2734): "
            f"{boat_checks[0]}"
        )
    if not setup.newsboat:
        report.note("newsboat is not installed (apt-get install -y newsboat): T2/T3 lack it")


# --- T7: storage ---------------------------------------------------------------------------------


def kb_per_article(db: Path) -> tuple[float, int]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return os.path.getsize(db) / 1024 / max(1, count), count


def store_rate(source: Path, target: Path) -> tuple[float, int]:
    """Articles/s through Store.save_new (one transaction per feed) for source's articles."""
    from scitui.models import ArticleDraft, EntryData, TagReason
    from scitui.store import Store

    drafts: dict[str, list[tuple[ArticleDraft, str]]] = {}
    with contextlib.closing(sqlite3.connect(source)) as conn:
        tags: dict[int, dict[str, str]] = {}
        for article_id, tag, source_kind in conn.execute(
            "SELECT article_id, tag, source FROM article_tags"
        ):
            tags.setdefault(article_id, {})[tag] = source_kind
        reasons: dict[int, dict[str, list[TagReason]]] = {}
        for article_id, tag, term, place, count in conn.execute(
            "SELECT article_id, tag, term, place, count FROM tag_reasons"
        ):
            reasons.setdefault(article_id, {}).setdefault(tag, []).append(
                TagReason(term, place, count)
            )
        for row in conn.execute(
            "SELECT a.id, f.url, a.entry_key, a.guid, a.url, a.title, a.author, a.published,"
            " a.summary, a.html, a.text, a.content_source, a.entry_hash FROM articles a"
            " JOIN feeds f ON f.id = a.feed_id ORDER BY a.id"
        ):
            (article_id, feed_url, key, guid, url, title, author, published) = row[:8]
            summary, html, text, content_source, entry_hash = row[8:]
            entry = EntryData(
                key,
                guid,
                url,
                title,
                author,
                datetime.fromisoformat(published) if published else None,
                summary,
                "",
            )
            draft = ArticleDraft(
                entry,
                html,
                text,
                content_source,
                tags=tags.get(article_id, {}),
                reasons={tag: tuple(found) for tag, found in reasons.get(article_id, {}).items()},
            )
            drafts.setdefault(feed_url, []).append((draft, entry_hash))
    store = Store(target)
    try:
        feed_ids = {url: store.ensure_feed(url).id for url in drafts}
        started = time.perf_counter()
        stored = sum(store.save_new(feed_ids[url], rows) for url, rows in drafts.items())
        seconds = time.perf_counter() - started
    finally:
        store.close()
    return stored / seconds, stored


def bench_storage(setup: Setup, report: Report) -> None:
    if setup.t1_db is None:
        report.add("T7", "storage", "(needs T1)", "", "", "", "?")
        return
    rates = []
    for _ in range(max(1, min(setup.runs, 3))):
        target = setup.fresh("t7-store.db")
        rate, stored = store_rate(setup.t1_db, target)
        rates.append(rate)
        progress(f"T7: {stored} articles stored again at {rate:,.0f}/s")
    size, count = kb_per_article(setup.t1_db)
    bare = kb_per_article(setup.baseline_db)[0] if setup.baseline_db else None
    report.add(
        "T7",
        "articles/s through Store.save_new (FTS, tags)",
        spread(rates, 0),
        "",
        "",
        ">= 1,000/s",
        verdict(median(rates), 1000, at_least=True),
    )
    report.add(
        "",
        f"KB per article ({count:,} articles)",
        f"{size:.1f}",
        f"{bare:.1f} bare parts" if bare else "",
        "",
        "<= 25 KB",
        verdict(size, 25),
    )


# --- T4: the TUI ---------------------------------------------------------------------------------

KEYS = (
    ("move (j)", b"j"),
    ("move (j)", b"j"),
    ("move (k)", b"k"),
    ("page (PgDn)", b"\x1b[6~"),
    ("pane switch (])", b"]"),
    ("pane switch (])", b"]"),
    ("pane switch ([)", b"["),
    ("open (Enter)", b"\r"),
    ("back (Backspace)", b"\x7f"),
)
KEY_QUIET = 0.25


def key_latencies(command: list[str], timeout: float) -> dict[str, list[tuple[float, float]]]:
    """Per key, (seconds to the first byte the app wrote after it, seconds to the last byte
    before a quiet spell of KEY_QUIET)."""
    env = dict(os.environ, TERM="xterm-256color")
    env["COLUMNS"], env["LINES"] = str(tui_startup.COLUMNS), str(tui_startup.LINES)
    pid, fd = tui_startup._spawn(command, env)
    terminal = tui_startup.Terminal(fd)
    found: dict[str, list[tuple[float, float]]] = {}
    try:
        if terminal.wait_for(tui_startup.MARKER, time.perf_counter() + timeout):
            terminal.wait_quiet(0.5, limit=10.0)
            for label, key in KEYS:
                sent = time.perf_counter()
                terminal.send(key)
                first = last = sent
                while True:
                    now = time.perf_counter()
                    if now - last >= KEY_QUIET or now - sent > 5.0 or terminal.closed:
                        break
                    if terminal.read(KEY_QUIET - (now - last)):
                        last = time.perf_counter()
                        first = last if first == sent else first
                if last > sent:
                    found.setdefault(label, []).append((first - sent, last - sent))
        terminal.send(b"q")
        tui_startup._reap(pid, terminal, timeout=10.0)
    finally:
        os.close(fd)
    return found


def bench_tui(setup: Setup, report: Report) -> None:
    sizes = list(setup.tui_sizes)
    if setup.args.with_1m:
        sizes.append(1_000_000)
    config = setup.scratch / "tui-config.toml"
    config.write_text(tui_startup.CONFIG_TEXT)
    first: dict[int, list[float]] = {}
    rss: dict[int, list[float]] = {}
    jump: dict[int, list[float]] = {}
    keys: dict[str, list[tuple[float, float]]] = {}
    runs = max(setup.runs, 1 if setup.args.quick else 5)
    for size in sizes:
        source = tui_startup.cached_db(setup.args.cache_dir, size)
        db = migrated_copy(source, setup.scratch / f"tui-{size}.db")
        command = setup.scitui(db, config=config)
        for index in range(1 + runs):  # one warm-up
            run = tui_startup.run_once(command, timeout=60.0, move=True)
            if index == 0:
                continue
            if run.first_screen is None:
                report.note(f"T4 {size:,}: no first screen ({run.status})")
                continue
            first.setdefault(size, []).append(run.first_screen)
            rss.setdefault(size, []).append((run.hwm_before_quit_kib or 0) / MIB)
            if run.move is not None:
                jump.setdefault(size, []).append(run.move)
        progress(f"T4 {size:,}: first screen {spread(first.get(size, []), 3)} s")
        if size == setup.big:
            for _ in range(runs):
                for label, values in key_latencies(command, 60.0).items():
                    keys.setdefault(label, []).extend(values)
        setup.fresh(db.name)
    small, big = sizes[0], setup.big
    report.add(
        "T4",
        f"TUI first screen at {big:,} articles, s",
        spread(first.get(big, []), 3),
        f"{spread(first.get(small, []), 3)} at {small:,}",
        "",
        "<= 1.0 s (newsboat 4.0 s)",
        verdict(median(first.get(big, [])), 1.0),
    )
    if 1_000_000 in first:
        ratio = statistics.median(first[1_000_000]) / statistics.median(first[small])
        report.add(
            "",
            "  first screen at 1,000,000, s",
            spread(first[1_000_000], 3),
            f"{spread(first[small], 3)} at {small:,}",
            f"{ratio:.2f}x",
            f"<= 1.5x the {small:,} figure",
            verdict(ratio, 1.5),
        )
    else:
        report.add("", "  first screen at 1,000,000", "skipped (--with-1m)", "", "", "<= 1.5x 1k")
    report.add(
        "",
        f"  jump to the last row (G) at {big:,}, ms",
        spread([value * 1000 for value in jump.get(big, [])], 0),
        "",
        "",
        "<= 100 ms",
        verdict(median([value * 1000 for value in jump.get(big, [])]), 100),
    )
    for label, values in keys.items():
        limit = 50 if label.startswith(("move", "pane", "page")) else None
        settled = [last * 1000 for _, last in values]
        report.add(
            "",
            f"  {label} at {big:,}: settled, ms",
            spread(settled, 0),
            f"first output {spread([first * 1000 for first, _ in values], 0)}",
            "",
            "<= 50 ms" if limit else "(info)",
            verdict(median(settled), limit) if limit else "",
        )
    report.add(
        "",
        f"  peak RSS at {big:,}, MiB",
        spread(rss.get(big, []), 0),
        f"{spread(rss.get(small, []), 0)} at {small:,}",
        "",
        "<= 120 MiB",
        verdict(median(rss.get(big, [])), 120),
    )


# --- T9: stories ---------------------------------------------------------------------------------


def without_stories(setup: Setup, test: str, index: int) -> Measured:
    """T1's or T2's scitui fetch with --no-stories: what the fetch costs without placing."""
    db = setup.fresh(f"{test.lower()}-no-stories-{index}.db")
    options = ("--no-content",) if test == "T2" else ()
    command = setup.scitui(db, "fetch", *options, "--no-stories", "--json")
    measured = run_checked(measure(command, scitui_env()), f"scitui fetch --no-stories ({test})")
    progress(
        f"{test} run {index + 1}: scitui fetch {' '.join(options)} --no-stories "
        f"{measured.seconds:.2f} s, tree CPU {measured.tree_cpu:.1f} s"
    )
    setup.fresh(db.name)
    return measured


def placing_share(setup: Setup, report: Report) -> None:
    """Rows: what placing in stories adds to T1's and T2's fetches (medians, both sides)."""
    for test in ("T1", "T2"):
        ours, bare = setup.with_stories[test], setup.without_stories[test]
        if not ours or not bare:
            continue
        shares = []
        for name, value in (("tree CPU", lambda m: m.tree_cpu), ("wall", lambda m: m.seconds)):
            with_, without = median([value(m) for m in ours]), median([value(m) for m in bare])
            assert with_ is not None and without is not None
            shares.append((name, with_, without, with_ / without - 1))
        report.add(
            "T9",
            f"placing in stories in {test}: tree CPU s; wall s (with / without)",
            "; ".join(f"{with_:.1f} / {without:.1f}" for _name, with_, without, _s in shares),
            "main process CPU s "
            f"{spread([m.main_cpu for m in ours], 1)} / {spread([m.main_cpu for m in bare], 1)}",
            " / ".join(f"{share:+.0%}" for *_rest, share in shares),
            "<= +10% (CPU / wall)",
            verdict(shares[0][3], 0.10),
        )


def bench_stories(setup: Setup, report: Report) -> None:
    """The full re-cluster at 100k, then T4's first screen and keys over its story rows."""
    placing_share(setup, report)
    source = tui_startup.cached_db(setup.args.cache_dir, setup.big)
    db = migrated_copy(source, setup.scratch / f"stories-{setup.big}.db")
    config = setup.scratch / "tui-config.toml"
    config.write_text(tui_startup.CONFIG_TEXT)
    restories = []
    for index in range(setup.runs):
        measured = measure(setup.scitui(db, "restory", "--json", config=config), scitui_env())
        restories.append(run_checked(measured, "scitui restory"))
        progress(
            f"T9 run {index + 1}: restory {measured.seconds:.1f} s, CPU {measured.tree_cpu:.1f} s"
        )
    formed = json.loads(restories[0].stdout)
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:  # the markers stand alone
        conn.execute(
            "UPDATE articles SET story_id = id WHERE substr(title, 1, 12) IN (?, ?)",
            (tui_startup.MARKER.decode(), tui_startup.OLDEST.decode()),
        )
    report.add(
        "T9",
        f"full re-cluster (restory) of {setup.big:,} articles, s",
        spread([run.seconds for run in restories[:1]], 1),
        f"again (nothing to write) {spread([run.seconds for run in restories[1:]], 1)}",
        f"CPU {restories[0].tree_cpu:.1f} s",
        "<= 60 s",
        verdict(restories[0].seconds, 60),
    )
    report.add(
        "",
        "  stories of several articles; main process peak RSS, MiB",
        f"{formed['stories_after']:,}",
        f"{spread([run.main_hwm_kib / MIB for run in restories], 0)} MiB",
        "",
        "(info)",
        "",
    )
    tui_with_stories(setup, report, db, config)
    setup.fresh(db.name)


def tui_with_stories(setup: Setup, report: Report, db: Path, config: Path) -> None:
    command = setup.scitui(db, config=config)
    first: list[float] = []
    jump: list[float] = []
    runs = max(setup.runs, 1 if setup.args.quick else 5)
    for index in range(1 + runs):  # one warm-up
        run = tui_startup.run_once(command, timeout=60.0, move=True)
        if index == 0:
            continue
        if run.first_screen is None:
            report.note(f"T9 {setup.big:,} with stories: no first screen ({run.status})")
            continue
        first.append(run.first_screen)
        if run.move is not None:
            jump.append(run.move * 1000)
    keys: dict[str, list[tuple[float, float]]] = {}
    for _ in range(runs):
        for label, values in key_latencies(command, 60.0).items():
            keys.setdefault(label, []).extend(values)
    report.add(
        "",
        f"  TUI first screen at {setup.big:,} with story rows, s",
        spread(first, 3),
        "",
        "",
        "<= 1.0 s",
        verdict(median(first), 1.0),
    )
    report.add("", "  jump to the last row (G), ms", spread(jump, 0), "", "", "<= 100 ms",
               verdict(median(jump), 100))  # fmt: skip
    for label, values in keys.items():
        limit = (
            20 if label.startswith("move") else 50 if label.startswith(("pane", "page")) else None
        )
        settled = [last * 1000 for _, last in values]
        report.add(
            "",
            f"  {label} with story rows: settled, ms",
            spread(settled, 0),
            f"first output {spread([first * 1000 for first, _ in values], 0)}",
            "",
            f"<= {limit} ms" if limit else "(info)",
            verdict(median(settled), limit) if limit else "",
        )


# --- T5 and T6: search and the read commands ---------------------------------------------------

QUERIES = search_bench.QUERIES
half_corpus_queries = search_bench.half_corpus_queries


def time_queries(
    library: object, queries: Sequence[str], limit: int, repeat: int, tag: str | None = None
) -> list[float]:
    """Per query, the median seconds of ``repeat`` Library.search calls (after one warm-up)."""
    medians = []
    for query in queries:
        library.search(query, tag, limit)  # type: ignore[attr-defined]
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            library.search(query, tag, limit)  # type: ignore[attr-defined]
            times.append(time.perf_counter() - started)
        medians.append(statistics.median(times))
    return medians


def heavy_imports(argv: list[str], env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [argv[0], "-X", "importtime", *argv[1:]], capture_output=True, text=True, env=env
    )
    names = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines()}
    return sorted({name.split(".")[0] for name in names} & set(HEAVY_MODULES))


def bench_read(setup: Setup, report: Report) -> None:
    from scitui.library import Library

    source = retag_bench.cached_db(setup.args.cache_dir, setup.big, 1000)
    db = migrated_copy(source, setup.scratch / "read.db")
    config = setup.scratch / "read-config.toml"
    config.write_text("feeds = []\n")
    repeat = 2 if setup.args.quick else 5
    halves = half_corpus_queries(db)
    progress("T5: half-corpus queries: " + ", ".join(f"{w} {s:.0%}" for w, s in halves))
    library = Library.open(config, db)
    queries = [*QUERIES, *(word for word, _ in halves)]
    try:
        mixed = time_queries(library, queries, 50, repeat)
        half = time_queries(library, [word for word, _ in halves], 50, repeat)
        in_tag = time_queries(library, queries, 50, repeat, search_bench.TAG)
        tui_limit = time_queries(library, QUERIES, 500, max(1, repeat // 2))
    finally:
        library.close()
    slowest = sorted(zip(mixed, queries, strict=True), reverse=True)[:4]
    report.note(
        "T5 slowest queries (limit 50): "
        + ", ".join(f"{query} {seconds * 1000:.0f} ms" for seconds, query in slowest)
    )
    report.add(
        "T5",
        f"search at {setup.big:,}: median of {len(mixed)} queries, ms",
        spread([value * 1000 for value in mixed], 1),
        "",
        "",
        "<= 50 ms",
        verdict(statistics.median(mixed) * 1000, 50),
    )
    shares = ", ".join(f"{word} {share:.0%}" for word, share in halves)
    report.add(
        "",
        f"  queries matching ~half ({shares}), ms",
        spread([value * 1000 for value in half], 0),
        "",
        "",
        "<= 250 ms (worst)",
        verdict(max(half) * 1000, 250),
    )
    report.add(
        "",
        f"  mixed set within a pane (tag {search_bench.TAG}), ms",
        spread([value * 1000 for value in in_tag], 1),
        "",
        "",
        "<= 50 ms",
        verdict(statistics.median(in_tag) * 1000, 50),
    )
    report.add(
        "",
        "  mixed set with the TUI's limit of 500 hits, ms",
        spread([value * 1000 for value in tui_limit], 1),
        "",
        "",
        "(info)",
        "",
    )

    env = scitui_env()
    with contextlib.closing(sqlite3.connect(db)) as conn:
        middle = conn.execute(
            "SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET ?", (setup.big // 2,)
        ).fetchone()[0]
    commands = {
        "list": ["list"],
        "list --tag export-controls --unread": ["list", "--tag", "export-controls", "--unread"],
        f"show {middle}": ["show", str(middle)],
        'search "export control"': ["search", "export control"],
        "tags": ["tags"],
    }
    runs = 1 if setup.args.quick else 5
    for name, args in commands.items():
        command = setup.scitui(db, *args, config=config)
        subprocess.run(command, capture_output=True, env=env)  # warm-up
        seconds = [run_checked(measure(command, env), name).seconds for _ in range(runs)]
        heavy = heavy_imports(command, env)
        progress(f"T6 {name}: {spread(seconds, 3)} s, heavy imports: {heavy or 'none'}")
        mid = statistics.median(seconds)
        imports = "imports none of them" if not heavy else "imports " + ", ".join(heavy)
        report.add(
            "T6",
            f"`scitui {name}` at {setup.big:,}, s",
            spread(seconds, 3),
            imports,
            "",
            "<= 0.4 s, no heavy imports",
            "ok" if mid <= 0.4 and not heavy else "MISS",
        )
        if name.startswith("search"):
            report.add(
                "T5",
                "  whole `scitui search` process, s",
                spread(seconds, 3),
                "",
                "",
                "<= 0.4 s",
                verdict(mid, 0.4),
            )
    setup.fresh(db.name)


# --- T8: retag -----------------------------------------------------------------------------------


def bench_retag(setup: Setup, report: Report) -> None:
    started = time.perf_counter()
    source = migrated_copy(
        retag_bench.cached_db(setup.args.cache_dir, setup.big, 1000), setup.scratch / "base.db"
    )
    progress(f"T8: copied and migrated the cache in {time.perf_counter() - started:.1f} s")
    config = setup.scratch / "retag-config.toml"
    config.write_text(retag_bench.CONFIG)
    helped = subprocess.run([*SCITUI, "retag", "--help"], capture_output=True, text=True)
    full = ["retag", "--all", "--dry-run"] if "--all" in helped.stdout else None
    first: list[float] = []
    again: list[float] = []
    dry: list[float] = []
    for _ in range(1 if setup.args.quick else 2):
        db = setup.fresh("retag.db")
        shutil.copyfile(source, db)
        command = setup.scitui(db, "retag", config=config)
        first.append(retag_bench.timed(command)[0])
        again.append(retag_bench.timed(command)[0])
        if full:
            dry.append(retag_bench.timed(setup.scitui(db, *full, config=config))[0])
        progress(f"T8: retag {first[-1]:.1f} s, again {again[-1]:.1f} s, --all --dry-run {dry}")
        setup.fresh(db.name)
    setup.fresh(source.name)
    report.add(
        "T8",
        f"retag {setup.big:,} articles, s",
        spread(first, 1),
        "",
        "",
        "<= 60 s",
        verdict(statistics.median(first), 60),
    )
    report.add("", "  retag again (nothing changes), s", spread(again, 1), "", "", "(info)", "")
    if dry:
        report.add(
            "",
            "  retag --all --dry-run (every topic, no writes), s",
            spread(dry, 1),
            "",
            "",
            "(info)",
            "",
        )


# --- main ----------------------------------------------------------------------------------------

TESTS = ("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9")


@contextlib.contextmanager
def scratch_folder(keep: Path | None) -> Iterator[Path]:
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
    else:
        with tempfile.TemporaryDirectory(prefix="scitui-run-") as folder:
            yield Path(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each")
    parser.add_argument("--runs", type=int, help="paired runs per figure (3; --quick 1)")
    parser.add_argument("--only", help="comma-separated tests, e.g. T1,T3 (default all)")
    parser.add_argument("--with-1m", action="store_true", help="T4 at 1,000,000 articles too")
    parser.add_argument("--hosts", type=int, default=1, help="loopback addresses to serve on")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (1)")
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/scitui-bench"))
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    only = {name.strip().upper() for name in (args.only or ",".join(TESTS)).split(",")}
    if unknown := only - set(TESTS):
        parser.error(f"--only: unknown tests {', '.join(sorted(unknown))}")
    if "T3" in only:
        only |= {"T1"}
    if "T7" in only:
        only |= {"T1"}

    report = Report()
    code_before = code_state()
    loads = [load_average()]
    started = time.perf_counter()
    with scratch_folder(args.keep) as scratch:
        setup = Setup(
            args,
            scratch,
            feeds=10 if args.quick else 100,
            entries=10 if args.quick else 50,
            runs=args.runs or (1 if args.quick else 3),
            tui_sizes=[1000, 5000] if args.quick else [1000, 100_000],
            big=5000 if args.quick else 100_000,
            newsboat=shutil.which("newsboat"),
        )
        try:
            if only & {"T1", "T2", "T3"}:
                start_server(setup)
            if "T1" in only:
                bench_fetch(setup, report)
                loads.append(load_average())
            if only & {"T2", "T3"}:
                bench_feeds_only(setup, report)
                loads.append(load_average())
            if "T7" in only:
                bench_storage(setup, report)
            if setup.server is not None:
                setup.server.stop()
                setup.server = None
            if "T4" in only:
                bench_tui(setup, report)
                loads.append(load_average())
            if only & {"T5", "T6"}:
                bench_read(setup, report)
                loads.append(load_average())
            if "T8" in only:
                bench_retag(setup, report)
                loads.append(load_average())
            if "T9" in only:
                bench_stories(setup, report)
                loads.append(load_average())
        finally:
            if setup.server is not None:
                setup.server.stop()
    code_after = code_state()
    if code_after != code_before:
        report.note(
            f"src/ CHANGED during the run (HEAD {code_before[0]}, src {code_before[1]} -> HEAD "
            f"{code_after[0]}, src {code_after[1]}): the figures mix code versions"
        )
    header = [
        f"scitui bench{' --quick (smoke test: small sizes, not the targets)' if args.quick else ''}"
        f": {setup.runs} run(s) per figure; {os.cpu_count()} cores; Python "
        f"{platform.python_version()}; {platform.platform()}",
        f"corpus {setup.feeds} feeds x {setup.entries} entries (seed {args.seed}) on "
        f"{args.hosts} loopback host(s); newsboat: {setup.newsboat or 'not installed'}",
        f"code: git HEAD {code_before[0]}, src/ digest {code_before[1]} (uncommitted changes "
        "included)",
        f"load average (1/5/15 min) at the start and after each part: {' | '.join(loads)}",
        f"wall time of the whole run: {(time.perf_counter() - started) / 60:.1f} min",
    ]
    report.print(header)
    return 0


if __name__ == "__main__":
    sys.exit(main())
