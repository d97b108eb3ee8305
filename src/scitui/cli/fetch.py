"""`scitui fetch` and `scitui demo`: a refresh, its progress bar and its report."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scitui.cli import main
from scitui.cli.common import _open_app, _print_json, _terminal, json_option, one_line
from scitui.cli.paths import is_demo, open_library, paths_options
from scitui.models import FeedOutcome, ProgressCallback
from scitui.paths import demo_db_path
from scitui.runs import plural

if TYPE_CHECKING:
    from scitui.actions import AlertReport
    from scitui.retrieve import Retriever


@main.command()
@paths_options
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="Requests in flight (2 per host).")
@click.option("--no-content", is_flag=True, help="Skip downloading article pages.")
@click.option(
    "--feed", "feed_urls", multiple=True, metavar="URL", help="Only this feed (repeatable)."
)
@click.option(
    "--quiet", "-q", is_flag=True, help="Print nothing but errors (for cron and systemd timers)."
)
@click.option("--no-stories", is_flag=True, hidden=True, help="Leave stories to a later fetch.")
@json_option
def fetch(
    jobs: int | None,
    no_content: bool,
    feed_urls: tuple[str, ...],
    quiet: bool,
    no_stories: bool,
    as_json: bool,
) -> None:
    """Fetch the configured feeds and store new articles, cleaned and tagged.

    Saved views' on_new rules act on the new articles; the new matches of `notify` views
    are announced on stderr (not with --quiet) and sent to notify_command.
    """
    with open_library() as library:
        if not library.config.feeds:
            click.echo("scitui: no feeds configured; add one with `scitui feeds add URL`", err=True)
            if as_json:
                _print_json([])
            return

        retriever = _demo_retriever() if is_demo() else None

        def run(on_progress: ProgressCallback | None) -> Iterator[FeedOutcome]:
            return library.refresh(
                feed_urls or None,
                jobs=jobs,
                content=False if no_content else None,
                retriever=retriever,
                on_progress=on_progress,
                on_alerts=lambda report: _report_alerts(report, quiet),
                stories=not no_stories,
            )

        outcomes = _drive_fetch(run, total=len(feed_urls or library.config.feeds), bar=not quiet)
        if library.config.settings.keep_days is not None and any(o.ok for o in outcomes):
            pruned = library.prune(reclaim=False)
            if pruned.articles and not quiet:
                click.echo(
                    f"scitui: pruned {plural(pruned.articles, 'article')} older than "
                    f"{library.config.settings.keep_days} days (keep_days)",
                    err=True,
                )
    _finish_fetch(outcomes, as_json, quiet)


def _report_alerts(report: AlertReport, quiet: bool) -> None:
    """The new matches of `notify` views (unless quiet), and what failed, on stderr."""
    if report.alerts and not quiet:
        click.echo(f"scitui: {report.headline()}", err=True)
    for problem in report.problems:
        click.echo(f"scitui: {one_line(problem)}", err=True)


def _demo_retriever() -> Retriever:
    """With --demo, fetch serves the demo's feeds offline, as `scitui demo` does."""
    from scitui.demo import demo_retriever

    return demo_retriever()


def _drive_fetch(
    run: Callable[[ProgressCallback | None], Iterator[FeedOutcome]], total: int, bar: bool = True
) -> list[FeedOutcome]:
    """Run a fetch, with a progress bar on a terminal; Ctrl-C keeps what was stored.

    Without a terminal (cron, a pipe) there is no bar, and Rich is not imported for one.
    """
    outcomes: list[FeedOutcome] = []
    try:
        if bar and sys.stderr.isatty():
            from scitui.cli.output import fetch_with_progress

            fetch_with_progress(run, total, outcomes)
        else:
            outcomes.extend(run(None))
    except KeyboardInterrupt:
        new = sum(outcome.new for outcome in outcomes)
        click.echo(
            f"scitui: interrupted; kept {plural(new, 'new article')} "
            f"from {plural(len(outcomes), 'feed')}",
            err=True,
        )
        raise SystemExit(130) from None
    return outcomes


def _finish_fetch(outcomes: list[FeedOutcome], as_json: bool, quiet: bool = False) -> None:
    if as_json:
        _print_json([outcome.as_json() for outcome in outcomes])
    elif quiet:
        for outcome in outcomes:
            error = one_line(outcome.error or "failed")
            if not outcome.ok:
                named = error if error.startswith(outcome.url) else f"{outcome.url}: {error}"
                click.echo(f"scitui: {named}", err=True)
    else:
        _report_fetch(outcomes)
    if outcomes and not any(outcome.ok for outcome in outcomes):
        failed = f"all {len(outcomes)} feeds" if len(outcomes) > 1 else "the feed"
        click.echo(f"scitui: {failed} failed", err=True)
        sys.exit(1)


def _report_fetch(outcomes: list[FeedOutcome]) -> None:
    """Each feed's outcome on stderr: a table on a terminal, else tab-separated lines."""
    if _terminal(stderr_too=True):
        from scitui.cli.output import print_fetch_summary

        print_fetch_summary(outcomes)
        return
    from scitui.cli.rows import fetch_totals, write_outcomes

    write_outcomes(sys.stderr, outcomes)
    for line in fetch_totals(outcomes):
        click.echo(line, err=True)


@main.command()
@click.option("--db", "db_path", type=click.Path(path_type=Path), help="Demo database file.")
@click.option("--no-open", is_flag=True, help="Load the demo, do not open the reader.")
def demo(db_path: Path | None, no_open: bool) -> None:
    """Load the bundled offline sample (no network), then open the reader on it."""
    from scitui.demo import load_demo, open_demo

    db_path = db_path or demo_db_path()
    library = open_demo(db_path)
    try:
        outcomes = _drive_fetch(
            lambda on_progress: load_demo(library, on_progress), total=len(library.config.feeds)
        )
        config_path = library.config_path
    finally:
        library.close()
    _report_fetch(outcomes)
    click.echo(f"demo database: {db_path}", err=True)
    if not no_open:
        _open_app(config_path, db_path, demo=True)
