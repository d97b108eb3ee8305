"""ArticleView: the reader, a header (title, source, date, tags, URL, note) over the body."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from scitui.actions import describe
from scitui.models import Article, ArticleSummary
from scitui.text import clean_line, clean_text
from scitui.tui.render import Link, number_sources, render_article, safe_url, sources_line
from scitui.tui.rows import NOTE_GLYPH


def why_lines(article: Article) -> list[Text]:
    """Per tag, why it is on the article: the rules' matches, or where it came from."""
    lines = [Text("Why these tags", style=Style(bold=True, underline=True))]
    by_view = {action: view for view, action in article.rule_actions}
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
        elif f"tag:{tag.name}" in by_view:
            line.append(
                describe(by_view[f"tag:{tag.name}"], f"tag:{tag.name}"), style=Style(dim=True)
            )
        elif tag.source == "manual":
            line.append("added by you", style=Style(dim=True))
        elif tag.source == "feed":
            line.append("the feed's tag (config)", style=Style(dim=True))
        else:
            line.append("no reasons stored: run `scitui retag`", style=Style(dim=True))
        lines.append(line)
    if not article.tags:
        lines.append(Text("This article has no tags.", style=Style(dim=True)))
    for view, action in article.rule_actions:
        if not action.startswith("tag:"):
            lines.append(
                Text(clean_line(describe(view, action).capitalize()), style=Style(dim=True))
            )
    return lines


def story_strip(versions: Sequence[ArticleSummary], shown: int) -> Text:
    """'Story, 3 outlets (, . move): [Wire Jun 2] · Csis Jun 3 · Trade Jun 5', one line."""
    line = Text(f"Story, {len(versions)} outlets (, . move): ", style=Style(dim=True))
    line.no_wrap, line.overflow = True, "ellipsis"
    for index, version in enumerate(versions):
        if index:
            line.append(" · ", style=Style(dim=True))
        date = version.published.strftime("%b %-d") if version.published else "undated"
        label = f"{clean_line(version.feed)} {date}"
        if version.id == shown:
            line.append(f"[{label}]", style=Style(bold=True, reverse=True))
        else:
            line.append(label, style=Style(bold=not version.read))
    return line


def header(
    article: Article,
    why: bool = False,
    source_numbers: Sequence[int | None] | None = None,
    versions: Sequence[ArticleSummary] = (),
) -> Group:
    """The reader's header lines, built from plain text only.

    The byline and the URL stay on one line each (cut with an ellipsis), never wrapped.
    ``source_numbers``: each primary source's link number (see number_sources);
    ``versions``: the story's articles, shown as a strip under the byline if more than one.
    """
    title = Text(style=Style(bold=True))
    if article.starred:
        title.append("★ ")
    title.append(clean_line(article.title) or "(untitled)")
    byline = Text(clean_line(article.feed), style=Style(bold=True), no_wrap=True)
    byline.overflow = "ellipsis"
    if article.author:
        byline.append(" · " + clean_line(article.author))
    if article.published:
        byline.append(" · " + article.published.strftime("%Y-%m-%d %H:%M UTC"))
    lines: list[RenderableType] = [title, byline]
    if len(versions) > 1:
        lines.append(story_strip(versions, article.id))
    if article.tags:
        lines.append(tags_line(article))
    if article.url:
        url = clean_line(article.url)
        link = Text(url, style=Style(dim=True, underline=True, link=safe_url(url)), no_wrap=True)
        link.overflow = "ellipsis"
        lines.append(link)
    if article.sources:
        numbers = source_numbers or [None] * len(article.sources)
        lines.append(sources_line(article.sources, numbers))
    if article.content_source == "feed":
        lines.append(Text("(from the feed; the page could not be used)", style=Style(dim=True)))
    if article.note:
        lines.extend(note_lines(article.note))
    if why:
        lines.append(Text(""))
        lines.extend(why_lines(article))
    return Group(*lines)


def note_lines(note: str) -> list[Text]:
    """The user's note under the header: a label, then the note as they wrote it (literal)."""
    return [
        Text(""),
        Text(f"{NOTE_GLYPH} Your note (N edits)", style=Style(bold=True)),
        Text(clean_text(note).strip(), style=Style(italic=True)),
    ]


