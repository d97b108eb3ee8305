"""What the command modules share: id and limit types, --json, one-line errors, option callbacks."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import click

from scitui.errors import ConfigError, ScituiError

F = TypeVar("F", bound=Callable[..., Any])

SQLITE_MAX_INT = 2**63 - 1
ARTICLE_ID = click.IntRange(-SQLITE_MAX_INT, SQLITE_MAX_INT)
"""An article id: any integer SQLite can hold (a larger one would fail in the driver)."""
LIMIT = click.IntRange(1, SQLITE_MAX_INT)


class _Group(click.Group):
    """Turns scitui's own errors, and output to a full disk, into one line on stderr."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            click.echo(f"scitui: config error: {one_line(str(exc))}", err=True)
            sys.exit(2)
        except ScituiError as exc:
            click.echo(f"scitui: {one_line(str(exc))}", err=True)
            sys.exit(1)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:
            if exc.errno not in _DISK_ERRORS:
                raise
            # stdout on a full disk: what is still buffered for it goes nowhere, quietly
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            click.echo(f"scitui: cannot write the output: {exc.strerror}", err=True)
            sys.exit(1)


_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(message: str) -> str:
    """A message fit for one terminal line: control characters (newlines too) escaped."""
    return _CONTROL.sub(lambda found: repr(found.group())[1:-1], message)


def json_option(command: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")(command)


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


NO_READER = (
    "the full-screen reader is not in this version yet; read the cache with "
    "`scitui{db} list`, `scitui{db} show ID` and `scitui{db} search WORDS`"
)


def _open_app(config_path: Path, db_path: Path, *, demo: bool = False) -> None:
    try:
        from scitui.tui.app import run_app  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError as exc:
        if exc.name is None or not exc.name.startswith("scitui.tui"):
            raise
        message = NO_READER.format(db=f" --db {db_path}" if demo else "")
        if demo:
            click.echo(f"scitui: {message}", err=True)
            return
        raise ScituiError(message) from None
    run_app(config_path, db_path, demo=demo)


def _tag(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """A --tag as stored: "Export Controls" finds export-controls."""
    if value is None:
        return None
    from scitui.library import normalize_tag

    try:
        return normalize_tag(value)
    except ScituiError as exc:
        raise click.BadParameter(str(exc)) from None


def _terminal(*, stderr_too: bool = False) -> bool:
    """Whether to draw Rich tables: stdout (and stderr, if asked) is a terminal.

    Otherwise (a pipe, a file, cron) rows are tab-separated lines, nothing cut or wrapped.
    """
    return sys.stdout.isatty() and (not stderr_too or sys.stderr.isatty())


def _period(_ctx: click.Context, _param: click.Parameter, value: str) -> timedelta:
    """--since or --older-than as a timedelta: 12h, 7d, 2w."""
    from scitui.periods import parse_period

    try:
        return parse_period(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _optional_period(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> timedelta | None:
    """A period option that may be left out (all time, or the configured default): None."""
    return None if value is None else _period(ctx, param, value)


def _write_output(text: str, path: Path | None, done: str) -> None:
    """A document to stdout, or to a UTF-8 file with ``done`` said on stderr."""
    if path is None:
        click.echo(text, nl=False)
        return
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ScituiError(f"{path}: cannot write: {exc.strerror or exc}") from None
    click.echo(done, err=True)
