"""Human output of the CLI: Rich tables and progress; network text is rich.Text, never markup.

Every string that may come from a feed goes through ``_text``: Rich prints escape sequences
as they are, so control characters are dropped first (a title cannot drive the terminal).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from scitui.models import (
    Article,
    ArticleSummary,
    Feed,
    FeedOutcome,
    SearchHit,
    TagCount,
    TagReason,
)
from scitui.text import clean_text

if TYPE_CHECKING:  # ingest pulls in feedparser, readability and httpx: not for `scitui list`
    from scitui.models import Progress as IngestProgress
    from scitui.models import ProgressCallback
    from scitui.retag import RetagReport
    from scitui.trends import TopicTrend

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
    """One row per feed (new, updated, status), then the totals, on stderr."""
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("feed", "new", "updated", "status"):
        table.add_column(column, justify="right" if column in ("new", "updated") else "left")
    for outcome in outcomes:
        status = Text(outcome.status, style="red" if not outcome.ok else "green")
        detail = outcome.error or outcome.warning
        if detail:
            status.append(_text(f"  {detail[:100]}", style="dim"))
        if outcome.page_errors:
            status.append(f"  ({outcome.page_errors} page(s) kept from the feed)", style="dim")
        table.add_row(
            _text(outcome.title or outcome.url), str(outcome.new), str(outcome.updated), status
        )
    stderr.print(table)
    failed = sum(not outcome.ok for outcome in outcomes)
    stderr.print(
        f"{sum(o.new for o in outcomes)} new, {sum(o.updated for o in outcomes)} updated, "
        f"{len(outcomes) - failed} of {len(outcomes)} feeds ok"
    )


def print_articles(articles: list[ArticleSummary]) -> None:
    ids = [article.id for article in articles]
    table = Table(box=None, header_style="bold", pad_edge=False, expand=True)
    table.add_column("id", justify="right", no_wrap=True, min_width=len(str(max(ids, default=0))))
    table.add_column("", width=2, no_wrap=True)
    table.add_column("date", width=10, no_wrap=True)
    table.add_column("title", ratio=3, min_width=20, overflow="fold")
    table.add_column("feed", ratio=1, max_width=20, no_wrap=True, overflow="ellipsis")
    table.add_column("tags", ratio=1, min_width=15, max_width=30, overflow="ellipsis")
    for article in articles:
        marks = ("*" if article.starred else " ") + (" " if article.read else "N")
        table.add_row(
            str(article.id),
            marks,
            _date(article),
            _text(article.title),
            _text(article.feed[:24]),
            _text(" ".join(article.tags)),
        )
    stdout.print(table)
    if not articles:
        stderr.print("no articles (run `scitui fetch`, or `scitui demo` for a sample)")


def print_article(article: Article) -> None:
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
    for hit in hits:
        line = Text(f"{hit.article.id:>6}  ")
        line.append(_date(hit.article) + "  ", style="dim")
        line.append(_text(hit.article.title, style="bold"))
        line.append(_text(f"  ({hit.article.feed})", style="dim"))
        stdout.print(line)
        stdout.print(_text("        " + " ".join(hit.snippet.split())))
    if not hits:
        stderr.print("no matches")


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


def print_feeds(feeds: list[Feed]) -> None:
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("feed", "articles", "unread", "last fetch", "url"):
        table.add_column(column, justify="right" if column in ("articles", "unread") else "left")
    for feed in feeds:
        fetched = feed.last_fetched.strftime("%Y-%m-%d %H:%M") if feed.last_fetched else "never"
        state = Text(fetched)
        if feed.last_error:
            state.append(_text("  " + feed.last_error[:60], style="red"))
        table.add_row(
            _text(feed.display_name[:40]),
            str(feed.article_count),
            str(feed.unread_count),
            state,
            _text(feed.source_url),
        )
    stdout.print(table)


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
    line = f"Tags {verb} on {report.changed} of {report.articles} articles"
    if report.reasons_only:
        line += f"; reasons {verb} on {report.reasons_only} more"
    stdout.print(Text(line + "."))
    if report.dry_run:
        stdout.print(Text("Dry run: nothing was changed.", style="bold"))
