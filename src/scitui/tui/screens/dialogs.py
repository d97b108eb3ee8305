"""Small modal dialogs: search prompt, add a tag (with completion), remove a tag."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from scitui.errors import ScituiError
from scitui.library import normalize_tag
from scitui.models import Tag
from scitui.text import clean_line


class SearchDialog(ModalScreen[str | None]):
    """Ask for search words; returns them, or None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="scitui.dialog_cancel")
    ]

    def __init__(self, initial: str = "") -> None:
        super().__init__()
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Search titles and text", classes="dialog-title")
            yield Input(
                self.initial,
                placeholder='words, "a phrase", chip OR semiconductor, NOT car',
                id="search-input",
            )
            yield Label(
                Text("Enter searches · Esc cancels · words match as prefixes"),
                classes="dialog-hint",
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        query = event.value.strip()
        self.dismiss(query or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagDialog(ModalScreen[str | None]):
    """Ask for a tag to add, completing from existing tags; returns it normalized."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="scitui.dialog_cancel"),
        Binding("down", "to_list", "Choose", show=False, id="scitui.dialog_to_list"),
    ]

    def __init__(self, existing: list[str], present: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.existing = [tag for tag in existing if tag not in present]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Add a tag", classes="dialog-title")
            yield Input(
                placeholder="tag name (→ completes)",
                suggester=SuggestFromList(self.existing, case_sensitive=False),
                id="tag-input",
            )
            yield OptionList(*self._options(""), id="tag-choices")
            yield Label("", id="tag-error", classes="dialog-error")
            yield Label(
                Text("Enter adds · ↓ picks an existing tag · Esc cancels"),
                classes="dialog-hint",
            )

    def _options(self, typed: str) -> list[Option]:
        typed = typed.strip().lower()
        return [Option(Text(clean_line(tag)), id=tag) for tag in self.existing if typed in tag][:50]

    def on_input_changed(self, event: Input.Changed) -> None:
        choices = self.query_one("#tag-choices", OptionList)
        choices.clear_options()
        choices.add_options(self._options(event.value))
        self.query_one("#tag-error", Label).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit(event.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._submit(event.option.id or "")

    def _submit(self, value: str) -> None:
        if not value.strip():
            self.dismiss(None)
            return
        try:
            self.dismiss(normalize_tag(value))
        except ScituiError as exc:
            self.query_one("#tag-error", Label).update(Text(str(exc)))

    def action_to_list(self) -> None:
        choices = self.query_one("#tag-choices", OptionList)
        if choices.option_count:
            choices.focus()
            choices.highlighted = 0

    def action_cancel(self) -> None:
        self.dismiss(None)


SOURCES = {"rule": "topic rule", "feed": "the feed's tag", "manual": "added by you"}


class UntagDialog(ModalScreen[str | None]):
    """Pick one of the article's tags to remove."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="scitui.dialog_cancel")
    ]

    def __init__(self, tags: tuple[Tag, ...]) -> None:
        super().__init__()
        self.tags = tags

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Remove a tag", classes="dialog-title")
            yield OptionList(
                *(
                    Option(Text(clean_line(f"#{tag.name}  ({SOURCES[tag.source]})")), id=tag.name)
                    for tag in self.tags
                ),
                id="untag-choices",
            )
            yield Label(
                Text("Enter removes · Esc cancels · a removed topic tag is not re-added"),
                classes="dialog-hint",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
