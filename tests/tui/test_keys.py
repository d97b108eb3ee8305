"""Every key path of the reader, driven through Pilot on a copy of the demo cache.

Each test presses keys as a user would, then checks both what the screen shows and what the
store holds (a fresh Library on the same file), since every change is written at once.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static
from tui_pilot import settle, until

from scitui.library import ArticleFilter, Library
from scitui.models import Tag
from scitui.tui.app import SciTuiApp
from scitui.tui.screens.dialogs import SearchDialog, TagDialog, UntagDialog
from scitui.tui.screens.help import HelpScreen, key_label
from scitui.tui.screens.main import MainScreen
from scitui.tui.widgets.article_list import ArticleList
from scitui.tui.widgets.article_view import ArticleView
from scitui.tui.widgets.pane_list import PaneList

pytestmark = pytest.mark.usefixtures("article_rows")  # rows counted as articles

SIZE = (120, 40)
NARROW = (80, 24)
BESIDE = (150, 40)
"""Wide enough for the pane column beside the list."""


# helpers ------------------------------------------------------------------------------


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


def counts_of(app: SciTuiApp, key: str) -> str:
    """The 'unread/total' at the end of a pane's line in the pane list."""
    return pane_labels(app)[key].split()[-1]


def main_screen(app: SciTuiApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen), f"expected the main screen, got {screen!r}"
    return screen


def pane_labels(app: SciTuiApp) -> dict[str, str]:
    """The pane list's lines by pane key."""
    panes = app.main.query_one(PaneList)
    labels = {}
    for index in range(panes.option_count):
        option = panes.get_option_at_index(index)
        assert option.id is not None
        labels[option.id] = str(option.prompt)
    return labels


def list_ids(articles: ArticleList) -> list[int]:
    """The ids of every row of the list, in order."""
    rows = [articles.row(index) for index in range(articles.total)]
    return [row.id for row in rows if row is not None]


def ids_for(library: Library, where: ArticleFilter | None = None) -> list[int]:
    """The ids of a list as the store orders it (newest first)."""
    return [article.id for article in library.articles(where or ArticleFilter(), limit=1000)]


def notifications(messages: list[object]) -> list[Notification]:
    return [message.notification for message in messages if isinstance(message, Notify)]


def notifications_of(messages: list[object], severity: str) -> list[Notification]:
    return [note for note in notifications(messages) if note.severity == severity]


def palette_prompts(app: SciTuiApp) -> list[str]:
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


def plain(renderable: object, width: int = 160) -> str:
    """A renderable as the characters it shows, without styles."""
    out = io.StringIO()
    Console(width=width, file=out, color_system=None).print(renderable)
    return out.getvalue()


