"""Command-palette providers: the jump list of panes (`g`).

Pane titles reach the palette as ``rich.Text`` (never markup), so a title or search words
with brackets show as typed.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from scitui.text import clean_line


class PaneCommands(Provider):
    """Every pane by name, with its counts; choosing one switches to it."""

    def _panes(self) -> list[tuple[str, str, str]]:
        from scitui.tui.app import SciTuiApp

        app = self.app
        assert isinstance(app, SciTuiApp)
        return [
            (pane.key, clean_line(pane.title), f"{pane.unread} unread of {pane.total}")
            for pane in app.main.panes
        ]

    def _go(self, key: str) -> None:
        from scitui.tui.app import SciTuiApp

        app = self.app
        assert isinstance(app, SciTuiApp)
        app.main.switch_pane(key)

    async def discover(self) -> Hits:
        for key, title, counts in self._panes():
            yield DiscoveryHit(Text(title), partial(self._go, key), help=counts)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for key, title, counts in self._panes():
            score = matcher.match(title)
            if score > 0:
                # highlight() parses markup: escape the title so it shows as written
                prompt = matcher.highlight(escape(title))
                yield Hit(score, prompt, partial(self._go, key), help=counts)
