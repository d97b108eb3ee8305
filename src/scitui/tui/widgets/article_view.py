"""ArticleView: the reader, a header (title, source, author, date, tags, URL) over the body."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from scitui.models import Article
from scitui.text import clean_line
from scitui.tui.render import body, safe_url


def why_lines(article: Article) -> list[Text]:
    """Per tag, why it is on the article: the rules' matches, or where it came from."""
    lines = [Text("Why these tags", style=Style(bold=True, underline=True))]
    for tag in article.tags:
        line = Text(f"#{clean_line(tag.name)}  ", style=Style(bold=True))
        reasons = article.reasons.get(tag.name)
        if reasons:
            for index, reason in enumerate(reasons):
                if index:
                    line.append(", ")
                line.append(f"“{clean_line(reason.term)}”", style=Style(reverse=True))
                times = f" ×{reason.count}" if reason.count > 1 else ""
                line.append(f"{times} in {reason.where}")
        elif tag.source == "manual":
            line.append("added by you", style=Style(dim=True))
        elif tag.source == "feed":
            line.append("the feed's tag (config)", style=Style(dim=True))
        else:
            line.append("no reasons stored: run `scitui retag`", style=Style(dim=True))
        lines.append(line)
    if not article.tags:
        lines.append(Text("This article has no tags.", style=Style(dim=True)))
    return lines


def header(article: Article, why: bool = False) -> Group:
    """The reader's header lines, built from plain text only."""
    title = Text(clean_line(article.title) or "(untitled)", style=Style(bold=True))
    byline = Text(clean_line(article.feed), style=Style(bold=True))
    if article.author:
        byline.append(" · " + clean_line(article.author))
    if article.published:
        byline.append(" · " + article.published.strftime("%Y-%m-%d %H:%M UTC"))
    if article.starred:
        byline.append(" · ★ starred")
    lines: list[Text] = [title, byline]
    if article.tags:
        tags = Text("tags: ", style=Style(dim=True))
        for index, tag in enumerate(article.tags):
            if index:
                tags.append(" ")
            tags.append(f"#{clean_line(tag.name)}", style=Style(bold=True))
            if tag.source == "manual":
                tags.append("*", style=Style(dim=True))
        lines.append(tags)
    if article.url:
        url = clean_line(article.url)
        lines.append(Text(url, style=Style(dim=True, underline=True, link=safe_url(url))))
    if article.content_source == "feed":
        lines.append(Text("(from the feed; the page could not be used)", style=Style(dim=True)))
    if why:
        lines.append(Text(""))
        lines.extend(why_lines(article))
    return Group(*lines)


class ArticleView(VerticalScroll, can_focus=True):
    """One article, scrolled with j/k, space/b."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="scitui.scroll_down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="scitui.scroll_up"),
        Binding("space,pagedown", "page_down", "Page", id="scitui.page", tooltip="Next page"),
        Binding("b,pageup", "page_up", "Back a page", show=False, id="scitui.page_back"),
        Binding("home", "scroll_home", "Top", show=False, id="scitui.top"),
        Binding("end", "scroll_end", "End", show=False, id="scitui.end"),
    ]

    DEFAULT_CSS = """
    ArticleView { padding: 0 2; }
    ArticleView > #article-header { padding: 1 0; border-bottom: solid $primary; }
    ArticleView > #article-body { padding: 1 0 2 0; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        """The article shown, or None."""
        self.why = False
        """Whether the tags' reasons are shown and their terms highlighted."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Choose an article and press Enter to read it."), id="article-header")
        yield Static("", id="article-body")

    def show(self, article: Article | None, *, why: bool = False) -> None:
        """Show an article from the top (or the empty state); ``why`` explains its tags."""
        self.article = article
        self.why = why
        head = self.query_one("#article-header", Static)
        text = self.query_one("#article-body", Static)
        if article is None:
            head.update(Text("Choose an article and press Enter to read it."))
            text.update("")
        else:
            head.update(header(article, why))
            terms = [r.term for reasons in article.reasons.values() for r in reasons] if why else []
            text.update(body(article.html, article.text, article.title, terms))
        self.scroll_home(animate=False, immediate=True)

    def refresh_header(self, article: Article) -> None:
        """Redraw the header after the article's tags or star changed; keeps the scroll."""
        self.article = article
        self.query_one("#article-header", Static).update(header(article, self.why))

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)
