"""CiteActions: MainScreen's cite key (c): the article's citation, as BibTeX, to the clipboard.

A base class of MainScreen (after TagActions); the citation itself is :mod:`scitui.cite`.
"""

from __future__ import annotations

from scitui.cite import cite
from scitui.errors import ScituiError
from scitui.tui.screens.tagging import TagActions


class CiteActions(TagActions):
    """c on the article being read, else the highlighted one."""

    def action_cite(self) -> None:
        summary = self._target()
        if summary is None:
            return
        try:
            article = self.library.article(summary.id)
        except ScituiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        accessed = self.scitui.now().astimezone().date()  # the user's day, by the app's clock
        self.app.copy_to_clipboard(cite([article], "bibtex", accessed))
        self.notify("Copied the citation (BibTeX).", timeout=2)
