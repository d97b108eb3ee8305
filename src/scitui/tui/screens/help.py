"""HelpScreen: every key, taken from the bindings themselves so it never goes stale."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {
    "down": "↓", "up": "↑", "left": "←", "right": "→", "enter": "Enter", "escape": "Esc",
    "backspace": "Backspace", "space": "Space", "pagedown": "PgDn", "pageup": "PgUp",
    "home": "Home", "end": "End", "tab": "Tab", "question_mark": "?", "slash": "/",
    "left_square_bracket": "[", "right_square_bracket": "]", "ctrl+p": "Ctrl+P",
    "comma": ",", "full_stop": ".",
}  # fmt: skip


def key_label(keys: str) -> str:
    """'j,down' -> 'j ↓'."""
    return " ".join(_key_name(key.strip()) for key in keys.split(","))


def _key_name(key: str) -> str:
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + key.removeprefix("ctrl+").upper()
    return key


def bindings_table(title: str, bindings: list[BindingType]) -> Group:
    table = Table.grid(padding=(0, 2))
    table.add_column(min_width=14, style=Style(bold=True))
    table.add_column()
    seen: set[str] = set()
    for binding in bindings:
        if not isinstance(binding, Binding) or binding.action in seen:
            continue
        if binding.action.startswith("pane("):
            if "pane()" not in seen:
                seen.add("pane()")
                table.add_row(Text("1…9 0"), Text("Go to pane 1 to 10"))
            continue
        seen.add(binding.action)
        table.add_row(Text(key_label(binding.key)), Text(binding.tooltip or binding.description))
    return Group(Text(title, style=Style(bold=True, underline=True)), table, Text(""))


class HelpScreen(ModalScreen[None]):
    """The keys, grouped by where they work."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="scitui.help_close")
    ]

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static(Text("scitui keys", style=Style(bold=True)), classes="dialog-title")
            yield Static(Group(*(bindings_table(title, keys) for title, keys in self.sections)))
            yield Static(
                Text(
                    "Stories: All, Unread and topic panes list one row per story (S: per "
                    "article), its earliest or primary-source version, +N other outlets and the "
                    "newest date. Opening a story reads every version; , and . show the others. "
                    "A version arriving after that keeps the story read and marks it ◦ (new "
                    "coverage) until you read it.\n"
                    "Ctrl+P opens the command palette: every action and every pane by name.\n"
                    "Esc, q or ? closes this help."
                ),
                classes="dialog-hint",
            )
