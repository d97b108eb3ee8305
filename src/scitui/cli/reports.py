"""Reports over the cache: `trends` (articles per topic per week) and `digest`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from scitui.cli import main
from scitui.cli.common import LIMIT, _period, _print_json, _tag, _write_output, json_option
from scitui.cli.paths import open_library, paths_options
from scitui.runs import plural


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
        from scitui.cli.output import print_trends

        print_trends(topic_trends)


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
