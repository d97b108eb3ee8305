"""`w` explains an article's tags: the rules' matches in the header, highlighted in the body."""

from __future__ import annotations

from textual.widgets import Static
from tui_pilot import texts

from scitui.tui.render import HIGHLIGHT_STYLE
from scitui.tui.screens.main import MainScreen


def highlighted(renderable: object) -> set[str]:
    return {
        text.plain[span.start : span.end].lower()
        for text in texts(renderable)
        for span in text.spans
        if span.style == HIGHLIGHT_STYLE
    }


async def test_w_shows_the_reasons_and_highlights_the_terms_then_hides_them(make_app, library):
    first = library.articles(limit=1)[0]
    reasons = library.article(first.id).reasons
    assert reasons, "the demo's newest article is tagged by rules"
    terms = {reason.term.lower() for found in reasons.values() for reason in found}
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("w")
        assert screen.reading and screen.reader.why
        header = screen.reader.query_one("#article-header", Static).content
        plain = "\n".join(text.plain for text in texts(header))
        assert "Why these tags" in plain
        for tag in reasons:
            assert f"#{tag}" in plain
        body = screen.reader.query_one("#article-body", Static).content
        marked = highlighted(body)
        assert marked and marked <= terms
        assert library.article(first.id).read

        await pilot.press("w")
        assert not screen.reader.why
        header = screen.reader.query_one("#article-header", Static).content
        assert "Why these tags" not in "\n".join(text.plain for text in texts(header))
        assert not highlighted(screen.reader.query_one("#article-body", Static).content)
