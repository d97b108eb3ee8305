"""The feeds in the config: `feeds list|add|remove`, `import-opml`, `export-opml`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scitui.cli import main
from scitui.cli.common import _print_json, _terminal, _write_output, json_option
from scitui.cli.paths import open_library, paths_options
from scitui.runs import plural


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
        from scitui.cli.output import print_feeds

        print_feeds(rows)
    else:
        from scitui.cli.rows import write_feeds

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
