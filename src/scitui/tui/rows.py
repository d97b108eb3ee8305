"""The article list's rows as plain pieces of text: the title gets the room first.

Pure: an article, a width and the clock in, ``(text, role)`` pieces out; the widget styles
each role. One-line rows put every part in fixed columns so sources and dates line up; a
tag chip is shown only whole and only beside a whole title.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from rich.cells import cell_len, chop_cells

from scitui.models import ArticleSummary
from scitui.text import clean_line
from scitui.tui.render import date_label, fit

Piece = tuple[str, str]
"""A run of text and its role: "title", "star", "meta" or "tag"."""

MARKS_WIDTH = 5
"""' ●✎★ ': the unread mark, the note glyph, the star and a space before the title."""
NOTE_GLYPH = "✎"
"""Marks an article with a note, between the unread mark and the star (one cell)."""
SOURCE_WIDTH = 12
"""The source's budget in one-line rows (10 under 100 columns)."""
WIDE_DATE_FROM = 110
"""From this width a row has room for '2024-11-20'; below, 'Nov'24'."""
TWO_LINE_SOURCE_WIDTH = 24
"""The most a source takes on the second line of a two-line row."""


@dataclass(frozen=True)
class Columns:
    """How a one-line row of a given width shares it out."""

    title: int
    source: int
    wide_date: bool


def columns(width: int) -> Columns:
    """The title takes what the marks, a short source and the date leave."""
    wide_date = width >= WIDE_DATE_FROM
    date = 10 if wide_date else 6
    source = 0 if width < 50 else (SOURCE_WIDTH if width >= 100 else SOURCE_WIDTH - 2)
    title = width - MARKS_WIDTH - (1 + date) - (2 + source if source else 0)
    return Columns(title=max(8, title), source=source, wide_date=wide_date)


NEW_COVERAGE_GLYPH = "◦"
"""Marks a story read before that has a version since (the row stays read, dimmed)."""


def marks(article: ArticleSummary) -> list[Piece]:
    """' ● ★ ' (or blanks): unread mark, note glyph (if any), star, a space before the title.

    A story with new coverage has ◦ in place of ●.
    """
    unread = " ● " if not article.read else "   "
    if article.new_coverage:
        unread = f" {NEW_COVERAGE_GLYPH} "
    note = [(unread[:2], "title"), (NOTE_GLYPH, "tag")] if article.has_note else [(unread, "title")]
    return [*note, ("★" if article.starred else " ", "star"), (" ", "title")]


def chips(tags: tuple[str, ...], room: int) -> str:
    """'#a #b': the first tags that fit whole in ``room`` cells ('' if none does)."""
    shown = ""
    for tag in tags:
        chip = "#" + clean_line(tag)
        candidate = f"{shown} {chip}" if shown else chip
        if cell_len(candidate) > room:
            break
        shown = candidate
    return shown


def one_line(article: ArticleSummary, width: int, now: datetime) -> list[Piece]:
    """Marks, title (with the chips that fit whole beside it), source, date."""
    layout = columns(width)
    title = clean_line(article.title) or "(untitled)"
    pieces = marks(article)
    title_cells = cell_len(title)
    if title_cells <= layout.title:
        shown_chips = chips(article.tags, layout.title - title_cells - 2)
        pieces.append((title, "title"))
        used = title_cells
        if shown_chips:
            pieces.append(("  " + shown_chips, "tag"))
            used += 2 + cell_len(shown_chips)
        pieces.append((" " * (layout.title - used), "title"))
    else:
        pieces.append((fit(title, layout.title), "title"))
    if layout.source:
        pieces.append(("  " + source_label(article, layout.source), "meta"))
    date = date_label(article.newest or article.published, now, wide=layout.wide_date)
    pieces.append((" " + date, "meta"))
    return pieces


def source_label(article: ArticleSummary, width: int) -> str:
    """The source in ``width`` cells; a story's other outlets as ' +N' after it."""
    others = article.story_size - 1
    if others <= 0:
        return fit(clean_line(article.feed), width)
    plus = f" +{others}"
    name, room = clean_line(article.feed), max(1, width - len(plus))
    if cell_len(name) > room:
        name = fit(name, room)
    return fit(name + plus, width)


@lru_cache(maxsize=2048)
def wrap_title(title: str, width: int) -> tuple[str, str]:
    """The title's first line of at most ``width`` cells (broken between words) and the rest."""
    if cell_len(title) <= width:
        return title, ""
    words = title.split(" ")
    first = words[0]
    if cell_len(first) > width:  # one long word (or unspaced Chinese): cut between characters
        head = chop_cells(title, width)[0]  # never splits a wide character
        return head, title[len(head) :].lstrip()
    taken = 1
    for word in words[1:]:
        if cell_len(first) + 1 + cell_len(word) > width:
            break
        first = f"{first} {word}"
        taken += 1
    return first, " ".join(words[taken:])


def source_and_date(source: str, date: str, room: int) -> str:
    """'Source · Nov 27' in ``room`` cells: the source shortened, then dropped, before the date."""
    whole = f"{source} · {date}" if source else date
    if cell_len(whole) <= room:
        return whole
    source_room = room - cell_len(date) - 3
    if source and source_room >= 4:
        return f"{fit(source, source_room)} · {date}"
    return date if cell_len(date) <= room else ""


def two_lines(
    article: ArticleSummary, width: int, now: datetime
) -> tuple[list[Piece], list[Piece]]:
    """The whole title over two lines, then source, date and the chips that fit whole.

    The title comes first: the rest of a long title pushes the source and then the date out
    of the second line; only a title longer than both lines is cut.
    """
    title = clean_line(article.title) or "(untitled)"
    room = max(8, width - MARKS_WIDTH)
    first, rest = wrap_title(title, room)
    top = [*marks(article), (fit(first, room), "title")]
    bottom: list[Piece] = [(" " * MARKS_WIDTH, "title")]
    free = room
    if rest:
        rest = rest if cell_len(rest) <= room else fit(rest, room)
        bottom.append((rest, "title"))
        free -= cell_len(rest) + 2
    source = clean_line(article.feed)
    if cell_len(source) > TWO_LINE_SOURCE_WIDTH:
        source = fit(source, TWO_LINE_SOURCE_WIDTH)
    if article.story_size > 1:
        source = f"{source} +{article.story_size - 1}"
    date = date_label(article.newest or article.published, now, wide=True).strip()
    meta = source_and_date(source, date, free)
    if meta:
        bottom.append(("  " + meta if rest else meta, "meta"))
        free -= cell_len(meta)
    shown_chips = chips(article.tags, free - 2)
    if shown_chips:
        bottom.append(("  " + shown_chips, "tag"))
    return top, bottom
