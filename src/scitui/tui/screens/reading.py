"""ReadingMoves: MainScreen's moves between articles and within one.

J/K in list order, Space past an article's end, the wide layout's preview of the article the
cursor rests on, searched words to highlight, and the numbered link list (L). A base class of
MainScreen, which owns the panes, the list and the reader these work on.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.screen import Screen
from textual.timer import Timer

from scitui.errors import ScituiError
from scitui.tui.render import number_sources, render_article, search_terms
from scitui.tui.screens.dialogs import LinkChoice, LinkDialog
from scitui.tui.widgets.article_list import ArticleList
from scitui.tui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from scitui.library import Library
    from scitui.models import ArticleSummary
    from scitui.tui.app import SciTuiApp
    from scitui.tui.panes import Pane

PREVIEW_DELAY = 0.15
"""Seconds the cursor must rest on a row before the wide layout previews its article."""


class ReadingMoves(Screen[None]):
    """J/K, Space at the end, the wide layout's preview and the link list."""

    if TYPE_CHECKING:  # MainScreen's
        library: Library
        current: Pane

        @property
        def scitui(self) -> SciTuiApp: ...

        @property
        def article_list(self) -> ArticleList: ...

        @property
        def reader(self) -> ArticleView: ...

        def open_article(self, summary: ArticleSummary) -> None: ...

        def _move_unread(self, forward: bool) -> None: ...

        def _target(self) -> ArticleSummary | None: ...

    def __init__(self) -> None:
        super().__init__()
        self._preview_timer: Timer | None = None
        """Waits for the cursor to rest before the wide layout's preview (None: not waiting)."""

    def _searched(self) -> list[str]:
        """The words to highlight in an article opened from a search or a view's pane."""
        view = self.current.view
        query = self.current.query if self.current.kind == "search" else view and view.query
        return search_terms(query) if query else []

    def _showing(self, article_id: int) -> bool:
        opened = self.reader.article
        return opened is not None and opened.id == article_id

    @on(ArticleList.ArticleHighlighted)
    def _article_highlighted(self, event: ArticleList.ArticleHighlighted) -> None:
        """In the wide layout, preview the article once the cursor rests on it."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        article = event.article
        if article is None or not self.has_class("-wide") or self._showing(article.id):
            return
        self._preview_timer = self.set_timer(PREVIEW_DELAY, partial(self._preview, article.id))

    def _preview(self, article_id: int) -> None:
        """Show an article in the reader without marking it read or taking the focus."""
        self._preview_timer = None
        highlighted = self.article_list.highlighted
        if highlighted is None or highlighted.id != article_id or self._showing(article_id):
            return
        if not self.has_class("-wide"):
            return
        try:
            article = self.library.article(article_id)
        except ScituiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.reader.show(article, searched=self._searched())

    @on(ArticleView.PagedPastEnd)
    def _paged_past_end(self) -> None:
        self._move_unread(True)

    def _step_article(self, step: int) -> None:
        """Open the article after (or before) the cursor's, read or not; no wrap-around."""
        articles = self.article_list
        index = articles.cursor + step
        if articles.row(index) is None:
            where = "last" if step > 0 else "first"
            message = f"This is the {where} article in this pane." if articles.total else ""
            self.notify(message or "No articles in this pane.", timeout=2)
            return
        articles.move_to(index)
        summary = articles.highlighted
        if summary is not None:
            self.open_article(summary)

    def action_next_article(self) -> None:
        self._step_article(1)

    def action_previous_article(self) -> None:
        self._step_article(-1)

    # links ------------------------------------------------------------------

    def action_links(self) -> None:
        """List the article's links, numbered as in its text; open or copy the one chosen."""
        summary = self._target()
        if summary is None:
            return
        if self._showing(summary.id):
            links = self.reader.links
        else:
            try:
                article = self.library.article(summary.id)
            except ScituiError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            body_links = render_article(article.html, article.text).links
            links, _ = number_sources(body_links, article.sources)
        if not links:
            self.notify("This article has no links.", timeout=2)
            return
        self.app.push_screen(LinkDialog(links), self._link_chosen)

    def _link_chosen(self, choice: LinkChoice | None) -> None:
        if choice is None:
            return
        what, url = choice
        if what == "open":
            self.scitui.open_in_browser(url)
        else:
            self.app.copy_to_clipboard(url)
            self.notify("Copied the link.", timeout=2)
