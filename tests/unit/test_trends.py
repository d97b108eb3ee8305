"""Topic trends: ISO-week buckets from a real SQLite file, zero-filled weeks, spikes, sparklines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import count

import pytest

from scitui.config import TopicRule
from scitui.library import Library
from scitui.models import ArticleDraft, EntryData, TagSource
from scitui.trends import (
    BASELINE_WEEKS,
    TopicTrend,
    build_trends,
    is_spike,
    query_window,
    sparkline,
    week_start,
    week_starts,
)

FEED = "https://feeds.test/policy.xml"
TOPICS = {
    "chips": {"title": "Chips", "keywords": ["semiconductor"]},
    "labs": {"title": "National labs", "keywords": ["national laboratory"]},
}
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
"""A Wednesday: the current week began on Monday 2026-11-23."""
THIS_MONDAY = date(2026, 11, 23)

_keys = count()


def draft(published: datetime, tags: dict[str, TagSource]) -> ArticleDraft:
    key = f"k{next(_keys)}"
    entry = EntryData(
        key=key,
        guid=key,
        url=f"https://news.test/{key}.html",
        title=f"Story {key}",
        author=None,
        published=published,
        summary="",
        content_html="<p>Body.</p>",
    )
    return ArticleDraft(entry, "<p>Body.</p>", "Body.", "feed", tags)


@pytest.fixture
def library(make_library: Callable[..., Library]) -> Library:
    return make_library([FEED], TOPICS)


def add(library: Library, *articles: tuple[datetime, str]) -> None:
    """Store articles (moment, tag) through the store's real insert."""
    feed = library.store.ensure_feed(FEED, "Policy Wire")
    drafts = [(draft(moment, {tag: "rule"}), f"h{next(_keys)}") for moment, tag in articles]
    assert library.store.save_new(feed.id, drafts) == len(drafts)


def trend_of(trends: list[TopicTrend], tag: str) -> TopicTrend:
    return next(trend for trend in trends if trend.tag == tag)


# weeks -------------------------------------------------------------------------------------


def test_week_start_is_monday_utc_for_any_zone() -> None:
    assert week_start(datetime(2026, 11, 23, 0, 0, tzinfo=UTC)) == THIS_MONDAY
    assert week_start(datetime(2026, 11, 22, 23, 59, 59, tzinfo=UTC)) == date(2026, 11, 16)
    tokyo = timezone(timedelta(hours=9))
    # Monday 08:00 in Tokyo is Sunday 23:00 UTC: the previous week.
    assert week_start(datetime(2026, 11, 23, 8, 0, tzinfo=tokyo)) == date(2026, 11, 16)
    assert week_starts(NOW, 3) == (date(2026, 11, 9), date(2026, 11, 16), THIS_MONDAY)


def test_query_window_covers_the_baseline_even_for_a_short_display() -> None:
    start, end = query_window(NOW, 2)
    assert end == datetime(2026, 11, 30, tzinfo=UTC)
    assert start == datetime(2026, 11, 30, tzinfo=UTC) - timedelta(weeks=BASELINE_WEEKS + 1)
    assert query_window(NOW, 20)[0] == datetime(2026, 7, 13, tzinfo=UTC)


def test_sunday_2359_and_monday_0000_utc_fall_in_different_weeks(library: Library) -> None:
    add(
        library,
        (datetime(2026, 11, 22, 23, 59, tzinfo=UTC), "chips"),
        (datetime(2026, 11, 23, 0, 0, tzinfo=UTC), "chips"),
        (datetime(2026, 11, 23, 0, 0, 1, tzinfo=UTC), "chips"),
    )
    chips = trend_of(library.trends(weeks=2, now=NOW), "chips")
    assert chips.weeks == (date(2026, 11, 16), THIS_MONDAY)
    assert chips.counts == (1, 2)


def test_other_timezones_are_bucketed_by_their_utc_moment(library: Library) -> None:
    new_york = timezone(timedelta(hours=-5))
    berlin = timezone(timedelta(hours=1))
    add(
        library,
        # Sunday 20:00 in New York is Monday 01:00 UTC: this week.
        (datetime(2026, 11, 22, 20, 0, tzinfo=new_york), "labs"),
        # Monday 00:30 in Berlin is Sunday 23:30 UTC: last week.
        (datetime(2026, 11, 23, 0, 30, tzinfo=berlin), "labs"),
    )
    labs = trend_of(library.trends(weeks=2, now=NOW), "labs")
    assert labs.counts == (1, 1)
    stored = {summary.published for summary in library.articles()}
    assert all(moment is not None and moment.utcoffset() == timedelta(0) for moment in stored)


