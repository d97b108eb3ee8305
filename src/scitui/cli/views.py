"""`scitui views` (saved views and their counts) and `scitui apply` (their on_new rules).

Registered on the main group by :mod:`scitui.cli`.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from scitui.cli import main
from scitui.cli.common import _print_json, _terminal, json_option
from scitui.cli.paths import open_library, paths_options
from scitui.runs import plural
from scitui.text import clean_line

if TYPE_CHECKING:
    from scitui.actions import ActionPlan


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
        from scitui.cli.output import print_views

        print_views(counts)
    else:
        from scitui.cli.rows import write_views

        write_views(sys.stdout, counts)


@main.command(name="apply")
@paths_options
@click.option("--view", "slug", metavar="SLUG", help="Only this view's rules.")
@click.option("--dry-run", is_flag=True, help="Change nothing; print what would change.")
@json_option
def apply_(slug: str | None, dry_run: bool, as_json: bool) -> None:
    """Apply saved views' on_new actions (star, mark-read, tag:NAME) to stored articles.

    Each action is taken once per article: what you changed back by hand after a rule
    acted stays as you left it, and a tag you removed is not added again. notify is never
    sent for stored articles. --dry-run shows per view what would change, with examples.
    """
    with open_library() as library:
        plan = library.apply_rules(slug, dry_run=dry_run)
        titles = {view.slug: view.title for view in library.views}
    if as_json:
        _print_json(
            {
                "dry_run": dry_run,
                "actions": len(plan.actions),
                "views": {view: change.as_json() for view, change in plan.views.items()},
            }
        )
        return
    if not plan.views:
        which = f"view {slug} has no" if slug else "no view has"
        click.echo(f"scitui: {which} on_new actions", err=True)
        return
    _print_plan(plan, titles, dry_run)


def _print_plan(plan: ActionPlan, titles: dict[str, str], dry_run: bool) -> None:
    """Per view: each action's count ("+3 star"), then up to three example titles."""
    for slug, change in plan.views.items():
        counts = ", ".join(f"+{count} {action}" for action, count in change.counts.items())
        click.echo(f"{clean_line(titles.get(slug, slug))} ({slug}): {counts or 'nothing to do'}")
        for title in change.examples:
            click.echo(f"  + {clean_line(title)}")
    verb = "would take" if dry_run else "took"
    articles = len({article_id for article_id, _view, _action in plan.actions})
    taken = plural(len(plan.actions), "action")
    click.echo(f"Rules {verb} {taken} on {plural(articles, 'article')}.")
    if dry_run:
        click.echo("Dry run: nothing was changed.")
