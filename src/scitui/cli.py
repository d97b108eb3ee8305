"""The ``scitui`` command line (click): human output via Rich, ``--json`` for scripts."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from scitui import __version__
from scitui.cli_paths import (
    command_paths,
    is_demo,
    named_config,
    open_library,
    paths_options,
    remember,
)
from scitui.errors import ConfigError, ScituiError
from scitui.library import Library
from scitui.models import ArticleSummary, FeedOutcome, ProgressCallback
from scitui.paths import demo_db_path
from scitui.runs import plural
from scitui.store import ArticleFilter
from scitui.text import clean_text

if TYPE_CHECKING:
    from scitui.actions import AlertReport
    from scitui.retrieve import Retriever

F = TypeVar("F", bound=Callable[..., Any])

SQLITE_MAX_INT = 2**63 - 1
ARTICLE_ID = click.IntRange(-SQLITE_MAX_INT, SQLITE_MAX_INT)
"""An article id: any integer SQLite can hold (a larger one would fail in the driver)."""
LIMIT = click.IntRange(1, SQLITE_MAX_INT)


class _Group(click.Group):
    """Turns scitui's own errors, and output to a full disk, into one line on stderr."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"scitui: config error: {one_line(str(exc))}", err=True)
            sys.exit(2)
        except ScituiError as exc:
            click.echo(f"scitui: {one_line(str(exc))}", err=True)
            sys.exit(1)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:
            if exc.errno not in _DISK_ERRORS:
                raise
            # stdout on a full disk: what is still buffered for it goes nowhere, quietly
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            click.echo(f"scitui: cannot write the output: {exc.strerror}", err=True)
            sys.exit(1)


_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(message: str) -> str:
    """A message fit for one terminal line: control characters (newlines too) escaped."""
    return _CONTROL.sub(lambda found: repr(found.group())[1:-1], message)