def set_url(db: Path, article_id: int, url: str | None) -> None:
    """Change an article's stored URL before the app starts (a hostile or missing link)."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("UPDATE articles SET url = ? WHERE id = ?", (url, article_id))
        conn.commit()
    finally:
        conn.close()


# panes ------------------------------------------------------------------------------


async def test_number_keys_brackets_and_h_l_switch_panes(make_app, library):
    app = make_app()
    keys = ["all", "unread", "starred", "notes"] + [f"tag:{tag.tag}" for tag in library.tags()]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        for key, index in (("5", 4), ("2", 1), ("0", 9), ("1", 0)):
            await pilot.press(key)
            assert screen.current.key == keys[index], key
            assert list_ids(screen.article_list) == ids_for(library, screen.current.where)
        await pilot.press("3")
        assert screen.current.key == "starred"
        assert screen.article_list.total == 0
        await pilot.press("1")
        seen = []
        for key in ("right_square_bracket", "l", "right_square_bracket"):
            await pilot.press(key)
            seen.append(screen.current.key)
        assert seen == keys[1:4]
        await pilot.press("left_square_bracket", "h", "h")
        assert screen.current.key == "all"
        await pilot.press("left_square_bracket")
        assert screen.current.key == keys[-1]
        assert list_ids(screen.article_list) == ids_for(library, screen.current.where)
        await pilot.press("l")
        assert screen.current.key == "all"
        assert screen.article_list.total == library.count()


async def test_jump_list_lists_every_pane_and_goes_to_the_one_typed(make_app, library):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        prompts = palette_prompts(app)
        assert len(prompts) == len(screen.panes) == 4 + len(library.tags())
        for pane, prompt in zip(screen.panes, prompts, strict=True):
            assert prompt.startswith(pane.title)
        await type_text(pilot, "tal")
        await settle(pilot)
        assert palette_prompts(app)[0].startswith("Talent and immigration")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.current.key == "tag:talent"
        assert list_ids(screen.article_list) == ids_for(library, ArticleFilter(tag="talent"))


async def test_pane_list_shows_topics_in_order_and_counts_follow_reading(make_app, library, reopen):
    app = make_app()
    total = library.count()
    topic_keys = [f"tag:{rule.slug}" for rule in library.topics]
    assert len(topic_keys) == 8
    other_tags = sorted(
        {tag for article in library.articles(limit=1000) for tag in article.tags}
        - {rule.slug for rule in library.topics}
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        labels = pane_labels(app)
        assert list(labels) == [
            "all",
            "unread",
            "starred",
            "notes",
            *topic_keys,
            *(f"tag:{tag}" for tag in other_tags),
        ]
        for rule in library.topics:
            count = library.count(ArticleFilter(tag=rule.slug))
            unread = library.count(ArticleFilter(tag=rule.slug, unread=True))
            assert counts_of(app, f"tag:{rule.slug}") == f"{unread}/{count}"
            assert rule.title[:12] in labels[f"tag:{rule.slug}"]
        assert counts_of(app, "all") == f"{total}/{total}"

        first = main_screen(app).article_list.highlighted
        assert first is not None and first.tags
        topic = first.tags[0]
        topic_total = library.count(ArticleFilter(tag=topic))
        await pilot.press("enter", "escape")
        stored = reopen()
        assert stored.article(first.id).read
        assert stored.totals().unread == total - 1
        await until(pilot, lambda: counts_of(app, "all") == f"{total - 1}/{total}", "All recounted")
        assert counts_of(app, f"tag:{topic}") == f"{topic_total - 1}/{topic_total}"
        assert counts_of(app, "unread") == f"{total - 1}/{total - 1}"


# moving and reading ---------------------------------------------------------------


async def test_j_k_arrows_move_enter_reads_esc_and_backspace_go_back(make_app, library, reopen):
    app = make_app()
    ids = ids_for(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        articles = screen.article_list
        assert articles.cursor == 0
        await pilot.press("j", "down", "down")
        assert articles.cursor == 3 and articles.highlighted.id == ids[3]
        await pilot.press("k", "up", "up")
        assert articles.cursor == 0 and articles.highlighted.id == ids[0]
        await pilot.press("up")
        assert articles.cursor == 0
        await pilot.press("end", "j")
        assert articles.cursor == len(ids) - 1 and articles.highlighted.id == ids[-1]
        await pilot.press("home", "j")
        assert articles.cursor == 1
        # moving reads nothing
        assert reopen().totals().unread == len(ids)

        await pilot.press("enter")
        assert screen.reading
        assert screen.reader.article is not None and screen.reader.article.id == ids[1]
        assert app.focused is screen.reader
        assert reopen().article(ids[1]).read
        await pilot.press("escape")
        assert not screen.reading
        assert app.focused is articles
        assert articles.cursor == 1 and articles.highlighted.read
        await pilot.press("j", "enter")
        assert screen.reading and screen.reader.article.id == ids[2]
        await pilot.press("backspace")
        assert not screen.reading
        assert app.focused is articles
        stored = reopen()
        assert [stored.article(i).read for i in ids[:4]] == [False, True, True, False]
        assert stored.totals().unread == len(ids) - 2


async def test_tab_cycles_focus_and_the_pane_list_chooses_panes(make_app, library):
    app = make_app()
    async with app.run_test(size=BESIDE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert app.focused is screen.article_list
        await pilot.press("tab")
        assert app.focused is screen.query_one(PaneList)
        await pilot.press("j", "j", "j", "j", "enter")
        assert screen.current.key == f"tag:{library.topics[0].slug}"
        assert app.focused is screen.article_list
        await pilot.press("tab", "tab")
        assert app.focused is screen.article_list
        await pilot.press("enter")
        assert screen.reading and app.focused is screen.reader
        # the reader has the screen: Tab never puts the focus on a hidden list
        await pilot.press("tab")
        assert app.focused is screen.reader


async def test_n_and_p_go_to_unread_in_the_list_and_while_reading(make_app, library, reopen):
    ids = ids_for(library)
    library.mark_read([ids[1], ids[2], ids[4]])
    messages: list[object] = []
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = main_screen(app)
        articles = screen.article_list
        await pilot.press("n")
        assert articles.highlighted is not None and articles.highlighted.id == ids[3]
        await pilot.press("n")
        assert articles.highlighted.id == ids[5]
        await pilot.press("p", "p")
        assert articles.highlighted.id == ids[0]
        await pilot.press("p")
        await pilot.pause()
        assert articles.highlighted.id == ids[0]
        assert any("No more unread" in note.message for note in notifications(messages))
        # moving is not reading
        assert reopen().totals().unread == len(ids) - 3

        await pilot.press("enter")
        assert screen.reader.article is not None and screen.reader.article.id == ids[0]
        await pilot.press("n")
        assert screen.reading and screen.reader.article.id == ids[3]
        assert reopen().article(ids[3]).read
        await pilot.press("n")
        assert screen.reader.article.id == ids[5]
        await pilot.press("p")
        # everything before ids[5] is read now: p stays
        assert screen.reader.article.id == ids[5]
        stored = reopen()
        assert [stored.article(i).read for i in ids[:7]] == [True] * 6 + [False]


async def test_space_and_b_page_through_the_reader(make_app, library):
    first_rows = library.articles(limit=5)
    longest = max(first_rows, key=lambda summary: len(library.article(summary.id).text))
    index = first_rows.index(longest)
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        screen = main_screen(app)
        await pilot.press(*["j"] * index, "enter")
        await pilot.pause()
        reader = screen.reader
        assert reader.article is not None and reader.article.id == longest.id
        assert reader.max_scroll_y > reader.scrollable_content_region.height
        assert reader.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        first_page = reader.scroll_y
        assert first_page > 0
        await pilot.press("space")
        await pilot.pause()
        assert reader.scroll_y > first_page
        await pilot.press("b")
        await pilot.pause()
        assert reader.scroll_y == first_page
        await pilot.press("b")
        await pilot.pause()
        assert reader.scroll_y == 0


# changing articles -----------------------------------------------------------------


async def test_m_toggles_read_in_the_list_and_in_the_reader(make_app, library, reopen):
    ids = ids_for(library)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("m")
        assert reopen().article(ids[0]).read
        assert screen.article_list.highlighted.read
        await pilot.press("m")
        assert not reopen().article(ids[0]).read
        assert not screen.article_list.highlighted.read
        await pilot.press("enter")
        assert reopen().article(ids[0]).read
        await pilot.press("m")
        assert not reopen().article(ids[0]).read
        assert screen.reader.article is not None and not screen.reader.article.read
        assert reopen().totals().unread == len(ids)


async def test_capital_m_marks_only_the_pane_read(make_app, library, reopen):
    topic = library.topics[0].slug
    in_topic = set(ids_for(library, ArticleFilter(tag=topic)))
    assert 0 < len(in_topic) < library.count()
    total = library.count()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("5")
        assert screen.current.key == f"tag:{topic}"
        await pilot.press("M", "y")  # over ten unread: M asks first
        rows = [screen.article_list.row(i) for i in range(screen.article_list.total)]
        assert rows and all(row is not None and row.read for row in rows)
        await settle(pilot)
        stored = reopen()
        for summary in stored.articles(limit=1000):
            assert summary.read == (summary.id in in_topic), summary.title
        unread = total - len(in_topic)
        await until(pilot, lambda: counts_of(app, "all") == f"{unread}/{total}", "recount")
        assert counts_of(app, f"tag:{topic}") == f"0/{len(in_topic)}"


async def test_s_stars_and_the_starred_pane_counts_it(make_app, library, reopen):
    ids = ids_for(library)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("j", "s")
        assert reopen().article(ids[1]).starred
        assert screen.article_list.highlighted.starred
        await until(pilot, lambda: counts_of(app, "starred") == "1/1", "Starred counts one")
        await pilot.press("3")
        assert list_ids(screen.article_list) == [ids[1]]
        await pilot.press("enter", "s")
        assert not reopen().article(ids[1]).starred
        assert reopen().totals().starred == 0
        await until(pilot, lambda: counts_of(app, "starred") == "0/0", "Starred counts none")


async def test_t_adds_a_new_tag_whose_pane_appears_and_completes_existing_tags(
    make_app, library, reopen
):
    ids = ids_for(library)
    first = library.articles(limit=1)[0]
    candidates = [rule.slug for rule in library.topics if rule.slug not in first.tags]
    wanted, prefix = candidates[0], candidates[0][:4]
    assert [tag for tag in candidates if tag.startswith(prefix)] == [wanted]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("t")
        assert isinstance(app.screen, TagDialog)
        await type_text(pilot, "A b")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert Tag("a-b", "manual") in reopen().article(ids[0]).tags
        assert "a-b" in screen.article_list.highlighted.tags
        keys = [pane.key for pane in screen.panes]
        assert keys[-5:] == [
            "tag:a-b",
            "tag:chinese",
            "tag:regulation",
            "tag:think-tank",
            "tag:trade-press",
        ]
        assert counts_of(app, "tag:a-b") == "1/1"

        # a prefix of an existing tag, then → completes it
        await pilot.press("t")
        dialog = app.screen
        assert isinstance(dialog, TagDialog)
        await type_text(pilot, prefix)
        await settle(pilot)
        await pilot.press("right")
        assert dialog.query_one("#tag-input", Input).value == wanted
        await pilot.press("enter")
        await settle(pilot)
        assert Tag(wanted, "manual") in reopen().article(first.id).tags
        assert wanted in screen.article_list.highlighted.tags

        await pilot.press(*"hhhhh")  # from All, back past the five plain tags' panes
        assert screen.current.key == "tag:a-b"
        assert list_ids(screen.article_list) == [ids[0]]


async def test_capital_t_removes_a_tag_and_a_refresh_does_not_add_it_back(
    make_app, library, reopen, demo_db
):
    first = library.article(library.articles(limit=1)[0].id)
    removed = first.tags[0]
    assert removed.source in ("feed", "rule")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = main_screen(app)
        await pilot.press("T")
        dialog = app.screen
        assert isinstance(dialog, UntagDialog)
        choices = dialog.query_one(OptionList)
        assert [choices.get_option_at_index(i).id for i in range(choices.option_count)] == [
            tag.name for tag in first.tags
        ]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert removed not in reopen().article(first.id).tags
        assert removed.name not in screen.article_list.highlighted.tags
        conn = sqlite3.connect(demo_db)
        try:
            removals = conn.execute("SELECT article_id, tag FROM tag_removals").fetchall()
            # the next refresh sees the entry as changed, so its tags are worked out again
            conn.execute("UPDATE articles SET entry_hash = 'changed' WHERE id = ?", (first.id,))
            conn.commit()
        finally:
            conn.close()
        assert removals == [(first.id, removed.name)]
        await pilot.press("r")
        await settle(pilot)
        assert [tag.name for tag in reopen().article(first.id).tags] == [
            tag.name for tag in first.tags if tag != removed
        ]


# search ---------------------------------------------------------------------------


async def test_slash_searches_esc_leaves_and_a_bad_search_only_notifies(make_app, library):
    query = "expo"
    expected = [hit.article.id for hit in library.search(query, limit=500)]
    assert 0 < len(expected) < library.count()
    messages: list[object] = []
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("5")
        before = screen.current.key
        await pilot.press("slash")
        assert isinstance(app.screen, SearchDialog)
        await type_text(pilot, query)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.current.kind == "search"
        assert screen.panes[0].key == "search"
        assert list(pane_labels(app))[0] == "search"
        assert list_ids(screen.article_list) == expected
        await pilot.press("enter")
        assert screen.reading and screen.reader.article.id == expected[0]
        await pilot.press("escape")
        assert screen.current.kind == "search"
        await pilot.press("escape")
        assert screen.current.key == before
        assert "search" not in [pane.key for pane in screen.panes]
        assert "search" not in pane_labels(app)
        assert list_ids(screen.article_list) == ids_for(library, screen.current.where)

        # FTS5 syntax error: a notification, no crash, the pane stays
        await pilot.press("slash")
        assert isinstance(app.screen, SearchDialog)
        app.screen.query_one(Input).value = "chips AND"
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        assert app.screen is screen
        assert screen.current.key == before
        errors = [note for note in notifications(messages) if note.severity == "error"]
        assert errors and "chips AND" in errors[0].message
        assert list_ids(screen.article_list) == ids_for(library, screen.current.where)


# links ------------------------------------------------------------------------------

HOSTILE_URLS = [None, "javascript:alert(1)", "file:///etc/passwd", "https://x.test/\x1b[31m"]


async def test_o_opens_only_http_urls_and_y_copies_the_url(make_app, library, browser, demo_db):
    ids = ids_for(library)
    for article_id, url in zip(ids, HOSTILE_URLS, strict=False):
        set_url(demo_db, article_id, url)
    good = library.article(ids[len(HOSTILE_URLS)])
    assert good.url and good.url.startswith("https://")
    messages: list[object] = []
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = main_screen(app)
        await pilot.press("enter", "o", "escape")
        for index in range(len(HOSTILE_URLS)):
            await pilot.press("o", "j")
            assert screen.article_list.cursor == index + 1
        await pilot.pause()
        assert browser.opened == []
        warnings = [note for note in notifications(messages) if note.severity == "warning"]
        assert len(warnings) == 1 + len(HOSTILE_URLS)
        await pilot.press("o")
        assert browser.opened == [good.url]
        assert app.is_running

        assert app.clipboard == ""
        await pilot.press("y")
        assert app.clipboard == good.url
        await pilot.press("home", "y")  # no URL: nothing copied, a warning
        assert app.clipboard == good.url
        await pilot.press("end", "enter", "y")
        assert app.clipboard == library.article(ids[-1]).url
        await pilot.pause()
        assert len(notifications_of(messages, "warning")) == 2 + len(HOSTILE_URLS)


# help, palette, quit ----------------------------------------------------------------


async def test_question_mark_lists_every_binding(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        lines = "\n".join(plain(static.content) for static in help_screen.query(Static))
        lines = lines.splitlines()
        groups = [MainScreen.BINDINGS, ArticleList.BINDINGS, ArticleView.BINDINGS, app.BINDINGS]
        for bindings in groups:
            for binding in bindings:
                assert isinstance(binding, Binding)
                if binding.action.startswith("pane("):  # the ten pane keys share one line
                    assert any(line.lstrip().startswith("1…9 0") for line in lines)
                    continue
                explanation = binding.tooltip or binding.description
                keys = key_label(binding.key)
                assert any(
                    explanation in line and line.lstrip().startswith(keys) for line in lines
                ), f"{binding.key} -> {binding.action} missing from help"
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_ctrl_p_palette_has_our_commands(make_app, library):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "refr")
        await settle(pilot)
        assert any(prompt.startswith("Refresh feeds") for prompt in palette_prompts(app))
        app.screen.query_one(Input).value = "export"
        await settle(pilot)
        assert palette_prompts(app)[0].startswith("Go to pane: Export controls")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.current.key == "tag:export-controls"
        assert list_ids(screen.article_list) == ids_for(
            library, ArticleFilter(tag="export-controls")
        )


async def test_q_quits_and_keeps_what_was_changed(make_app, library, reopen):
    first = library.articles(limit=1)[0]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s", "q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
    assert app.cancel_refresh.is_set()
    assert reopen().article(first.id).starred


# a narrow terminal ------------------------------------------------------------------


async def test_narrow_terminal_hides_the_panes_and_reads_full_screen(make_app, library):
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.has_class("-narrow")
        assert screen.query_one(PaneList).region.width == 0
        assert screen.article_list.region.width == NARROW[0]
        await pilot.press("right_square_bracket")
        assert screen.current.key == "unread"
        await pilot.press("l")
        assert screen.current.key == "starred"
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert screen.current.key == "all"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.reading
        assert screen.reader.region.width == NARROW[0]
        assert screen.article_list.region.width == 0
        await pilot.press("escape")
        await pilot.pause()
        assert screen.reader.region.width == 0
        assert screen.article_list.region.width == NARROW[0]
