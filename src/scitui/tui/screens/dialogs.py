"""Small modal dialogs: search prompt, add or remove a tag, confirm, the article's links."""

from __future__ import annotations

from typing import ClassVar, Literal

from rich.style import Style
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
from scitui.tui.render import Link, safe_url


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


class ConfirmDialog(ModalScreen[bool]):
    """Ask a yes/no question; returns True for y or Enter, False for n or Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="scitui.confirm_yes"),
        Binding("n,escape", "answer(False)", "No", id="scitui.confirm_no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question), classes="dialog-title", id="confirm-question")
            yield Label(Text("y or Enter: yes · n or Esc: no"), classes="dialog-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


LinkChoice = tuple[Literal["open", "copy"], str]
"""What to do with a link from the link list, and its URL."""


class LinkDialog(ModalScreen[LinkChoice | None]):
    """The article's links, numbered as in its text; open or copy one.

    Digits pick a link by number (Enter opens it); the arrows choose one too.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="scitui.dialog_cancel"),
        Binding("y,c", "copy", "Copy", id="scitui.link_copy", tooltip="Copy the chosen link"),
        Binding("backspace", "erase", "Erase", show=False, id="scitui.link_erase"),
        *(
            Binding(str(digit), f"digit({digit})", str(digit), show=False,
                    id=f"scitui.link_digit_{digit}")
            for digit in range(10)
        ),
    ]  # fmt: skip

    def __init__(self, links: list[Link]) -> None:
        super().__init__()
        self.links = links
        self.typed = ""
        """The digits typed so far: the number of the link chosen."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog links"):
            yield Label(f"Links ({len(self.links)})", classes="dialog-title")
            yield OptionList(
                *(self._option(number, link) for number, link in enumerate(self.links, 1)),
                id="link-choices",
            )
            yield Label(
                Text("number or ↑↓, then Enter opens · y copies · Esc closes"),
                id="link-hint",
                classes="dialog-hint",
            )

    @staticmethod
    def _option(number: int, link: Link) -> Option:
        prompt = Text(f"[{number}] ", style=Style(bold=True))
        prompt.append(clean_line(link.text))
        prompt.append(" — ")
        prompt.append(clean_line(link.url), style=Style(dim=True))
        return Option(prompt, id=str(number))

    def on_mount(self) -> None:
        choices = self.query_one("#link-choices", OptionList)
        if self.links:
            choices.highlighted = 0
        choices.focus()

    def _chosen(self) -> str | None:
        index = self.query_one("#link-choices", OptionList).highlighted
        if index is None or not 0 <= index < len(self.links):
            return None
        return safe_url(self.links[index].url)

    def action_digit(self, digit: int) -> None:
        """Add a digit to the number typed and highlight that link."""
        typed = (self.typed + str(digit)).lstrip("0")
        if not typed or int(typed) > len(self.links):
            typed = str(digit) if 0 < digit <= len(self.links) else ""
        self._show_typed(typed)

    def action_erase(self) -> None:
        self._show_typed(self.typed[:-1])

    def _show_typed(self, typed: str) -> None:
        self.typed = typed
        hint = self.query_one("#link-hint", Label)
        if typed:
            self.query_one("#link-choices", OptionList).highlighted = int(typed) - 1
            hint.update(Text(f"link {typed}: Enter opens · y copies · Esc closes"))
        else:
            hint.update(Text("number or ↑↓, then Enter opens · y copies · Esc closes"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        url = self._chosen()
        if url is not None:
            self.dismiss(("open", url))

    def action_copy(self) -> None:
        url = self._chosen()
        if url is not None:
            self.dismiss(("copy", url))

    def action_cancel(self) -> None:
        self.dismiss(None)
