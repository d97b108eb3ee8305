"""The reader open while another process stores articles (a `scitui fetch` from cron) shows
them: counts and the list update, and the cursor stays on its article. Its own writes do not
make it reload.

The other process is a second Library on the same file: a connection of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tui_pilot import label_counts, settle, until

from scitui.demo import demo_dir
from scitui.ingest import entry_hash
from scitui.library import ArticleFilter, Library
from scitui.models import ArticleDraft, EntryData, TagSource
from scitui.tui.app import SciTuiApp
from scitui.tui.widgets.status_line import StatusLine

pytestmark = pytest.mark.usefixtures("article_rows")  # rows counted as articles

SIZE = (120, 40)
FROZEN_NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
INTERVAL = 0.05
FEED = "https://other-process.test/feed.xml"


counts_of = label_counts


def drafts(count: int, tags: dict[str, TagSource]) -> list[tuple[ArticleDraft, str]]:
    """Articles newer than any in the demo, newest first."""
    made = []
    for index in range(count):
        entry = EntryData(
            key=f"cron-{index}",
            guid=f"cron-{index}",
            url=f"https://other-process.test/{index}.html",
            title=f"Fetched by cron {index}",
            author=None,
            published=FROZEN_NOW - timedelta(minutes=index + 1),
            summary="Stored by another process.",
            content_html="<p>Stored by another process.</p>",
        )
        text = "Stored by another process."
        draft = ArticleDraft(entry, entry.content_html, text, "feed", tags=dict(tags))
        made.append((draft, entry_hash(entry)))
    return made


@pytest.fixture
def other_process(demo_db: Path) -> Iterator[Library]:
    """A second Library on the app's database file."""
    other = Library.open(demo_dir() / "config.toml", demo_db)
    yield other
    other.close()


async def test_articles_another_process_stores_appear_and_the_cursor_stays(
    library: Library, other_process: Library
) -> None:
    app = SciTuiApp(library, demo=True, now=lambda: FROZEN_NOW, watch_interval=INTERVAL)
    total = library.count()
    chips = library.count(ArticleFilter(tag="ai-chips"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.main
        articles = screen.article_list
        await pilot.press("j", "j", "j")
        held = articles.highlighted
        assert held is not None and articles.cursor == 3
        assert counts_of(app, "all") == f"{total}/{total}"

        feed = other_process.store.ensure_feed(FEED, "Cron Wire")
        assert other_process.store.save_new(feed.id, drafts(2, {"ai-chips": "rule"})) == 2
        other_process.store.record_fetch(feed.id)

        await until(pilot, lambda: articles.total == total + 2, "the new rows")
        assert articles.highlighted == held
        assert articles.cursor == 5  # two newer rows above it
        assert articles.row(0) is not None and articles.row(0).title == "Fetched by cron 0"
        await until(pilot, lambda: counts_of(app, "all") == f"{total + 2}/{total + 2}", "counts")
        assert counts_of(app, "tag:ai-chips") == f"{chips + 2}/{chips + 2}"
        assert f"{total + 2:,} articles" in str(screen.query_one(StatusLine).content)
        assert screen.query_one(StatusLine).last_refresh == other_process.last_fetched()

        # The other process reads one: the unread counts follow.
        other_process.mark_read([held.id])
        await until(
            pilot, lambda: counts_of(app, "all") == f"{total + 1}/{total + 2}", "unread count"
        )
        assert articles.highlighted is not None and articles.highlighted.read


async def test_the_apps_own_writes_do_not_reload_its_list(library: Library) -> None:
    """Marking the Unread pane read (a worker) keeps its rows on screen, as without watching."""
    app = SciTuiApp(library, demo=True, now=lambda: FROZEN_NOW, watch_interval=INTERVAL)
    total = library.count(ArticleFilter(unread=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.main
        await pilot.press("2")
        assert screen.current.key == "unread" and screen.article_list.total == total
        await pilot.press("j", "s")  # a write on the app's own connection
        await pilot.press("M", "y")  # a write by a worker (asked first: over ten unread)
        await settle(pilot)
        await until(pilot, lambda: counts_of(app, "unread") == "0/0", "unread recount")
        await pilot.pause(INTERVAL * 6)
        assert screen.article_list.total == total
        assert all(
            row is not None and row.read for row in map(screen.article_list.row, range(total))
        )


def test_the_data_version_moves_only_for_another_connections_commit(
    library: Library, other_process: Library
) -> None:
    first = library.data_version()
    article = library.articles(limit=1)[0]
    library.star([article.id])
    assert library.data_version() == first
    other_process.star([article.id], False)
    assert library.data_version() != first


async def test_a_write_while_the_first_page_is_read_ahead_is_noticed(
    library: Library, other_process: Library
) -> None:
    """The app reads the All pane's first page in a thread as it starts: a write landing
    between that read and the first screen still shows."""
    app = SciTuiApp(
        library, demo=True, now=lambda: FROZEN_NOW, watch_interval=INTERVAL, prefetch=True
    )
    total = library.count()
    assert app.first_page is not None
    first = app.first_page.result()
    assert first is not None and first.total == total
    feed = other_process.store.ensure_feed(FEED, "Cron Wire")
    assert other_process.store.save_new(feed.id, drafts(1, {})) == 1
    async with app.run_test(size=SIZE) as pilot:
        articles = app.main.article_list
        await until(pilot, lambda: articles.total == total + 1, "the article stored meanwhile")
        assert articles.row(0) is not None and articles.row(0).title == "Fetched by cron 0"
        await until(pilot, lambda: counts_of(app, "all") == f"{total + 1}/{total + 1}", "counts")