def json_option(command: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")(command)


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@click.group(cls=_Group, invoke_without_command=True)
@click.version_option(__version__, prog_name="scitui")
@paths_options
@click.option(
    "--demo",
    is_flag=True,
    expose_value=False,
    callback=remember("demo"),
    help="Use the demo's database and config (`scitui demo` loads them).",
)
@click.pass_context
def main(ctx: click.Context) -> None:
    """scitui: a terminal newsroom for science and technology policy.

    With no command, opens the reader on the local cache.
    """
    if ctx.invoked_subcommand is None:
        config_path, db_path = command_paths()
        _open_app(config_path, db_path, demo=is_demo())


NO_READER = (
    "the full-screen reader is not in this version yet; read the cache with "
    "`scitui{db} list`, `scitui{db} show ID` and `scitui{db} search WORDS`"
)


def _open_app(config_path: Path, db_path: Path, *, demo: bool = False) -> None:
    try:
        from scitui.tui.app import run_app  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError as exc:
        if exc.name is None or not exc.name.startswith("scitui.tui"):
            raise
        message = NO_READER.format(db=f" --db {db_path}" if demo else "")
        if demo:
            click.echo(f"scitui: {message}", err=True)
            return
        raise ScituiError(message) from None
    run_app(config_path, db_path, demo=demo)


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
@json_option
def fetch(
    jobs: int | None, no_content: bool, feed_urls: tuple[str, ...], quiet: bool, as_json: bool
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
            from scitui.cli_output import fetch_with_progress

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
        from scitui.cli_output import print_fetch_summary

        print_fetch_summary(outcomes)
        return
    from scitui.cli_rows import fetch_totals, write_outcomes

    write_outcomes(sys.stderr, outcomes)
    for line in fetch_totals(outcomes):
        click.echo(line, err=True)


def _tag(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """A --tag as stored: "Export Controls" finds export-controls."""
    if value is None:
        return None
    from scitui.library import normalize_tag

    try:
        return normalize_tag(value)
    except ScituiError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command(name="list")
@paths_options
@click.option("--tag", "-t", callback=_tag, help="Only articles with this tag.")
@click.option("--unread", is_flag=True, help="Only unread articles.")
@click.option("--starred", is_flag=True, help="Only starred articles.")
@click.option("--feed", "feed_url", metavar="URL", help="Only articles of this feed.")
@click.option("--view", "view_slug", metavar="SLUG", help="The articles of a saved view.")
@click.option("--limit", "-n", type=LIMIT, default=50, show_default=True)
@json_option
def list_(
    tag: str | None,
    unread: bool,
    starred: bool,
    feed_url: str | None,
    view_slug: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """List articles, newest first (a view sorted by relevance: best match first).

    Piped, one tab-separated line per article: id, flags (N unread, * starred, - neither),
    date, feed, tags, title, url.
    """
    if view_slug is not None and (tag or feed_url):
        raise click.UsageError("--view cannot be combined with --tag or --feed")
    where = ArticleFilter(tag, unread, starred, feed_url)
    with open_library() as library:
        if view_slug is not None:
            articles = _view_articles(library, view_slug, unread, starred, limit)
            empty = None if articles or as_json else "no articles in this view"
        else:
            articles = library.articles(where, limit)
            empty = None if articles or as_json else _nothing_listed(library, where)
        sizes = library.story_sizes(article.id for article in articles) if as_json else {}
    if as_json:
        _print_json([_with_story(article.as_json(), sizes) for article in articles])
    elif empty:
        click.echo(f"scitui: {empty}", err=True)
    elif _terminal():
        from scitui.cli_output import print_articles

        print_articles(articles)
    else:
        from scitui.cli_rows import write_articles

        write_articles(sys.stdout, articles)


def _view_articles(
    library: Library, slug: str, unread: bool, starred: bool, limit: int
) -> list[ArticleSummary]:
    """A view's articles (narrowed by --unread, --starred); an unknown view exits with 2."""
    from dataclasses import replace

    from scitui.library import NotFoundError

    try:
        view = library.view(slug)
    except NotFoundError as exc:
        click.echo(f"scitui: {one_line(str(exc))}", err=True)
        sys.exit(2)
    view = replace(view, unread=view.unread or unread, starred=view.starred or starred)
    return library.view_articles(view, limit)


@main.command()
@paths_options
@json_option
def views(as_json: bool) -> None:
    """Saved views ([views.<slug>] in the config) with their unread and total counts.

    Piped, one tab-separated line per view: slug, unread, total, title.
    """
    with open_library() as library:
        counts = library.view_counts()
    if as_json:
        _print_json([count.as_json() for count in counts])
    elif not counts:
        click.echo("scitui: no views configured: add [views.<slug>] to the config", err=True)
    elif _terminal():
        from scitui.cli_output import print_views

        print_views(counts)
    else:
        from scitui.cli_rows import write_views

        write_views(sys.stdout, counts)


def _with_story(item: dict[str, Any], sizes: dict[int, tuple[int, int]]) -> dict[str, Any]:
    """An article's JSON with its story: ``story_id`` and ``story_size`` (1: its own)."""
    story_id, size = sizes.get(item["id"], (item["id"], 1))
    return {**item, "story_id": story_id, "story_size": size}


def _terminal(*, stderr_too: bool = False) -> bool:
    """Whether to draw Rich tables: stdout (and stderr, if asked) is a terminal.

    Otherwise (a pipe, a file, cron) rows are tab-separated lines, nothing cut or wrapped.
    """
    return sys.stdout.isatty() and (not stderr_too or sys.stderr.isatty())


def _nothing_listed(library: Library, where: ArticleFilter) -> str:
    """Why a list is empty, from its filter; the fetch hint only when the cache is empty."""
    if library.totals().total == 0:
        return _empty_cache_hint()
    kinds = " ".join(
        kind for kind, on in (("unread", where.unread), ("starred", where.starred)) if on
    )
    text = f"no {kinds + ' ' if kinds else ''}articles"
    if where.tag:
        text += f" tagged {where.tag}"
    if where.feed_url:
        text += f" from {one_line(where.feed_url)}"
    return text


def _empty_cache_hint() -> str:
    if is_demo():
        return "the demo database is empty: load it with `scitui demo`"
    return "no articles yet: run `scitui fetch` (or `scitui demo` for a sample)"


@main.command()
@paths_options
@click.argument("article_id", type=ARTICLE_ID)
@json_option
def show(article_id: int, as_json: bool) -> None:
    """Show one article: header and cleaned text."""
    with open_library() as library:
        article = library.article(article_id)
        actions = library.article_actions(article_id)
    if as_json:
        _print_json({**article.as_json(), "actions": [action.as_json() for action in actions]})
    else:
        from scitui.cli_output import print_article

        print_article(article, actions)


@main.command()
@paths_options
@click.argument("query", nargs=-1, required=True)
@click.option("--tag", "-t", callback=_tag, help="Only articles with this tag.")
@click.option("--limit", "-n", type=LIMIT, default=20, show_default=True)
@json_option
def search(query: tuple[str, ...], tag: str | None, limit: int, as_json: bool) -> None:
    """Full-text search of titles and bodies (words match as prefixes).

    Piped, one tab-separated line per hit: the columns of `list`, then the snippet.
    """
    words = " ".join(query)
    with open_library() as library:
        hits = library.search(words, tag, limit)
        empty = None if hits or as_json else _no_matches(library, words, tag)
    if as_json:
        _print_json([hit.as_json() for hit in hits])
    elif _terminal():
        from scitui.cli_output import print_hits

        print_hits(hits)
    else:
        from scitui.cli_rows import write_hits

        write_hits(sys.stdout, hits)
    if empty:
        click.echo(f"scitui: {empty}", err=True)


def _no_matches(library: Library, words: str, tag: str | None) -> str:
    if library.totals().total == 0:
        return _empty_cache_hint()
    return f"no matches for {one_line(words)}" + (f" tagged {tag}" if tag else "")


@main.command()
@paths_options
@json_option
def tags(as_json: bool) -> None:
    """Topics and tags with their total and unread counts.

    Piped, one tab-separated line per tag: tag, kind (topic or tag), unread, total, title.
    """
    with open_library() as library:
        counts = library.tags()
    if as_json:
        _print_json([count.as_json() for count in counts])
    elif _terminal():
        from scitui.cli_output import print_tags

        print_tags(counts)
    else:
        from scitui.cli_rows import write_tags

        write_tags(sys.stdout, counts)
    if not counts and not as_json:
        click.echo("scitui: no topics configured and no tags stored", err=True)


def _tag_command(name: str, add: bool) -> None:
    @main.command(
        name=name,
        help=(
            "Add manual tags to an article."
            if add
            else "Remove tags from an article (they stay removed)."
        ),
    )
    @paths_options
    @click.argument("article_id", type=ARTICLE_ID)
    @click.argument("tag_names", nargs=-1, required=True)
    def command(article_id: int, tag_names: tuple[str, ...]) -> None:
        with open_library() as library:
            changed = (library.tag if add else library.untag)(article_id, tag_names)
        verb = "tagged" if add else "untagged"
        click.echo(f"{verb} {article_id}: {' '.join(changed)}", err=True)


def _flag_command(name: str, flag: str, value: bool, help_text: str) -> None:
    @main.command(name=name, help=help_text)
    @paths_options
    @click.argument("article_ids", type=ARTICLE_ID, nargs=-1, required=True)
    def command(article_ids: tuple[int, ...]) -> None:
        with open_library() as library:
            (library.mark_read if flag == "read" else library.star)(article_ids, value)
        click.echo(f"{name}: {plural(len(set(article_ids)), 'article')}", err=True)


_tag_command("tag", add=True)
_tag_command("untag", add=False)
_flag_command("read", "read", True, "Mark articles read.")
_flag_command("unread", "read", False, "Mark articles unread.")
_flag_command("star", "starred", True, "Star articles.")
_flag_command("unstar", "starred", False, "Remove the star from articles.")


@main.command()
@paths_options
@click.argument("article_id", type=ARTICLE_ID)
@click.argument("text", nargs=-1)
@click.option("--clear", is_flag=True, help="Remove the article's note.")
@json_option
def note(article_id: int, text: tuple[str, ...], clear: bool, as_json: bool) -> None:
    """Print, set or clear your note on an article.

    With no TEXT, prints the note (exit status 1 if there is none); with TEXT (or - to read
    it from standard input) sets it, replacing the one there; empty text clears it, as
    --clear does.
    """
    if clear and text:
        raise click.UsageError("give either TEXT or --clear, not both")
    if text == ("-",):
        text = (sys.stdin.read(),)
    with open_library() as library:
        if clear:
            had = library.clear_note(article_id)
            click.echo(f"{'cleared the' if had else 'there was no'} note on {article_id}", err=True)
        elif text:
            stored = library.set_note(article_id, " ".join(text))
            click.echo(f"{'noted' if stored else 'cleared the note on'} {article_id}", err=True)
        else:
            _print_note(article_id, library.note(article_id), as_json)


def _print_note(article_id: int, text: str | None, as_json: bool) -> None:
    if as_json:
        _print_json({"id": article_id, "note": text})
    elif text is None:
        raise ScituiError(f"article {article_id} has no note")
    else:
        click.echo(clean_text(text))


@main.group()
def feeds() -> None:
    """List, add and remove feeds (edits the config file in place)."""


@feeds.command(name="list")
@paths_options
@json_option
def feeds_list(as_json: bool) -> None:
    """The configured feeds and their last fetch.

    Piped, one tab-separated line per feed: url, name, articles, unread, last fetch, last
    success, last error.
    """
    with open_library() as library:
        rows = library.feeds()
    if as_json:
        _print_json([feed.as_json() for feed in rows])
    elif _terminal():
        from scitui.cli_output import print_feeds

        print_feeds(rows)
    else:
        from scitui.cli_rows import write_feeds

        write_feeds(sys.stdout, rows)
    if not rows and not as_json:
        click.echo("scitui: no feeds configured; add one with `scitui feeds add URL`", err=True)


@feeds.command(name="add")
@paths_options
@click.argument("url")
@click.option("--tag", "-t", "tag_names", multiple=True, help="Tag for its articles (repeatable).")
@click.option("--name", help="Display name.")
def feeds_add(url: str, tag_names: tuple[str, ...], name: str | None) -> None:
    """Add a feed to the config file."""
    from scitui.config import FeedSpec
    from scitui.library import normalize_tag

    with open_library(creates_config=True) as library:
        spec = FeedSpec(url.strip(), name, tuple(normalize_tag(tag) for tag in tag_names))
        added = library.add_feeds([spec])
        where = library.config_path
    click.echo(f"{'added' if added else 'already configured'}: {url} ({where})", err=True)


@feeds.command(name="remove")
@paths_options
@click.argument("url")
def feeds_remove(url: str) -> None:
    """Remove a feed from the config file (its stored articles stay)."""
    with open_library(edits_config=True) as library:
        library.remove_feed(url.strip())
        where = library.config_path
    click.echo(f"removed: {url} ({where})", err=True)


@main.command(name="import-opml")
@paths_options
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
def import_opml(path: Path) -> None:
    """Add the feeds of an OPML file; folders become tags."""
    with open_library(creates_config=True) as library:
        added, warnings = library.import_opml(path)
        where = library.config_path
    for warning in warnings:
        click.echo(f"scitui: warning: {path}: {warning}", err=True)
    click.echo(f"imported {plural(len(added), 'new feed')} into {where}", err=True)


@main.command(name="export-opml")
@paths_options
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False), required=False)
def export_opml(path: Path | None) -> None:
    """Write the configured feeds as OPML to PATH (or stdout)."""
    with open_library() as library:
        text = library.export_opml()
    _write_output(text, path, f"wrote {path}")


@main.command()
@paths_options
@click.option(
    "--weeks",
    "-w",
    type=click.IntRange(1, 520),
    default=12,
    show_default=True,
    help="Weeks to show, this one included.",
)
@json_option
def trends(weeks: int, as_json: bool) -> None:
    """Articles per topic per week (Monday 00:00 UTC), with spikes marked."""
    with open_library() as library:
        topic_trends = library.trends(weeks)
    if as_json:
        _print_json([trend.as_json() for trend in topic_trends])
    else:
        from scitui.cli_output import print_trends

        print_trends(topic_trends)


def _period(_ctx: click.Context, _param: click.Parameter, value: str) -> timedelta:
    """--since or --older-than as a timedelta: 12h, 7d, 2w."""
    from scitui.periods import parse_period

    try:
        return parse_period(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command()
@paths_options
@click.option("--tag", "-t", callback=_tag, help="Only this tag (a topic or your own tag).")
@click.option(
    "--since",
    "period",
    callback=_period,
    default="7d",
    metavar="PERIOD",
    show_default=True,
    help="How far back: Nh, Nd or Nw.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["md", "html"]),
    default="md",
    show_default=True,
    help="Markdown or a standalone HTML page.",
)
@click.option(
    "--limit",
    "-n",
    type=LIMIT,
    default=20,
    show_default=True,
    help="Articles per topic.",
)
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to FILE instead of stdout.",
)
@click.option(
    "--bibliography",
    is_flag=True,
    help="End with a bibliography: each article cited once, with a citation key.",
)
def digest(
    tag: str | None,
    period: timedelta,
    output_format: str,
    limit: int,
    output: Path | None,
    bibliography: bool,
) -> None:
    """A brief of recent articles by topic: starred first, then newest, each with its lead."""
    from scitui.digest import render_html, render_markdown

    with open_library() as library:
        brief = library.digest(tag, period, limit, bibliography=bibliography)
    text = (render_html if output_format == "html" else render_markdown)(brief)
    _write_output(text, output, f"wrote {output} ({plural(brief.article_count, 'article')})")


def _write_output(text: str, path: Path | None, done: str) -> None:
    """A document to stdout, or to a UTF-8 file with ``done`` said on stderr."""
    if path is None:
        click.echo(text, nl=False)
        return
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ScituiError(f"{path}: cannot write: {exc.strerror or exc}") from None
    click.echo(done, err=True)


@main.command()
@paths_options
@click.option("--dry-run", is_flag=True, help="Change nothing; print what would change.")
@click.option(
    "--all", "every_topic", is_flag=True, help="Recheck every topic, not just changed ones."
)
@json_option
def retag(dry_run: bool, every_topic: bool, as_json: bool) -> None:
    """Re-apply the configured topic rules and feed tags to every stored article.

    Run it after changing the topics in the config: the topics whose rules changed since
    the last retag are matched again (--all: every topic). Manual tags, and tags you removed
    by hand, are kept as they are. --dry-run shows per tag how many articles would gain or
    lose it, with example titles, and changes nothing.
    """
    from scitui.cli_output import print_retag, retag_with_progress

    with open_library() as library:
        report = retag_with_progress(
            lambda on_progress: library.retag(
                dry_run=dry_run, every_topic=every_topic, on_progress=on_progress
            )
        )
        if as_json:
            _print_json(report.as_json())
            return
        print_retag(
            report,
            {rule.slug: rule.title for rule in library.topics},
            {count.tag: count.total for count in library.tags()},
        )


@main.command()
@paths_options
@click.option(
    "--older-than",
    "older_than",
    callback=lambda ctx, param, value: None if value is None else _period(ctx, param, value),
    metavar="AGE",
    help="Delete articles older than this (180d, 26w); default: keep_days in [settings].",
)
@click.option("--dry-run", is_flag=True, help="Change nothing; say what would be deleted.")
@click.option("--no-vacuum", is_flag=True, help="Skip compacting the file afterwards.")
@json_option
def prune(older_than: timedelta | None, dry_run: bool, no_vacuum: bool, as_json: bool) -> None:
    """Delete old articles to keep the cache small.

    Starred articles, articles you tagged by hand and articles with a note are never
    deleted. A feed that still lists a deleted article does not bring it back. Afterwards the
    file is compacted (VACUUM), which briefly needs free disk space about the size of the
    database.
    """
    with open_library() as library:
        report = library.prune(older_than, dry_run=dry_run, reclaim=not no_vacuum)
    if as_json:
        _print_json(report.as_json())
        return
    verb = "would delete" if dry_run else "deleted"
    click.echo(
        f"{verb} {plural(report.articles, 'article')} dated before {report.before:%Y-%m-%d} "
        "(starred, hand-tagged and noted ones are kept)"
    )
    for title in report.examples:
        click.echo(f"  e.g. {one_line(title)}")
    if not dry_run:
        freed = (report.size_before - report.size_after) / 1_048_576
        click.echo(f"database {report.size_after / 1_048_576:.1f} MB ({freed:.1f} MB freed)")


@main.command()
@paths_options
def where() -> None:
    """Print where the config file and the database are."""
    config_path, db_path = command_paths(creates_config=True)
    if config_path.exists():
        state = ""
    elif named_config() is None:
        state = "  (missing: built-in defaults in use)"
    else:
        state = "  (missing: commands other than `feeds add` and `import-opml` stop)"
    click.echo(f"config    {config_path}{state}")
    click.echo(f"database  {db_path}")
    if not is_demo():
        click.echo(f"demo      {demo_db_path()}")


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


def _add_commands() -> None:
    """Commands kept in modules of their own."""
    from scitui import (
        cli_actions,  # noqa: F401  (registers `apply`)
        cli_cite,  # noqa: F401  (registers `cite`)
        cli_stories,  # noqa: F401  (registers `stories` and `restory`)
    )
    from scitui.cli_sources import sources

    main.add_command(sources)


_add_commands()
