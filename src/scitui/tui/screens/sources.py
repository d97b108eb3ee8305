"""SourcesScreen: the primary documents the articles cite, most cited first (D).

Like the Feeds screen: one entry per document; Enter lists the articles citing it as a pane.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from scitui.models import Source, SourceCount
from scitui.runs import plural
from scitui.text import clean_line
from scitui.tui.widgets.status_line import fit_footer


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


class SourcesScreen(Screen[Source | None]):
    """The documents cited; dismissed with the one whose articles to list, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,D,q", "dismiss(None)", "Back", id="scitui.sources_close",
                tooltip="Back to the articles"),
        Binding("j", "cursor_down", "Down", show=False, id="scitui.sources_down"),
        Binding("k", "cursor_up", "Up", show=False, id="scitui.sources_up"),
    ]  # fmt: skip

    def __init__(self, now: datetime) -> None:
        super().__init__()
        self.now = now
        self.counts: list[SourceCount] = []

    def compose(self) -> ComposeResult:
        yield Static("Primary sources", id="sources-header")
        yield OptionList(id="sources")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_resize(self, event: events.Resize) -> None:
        fit_footer(self, event.size.width)

    def show_sources(self, counts: list[SourceCount]) -> None:
        """List the documents (read by a worker)."""
        self.counts = counts
        title = Text("Primary sources", style=Style(bold=True))
        title.append(f"  {plural(len(counts), 'document')}")
        title.append("  ·  number: stories citing · Enter: its articles", style=Style(dim=True))
        self.query_one("#sources-header", Static).update(title)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(source_prompt(count), id=str(index)) for index, count in enumerate(counts)
        )
        if counts:
            options.highlighted = 0
        else:
            options.add_option(Option(Text("No article cites a primary document yet.")))

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.counts[int(event.option.id)].source)
