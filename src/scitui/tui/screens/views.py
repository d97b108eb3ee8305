"""ViewActions: MainScreen's saved views: their rows, and V to save a pane or search as one.

A base class of MainScreen (after TagActions), which owns the panes, the list and the reader.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from scitui.config import ViewSpec
from scitui.errors import ScituiError
from scitui.library import ArticleFilter
from scitui.models import SearchHit
from scitui.text import clean_line
from scitui.tui.panes import FilterSource, HitsSource, Pane, view_pane
from scitui.tui.screens.dialogs import SearchDialog
from scitui.tui.screens.tagging import TagActions
from scitui.views import slug_for, view_from_filter


class ViewTitleDialog(SearchDialog):
    """Ask for the title of the view being saved; returns it, or None on Esc."""

    def __init__(self, initial: str, what: str) -> None:
        super().__init__(initial)
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Save as a view", classes="dialog-title")
            yield Input(self.initial, placeholder="the view's title", id="view-title")
            yield Label(Text(f"Lists {self.what}"), classes="dialog-hint")
            yield Label(Text("Enter saves it to the config · Esc cancels"), classes="dialog-hint")


def describe(view: ViewSpec) -> str:
    """What a view lists, in a few words: 'unread articles tagged talent matching "nsf"'."""
    flags = (("unread", view.unread), ("starred", view.starred))
    kinds = " ".join(word for word, on in flags if on)
    parts = [f"{kinds} articles" if kinds else "articles"]
    if view.tags:
        parts.append("tagged " + " or ".join(view.tags))
    if view.feeds:
        parts.append("from " + " or ".join(view.feeds))
    if view.query:
        parts.append(f"matching {view.query!r}")
    return clean_line(" ".join(parts))


UNSAVABLE = frozenset({"notes", "source"})
"""Panes no view can describe (notes, one document's articles): V says so."""


class ViewActions(TagActions):
    """A view pane's rows, and V: the current search or pane filter saved as a view."""

    if TYPE_CHECKING:  # MainScreen's
        panes: list[Pane]
        source: FilterSource | HitsSource

        def switch_pane(self, key: str) -> None: ...

        def refresh_counts(self) -> None: ...

    def view_source(self, pane: Pane) -> FilterSource | HitsSource:
        """A view pane's rows: paged by date, or ranked in a worker (shown when they arrive)."""
        assert pane.view is not None
        try:
            self.library.check_view(pane.view)
        except ScituiError as exc:
            self.notify(f"View {pane.view.slug}: {exc}", severity="error", markup=False)
            return HitsSource([])
        if pane.view.sort == "relevance":
            self.scitui.rank_view(pane.key, pane.view, pane.where)
            return HitsSource([])
        return FilterSource(self.library, pane.where)

    def show_view_hits(self, key: str, hits: list[SearchHit]) -> None:
        """A relevance view's ranked rows arrived: show them if its pane is still current."""
        if self.current.key == key:
            self.source = HitsSource(hits)
            self.article_list.set_source(self.source)

    def _view_to_save(self) -> ViewSpec:
        """What the current pane lists, as a view without slug or title yet."""
        pane = self.current
        if pane.view is not None:
            return pane.view
        if pane.kind == "search":
            return view_from_filter("", "", ArticleFilter(), pane.query)
        where = replace(pane.where, also_ids=frozenset())
        return view_from_filter("", "", where, None, self.library.config.feeds)

    def action_save_view(self) -> None:
        """Ask for a title, write the view to the config file, and show its pane at once."""
        if self.current.kind in UNSAVABLE:
            self.notify(
                f"{clean_line(self.current.title)} cannot be a view: a view selects by words, "
                "tags, feeds, age, unread and starred.",
                severity="warning",
                markup=False,
            )
            return
        view = self._view_to_save()

        def save(title: str | None) -> None:
            if title:
                taken = [known.slug for known in self.library.views]
                self._save_view(replace(view, slug=slug_for(title, taken), title=title))

        initial = self.current.query if self.current.kind == "search" else self.current.title
        self.app.push_screen(ViewTitleDialog(initial or "", describe(view)), save)

    def _save_view(self, view: ViewSpec) -> None:
        try:
            self.library.save_view(view)
        except ScituiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        pane = view_pane(self.library, view, self.scitui.now())
        kinds = [known.kind for known in self.panes]
        after = max((i for i, kind in enumerate(kinds) if kind in ("topic", "view")), default=2)
        self.panes.insert(after + 1, pane)
        self.switch_pane(pane.key)
        self.refresh_counts()
        self.notify(
            f"Saved as [views.{view.slug}] in {self.library.config_path}.",
            title=clean_line(view.title),
            markup=False,
        )
