"""PaneList: the topic panes down the side, each with its unread and total counts."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from scitui.text import clean_line
from scitui.tui.panes import Pane
from scitui.tui.render import compact_count, fit

MARKS = {
    "all": "◆",
    "unread": "●",
    "starred": "★",
    "notes": "✎",
    "topic": "▸",
    "view": "◇",
    "tag": "#",
    "search": "⌕",
    "feed": "≡",
    "source": "§",
}
SPIKE_MARK = "▲"
ALERT_MARK = "✱"
"""Before a view's title while its new matches (a `notify` rule's) wait to be visited."""
LABEL_WIDTHS = (18, 36)
"""The fewest and most columns a pane's line takes: the column shrinks to its names."""


def pane_counts(pane: Pane) -> str:
    """'unread/total' ('…' until counted; a search's match count)."""
    if not pane.counted:
        return "…"
    if pane.kind == "search":
        return compact_count(pane.total)
    return f"{compact_count(pane.unread)}/{compact_count(pane.total)}"


def fitted_width(panes: list[Pane]) -> int:
    """The pane column's width: its widest line whole, within ``LABEL_WIDTHS``, plus a border."""
    need = max(
        (cell_len(clean_line(pane.title)) + cell_len(pane_counts(pane)) + 5 for pane in panes),
        default=LABEL_WIDTHS[0],
    )
    return min(LABEL_WIDTHS[1], max(LABEL_WIDTHS[0], need)) + 1


def pane_label(pane: Pane, number: int | None, width: int, alerts: int = 0) -> Text:
    """One line: number key, mark, title, then 'unread/total' at the right edge.

    ``alerts``: new matches announced since the pane was last visited ("+3" before counts).
    """
    counts = (f"+{compact_count(alerts)} " if alerts else "") + pane_counts(pane)
    key = f"{number % 10}" if number is not None and number <= 10 else " "
    title_width = max(4, width - cell_len(counts) - 5)
    title = fit(clean_line(pane.title), title_width)
    label = Text()
    label.append(f"{key} ", style=Style(dim=True))
    if alerts:
        label.append(f"{ALERT_MARK} ", style=Style(bold=True, reverse=True))
    elif pane.spike:
        label.append(f"{SPIKE_MARK} ", style=Style(bold=True))
    else:
        label.append(f"{MARKS[pane.kind]} ")
    label.append(title, style=Style(bold=pane.unread > 0))
    label.append(" " + counts, style=Style(dim=pane.unread == 0))
    return label


class PaneList(OptionList):
    """The list of panes; choosing one switches the article list to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="scitui.pane_down"),
        Binding("k", "cursor_up", "Up", show=False, id="scitui.pane_up"),
    ]

    class PaneChosen(Message):
        """The user picked a pane in the list."""

        def __init__(self, key: str) -> None:
            self.key = key
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._panes: list[Pane] = []
        self._current = "all"
        self._width = 0
        self.alerts: dict[str, int] = {}
        """Pane key -> new matches announced since it was last shown."""

    def mark_alerts(self, counts: dict[str, int]) -> None:
        """Mark panes with new matches until each is next shown (the current one is shown)."""
        for key, count in counts.items():
            if key != self._current:
                self.alerts[key] = self.alerts.get(key, 0) + count
        if self._panes:
            self._redraw()

    def show_panes(self, panes: list[Pane], current: str) -> None:
        """Redraw every pane's line, keeping the highlight on ``current``.

        When only the current pane changed, just the highlight moves (a rebuild of the
        options costs tens of milliseconds on every pane switch).
        """
        same = panes == self._panes and current not in self.alerts
        self.alerts.pop(current, None)
        self._panes = list(panes)
        self._current = current
        if not same:
            self._redraw()
            return
        keys = [pane.key for pane in self._panes]
        if current in keys and self.highlighted != keys.index(current):
            with self.prevent(OptionList.OptionHighlighted):
                self.highlighted = keys.index(current)

    def _redraw(self) -> None:
        fitted = fitted_width(self._panes)
        if fitted != self._width:  # the resize that follows draws the lines again
            self._width = fitted
            self.styles.width = fitted
        width = max(12, self.scrollable_content_region.width or fitted - 1)
        scroll_y = self.scroll_y
        self.clear_options()
        self.add_options(
            Option(pane_label(pane, index + 1, width, self.alerts.get(pane.key, 0)), id=pane.key)
            for index, pane in enumerate(self._panes)
        )
        keys = [pane.key for pane in self._panes]
        if self._current in keys:
            with self.prevent(OptionList.OptionHighlighted):
                self.highlighted = keys.index(self._current)
        self.scroll_to(y=scroll_y, animate=False, immediate=True)

    def on_resize(self) -> None:
        if self._panes:
            self._redraw()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.PaneChosen(event.option.id))
