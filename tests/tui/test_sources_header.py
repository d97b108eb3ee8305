"""The reader lists an article's primary sources under its header, numbered like its links,
so L and a number open one; ids are shown literally, never as markup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import OptionList, Static
from tui_pilot import texts

from scitui.library import ArticleFilter, Library
from scitui.tui.screens.dialogs import LinkDialog
from scitui.tui.screens.main import MainScreen

SIZE = (120, 40)
FR_URL = "https://www.federalregister.gov/d/2022-21658"
CFR_URL = "https://www.ecfr.gov/current/title-15/section-744.23"


def give_sources(db: Path, article_id: int) -> None:
    """One body link (to the rule) and three sources, one of them with markup in its id."""
    conn = sqlite3.connect(db)
    try:
        conn.execute(
            "UPDATE articles SET html = ? WHERE id = ?",
            (f'<p>The <a href="{FR_URL}">rule</a> is out.</p>', article_id),
        )
        conn.execute("DELETE FROM article_sources WHERE article_id = ?", (article_id,))
        conn.executemany(
            "INSERT INTO article_sources (article_id, kind, ident, url) VALUES (?, ?, ?, ?)",
            [
                (article_id, "eccn", "3A090", ""),
                (article_id, "cfr", "15 CFR 744.23", CFR_URL),
                (article_id, "fr-doc", "2022-21658", FR_URL),
                (article_id, "docket", "[@click=app.quit]X[/]", ""),
            ],
        )
        conn.commit()
    finally:
        conn.close()


async def test_sources_under_the_header_open_by_number(
    make_app, library: Library, demo_db, browser
):
    [first] = library.articles(ArticleFilter(), limit=1)
    give_sources(demo_db, first.id)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("enter")
        await pilot.pause()
        header = screen.reader.query_one("#article-header", Static).content
        lines = [text.plain for text in texts(header)]
        assert (
            "Primary sources: FR 2022-21658[1] · 15 CFR 744.23[2] · ECCN 3A090 · "
            "Docket [@click=app.quit]X[/]"
        ) in lines
        assert [link.url for link in screen.reader.links] == [FR_URL, CFR_URL]

        await pilot.press("L")
        dialog = app.screen
        assert isinstance(dialog, LinkDialog)
        prompt = str(dialog.query_one(OptionList).get_option_at_index(1).prompt)
        assert prompt == f"[2] 15 CFR 744.23 — {CFR_URL}"
        await pilot.press("2", "enter")
        assert app.screen is screen
        assert browser.opened == [CFR_URL]
        assert app.is_running  # the id's markup was never run


async def test_no_sources_no_line(make_app, library: Library):
    articles = library.articles(ArticleFilter(), limit=200)
    plain = next(a for a in articles if not library.article(a.id).sources)
    index = [a.id for a in articles].index(plain.id)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press(*["j"] * index, "enter")
        await pilot.pause()
        assert screen.reader.article is not None and screen.reader.article.id == plain.id
        header = screen.reader.query_one("#article-header", Static).content
        assert not any(text.plain.startswith("Primary sources") for text in texts(header))


async def test_capital_d_lists_documents_and_enter_lists_their_articles(
    make_app, library: Library, demo_db
):
    from tui_pilot import settle

    from scitui.tui.screens.sources import SourcesScreen

    citing = [a.id for a in library.articles(ArticleFilter(), limit=3)]
    for article_id in citing:
        give_sources(demo_db, article_id)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await pilot.press("D")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        listed = [(count.source.kind, count.source.id) for count in screen.counts]
        assert listed[0] == ("eccn", "3A090")  # the demo's articles cite it too
        index = listed.index(("fr-doc", "2022-21658"))
        assert screen.counts[index].articles == 3
        assert "documents" in str(screen.query_one("#sources-header", Static).content)

        await pilot.press(*["j"] * index, "enter")
        await settle(pilot)
        assert app.screen is main
        assert main.current.kind == "source"
        assert main.current.title == "Source: FR 2022-21658"
        assert {row.id for row in library.citing("fr-doc", "2022-21658")} == set(citing)
        assert main.article_list.total == 3
        assert "Esc leaves" in str(main.query_one("#pane-header", Static).content)

        await pilot.press("escape")
        assert main.current.key == "all"
        assert all(pane.kind != "source" for pane in main.panes)
        await pilot.press("D", "escape")
        await settle(pilot)
        assert app.screen is main
