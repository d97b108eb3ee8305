"""Saved views in the reader: panes with live counts, ranked views, V writing the config."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Input, Static
from tui_pilot import label_counts, settle, until

from scitui.config import load_config
from scitui.demo import demo_dir
from scitui.library import ArticleFilter, Library
from scitui.tui.app import SciTuiApp
from scitui.tui.panes import FilterSource, HitsSource
from scitui.tui.render import search_terms
from scitui.tui.screens.help import HelpScreen
from scitui.tui.screens.views import ViewTitleDialog

SIZE = (150, 40)
FROZEN_NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
"""The clock of tests/tui/conftest.py: the demo's newest article is from 2026-11-27."""
VIEWS = """
# my standing questions
[views.bis-hbm]
title = "BIS on HBM"
query = "HBM"
tags = ["export-controls"]

[views.talent-month]
title = "Talent this month"
tags = ["talent"]
since = "30d"

[views.chips-ranked]
title = "Chips, best first"
query = "chip"
sort = "relevance"
"""


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    """The demo's config with a comment of the user's and three views."""
    path = tmp_path / "config.toml"
    path.write_text((demo_dir() / "config.toml").read_text("utf-8") + VIEWS, encoding="utf-8")
    return path


@pytest.fixture
def views_library(config_path: Path, demo_db: Path) -> Iterator[Library]:
    library = Library.open(config_path, demo_db)
    yield library
    library.close()


def app_over(library: Library) -> SciTuiApp:
    return SciTuiApp(library, demo=True, now=lambda: FROZEN_NOW, watch_interval=None)


def titles(app: SciTuiApp) -> list[str]:
    source = app.main.source
    return [row.title for row in source.rows(0, 100)]


async def test_views_are_panes_after_the_topics_with_live_counts(
    views_library: Library,
) -> None:
    app = app_over(views_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        kinds = [pane.kind for pane in app.main.panes]
        first_view = kinds.index("view")
        assert kinds[:4] == ["all", "unread", "starred", "notes"]
        assert set(kinds[4:first_view]) == {"topic"}
        assert kinds[first_view : first_view + 3] == ["view"] * 3
        assert set(kinds[first_view + 3 :]) == {"tag"}
        assert label_counts(app, "view:talent-month") == "4/4"
        hbm = views_library.count(ArticleFilter(tag="export-controls", match="HBM"))
        assert hbm > 0
        assert label_counts(app, "view:bis-hbm") == f"{hbm}/{hbm}"

        app.main.switch_pane("view:talent-month")
        await pilot.pause()
        assert [title[:20] for title in titles(app)] == [
            "Wage-weighted H-1B s",
            "Campuses review visi",
            "STEM OPT survives co",
            "International STEM P",
        ]
        await pilot.press("m")  # read: the view's counts change at once
        assert label_counts(app, "view:talent-month") == "3/4"
        await settle(pilot)
        await until(pilot, lambda: label_counts(app, "view:talent-month") == "3/4", "recount")


async def test_a_relevance_view_lists_its_best_matches_first(views_library: Library) -> None:
    app = app_over(views_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main.switch_pane("view:chips-ranked")
        await settle(pilot)
        assert isinstance(app.main.source, HitsSource)
        assert "best first" in str(app.main.query_one("#pane-header", Static).content)
        expected = [hit.article.title for hit in views_library.search("chip", limit=500)]
        assert titles(app) == expected
        by_date = [row.title for row in views_library.articles(ArticleFilter(match="chip"), 100)]
        assert set(by_date) == set(expected) and by_date != expected


async def test_the_jump_list_palette_and_help_name_views(views_library: Library) -> None:
    app = app_over(views_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = [command.title for command in app.get_system_commands(app.main)]
        assert "Go to pane: BIS on HBM" in commands
        assert "Save as view" in commands
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        console = Console(record=True, width=120, file=io.StringIO())
        for static in help_screen.query(Static):
            console.print(static.content)
        assert "V               Save the search or the pane as a view" in console.export_text()


async def save_as(pilot, app: SciTuiApp, title: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("V")
    await until(pilot, lambda: isinstance(app.screen, ViewTitleDialog), "the title dialog")
    field = app.screen.query_one(Input)
    field.value = title
    await pilot.press("enter")
    await settle(pilot)


async def test_v_saves_the_pane_as_a_view_keeping_the_users_comments(
    views_library: Library, config_path: Path
) -> None:
    app = app_over(views_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main.switch_pane("tag:talent")
        await pilot.pause()
        await save_as(pilot, app, "Talent, all of it")

        text = config_path.read_text("utf-8")
        assert "# my standing questions\n[views.bis-hbm]" in text
        assert '[views.talent-all-of-it]\ntitle = "Talent, all of it"\ntags = ["talent"]' in text
        assert app.main.current.key == "view:talent-all-of-it"
        talent = views_library.count(ArticleFilter(tag="talent"))
        await until(
            pilot,
            lambda: label_counts(app, "view:talent-all-of-it") == f"{talent}/{talent}",
            "the new view's counts",
        )
        keys = [pane.key for pane in app.main.panes]
        assert keys.index("view:talent-all-of-it") == keys.index("view:chips-ranked") + 1


async def test_v_saves_a_chinese_search_as_a_view(
    views_library: Library, config_path: Path
) -> None:
    app = app_over(views_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await until(pilot, lambda: app.screen.query(Input), "the search dialog")
        app.screen.query_one(Input).value = "出口管制 OR HBM"
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.current.kind == "search"
        searched = titles(app)

        await save_as(pilot, app, "出口管制")
        view = load_config(config_path).view("view")
        assert view is not None
        assert (view.title, view.query, view.tags) == ("出口管制", "出口管制 OR HBM", ())
        assert app.main.current.key == "view:view"
        assert set(titles(app)) == set(searched) and searched


def test_a_row_that_leaves_a_view_of_tags_is_kept(views_library: Library) -> None:
    where = ArticleFilter(any_tags=("talent", "funding"), all_tags=("research-security",))
    source = FilterSource(views_library, where)
    first = source.rows(0, 1)[0]
    source.changed(replace(first, read=True, tags=("talent", "research-security")))
    assert source.where.also_ids == frozenset()
    source.changed(replace(first, tags=("talent",)))
    assert source.where.also_ids == {first.id}


async def test_an_article_opened_from_a_view_highlights_its_query(
    views_library: Library,
) -> None:
    app = app_over(views_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main.switch_pane("view:bis-hbm")
        await pilot.pause()
        assert app.main._searched() == search_terms("HBM")
        app.main.switch_pane("view:talent-month")
        await pilot.pause()
        assert app.main._searched() == []


async def test_v_on_the_notes_pane_says_it_cannot_be_a_view_and_writes_nothing(
    views_library: Library, config_path: Path
) -> None:
    before = config_path.read_text("utf-8")
    app = app_over(views_library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main.switch_pane("notes")
        await pilot.pause()
        await pilot.press("V")
        await pilot.pause()
        assert not isinstance(app.screen, ViewTitleDialog)
        messages = [str(notice.message) for notice in app._notifications]
        assert any("Notes cannot be a view" in message for message in messages)
    assert config_path.read_text("utf-8") == before
