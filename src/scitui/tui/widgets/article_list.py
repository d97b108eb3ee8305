"""ArticleList: a virtual list that renders only the rows on screen, paged from a RowSource."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import ClassVar, Literal, Protocol

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from scitui.models import ArticleSummary
from scitui.tui.rows import Piece, one_line, two_lines

PAGE_SIZE = 100
CACHED_PAGES = 12

RowMode = Literal["one", "two"]
ROW_LINES: dict[RowMode, int] = {"one": 1, "two": 2}
"""Lines per article in each row mode: fixed, so a row's first line is ``index * lines``."""


class RowSource(Protocol):
    """Where a list's rows come from: counted once, fetched a page at a time."""

    def count(self) -> int: ...

    def rows(self, offset: int, limit: int) -> list[ArticleSummary]: ...

    def position(self, article_id: int) -> int | None: ...

    def next_unread(self, article_id: int, forward: bool) -> int | None:
        """The row of the nearest unread article after (or before) this one."""
        ...


class EmptySource:
    """A source with no rows."""

    def count(self) -> int:
        return 0

    def rows(self, offset: int, limit: int) -> list[ArticleSummary]:
        return []

    def position(self, article_id: int) -> int | None:
        return None

    def next_unread(self, article_id: int, forward: bool) -> int | None:
        return None


