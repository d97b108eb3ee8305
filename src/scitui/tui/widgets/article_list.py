"""ArticleList: a virtual list that renders only the rows on screen, paged from a RowSource."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import ClassVar, Protocol

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
from scitui.text import clean_line
from scitui.tui.render import date_label, fit

PAGE_SIZE = 100
CACHED_PAGES = 12


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
    """Articles, newest first, one line each: unread mark, star, title, source, date, tags."""

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
        size = Size(self.size.width, total)
        view = self.container_size.height - self.scrollbar_size_horizontal
        if self.show_vertical_scrollbar and min(self.virtual_size.height, total) > view > 0:
            self.set_reactive(ArticleList.virtual_size, size)
            self.vertical_scrollbar.window_virtual_size = total
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
                    self.refresh_line(page_number * PAGE_SIZE + offset)

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
        self.refresh_line(previous)
        self.refresh_line(index)
        self.scroll_to_region_row(index, center=center)
        self.post_message(self.ArticleHighlighted(self.highlighted, index))

    def scroll_to_region_row(self, index: int, *, center: bool = False) -> None:
        height = self.scrollable_content_region.height or 1
        top = int(self.scroll_offset.y)
        if center and not top <= index < top + height:
            self.scroll_to(y=max(0, index - height // 2), animate=False, immediate=True)
        elif index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False, immediate=True)

    def move_to(self, index: int) -> None:
        """Put the cursor on a row and scroll it into view."""
        self._move(index, center=True)

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_page_down(self) -> None:
        self._move(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._move(self.cursor - max(1, self.scrollable_content_region.height - 1))

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
        index = int(self.scroll_offset.y) + event.y
        if 0 <= index < self._total:
            if index == self.cursor and event.chain >= 2:
                self.action_select()
            else:
                self._move(index)

    # drawing ----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        index = int(self.scroll_offset.y) + y
        if self._total == 0:
            if y == 1:
                style = self.get_component_rich_style("article-list--empty")
                return Strip([Segment(set_cell_size(f"  {self.empty_text}", width), style)])
            return Strip.blank(width, self.rich_style)
        article = self.row(index)
        if article is None:
            return Strip.blank(width, self.rich_style)
        return self._render_row(article, width, selected=index == self.cursor)

    def _render_row(self, article: ArticleSummary, width: int, *, selected: bool) -> Strip:
        base = self.rich_style
        state = self.get_component_rich_style(
            "article-list--read" if article.read else "article-list--unread"
        )
        meta = self.get_component_rich_style("article-list--meta")
        tag_style = self.get_component_rich_style("article-list--tag")
        star_style = self.get_component_rich_style("article-list--star")
        cursor = self.get_component_rich_style("article-list--cursor") if selected else Style()

        date = date_label(article.published, self._now(), wide=width >= 100)
        feed_width = 0 if width < 50 else min(18, max(10, width // 7))
        tags_text = clean_line(" ".join(f"#{tag}" for tag in article.tags))
        tags_width = 0 if width < 96 else (16 if width < 130 else 30)
        fixed = 4 + (feed_width + 2 if feed_width else 0) + len(date) + 1
        fixed += tags_width + 2 if tags_width else 0
        title_width = max(8, width - fixed)

        top = cursor if selected else Style()
        segments = [
            Segment(" ● " if not article.read else "   ", base + state + top),
            Segment("★" if article.starred else " ", base + star_style + top),
            Segment(
                fit(clean_line(article.title) or "(untitled)", title_width), base + state + top
            ),
        ]
        if tags_width:
            segments.append(Segment("  " + fit(tags_text, tags_width), base + tag_style + top))
        if feed_width:
            feed = fit(clean_line(article.feed), feed_width)
            segments.append(Segment("  " + feed, base + meta + top))
        segments.append(Segment(" " + date, base + meta + top))
        return Strip(segments).adjust_cell_length(width, base + top)

    def watch_empty_text(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self._total)
        self.scroll_to_region_row(self.cursor)
