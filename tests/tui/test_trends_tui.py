"""Topic trends in the reader: spiking topics are marked in the pane list, sparklines in headers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.widget import Widget

from scitui.library import ArticleFilter, Library
from scitui.trends import week_start
from scitui.tui.app import SciTuiApp
from scitui.tui.messages import CountsLoaded
from scitui.tui.panes import TREND_WEEKS
from scitui.tui.screens.main import MainScreen
from scitui.tui.widgets.pane_list import PaneList

FROZEN_NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
"""The app's clock in these tests (as in conftest): a Sunday, the week began 2026-11-23."""
SPIKING = "national-labs"


def widget_text(app: SciTuiApp, widget: Widget) -> str:
    """The characters drawn in a widget's cells on the current screen."""
    region = widget.region
    strips = app.screen._compositor.render_strips()[region.y : region.bottom]
    return "\n".join(strip.crop(region.x, region.right).text for strip in strips)


def pane_labels(panes: PaneList) -> dict[str, str]:
    labels = {}
    for index in range(panes.option_count):
        option = panes.get_option_at_index(index)
        assert option.id is not None
        labels[option.id] = str(option.prompt)
    return labels


def make_spike(library: Library) -> None:
    """Tag every article of the frozen clock's week with one topic, so that topic spikes."""
    monday = week_start(FROZEN_NOW)
    this_week = [
        article.id
        for article in library.articles(ArticleFilter(), limit=1000)
        if article.published and monday <= article.published.date() <= monday + timedelta(6)
    ]
    assert len(this_week) >= 3
    for article_id in this_week:
        library.tag(article_id, [SPIKING])


async def test_spiking_topic_is_marked_and_its_header_shows_the_sparkline(library, make_app):
    make_spike(library)
    trends = {trend.tag: trend for trend in library.trends(TREND_WEEKS, FROZEN_NOW)}
    assert trends[SPIKING].spike
    calm = next(tag for tag, trend in trends.items() if not trend.spike)
    loaded: list[CountsLoaded] = []

    def record(message: object) -> None:
        if isinstance(message, CountsLoaded):
            loaded.append(message)

    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=record) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)

        # the trends came with the counts, from the worker
        assert loaded
        panes = {pane.key: pane for pane in loaded[-1].panes}
        assert panes[f"tag:{SPIKING}"].spike
        assert panes[f"tag:{SPIKING}"].spark == trends[SPIKING].sparkline
        assert len(panes[f"tag:{calm}"].spark) == TREND_WEEKS

        labels = pane_labels(screen.query_one(PaneList))
        # each line is: number key, mark, title, counts
        assert labels[f"tag:{SPIKING}"][2] == "▲"
        assert labels[f"tag:{calm}"][2] == "▸"
        for tag, trend in trends.items():
            assert labels[f"tag:{tag}"][2] == ("▲" if trend.spike else "▸"), tag
        assert sum("▲" in label for label in labels.values()) == sum(
            trend.spike for trend in trends.values()
        )

        header = screen.query_one("#pane-header")
        assert trends[SPIKING].sparkline not in widget_text(app, header)
        screen.switch_pane(f"tag:{SPIKING}")
        await pilot.pause()
        text = widget_text(app, header)
        assert trends[SPIKING].sparkline in text and "▲ spike" in text

        screen.switch_pane(f"tag:{calm}")
        await pilot.pause()
        text = widget_text(app, header)
        assert trends[calm].sparkline in text and "spike" not in text
