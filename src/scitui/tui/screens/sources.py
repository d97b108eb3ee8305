"""SourcesScreen: the primary documents the articles cite, most cited first (D).

Like the Feeds screen: one entry per document; Enter lists the articles citing it as a pane.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType

from scitui.models import Source, SourceCount
from scitui.runs import plural
from scitui.text import clean_line
from scitui.tui.screens.choices import ChoiceScreen


def source_prompt(count: SourceCount) -> Table:
    """A document's entry: stories and articles citing it, then its name, outlets, URL."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(width=11, justify="right", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    details = Text()
    details.append(clean_line(count.source.label), style=Style(bold=True))
    details.append(f"  {count.source.kind}", style=Style(dim=True))
    newest = count.newest.strftime("%Y-%m-%d") if count.newest else "undated"
    outlets = plural(count.outlets, "outlet")
    details.append(f"\n{plural(count.articles, 'article')} · {outlets} · newest {newest}")
    if count.source.url:
        details.append("\n" + clean_line(count.source.url), style=Style(dim=True))
    grid.add_row(Text(f"{count.stories:,}", style=Style(bold=True)), details)
    return grid


class SourcesScreen(ChoiceScreen[Source]):
    """The documents cited; dismissed with the one whose articles to list, or None."""

    TITLE_TEXT = "Primary sources"
    HEADER_ID = "sources-header"
    LIST_ID = "sources"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,D,q", "dismiss(None)", "Back", id="scitui.sources_close",
                tooltip="Back to the articles"),
        Binding("j", "cursor_down", "Down", show=False, id="scitui.sources_down"),
        Binding("k", "cursor_up", "Up", show=False, id="scitui.sources_up"),
    ]  # fmt: skip

    def __init__(self, now: datetime) -> None:
        super().__init__(now)
        self.counts: list[SourceCount] = []

    def show_sources(self, counts: list[SourceCount]) -> None:
        """List the documents (read by a worker)."""
        self.counts = counts
        title = Text("Primary sources", style=Style(bold=True))
        title.append(f"  {plural(len(counts), 'document')}")
        title.append("  ·  number: stories citing · Enter: its articles", style=Style(dim=True))
        self.show_entries(
            title,
            (source_prompt(count) for count in counts),
            "No article cites a primary document yet.",
        )

    def chosen(self, index: int) -> Source:
        return self.counts[index].source