def tags_line(article: Article) -> RenderableType:
    """'tags: #a #b*', explaining the star when a tag was added by hand."""
    tags = Text("tags: ", style=Style(dim=True))
    for index, tag in enumerate(article.tags):
        if index:
            tags.append(" ")
        tags.append(f"#{clean_line(tag.name)}", style=Style(bold=True))
        if tag.source == "manual":
            tags.append("*", style=Style(dim=True))
    if not any(tag.source == "manual" for tag in article.tags):
        return tags
    return WithNote(tags, Text("(* added by you)", style=Style(dim=True)))


class WithNote:
    """A text with a note after it, the note never broken: on its own line if it must be."""

    def __init__(self, text: Text, note: Text) -> None:
        self.text = text
        self.note = note

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        last = self.text.wrap(console, options.max_width)[-1]
        if last.cell_len + 2 + self.note.cell_len <= options.max_width:
            yield Text.assemble(self.text, "  ", self.note)
        else:
            yield self.text
            yield self.note


class ArticleView(VerticalScroll, can_focus=True):
    """One article, scrolled with j/k, space/b."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="scitui.scroll_down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="scitui.scroll_up"),
        Binding("space", "page_or_next", "Page", id="scitui.page",
                tooltip="Next page; at the end, the next unread article"),
        Binding("pagedown", "page_down", "Page down", show=False, id="scitui.page_down_reader",
                tooltip="Next page"),
        Binding("b,pageup", "page_up", "Back a page", show=False, id="scitui.page_back"),
        Binding("home", "scroll_home", "Top", show=False, id="scitui.top"),
        Binding("end", "scroll_end", "End", show=False, id="scitui.end"),
    ]  # fmt: skip

    DEFAULT_CSS = """
    ArticleView { padding: 0 2; }
    ArticleView > #article-header { padding: 1 0; border-bottom: solid $primary; }
    ArticleView > #article-body { padding: 1 0 2 0; }
    """

    class PagedPastEnd(Message):
        """Space was pressed with the article's end already on screen."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        """The article shown, or None."""
        self.why = False
        """Whether the tags' reasons are shown and their terms highlighted."""
        self.searched: tuple[str, ...] = ()
        """Searched words, highlighted wherever a word starts with one."""
        self.links: list[Link] = []
        """The body's links, numbered from 1 as shown in it, then the primary sources'."""
        self.source_numbers: list[int | None] = []
        """Each of the article's primary sources' number in ``links`` (None: no URL)."""
        self.versions: list[ArticleSummary] = []
        """The story's articles (outlets) when the article is one of several, oldest first."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Choose an article and press Enter to read it."), id="article-header")
        yield Static("", id="article-body")

    def show(
        self,
        article: Article | None,
        *,
        why: bool = False,
        searched: Sequence[str] = (),
        versions: Sequence[ArticleSummary] = (),
    ) -> None:
        """Show an article from the top (or the empty state).

        ``why`` explains its tags; ``searched`` are words to highlight (see search_terms);
        ``versions``: its story's articles, for the strip under the header.
        """
        self.article = article
        self.versions = list(versions)
        self.why = why
        self.searched = tuple(searched)
        head = self.query_one("#article-header", Static)
        text = self.query_one("#article-body", Static)
        if article is None:
            self.links, self.source_numbers = [], []
            head.update(Text("Choose an article and press Enter to read it."))
            text.update("")
        else:
            terms = [r.term for reasons in article.reasons.values() for r in reasons] if why else []
            rendered = render_article(
                article.html, article.text, article.title, terms, self.searched
            )
            self.links, self.source_numbers = number_sources(rendered.links, article.sources)
            head.update(header(article, why, self.source_numbers, self.versions))
            text.update(rendered.body)
        self.scroll_home(animate=False, immediate=True)

    def refresh_header(self, article: Article) -> None:
        """Redraw the header after the article's tags or star changed; keeps the scroll."""
        self.article = article
        head = header(article, self.why, self.source_numbers, self.versions)
        self.query_one("#article-header", Static).update(head)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_or_next(self) -> None:
        """Page down; with the end already on screen, ask for the next article instead."""
        if self.article is not None and self.scroll_y >= self.max_scroll_y:
            self.post_message(self.PagedPastEnd())
        else:
            self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)
