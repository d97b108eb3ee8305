"""Human output of the CLI: Rich tables and progress; network text is rich.Text, never markup.

Every string that may come from a feed goes through ``_text``: Rich prints escape sequences
as they are, so control characters are dropped first (a title cannot drive the terminal).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from scitui.actions import describe
from scitui.models import (
    Article,
    ArticleSummary,
    Feed,
    FeedOutcome,
    SearchHit,
    TagCount,
    TagReason,
)
from scitui.runs import CAUSE_NAMES, failure_cause, plural
from scitui.text import clean_text

if TYPE_CHECKING:  # ingest pulls in feedparser, readability and httpx: not for `scitui list`
    from scitui.models import Progress as IngestProgress
    from scitui.models import ProgressCallback
    from scitui.retag import RetagReport
    from scitui.store.actions import RecordedAction
    from scitui.trends import TopicTrend
    from scitui.views import ViewCount

    FetchRun = Callable[[ProgressCallback | None], Iterator[FeedOutcome]]

stdout = Console(markup=False, emoji=False, highlight=False, soft_wrap=False)
stderr = Console(stderr=True, markup=False, emoji=False, highlight=False)


def _text(value: str | None, style: str = "") -> Text:
    """Network text, shown literally: no markup, no emoji codes, no control characters."""
    return Text(clean_text(value), style=style)


def _date(article: ArticleSummary | Article) -> str:
    return article.published.strftime("%Y-%m-%d") if article.published else ""


def fetch_with_progress(run: FetchRun, total: int, outcomes: list[FeedOutcome]) -> None:
    """Drive a fetch with a progress bar on stderr (a terminal), adding to ``outcomes``.

    Ctrl-C stops the bar and propagates; what was stored stays stored.
    """
    columns = (  # markup=False: the current feed's title is network text
        TextColumn("{task.description:<9}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[current]}", style="dim", markup=False),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as bar:
        feeds_task = bar.add_task("feeds", total=total, current="")
        pages_task = bar.add_task("articles", total=0, current="")

        def update(progress: IngestProgress) -> None:
            bar.update(
                feeds_task,
                completed=progress.feeds_done,
                total=progress.feeds_total,
                current=" ".join(clean_text(progress.current).split())[:40],
            )
            bar.update(pages_task, completed=progress.pages_done, total=progress.pages_total)

        try:
            outcomes.extend(run(update))
        except KeyboardInterrupt:
            bar.stop()
            raise


def print_fetch_summary(outcomes: list[FeedOutcome]) -> None:
    """On stderr: a table of the feeds that worked, a line per failed feed, then the totals.

    A failed feed's line holds its whole URL and whole error (the terminal wraps it, nothing
    is cut); an error whose cause other feeds share is named by that cause, and the line
    after the totals says it once ("offline: every connection was refused (3 feeds)").
    """
    from scitui.cli.rows import fetch_totals

    worked = [outcome for outcome in outcomes if outcome.ok]
    if worked:
        _print_fetched(worked)
    causes = Counter(failure_cause(outcome.error) for outcome in outcomes if not outcome.ok)
    for outcome in outcomes:
        if not outcome.ok:
            stderr.print(_failure_line(outcome, causes), soft_wrap=True)
    for line in fetch_totals(outcomes):
        stderr.print(Text(line), soft_wrap=True)


def _print_fetched(outcomes: list[FeedOutcome]) -> None:
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("feed", ratio=1, overflow="fold")
    table.add_column("new", justify="right", no_wrap=True)
    table.add_column("updated", justify="right", no_wrap=True)
    table.add_column("status", ratio=1, overflow="fold")
    for outcome in outcomes:
        status = Text(outcome.status, style="green")
        if outcome.warning:
            status.append(_text(f"  {outcome.warning}", style="dim"))
        if outcome.page_errors:
            kept = plural(outcome.page_errors, "page")
            status.append(f"  ({kept} kept from the feed)", style="dim")
        table.add_row(
            _text(outcome.title or outcome.url), str(outcome.new), str(outcome.updated), status
        )
    stderr.print(table)


def _failure_line(outcome: FeedOutcome, causes: Counter[str | None]) -> Text:
    """'error  URL  connection refused' (a shared cause) or 'error  URL  the whole error'."""
    line = Text("error", style="red")
    line.append_text(_text(f"  {outcome.url}"))
    cause = failure_cause(outcome.error)
    if cause is not None and causes[cause] > 1:
        line.append_text(_text(f"  {CAUSE_NAMES[cause]}", style="red"))
    else:
        detail = (outcome.error or "").removeprefix(f"{outcome.url}: ")
        line.append_text(_text(f"  {detail}", style="dim"))
    return line


def print_articles(articles: list[ArticleSummary]) -> None:
    """A table for a terminal: the title gets the room (folded, never cut), tags under it.

    Marks, date and a short feed name have fixed widths; tags go on a dim line under the
    title, so a narrow terminal shrinks no column to nothing.
    """
    ids = [article.id for article in articles]
    table = Table(box=None, header_style="bold", pad_edge=False, expand=True)
    table.add_column("id", justify="right", no_wrap=True, min_width=len(str(max(ids, default=0))))
    table.add_column("", width=2, no_wrap=True)
    table.add_column("date", width=10, no_wrap=True)
    table.add_column("title", ratio=1, overflow="fold")
    table.add_column("feed", width=FEED_WIDTH, no_wrap=True, overflow="ellipsis")
    for article in articles:
        marks = ("*" if article.starred else " ") + (" " if article.read else "N")
        title = _text(article.title)
        if article.tags:
            title.append(_text("\n" + " ".join(f"#{tag}" for tag in article.tags), style="dim"))
        table.add_row(str(article.id), marks, _date(article), title, _text(article.feed))
    stdout.print(table)


FEED_WIDTH = 14
"""A feed's name in a terminal table: a fixed budget, cut with an ellipsis."""


