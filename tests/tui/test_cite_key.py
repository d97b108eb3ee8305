"""c in the reader: the highlighted or open article's citation (BibTeX) on the clipboard."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware
from textual.notifications import Notify
from tui_pilot import settle

from scitui.library import ArticleFilter, Library
from scitui.store.cjk import register_functions
from scitui.tui.screens.help import HelpScreen
from scitui.tui.screens.main import MainScreen

SIZE = (120, 40)
HOSTILE_TITLE = "[bold]x[/] {brace 50% & \\back} 中文"


def entry_of(clipboard: str) -> dict[str, str]:
    """The one entry on the clipboard, parsed and LaTeX-decoded by bibtexparser."""
    parsed = bibtexparser.parse_string(clipboard, append_middleware=[LatexDecodingMiddleware()])
    assert not parsed.failed_blocks
    [entry] = parsed.entries
    return {"type": entry.entry_type, **{field.key: field.value for field in entry.fields}}


def set_title(db: Path, article_id: int, title: str) -> None:
    """A title as a hostile feed might send it (the search index's triggers need cjk_bigrams)."""
    conn = sqlite3.connect(db)
    register_functions(conn)
    try:
        conn.execute("UPDATE articles SET title = ? WHERE id = ?", (title, article_id))
        conn.commit()
    finally:
        conn.close()


async def test_c_copies_the_highlighted_then_the_open_articles_citation(
    make_app, library: Library, demo_db: Path
):
    ids = [article.id for article in library.articles(ArticleFilter(), limit=1000)]
    set_title(demo_db, ids[0], HOSTILE_TITLE)
    library.set_note(ids[-1], "Read with the 2023 rule.\nAsk the lab.")
    last = library.article(ids[-1])
    messages: list[object] = []
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await settle(pilot)
        assert app.clipboard == ""

        await pilot.press("c")
        first = entry_of(app.clipboard)
        assert first["type"] == "online" and first["title"] == HOSTILE_TITLE
        assert first["urldate"] == "2026-11-29"  # the app's frozen clock, in TZ=UTC

        await pilot.press("end", "enter")
        assert screen.reader.article is not None and screen.reader.article.id == ids[-1]
        await pilot.press("c")
        opened = entry_of(app.clipboard)
        assert opened["title"] == last.title
        assert opened["journaltitle"] == last.feed
        assert opened["annote"].splitlines() == ["Read with the 2023 rule.", "Ask the lab."]
        await pilot.pause()
        toasts = [m.notification.message for m in messages if isinstance(m, Notify)]
        assert toasts.count("Copied the citation (BibTeX).") == 2


async def test_help_lists_c(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        bindings = {binding.action: binding for binding in MainScreen.BINDINGS}
        assert bindings["cite"].key == "c"
        assert "citation" in (bindings["cite"].tooltip or "")
