"""Topic trends: stories per topic per ISO week, sparklines and spikes; pure, no I/O, no clock.

The counts are of stories, not articles (the store counts a story once under a tag, in the
week of its first article with that tag): eight outlets on one rule are one event.
Spike rule: a topic is spiking when its current week (Monday 00:00 UTC up to ``now``, so
possibly partial) has at least ``SPIKE_MIN_COUNT`` (3) stories and at least ``SPIKE_FACTOR``
(2) times its baseline. The baseline is the mean weekly count over the ``BASELINE_WEEKS`` (8)
full weeks before the current one, whatever the displayed window; weeks without articles
count as 0. The partial week is not scaled up: early in a week, a spike shows once enough
articles have arrived, never from an estimate.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from scitui.config import TopicRule

BASELINE_WEEKS = 8
SPIKE_MIN_COUNT = 3
SPIKE_FACTOR = 2.0
BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class TopicTrend:
    """One topic's weekly article counts, oldest week first; the last week is the current one."""

    tag: str
    title: str
    weeks: tuple[date, ...]
    """The Monday (UTC) starting each week."""
    counts: tuple[int, ...]
    baseline: float
    """Mean weekly count over the full weeks before the current one (see the module doc)."""
    spike: bool

    @property
    def current(self) -> int:
        """Articles so far in the current week."""
        return self.counts[-1] if self.counts else 0

    @property
    def total(self) -> int:
        """Articles over the weeks shown."""
        return sum(self.counts)

    @property
    def sparkline(self) -> str:
        return sparkline(self.counts)

    def as_json(self) -> dict[str, Any]:
        return {
            "tag": self.tag,
            "title": self.title,
            "weeks": [week.isoformat() for week in self.weeks],
            "counts": list(self.counts),
            "current": self.current,
            "baseline": round(self.baseline, 2),
            "total": self.total,
            "spike": self.spike,
        }


def week_start(moment: datetime) -> date:
    """The Monday (UTC) of the ISO week holding ``moment``."""
    day = moment.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def week_starts(now: datetime, weeks: int) -> tuple[date, ...]:
    """The Mondays of the last ``weeks`` weeks, oldest first, ending with the current week."""
    current = week_start(now)
    return tuple(current - timedelta(weeks=back) for back in range(weeks - 1, -1, -1))


def query_window(now: datetime, weeks: int) -> tuple[datetime, datetime]:
    """[start, end) in UTC covering ``weeks`` weeks and the baseline's weeks before the current."""
    first = week_starts(now, max(weeks, BASELINE_WEEKS + 1))[0]
    end = week_start(now) + timedelta(weeks=1)
    return _midnight(first), _midnight(end)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def is_spike(current: int, baseline: float) -> bool:
    """The spike rule (module doc): at least 3 articles and at least twice the baseline."""
    return current >= SPIKE_MIN_COUNT and current >= SPIKE_FACTOR * baseline


def sparkline(counts: Sequence[int]) -> str:
    """One bar per count, scaled to the largest; zero is the lowest bar, any article above it."""
    peak = max(counts, default=0)
    if peak <= 0:
        return BARS[0] * len(counts)
    return "".join(BARS[math.ceil(max(count, 0) * 7 / peak)] for count in counts)


def build_trends(
    topics: Iterable[TopicRule],
    weekly_counts: Iterable[tuple[str, date, int]],
    now: datetime,
    weeks: int = 12,
) -> list[TopicTrend]:
    """Every topic's trend, in config order, with zeros for weeks without articles.

    Args:
        topics: the configured topics, in order.
        weekly_counts: (tag, week's Monday, count) rows; other tags and weeks are ignored.
        now: the current moment; its week is the last one.
        weeks: how many weeks to show (at least 1).
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    counts: dict[tuple[str, date], int] = {}
    for tag, week, count in weekly_counts:
        counts[tag, week] = counts.get((tag, week), 0) + count
    shown = week_starts(now, weeks)
    previous = week_starts(now, BASELINE_WEEKS + 1)[:-1]
    trends = []
    for rule in topics:
        series = tuple(counts.get((rule.slug, week), 0) for week in shown)
        baseline = sum(counts.get((rule.slug, week), 0) for week in previous) / BASELINE_WEEKS
        trends.append(
            TopicTrend(
                rule.slug, rule.title, shown, series, baseline, is_spike(series[-1], baseline)
            )
        )
    return trends