def print_article(article: Article, actions: Iterable[RecordedAction] = ()) -> None:
    stdout.print(_text(article.title, style="bold"))
    byline = " · ".join(
        part for part in (article.feed, article.author or "", _date(article)) if part
    )
    stdout.print(_text(byline, style="dim"))
    if article.url:
        stdout.print(_text(article.url, style="underline"))
    if article.tags:
        stdout.print(_text("tags: " + ", ".join(f"{t.name} ({t.source})" for t in article.tags)))
    for tag, reasons in article.reasons.items():
        stdout.print(_text(f"  why {tag}: {reasons_line(reasons)}", style="dim"))
    for action in actions:
        stdout.print(_text(describe(action.view, action.action), style="dim"))
    if article.sources:
        stdout.print(_text("primary sources:"))
    for source in article.sources:
        stdout.print(_text(f"  {source.label}  {source.url}".rstrip(), style="dim"))
    if article.note:
        stdout.print()
        stdout.print(_text("your note:", style="bold"))
        stdout.print(_text(article.note))
    stdout.print()
    stdout.print(_text(article.text or article.summary))


def reasons_line(reasons: tuple[TagReason, ...]) -> str:
    """'"export controls" ×2 in body, "BIS" in title'."""
    return ", ".join(
        f'"{reason.term}"'
        + (f" ×{reason.count}" if reason.count > 1 else "")
        + f" in {reason.where}"
        for reason in reasons
    )


def print_hits(hits: list[SearchHit]) -> None:
    """For a terminal: per hit its id, then the title (bold), date and feed, and the snippet;
    the text column takes the rest of the width and wraps, so no title is cut.
    """
    ids = [hit.article.id for hit in hits]
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(justify="right", no_wrap=True, min_width=len(str(max(ids, default=0))))
    table.add_column(ratio=1, overflow="fold")
    for index, hit in enumerate(hits):
        if index:
            table.add_row("", "")
        about = _text(hit.article.title, style="bold")
        about.append_text(_text(f"\n{_date(hit.article)}  {hit.article.feed}", style="dim"))
        about.append_text(_text("\n" + " ".join(hit.snippet.split())))
        table.add_row(str(hit.article.id), about)
    stdout.print(table)


def print_tags(counts: list[TagCount]) -> None:
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("tag", "title", "unread", "total"):
        table.add_column(column, justify="right" if column in ("unread", "total") else "left")
    for count in counts:
        table.add_row(
            _text(count.tag),
            _text(count.title if count.kind == "topic" else ""),
            str(count.unread),
            str(count.total),
        )
    stdout.print(table)


