"""Which config file and database a command uses: --config, --db, --demo and the defaults.

A file named by --config or $SCITUI_CONFIG must exist (unless the command creates it); only
the default config path may be missing, and then the built-in defaults apply. --demo means
the demo's database and its bundled config.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from scitui.errors import ConfigError
from scitui.library import Library
from scitui.paths import (
    CONFIG_ENV,
    config_override,
    default_config_path,
    default_db_path,
    demo_config_path,
    demo_db_path,
)

F = TypeVar("F", bound=Callable[..., Any])


def remember(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A click callback keeping an option's value on the root context, under ``name``."""

    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None:
            ctx.find_root().ensure_object(dict)[name] = value
        return value

    return callback


def paths_options(command: F) -> F:
    """--config and --db, accepted before or after the subcommand's name."""
    command = click.option(
        "--db",
        "db_path",
        type=click.Path(path_type=Path),
        expose_value=False,
        callback=remember("db"),
        help="Database file [env: SCITUI_DB].",
    )(command)
    return click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path),
        expose_value=False,
        callback=remember("config"),
        help="Config file [env: SCITUI_CONFIG].",
    )(command)


def _settings() -> dict[str, Any]:
    settings: dict[str, Any] = click.get_current_context().find_root().ensure_object(dict)
    return settings


def is_demo() -> bool:
    """Whether --demo was given: the demo's database and config."""
    return bool(_settings().get("demo"))


def named_config() -> tuple[Path, str] | None:
    """The config file --config or $SCITUI_CONFIG names, and which of them named it."""
    chosen = _settings().get("config")
    if chosen is not None:
        return chosen, "--config"
    override = config_override()
    return (override, CONFIG_ENV) if override is not None else None


def command_paths(*, creates_config: bool = False) -> tuple[Path, Path]:
    """The config file and database this command uses.

    Only the default config path may be missing (the built-in defaults apply); a file named
    by --config or $SCITUI_CONFIG must exist, unless the command is one that creates it.
    """
    settings = _settings()
    if settings.get("demo"):
        if settings.get("config") is not None:
            raise click.UsageError("--demo uses the demo's own config; leave out --config")
        return demo_config_path(), settings.get("db") or demo_db_path()
    named = named_config()
    if named is not None and not creates_config and not named[0].exists():
        raise ConfigError(f"{named[0]}: no such file (named by {named[1]})")
    return (named[0] if named else default_config_path()), settings.get("db") or default_db_path()


@contextmanager
def open_library(*, creates_config: bool = False, edits_config: bool = False) -> Iterator[Library]:
    """The Library over this command's config and database, closed at the end.

    Args:
        creates_config: the command writes the config file, so it may be missing.
        edits_config: the command changes the config file (refused with --demo).
    """
    if (creates_config or edits_config) and is_demo():
        raise click.UsageError("--demo: the demo's feeds are fixed and cannot be changed")
    config_path, db_path = command_paths(creates_config=creates_config)
    library = Library.open(config_path, db_path)
    try:
        yield library
    finally:
        library.close()
