"""N writes a note: the editor, the note under the header, ✎ in the list, the Notes pane, `/`."""

from __future__ import annotations

from textual.widgets import Static, TextArea
from tui_pilot import settle, texts, until

from scitui.tui.app import SciTuiApp
from scitui.tui.rows import NOTE_GLYPH
from scitui.tui.screens.dialogs import ConfirmDialog
from scitui.tui.screens.main import MainScreen
from scitui.tui.screens.note_editor import NoteEditor
from scitui.tui.widgets.pane_list import PaneList

BESIDE = (150, 40)
"""Wide enough for the pane column beside the list."""
HOSTILE = "[@click=app.quit]x[/] \x1b[31mred\x07 [b]not bold[/b]"


def main_screen(app: SciTuiApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen), f"expected the main screen, got {screen!r}"
    return screen


def notes_count(app: SciTuiApp) -> str:
    """The Notes pane's 'unread/total' in the pane list."""
    panes = main_screen(app).query_one(PaneList)
    for index in range(panes.option_count):
        option = panes.get_option_at_index(index)
        if option.id == "notes":
            return str(option.prompt).split()[-1]
    raise AssertionError("no Notes pane")


def header_text(screen: MainScreen) -> str:
    header = screen.reader.query_one("#article-header", Static).content
    return "\n".join(text.plain for text in texts(header))


def first_row(screen: MainScreen) -> str:
    """The list's first line as drawn."""
    return screen.article_list.render_line(0).text


async def test_n_writes_a_note_shown_in_the_header_the_list_and_the_notes_pane(
    make_app, library, reopen
):
    first = library.articles(limit=1)[0]
    app = make_app()
    async with app.run_test(size=BESIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert notes_count(app) == "0/0" and NOTE_GLYPH not in first_row(screen)

        await pilot.press("N")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Ask the lab", "enter", *"about HBM")
        await pilot.press("ctrl+s")
        assert app.screen is screen

        assert reopen().note(first.id) == "Ask the lab\nabout HBM"
        assert NOTE_GLYPH in first_row(screen)
        await until(pilot, lambda: notes_count(app) == "1/1", "the Notes pane counted")
        await pilot.press("enter")
        assert screen.reading and "Your note" in header_text(screen)
        assert "Ask the lab\nabout HBM" in header_text(screen)
        assert reopen().article(first.id).read, "opening it read it; the note stays"
        await pilot.press("N", "enter", *"and GPUs", "ctrl+s")
        assert "about HBM\nand GPUs" in header_text(screen), "the open article's header redrawn"

        await pilot.press("escape", "4")
        assert screen.current.key == "notes"
        assert screen.article_list.total == 1
        assert screen.article_list.highlighted.id == first.id
        await until(pilot, lambda: notes_count(app) == "0/1", "read, still noted")


async def test_clearing_the_text_removes_the_note_and_its_glyph(make_app, library, reopen):
    first = library.articles(limit=1)[0]
    library.set_note(first.id, "to be removed")
    app = make_app()
    async with app.run_test(size=BESIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert NOTE_GLYPH in first_row(screen) and notes_count(app) == "1/1"
        await pilot.press("N")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one(TextArea).text == "to be removed"
        editor.query_one(TextArea).clear()
        await pilot.click("#note-save")
        await pilot.pause()

        assert app.screen is screen
        assert reopen().note(first.id) is None
        assert NOTE_GLYPH not in first_row(screen)
        await until(pilot, lambda: notes_count(app) == "0/0", "the Notes pane recounted")


async def test_escape_closes_at_once_unless_the_note_changed(make_app, library, reopen):
    first = library.articles(limit=1)[0]
    app = make_app()
    async with app.run_test(size=BESIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("N", "escape")
        assert app.screen is screen, "unchanged: no question"

        await pilot.press("N", *"draft")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        editor = app.screen
        assert isinstance(editor, NoteEditor) and editor.query_one(TextArea).text == "draft"
        await pilot.press("escape", "y")
        assert app.screen is screen
        assert reopen().note(first.id) is None
        assert NOTE_GLYPH not in first_row(screen)


async def test_slash_finds_an_article_by_its_notes_words(make_app, library):
    noted = library.articles(limit=5)[4]
    library.set_note(noted.id, "zirconium follow-up with the ministry")
    app = make_app()
    async with app.run_test(size=BESIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash", *"zirconium", "enter")
        await settle(pilot)
        assert screen.current.kind == "search"
        assert screen.article_list.total == 1
        assert screen.article_list.highlighted.id == noted.id
        assert NOTE_GLYPH in first_row(screen)


async def test_hostile_note_text_is_shown_literally(make_app, library):
    first = library.articles(limit=1)[0]
    library.set_note(first.id, HOSTILE)
    app = make_app()
    async with app.run_test(size=BESIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("enter")
        shown = header_text(screen)
        assert "[@click=app.quit]x[/] [31mred [b]not bold[/b]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        header = screen.reader.query_one("#article-header", Static).content
        assert not [span for text in texts(header) for span in text.spans if "click" in str(span)]

        await pilot.press("N")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        assert editor.query_one(TextArea).text == "[@click=app.quit]x[/] [31mred [b]not bold[/b]"
        await pilot.press("escape")
        assert app.is_running and app.screen is screen


def test_the_note_glyph_takes_no_room_from_the_title() -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    from rich.cells import cell_len

    from scitui.models import ArticleSummary
    from scitui.tui.rows import one_line, two_lines

    now = datetime(2026, 11, 29, tzinfo=UTC)
    plain = ArticleSummary(1, "Chip rules " * 12, None, "Wire", now, False, True, ("chips",))
    noted = replace(plain, has_note=True)

    with_note = "".join(text for text, _role in one_line(noted, 100, now))
    without = "".join(text for text, _role in one_line(plain, 100, now))

    assert with_note.startswith(f" ●{NOTE_GLYPH}★ Chip rules")
    assert with_note[5:] == without[5:] and cell_len(with_note) == cell_len(without) == 100
    top = "".join(text for text, _role in two_lines(noted, 60, now)[0])
    assert top[5:] == "".join(text for text, _role in two_lines(plain, 60, now)[0])[5:]
