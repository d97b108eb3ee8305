"""The layout of the ``scitui.cli`` package: each command in the module its docstring names."""

from __future__ import annotations

import click
import pytest

import scitui.cli
from scitui.cli import main

COMMAND_MODULES = {
    "fetch": ["fetch", "demo"],
    "articles": [
        "list",
        "show",
        "search",
        "tags",
        "tag",
        "untag",
        "read",
        "unread",
        "star",
        "unstar",
        "note",
    ],
    "feeds": ["feeds", "import-opml", "export-opml"],
    "reports": ["trends", "digest"],
    "views": ["views", "apply"],
    "stories": ["stories", "restory"],
    "sources": ["sources"],
    "cite": ["cite"],
    "maintenance": ["retag", "prune", "where"],
}


def test_every_command_is_registered_once() -> None:
    expected = [name for names in COMMAND_MODULES.values() for name in names]
    assert len(expected) == len(set(expected))
    assert sorted(main.commands) == sorted(expected)


def _documented(module: str) -> str:
    """The entry of ``scitui.cli``'s docstring for a module, continuation lines included."""
    lines = (scitui.cli.__doc__ or "").splitlines()
    head = f"- :mod:`~scitui.cli.{module}`: "
    start = next(index for index, line in enumerate(lines) if line.startswith(head))
    entry = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        entry.append(line)
    return " ".join(entry)


@pytest.mark.parametrize(
    ("module", "name"),
    [(module, name) for module, names in COMMAND_MODULES.items() for name in names],
)
def test_each_command_lives_in_the_module_the_docstring_names(module: str, name: str) -> None:
    callback = main.commands[name].callback
    assert callback is not None
    assert callback.__module__ == f"scitui.cli.{module}"
    entry = _documented(module)
    assert f"``{name}``" in entry or f"``{name} " in entry


def test_feeds_subcommands() -> None:
    feeds = main.commands["feeds"]
    assert isinstance(feeds, click.Group)
    assert sorted(feeds.commands) == ["add", "list", "remove"]
