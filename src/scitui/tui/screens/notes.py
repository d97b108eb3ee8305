"""NoteActions: MainScreen's note key (N): write, change or remove the note on an article.

A base class of MainScreen (after TagActions); the editor is its own modal screen.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from scitui.errors import ScituiError
from scitui.tui.screens.note_editor import NoteEditor
from scitui.tui.screens.tagging import TagActions

if TYPE_CHECKING:
    from scitui.models import ArticleSummary


class NoteActions(TagActions):
    """N on the article being read, else the highlighted one; saved at once."""

    def action_note(self) -> None:
        summary = self._target()
        if summary is None:
            return
        try:
            note = self.library.note(summary.id) or ""
        except ScituiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def save(text: str | None) -> None:
            if text is not None and text != note:
                self.store_note(summary, text)

        self.app.push_screen(NoteEditor(summary.title, note), save)

    def store_note(self, summary: ArticleSummary, text: str) -> None:
        """Store the note (or remove it, if empty) and show it in the list, reader and panes."""
        try:
            stored = self.library.set_note(summary.id, text)
        except ScituiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self._changed(replace(summary, has_note=bool(stored)), summary)
        self.notify("Note saved." if stored else "Note removed.", timeout=2)
