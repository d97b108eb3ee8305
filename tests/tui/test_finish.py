"""Fit and finish: the palette lists only what means something here; help names Tab and how
to close it; the untag dialog's hint is whole."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Footer, Label, Static
from textual.widgets._footer import FooterKey
from tui_pilot import settle, until

from scitui.tui.app import SciTuiApp
from scitui.tui.screens.dialogs import UntagDialog
from scitui.tui.screens.help import HelpScreen


async def test_palette_has_one_help_entry_and_no_textual_extras(
    make_app: Callable[..., SciTuiApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        commands = app.screen.query_one(CommandList)
        await until(pilot, lambda: commands.option_count > 10, "the commands")
        prompts = [
            str(commands.get_option_at_index(i).prompt).split("\n")[0]
            for i in range(commands.option_count)
        ]
        assert "Help: every key" in prompts
        assert "Feeds" in prompts
        for gone in ("Keys", "Maximize", "Screenshot"):
            assert gone not in prompts, prompts


async def test_help_names_tab_and_how_to_close(make_app: Callable[..., SciTuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(
            "".join(segment.text for segment in strip)
            for static in app.screen.query(Static)
            for strip in static.render_lines(static.region.reset_offset)
        )
        assert "Tab" in text and "Next area" in text
        assert "Esc, q or ? closes this help." in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_untag_hint_is_whole_at_80_columns(make_app: Callable[..., SciTuiApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("T")
        assert isinstance(app.screen, UntagDialog)
        await pilot.pause()
        hint = app.screen.query(".dialog-hint").first(Label)
        lines = [line.text.rstrip() for line in hint.render_lines(hint.region.reset_offset)]
        words = " ".join(" ".join(lines).split())
        assert words.endswith("a removed topic tag is not re-added"), lines


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_reader_footer_keys_are_whole(
    make_app: Callable[..., SciTuiApp], size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        assert footer.show_command_palette == (size[0] >= 100)
        keys = list(footer.query(FooterKey))
        assert keys and all(key.region.right <= size[0] for key in keys if key.display)
        assert any(key.description == "Quit" and key.region.width for key in keys)
