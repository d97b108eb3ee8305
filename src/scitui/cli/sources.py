"""``scitui sources``: the primary documents the stored articles cite, most cited first."""

from __future__ import annotations

import json
import sys
from datetime import timedelta

import click

from scitui.cli.common import _optional_period
from scitui.cli.paths import open_library, paths_options
from scitui.models import SOURCE_KINDS, SourceCount
from scitui.text import clean_line


@click.command("sources")
@paths_options
@click.option("--kind", "-k", type=click.Choice(SOURCE_KINDS), help="Only this kind.")
@click.option(
    "--since",
    "period",
    callback=_optional_period,
    metavar="AGE",
    help="Only citations in articles this recent: Nh, Nd or Nw (default: all).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")
def sources(kind: str | None, period: timedelta | None, as_json: bool) -> None:
    """Primary documents (rules, bills, papers) the articles cite, most cited first.

    Ranked by stories citing them (an article in no story counts as one), then articles.
    Piped, one tab-separated line each: kind, id, stories, articles, outlets, newest
    date, url.
    """
    with open_library() as library:
        waiting = library.unscanned_sources()
        if waiting:  # articles stored before sources were found at ingest: once
            click.echo(f"finding the primary sources of {waiting:,} older articles...", err=True)
            library.scan_old_sources()
        counts = library.sources(kind, period)
    if as_json:
        click.echo(json.dumps([count.as_json() for count in counts], ensure_ascii=False, indent=2))
    elif sys.stdout.isatty():
        print_sources(counts)
    else:
        for count in counts:
            fields = (*_fields(count), count.source.url)
            sys.stdout.write("\t".join(clean_line(str(field)) for field in fields) + "\n")


def _fields(count: SourceCount) -> tuple[object, ...]:
    newest = count.newest.strftime("%Y-%m-%d") if count.newest else ""
    source = count.source
    return source.kind, source.id, count.stories, count.articles, count.outlets, newest


def print_sources(counts: list[SourceCount]) -> None:
    """A Rich table for a terminal; ids and URLs as plain text, never markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if not counts:
        click.echo("No primary sources found in the stored articles.", err=True)
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("kind", "id"):
        table.add_column(name, no_wrap=True)
    for name in ("stories", "articles", "outlets"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("newest", no_wrap=True)
    table.add_column("url", overflow="fold")
    for count in counts:
        cells = [Text(clean_line(str(field))) for field in _fields(count)]
        table.add_row(*cells, Text(clean_line(count.source.url), style="dim"))
    Console().print(table)
