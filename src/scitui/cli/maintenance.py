"""Upkeep of the cache: `retag`, `prune` and `where`."""

from __future__ import annotations

from datetime import timedelta

import click

from scitui.cli import main
from scitui.cli.common import _optional_period, _print_json, json_option, one_line
from scitui.cli.paths import command_paths, is_demo, named_config, open_library, paths_options
from scitui.paths import demo_db_path
from scitui.runs import plural


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
    from scitui.cli.output import print_retag, retag_with_progress

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
    callback=_optional_period,
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