def test_every_topic_in_config_order_with_zero_filled_weeks(library: Library) -> None:
    add(
        library,
        (datetime(2026, 11, 3, 9, 0, tzinfo=UTC), "chips"),
        (datetime(2026, 11, 24, 9, 0, tzinfo=UTC), "chips"),
        (datetime(2026, 11, 24, 10, 0, tzinfo=UTC), "not-a-topic"),
    )
    trends = library.trends(weeks=4, now=NOW)
    assert [trend.tag for trend in trends] == ["chips", "labs"]
    chips, labs = trends
    assert chips.weeks == (date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), THIS_MONDAY)
    assert chips.counts == (1, 0, 0, 1)
    assert chips.total == 2 and chips.current == 1
    assert labs.counts == (0, 0, 0, 0) and labs.baseline == 0 and not labs.spike
    assert chips.title == "Chips" and labs.title == "National labs"


def test_articles_outside_the_window_are_left_out(library: Library) -> None:
    add(
        library,
        (datetime(2026, 11, 30, 0, 0, tzinfo=UTC), "chips"),  # next week
        (datetime(2026, 11, 8, 23, 59, tzinfo=UTC), "chips"),  # before a 3-week window
        (datetime(2026, 11, 9, 0, 0, tzinfo=UTC), "chips"),
    )
    chips = trend_of(library.trends(weeks=3, now=NOW), "chips")
    assert chips.counts == (1, 0, 0)
    # The older article is still in the 8 weeks the baseline looks at.
    assert chips.baseline == 2 / BASELINE_WEEKS


def test_as_json_has_iso_weeks_and_the_counts(library: Library) -> None:
    add(library, *[(NOW - timedelta(hours=hour), "chips") for hour in range(3)])
    chips = trend_of(library.trends(weeks=2, now=NOW), "chips")
    assert chips.as_json() == {
        "tag": "chips",
        "title": "Chips",
        "weeks": ["2026-11-16", "2026-11-23"],
        "counts": [0, 3],
        "current": 3,
        "baseline": 0.0,
        "total": 3,
        "spike": True,
    }


def test_weeks_must_be_positive() -> None:
    with pytest.raises(ValueError):
        build_trends([], [], NOW, weeks=0)


# spikes ------------------------------------------------------------------------------------


def weekly(counts_before: list[int], current: int) -> list[tuple[str, date, int]]:
    """Rows for 'chips': counts for the weeks before this one (oldest first), then this week."""
    weeks = week_starts(NOW, len(counts_before) + 1)
    return [("chips", week, n) for week, n in zip(weeks, [*counts_before, current], strict=True)]


CHIPS = [TopicRule("chips", "Chips")]


@pytest.mark.parametrize(
    ("before", "current", "spike"),
    [
        ([0] * 8, 3, True),  # from nothing to three
        ([0] * 8, 2, False),  # two is never a spike
        ([1] * 8, 2, False),  # twice the baseline, but under three
        ([2] * 8, 4, True),  # exactly twice the baseline
        ([2] * 8, 3, False),  # 1.5 times
        ([3, 3, 3, 3, 3, 3, 3, 1], 5, False),  # baseline 2.75: 5 < 5.5
        ([3, 3, 3, 3, 3, 3, 3, 1], 6, True),
        ([9, 9] + [0] * 8, 3, True),  # weeks older than 8 don't count
    ],
)
def test_spike_rule(before: list[int], current: int, spike: bool) -> None:
    [chips] = build_trends(CHIPS, weekly(before, current), NOW, weeks=12)
    assert chips.spike is spike
    assert chips.baseline == sum(before[-BASELINE_WEEKS:]) / BASELINE_WEEKS


def test_spike_ignores_how_many_weeks_are_shown() -> None:
    rows = weekly([4] * 8, 6)
    assert [trend.spike for trend in build_trends(CHIPS, rows, NOW, weeks=1)] == [False]
    assert [trend.baseline for trend in build_trends(CHIPS, rows, NOW, weeks=1)] == [4.0]


def test_is_spike_thresholds() -> None:
    assert is_spike(3, 1.5) and not is_spike(3, 1.51) and not is_spike(2, 0.0)


def test_a_spike_from_the_store(library: Library) -> None:
    add(library, (datetime(2026, 10, 20, 12, 0, tzinfo=UTC), "chips"))
    add(library, *[(datetime(2026, 11, 23, hour, 0, tzinfo=UTC), "chips") for hour in range(3)])
    add(library, *[(datetime(2026, 11, 16, hour, 0, tzinfo=UTC), "labs") for hour in range(4)])
    trends = library.trends(weeks=12, now=NOW)
    assert trend_of(trends, "chips").spike
    labs = trend_of(trends, "labs")
    assert not labs.spike and labs.counts[-2:] == (4, 0)


# sparklines --------------------------------------------------------------------------------


def test_sparkline_scales_to_the_largest_count() -> None:
    assert sparkline([0, 1, 2, 4, 7, 14]) == "▁▂▂▃▅█"
    assert sparkline([5]) == "█"
    assert sparkline([1, 100]) == "▂█"  # any article shows above zero


def test_sparkline_of_nothing() -> None:
    assert sparkline([0, 0, 0]) == "▁▁▁"
    assert sparkline([]) == ""