class ArticleList(ScrollView, can_focus=True):
    """Articles, newest first: one line each (marks, title, tags, source, date) or two.

    Every article takes the same number of lines, so a row's place is arithmetic and only
    the rows on screen are fetched and drawn.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="scitui.cursor_down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="scitui.cursor_up"),
        Binding("pagedown,ctrl+f", "page_down", "Page down", show=False, id="scitui.page_down"),
        Binding("pageup,ctrl+b", "page_up", "Page up", show=False, id="scitui.page_up"),
        Binding("home", "first", "First", show=False, id="scitui.first"),
        Binding("end,G", "last", "Last", show=False, id="scitui.last"),
        Binding("enter", "select", "Open", id="scitui.open", tooltip="Read this article"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--meta",
        "article-list--tag",
        "article-list--star",
        "article-list--empty",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    ArticleList > .article-list--cursor { background: $block-cursor-blurred-background; }
    ArticleList:focus > .article-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    ArticleList > .article-list--unread { text-style: bold; }
    ArticleList > .article-list--read { color: $text-muted; }
    ArticleList > .article-list--meta { color: $text-muted; }
    ArticleList > .article-list--tag { color: $text-accent; }
    ArticleList > .article-list--star { color: $text-warning; }
    ArticleList > .article-list--empty { color: $text-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    """The highlighted row."""

    empty_text: reactive[str] = reactive("No articles here.")
    """What an empty list says."""

    row_mode: reactive[RowMode] = reactive[RowMode]("one")
    """One line per article, or two (the whole title, then source, date and tags)."""

    class ArticleHighlighted(Message):
        """The cursor moved onto an article."""

        def __init__(self, article: ArticleSummary | None, index: int) -> None:
            self.article = article
            self.index = index
            super().__init__()

    class ArticleSelected(Message):
        """The user chose an article to read."""

        def __init__(self, article: ArticleSummary, index: int) -> None:
            self.article = article
            self.index = index
            super().__init__()

    def __init__(
        self,
        *,
        now: Callable[[], datetime] | None = None,
        name: str | None = None,
        id: str | None = None,  # noqa: A002
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._source: RowSource = EmptySource()
        self._total = 0
        self._pages: OrderedDict[int, list[ArticleSummary]] = OrderedDict()
        self._now = now or (lambda: datetime.now(UTC))

    # data -------------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many rows the list has."""
        return self._total

    @property
    def lines_per_row(self) -> int:
        """How many lines each article takes in the current row mode."""
        return ROW_LINES[self.row_mode]

    @property
    def rows_in_view(self) -> int:
        """How many whole rows the view shows."""
        return max(1, (self.scrollable_content_region.height or 1) // self.lines_per_row)

    def set_source(self, source: RowSource) -> None:
        """Show another list from its first row."""
        self._source = source
        self.reload(to_top=True)

    def reload(self, *, to_top: bool = False) -> None:
        """Count and page again (after new articles arrive), keeping the cursor's article."""
        current = None if to_top else self.highlighted  # no query of a list being replaced
        self._pages.clear()
        self._total = self._source.count()
        self._set_rows(self._total)
        position = self._source.position(current.id) if current is not None else None
        if position is None:
            position = 0 if to_top or current is not None else min(self.cursor, self._total - 1)
        self._move(max(position, 0), center=True)
        self.refresh()

    def _set_rows(self, total: int) -> None:
        """Make the list ``total`` rows tall.

        While the scrollbar stays (rows before and after beyond the view) only the list and
        its scrollbar are repainted: a relayout renders the whole screen again and then the
        scrollbar once more in a frame of its own (a pane switch settled 20-35 ms later).
        """
        lines = total * self.lines_per_row
        size = Size(self.size.width, lines)
        view = self.container_size.height - self.scrollbar_size_horizontal
        if self.show_vertical_scrollbar and min(self.virtual_size.height, lines) > view > 0:
            self.set_reactive(ArticleList.virtual_size, size)
            self.vertical_scrollbar.window_virtual_size = lines
            if self.scroll_y > self.max_scroll_y:
                self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
            self.refresh()
        else:
            self.virtual_size = size

    def row(self, index: int) -> ArticleSummary | None:
        """The article at a row, fetched with its page when not cached."""
        if not 0 <= index < self._total:
            return None
        page_number = index // PAGE_SIZE
        page = self._pages.get(page_number)
        if page is None:
            page = self._source.rows(page_number * PAGE_SIZE, PAGE_SIZE)
            self._pages[page_number] = page
            while len(self._pages) > CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        offset = index - page_number * PAGE_SIZE
        return page[offset] if offset < len(page) else None

    @property
    def highlighted(self) -> ArticleSummary | None:
        """The article under the cursor."""
        return self.row(self.cursor)

    def update_article(self, article: ArticleSummary) -> None:
        """Show an article's new state (read, starred, tags) where it is cached."""
        for page_number, page in self._pages.items():
            for offset, cached in enumerate(page):
                if cached.id == article.id:
                    page[offset] = article
                    self._refresh_row(page_number * PAGE_SIZE + offset)

    def mark_cached(self, read: bool) -> None:
        """Show every cached row as read (or unread), after the whole list was marked."""
        for page in self._pages.values():
            page[:] = [replace(article, read=read) for article in page]
        self.refresh()

    # moving -----------------------------------------------------------------

    def _move(self, index: int, *, center: bool = False) -> None:
        index = max(0, min(index, self._total - 1)) if self._total else 0
        previous = self.cursor
        self.cursor = index
        self._refresh_row(previous)
        self._refresh_row(index)
        self.scroll_to_region_row(index, center=center)
        self.post_message(self.ArticleHighlighted(self.highlighted, index))

    def _refresh_row(self, index: int) -> None:
        lines = self.lines_per_row
        self.refresh_lines(index * lines, lines)

    def scroll_to_region_row(self, index: int, *, center: bool = False) -> None:
        """Scroll so that every line of a row is in view (to the middle if ``center``)."""
        height = self.scrollable_content_region.height or 1
        lines = self.lines_per_row
        first = index * lines
        top = int(self.scroll_offset.y)
        if center and not top <= first <= top + height - lines:
            y = max(0, first - height // 2 // lines * lines)
            self.scroll_to(y=y, animate=False, immediate=True)
        elif first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif first + lines > top + height:
            self.scroll_to(y=first + lines - height, animate=False, immediate=True)

    def move_to(self, index: int) -> None:
        """Put the cursor on a row and scroll it into view."""
        self._move(index, center=True)

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_page_down(self) -> None:
        self._move(self.cursor + max(1, self.rows_in_view - 1))

    def action_page_up(self) -> None:
        self._move(self.cursor - max(1, self.rows_in_view - 1))

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(self._total - 1)

    def action_select(self) -> None:
        article = self.highlighted
        if article is not None:
            self.post_message(self.ArticleSelected(article, self.cursor))

    def next_unread(self, forward: bool = True) -> bool:
        """Move to the nearest unread article after (or before) the cursor; False if none."""
        current = self.highlighted
        if current is None:
            return False
        index = self._source.next_unread(current.id, forward)
        if index is None:
            return False
        self._move(index, center=True)
        return True

    async def _on_click(self, event: Click) -> None:
        index = (int(self.scroll_offset.y) + event.y) // self.lines_per_row
        if 0 <= index < self._total:
            if index == self.cursor and event.chain >= 2:
                self.action_select()
            else:
                self._move(index)

    # drawing ----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        line = int(self.scroll_offset.y) + y
        if self._total == 0:
            if y == 1:
                style = self.get_component_rich_style("article-list--empty")
                return Strip([Segment(set_cell_size(f"  {self.empty_text}", width), style)])
            return Strip.blank(width, self.rich_style)
        index, part = divmod(line, self.lines_per_row)
        article = self.row(index)
        if article is None:
            return Strip.blank(width, self.rich_style)
        if self.row_mode == "one":
            pieces = one_line(article, width, self._now())
        else:
            pieces = two_lines(article, width, self._now())[part]
        return self._strip(pieces, article, width, selected=index == self.cursor)

    def _strip(
        self, pieces: list[Piece], article: ArticleSummary, width: int, *, selected: bool
    ) -> Strip:
        """Style a row's pieces by role: read state, star, muted meta, accented tags."""
        base = self.rich_style
        cursor = self.get_component_rich_style("article-list--cursor") if selected else Style()
        state = self.get_component_rich_style(
            "article-list--read" if article.read or article.new_coverage else "article-list--unread"
        )
        styles = {
            "title": base + state + cursor,
            "star": base + self.get_component_rich_style("article-list--star") + cursor,
            "meta": base + self.get_component_rich_style("article-list--meta") + cursor,
            "tag": base + self.get_component_rich_style("article-list--tag") + cursor,
        }
        segments = [Segment(text, styles[role]) for text, role in pieces]
        return Strip(segments).adjust_cell_length(width, base + cursor)

    def watch_empty_text(self) -> None:
        self.refresh()

    def watch_row_mode(self) -> None:
        """Re-lay the list in the new mode with the cursor's article in view."""
        self.virtual_size = Size(self.size.width, self._total * self.lines_per_row)
        self.scroll_to_region_row(self.cursor, center=True)
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self._total * self.lines_per_row)
        self.scroll_to_region_row(self.cursor)