def print_views(counts: list[ViewCount]) -> None:
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("view", "title", "unread", "total"):
        table.add_column(column, justify="right" if column in ("unread", "total") else "left")
    for count in counts:
        table.add_row(
            _text(count.view.slug), _text(count.view.title), str(count.unread), str(count.total)
        )
    stdout.print(table)


def print_feeds(feeds: list[Feed]) -> None:
    """For a terminal: per feed its name and counts, then its URL and last error on lines of
    their own, so neither is ever cut or folded inside a narrow column (newsboat-like).
    """
    for feed in feeds:
        fetched = feed.last_fetched.strftime("%Y-%m-%d %H:%M") if feed.last_fetched else "never"
        head = _text(feed.display_name, style="bold")
        head.append(
            f"  {plural(feed.article_count, 'article')}, {feed.unread_count:,} unread, "
            f"fetched {fetched}",
            style="dim",
        )
        stdout.print(head, soft_wrap=True)
        stdout.print(_text(f"  {feed.source_url}"), soft_wrap=True)
        if feed.last_error:
            error = feed.last_error.removeprefix(f"{feed.source_url}: ")
            stdout.print(_text(f"  last error: {error}", style="red"), soft_wrap=True)


def print_trends(trends: list[TopicTrend]) -> None:
    """One row per topic: the weekly sparkline, this week, the baseline, the total, a spike."""
    weeks = len(trends[0].weeks) if trends else 0
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("topic")
    table.add_column(f"{weeks} weeks", no_wrap=True, min_width=weeks)
    for column in ("this week", "baseline", "total"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for trend in trends:
        table.add_row(
            Text(clean_text(trend.title), no_wrap=True, overflow="ellipsis"),
            trend.sparkline,
            str(trend.current),
            f"{trend.baseline:.1f}",
            str(trend.total),
            Text("▲ spike", style="bold") if trend.spike else "",
        )
    stdout.print(table)
    if trends:
        stderr.print(
            f"weeks from Monday {trends[0].weeks[0]:%Y-%m-%d} (00:00 UTC), the last one so far; "
            "spike: at least 3 this week and twice the mean of the 8 weeks before",
            style="dim",
        )
    else:
        stderr.print("no topics configured")


def retag_with_progress(
    run: Callable[[Callable[[int, int], None] | None], RetagReport],
) -> RetagReport:
    """Drive a retag, with a progress bar on stderr when it is a terminal."""
    if not stderr.is_terminal:
        return run(None)
    columns = (
        TextColumn("retag    ", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=True) as bar:
        task = bar.add_task("retag", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return run(update)


def print_retag(report: RetagReport, titles: dict[str, str], total_tagged: dict[str, int]) -> None:
    """Per tag: articles gained and lost (with example titles), and how many it has after.

    ``total_tagged`` is each tag's count as stored now (before, in a dry run).
    """
    table = Table(box=None, pad_edge=False)
    for column in ("tag", "gains", "loses", "tagged now", "examples"):
        table.add_column(
            column, justify="right" if column in ("gains", "loses", "tagged now") else "left"
        )
    for tag in sorted(report.tags, key=lambda tag: (tag not in titles, tag)):
        change = report.tags[tag]
        examples = Text(no_wrap=True, overflow="ellipsis")
        for sign, found in (("+", change.gained_titles), ("-", change.lost_titles)):
            for title in found:
                examples.append(_text(f"{sign} {title}\n", style="green" if sign == "+" else "red"))
        examples.rstrip()
        now = total_tagged.get(tag, 0)
        if report.dry_run:
            now += change.gained - change.lost
        table.add_row(
            _text(titles.get(tag, tag)), f"+{change.gained}", f"-{change.lost}", str(now), examples
        )
    if report.tags:
        stdout.print(table)
    if report.rechecked:
        names = ", ".join(titles.get(slug, slug) for slug in report.rechecked)
        stdout.print(_text(f"Topics rechecked: {names}."))
    else:
        stdout.print(Text("No topic rules changed since the last retag (--all rechecks them)."))
    verb = "would change" if report.dry_run else "changed"
    line = f"Tags {verb} on {report.changed:,} of {plural(report.articles, 'article')}"
    if report.reasons_only:
        line += f"; reasons {verb} on {report.reasons_only:,} more"
    stdout.print(Text(line + "."))
    if report.dry_run:
        stdout.print(Text("Dry run: nothing was changed.", style="bold"))
