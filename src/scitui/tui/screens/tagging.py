"""TagActions: MainScreen's tag actions: add (t), remove (T) and why (w).

A base class of MainScreen (after ReadingMoves), which owns the panes, the list and the reader.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from scitui.errors import ScituiError
from scitui.tui.screens.dialogs import TagDialog, UntagDialog
from scitui.tui.screens.reading import ReadingMoves

if TYPE_CHECKING:
    from scitui.models import ArticleSummary
    from scitui.tui.panes import Pane


class TagActions(ReadingMoves):
    """t, T and w on the article being read, else the highlighted one."""

    if TYPE_CHECKING:  # MainScreen's
        panes: list[Pane]

        def _changed(
            self, summary: ArticleSummary, before: ArticleSummary | None = None
        ) -> None: ...

        def refresh_counts(self) -> None: ...

        def _update_footer(self) -> None: ...

    def action_tag(self) -> None:
        summary = self._target()
        if summary is None:
            return
        existing = [pane.tag for pane in self.panes if pane.tag]

        def add(tag: str | None) -> None:
            if tag is None:
                return
            try:
                self.library.tag(summary.id, [tag])
            except ScituiError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self._changed(replace(summary, tags=tuple(sorted({*summary.tags, tag}))), summary)
            self.refresh_counts()
            self.notify(f"Tagged #{tag}.", timeout=2, markup=False)

        self.app.push_screen(TagDialog([t for t in existing if t], summary.tags), add)

    def action_why(self) -> None:
        """Show (or hide) why the article has its tags, highlighting the matched terms."""
        summary = self._target()
        if summary is None:
            return
        opened = self.reader.article
        why = not (self.reader.why and opened is not None and opened.id == summary.id)
        if opened is None or opened.id != summary.id:
            self.open_article(summary)
            if self.reader.article is None or self.reader.article.id != summary.id:
                return
        article = self.reader.article
        assert article is not None
        versions = self.reader.versions
        self.reader.show(article, why=why, searched=self._searched(), versions=versions)
        self.add_class("-reading")
        self.reader.focus()
        self._update_footer()

    def action_untag(self) -> None:
        summary = self._target()
        if summary is None:
            return
        try:
            tags = self.library.article(summary.id).tags
        except ScituiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if not tags:
            self.notify("This article has no tags.", timeout=2)
            return

        def remove(tag: str | None) -> None:
            if tag is None:
                return
            try:
                self.library.untag(summary.id, [tag])
            except ScituiError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self._changed(
                replace(summary, tags=tuple(t for t in summary.tags if t != tag)), summary
            )
            self.refresh_counts()
            self.notify(f"Removed #{tag}.", timeout=2, markup=False)

        self.app.push_screen(UntagDialog(tags), remove)
