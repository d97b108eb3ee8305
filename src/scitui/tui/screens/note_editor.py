"""NoteEditor: a modal, multi-line editor for the user's note on one article."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

from scitui.text import clean_line
from scitui.tui.screens.dialogs import ConfirmDialog


class NoteEditor(ModalScreen[str | None]):
    """Edit a note; returns the text to store ('' removes the note), or None if cancelled.

    Esc closes at once when nothing changed; otherwise it asks before dropping the changes.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="scitui.note_save", priority=True),
        Binding("escape", "cancel", "Cancel", id="scitui.note_cancel", priority=True),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.article_title = title
        self.original = note
        """The note as stored when the editor opened ('' for none)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note-editor"):
            heading = Text("Note on ")
            heading.append(clean_line(self.article_title) or "(untitled)")
            yield Label(heading, classes="dialog-title")
            yield TextArea(self.original, soft_wrap=True, tab_behavior="indent", id="note-text")
            with Horizontal(classes="note-buttons"):
                # one line each: three-line buttons left no room for the text at 24 rows
                yield Button("Save", variant="primary", id="note-save", compact=True)
                yield Button("Cancel", id="note-cancel", compact=True)
            yield Label(
                Text("Ctrl+S saves · Esc cancels · an empty note is removed"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @on(Button.Pressed, "#note-save")
    def action_save(self) -> None:
        self.dismiss(self.text)

    @on(Button.Pressed, "#note-cancel")
    def action_cancel(self) -> None:
        """Close, asking first when the text was changed."""
        if self.text == self.original:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard the changes to this note?"), answered)
