"""ChoiceScreen: a full screen of entries (a header line, a list, the footer), one chosen.

The Feeds screen (f) and the Sources screen (D) are its two kinds: j/k move, Enter dismisses
the screen with what the highlighted entry stands for, Escape with None.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import ClassVar, TypeVar

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from scitui.tui.widgets.status_line import fit_footer

ResultT = TypeVar("ResultT")


class ChoiceScreen(Screen[ResultT | None]):
    """Entries to choose from; a subclass names its widgets and says what entry ``i`` gives."""

    TITLE_TEXT: ClassVar[str]
    HEADER_ID: ClassVar[str]
    LIST_ID: ClassVar[str]

    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.now = now

    def compose(self) -> ComposeResult:
        yield Static(self.TITLE_TEXT, id=self.HEADER_ID)
        yield OptionList(id=self.LIST_ID)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_resize(self, event: events.Resize) -> None:
        fit_footer(self, event.size.width)

    def show_entries(
        self, header: Text, prompts: Iterable[RenderableType], empty: str, highlighted: int = 0
    ) -> None:
        """Replace the header and the entries; ``empty`` is the one line shown when none."""
        self.query_one(f"#{self.HEADER_ID}", Static).update(header)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(prompt, id=str(index)) for index, prompt in enumerate(prompts))
        if options.option_count:
            options.highlighted = min(highlighted, options.option_count - 1)
        else:
            options.add_option(Option(Text(empty)))

    def chosen(self, index: int) -> ResultT:
        """What entry ``index`` stands for: the screen is dismissed with it."""
        raise NotImplementedError

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.chosen(int(event.option.id)))
