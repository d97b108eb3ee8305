"""The story commands: `scitui stories` (list them) and `scitui restory` (cluster again).

Registered on the main group by :mod:`scitui.cli`; output as the other commands give it:
Rich on a terminal, tab-separated rows in pipes, ``--json`` for scripts.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, TextIO

import click

from scitui.cli import main
from scitui.cli.common import LIMIT, _optional_period, _print_json, _tag, _terminal, json_option
from scitui.cli.paths import open_library, paths_options
from scitui.runs import plural
from scitui.text import clean_line

if TYPE_CHECKING:
    from scitui.restory import RestoryReport, Story


@main.command()
@paths_options
@click.option("--tag", "-t", callback=_tag, help="Only stories with an article of this tag.")
@click.option(
    "--since",
    "period",
    callback=_optional_period,
    metavar="PERIOD",
    help="Only stories last seen this recently: Nh, Nd or Nw.",
)
@click.option("--singles", is_flag=True, help="Single-article stories too.")
@click.option("--limit", "-n", type=LIMIT, default=50, show_default=True)
@json_option
def stories(
    tag: str | None, period: timedelta | None, singles: bool, limit: int, as_json: bool
) -> None:
    """Stories: one event told by several outlets, newest first.

    Piped, one tab-separated line per story: story id, articles, first seen, last seen,
    outlets (" | "-separated), tags, sources, article ids (space-separated), headline.
    """
    with open_library() as library:
        found = library.stories(tag, period, singles=singles, limit=limit)
    if as_json:
        _print_json([story.as_json() for story in found])
    elif not found:
        click.echo("scitui: no stories" + (" (try --singles)" if not singles else ""), err=True)
    elif _terminal():
        print_stories(found)
    else:
        write_stories(sys.stdout, found)


@main.command()
@paths_options
@click.option("--dry-run", is_flag=True, help="Change nothing; print what would change.")
@json_option
def restory(dry_run: bool, as_json: bool) -> None:
    """Cluster every stored article into stories again.

    New articles are placed in stories as they are fetched; run this after an upgrade (the
    articles stored before it are stories of their own) or to apply a newer clustering.
    --dry-run says how many stories would form and come apart, with example headlines.
    """
    with open_library() as library:
        report = library.restory(dry_run=dry_run)
    if as_json:
        _print_json(report.as_json())
    else:
        for line in restory_lines(report):
            click.echo(line)


def restory_lines(report: RestoryReport) -> list[str]:
    """What a re-cluster did, in plain lines (headlines cleaned to one line each)."""
    verb = "would" if report.dry_run else "did"
    lines = [
        f"{plural(report.articles, 'article')}: {report.stories_before:,} stories of several "
        f"articles before, {report.stories_after:,} after.",
        f"{report.formed:,} stories {verb} form and {report.undone:,} {verb} come apart; "
        f"{plural(report.changed_articles, 'article')} {verb} change story.",
    ]
    for sign, examples in (("+", report.formed_examples), ("-", report.undone_examples)):
        lines += [
            f"  {sign} {clean_line(example.headline)} ({example.articles} articles)"
            for example in examples
        ]
    if report.dry_run:
        lines.append("Dry run: nothing was changed.")
    return lines


def write_stories(out: TextIO, found: Iterable[Story]) -> None:
    """story id, articles, first seen, last seen, outlets, tags, sources, ids, headline."""
    for story in found:
        fields = (
            story.id,
            len(story.article_ids),
            story.first_seen.strftime("%Y-%m-%dT%H:%M:%SZ"),
            story.last_seen.strftime("%Y-%m-%dT%H:%M:%SZ"),
            " | ".join(clean_line(outlet) for outlet in story.outlets),
            " ".join(story.tags),
            " ".join(clean_line(source) for source in story.sources),
            " ".join(map(str, story.article_ids)),
            story.headline,
        )
        out.write("\t".join(clean_line(str(value)) for value in fields) + "\n")


def print_stories(found: list[Story]) -> None:
    """A table for a terminal: headline (network text as plain Text), outlets and dates."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False, expand=True)
    table.add_column("story", justify="right", no_wrap=True)
    table.add_column("seen", width=11, no_wrap=True)
    table.add_column("headline", ratio=1, overflow="fold")
    for story in found:
        headline = Text(clean_line(story.headline))
        outlets = ", ".join(clean_line(outlet) for outlet in story.outlets)
        headline.append(Text(f"\n{len(story.article_ids)} articles: {outlets}", style="dim"))
        if story.sources:
            sources = " · ".join(clean_line(source) for source in story.sources)
            headline.append(Text(f"\nsources: {sources}", style="dim"))
        seen = story.first_seen.strftime("%m-%d")
        if story.last_seen.date() != story.first_seen.date():
            seen += "→" + story.last_seen.strftime("%m-%d")
        table.add_row(str(story.id), seen, headline)
    Console().print(table)
