"""`w` explains an article's tags: the rules' matches in the header, highlighted in the body."""

from __future__ import annotations

from textual.widgets import Static
from tui_pilot import settle, texts

from scitui.tui.render import HIGHLIGHT_STYLE
from scitui.tui.screens.main import MainScreen


def highlighted(renderable: object) -> set[str]:
    return {
        text.plain[span.start : span.end].lower()
        for text in texts(renderable)
        for span in text.spans
        if span.style == HIGHLIGHT_STYLE
    }


async def press_w(app, pilot) -> tuple[MainScreen, str, object]:
    """Press w on the first article: the screen, the header's text and the rendered body."""
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MainScreen)
    await pilot.press("w")
    assert screen.reading and screen.reader.why
    header = screen.reader.query_one("#article-header", Static).content
    body = screen.reader.query_one("#article-body", Static).content
    return screen, "\n".join(text.plain for text in texts(header)), body


async def test_w_shows_the_reasons_and_highlights_the_terms_then_hides_them(make_app, library):
    first = library.articles(limit=1)[0]
    reasons = library.article(first.id).reasons
    assert reasons, "the demo's newest article is tagged by rules"
    terms = {reason.term.lower() for found in reasons.values() for reason in found}
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, plain, body = await press_w(app, pilot)
        assert "Why these tags" in plain
        for tag in reasons:
            assert f"#{tag}" in plain
        marked = highlighted(body)
        assert marked and marked <= terms
        assert library.article(first.id).read

        await pilot.press("w")
        assert not screen.reader.why
        header = screen.reader.query_one("#article-header", Static).content
        assert "Why these tags" not in "\n".join(text.plain for text in texts(header))
        assert not highlighted(screen.reader.query_one("#article-body", Static).content)


async def test_w_explains_and_highlights_chinese_terms_inside_unspaced_text(make_app, library):
    from datetime import UTC, datetime

    from scitui.config import default_topics
    from scitui.ingest import entry_hash
    from scitui.models import ArticleDraft, EntryData
    from scitui.topics import TopicMatcher

    title = "商务部公告2023年第23号：镓锗相关物项实施出口管制"
    text = (
        "为维护国家安全和利益，对镓、锗相关物项实施出口管制，未经许可不得出口。"
        "出口管制自8月1日起实施。"
    )
    entry = EntryData(
        key="zh-1",
        guid="zh-1",
        url="https://mofcom.test/1.html",
        title=title,
        author=None,
        published=datetime(2026, 11, 28, 23, 0, tzinfo=UTC),  # newer than the demo: first row
        summary=text,
        content_html=f"<p>{text}</p>",
    )
    reasons = TopicMatcher(default_topics()).match(title, text)
    assert "export-controls" in reasons
    assert ("出口管制", "body", 2) in [
        (r.term, r.where, r.count) for r in reasons["export-controls"]
    ]
    draft = ArticleDraft(
        entry,
        entry.content_html,
        text,
        "feed",
        tags=dict.fromkeys(reasons, "rule"),
        reasons=reasons,
    )
    feed = library.store.ensure_feed("https://mofcom.test/feed.xml", "MOFCOM")
    assert library.store.save_new(feed.id, [(draft, entry_hash(entry))]) == 1
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        _screen, plain, body = await press_w(app, pilot)
        assert "#export-controls" in plain
        assert "出口管制" in plain
        assert "出口管制" in highlighted(body)


async def test_w_explains_the_demos_own_chinese_item(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:  # wide enough for the panes
        await settle(pilot)
        app.main.switch_pane("tag:chinese")
        await settle(pilot)
        highlighted_row = app.main.article_list.highlighted
        assert highlighted_row is not None
        assert highlighted_row.title.startswith("全国重点实验室首轮评估结果公布")
        _screen, plain, body = await press_w(app, pilot)
        assert "#national-labs" in plain and "#self-reliance" in plain
        assert "全国重点实验室" in plain and "自立自强" in plain
        assert {"全国重点实验室", "自立自强"} <= highlighted(body)
