"""The ``scitui`` command line (click): human output via Rich, ``--json`` for scripts.

This module holds the ``main`` group (the ``scitui`` entry point); each command lives in a
module of its own, imported at the end to register it:

- :mod:`~scitui.cli.fetch`: ``fetch``, ``demo``
- :mod:`~scitui.cli.articles`: ``list``, ``show``, ``search``, ``tags``, ``tag``, ``untag``,
  ``read``, ``unread``, ``star``, ``unstar``, ``note``
- :mod:`~scitui.cli.feeds`: ``feeds list|add|remove``, ``import-opml``, ``export-opml``
- :mod:`~scitui.cli.reports`: ``trends``, ``digest``
- :mod:`~scitui.cli.views`: ``views``, ``apply``
- :mod:`~scitui.cli.stories`: ``stories``, ``restory``
- :mod:`~scitui.cli.sources`: ``sources``
- :mod:`~scitui.cli.cite`: ``cite``
- :mod:`~scitui.cli.maintenance`: ``retag``, ``prune``, ``where``

Shared by them: :mod:`~scitui.cli.common` (id and limit types, ``--json``, one-line
errors), :mod:`~scitui.cli.paths` (``--config``, ``--db``, ``--demo``),
:mod:`~scitui.cli.output` (Rich on a terminal) and :mod:`~scitui.cli.rows` (pipes).
"""

from __future__ import annotations

import click

from scitui import __version__
from scitui.cli.common import _Group, _open_app
from scitui.cli.paths import command_paths, is_demo, paths_options, remember


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


def _add_commands() -> None:
    """Import the command modules, which register their commands on ``main``."""
    from scitui.cli import (  # noqa: F401  (each registers its commands)
        articles,
        cite,
        feeds,
        fetch,
        maintenance,
        reports,
        stories,
        views,
    )
    from scitui.cli.sources import sources

    main.add_command(sources)


_add_commands()
