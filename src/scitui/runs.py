"""How a refresh ended: its counts, and the causes its failures share, in one line each.

Pure functions over FeedOutcome values; the store keeps the last run so the reader can tell
the truth after a restart ("last refresh 18:05: 22 of 22 feeds failed").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scitui.models import FeedOutcome, iso

CAUSES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "dns",
        re.compile(
            r"Name or service not known|Temporary failure in name resolution|"
            r"nodename nor servname|No address associated with hostname|getaddrinfo failed|"
            r"\[Errno -[235]\]",
            re.IGNORECASE,
        ),
        "no feed host could be resolved",
    ),
    (
        "refused",
        re.compile(r"Connection refused|\[Errno 111\]", re.IGNORECASE),
        "every connection was refused",
    ),
    (
        "unreachable",
        re.compile(r"Network is unreachable|No route to host|\[Errno 10[13]\]", re.IGNORECASE),
        "the network is unreachable",
    ),
    (
        "gave-up",
        re.compile(r": skipped: \S* timed out \d+ times in this run"),
        "skipped: their host kept timing out",
    ),
    ("timeout", re.compile(r"timed out", re.IGNORECASE), "every request timed out"),
)
"""(cause, what its errors say, how one line says that every failed feed shares it)."""

CAUSE_NAMES = {
    "dns": "name not resolved",
    "refused": "connection refused",
    "unreachable": "network unreachable",
    "timeout": "timed out",
    "gave-up": "skipped, their host kept timing out",
}
"""A cause as a few words, for a line counting the feeds that failed of it."""

OFFLINE_CAUSES = frozenset({"dns", "refused", "unreachable"})
"""Causes that, shared by every feed, mean this machine is offline rather than the feeds down."""


def failure_cause(error: str | None) -> str | None:
    """The cause of a feed's error (a key of CAUSE_NAMES), or None when it is its own."""
    if not error:
        return None
    for cause, pattern, _line in CAUSES:
        if pattern.search(error):
            return cause
    return None


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 feed', '2 feeds', '1,204 articles'."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"


@dataclass(frozen=True)
class RunSummary:
    """One refresh: when it ran, how many feeds it tried, failed and what it stored."""

    finished: datetime
    feeds: int
    failed: int
    new: int = 0
    updated: int = 0
    causes: tuple[tuple[str, int], ...] = ()
    """(cause, feeds that failed of it), most common first; other errors are not listed."""

    @property
    def reached(self) -> bool:
        """Whether at least one feed answered (the machine was online)."""
        return self.failed < self.feeds

    @property
    def offline(self) -> bool:
        """Every feed failed of the same network cause: this machine, not the feeds."""
        return (
            self.feeds > 0
            and not self.reached
            and len(self.causes) == 1
            and self.causes[0][0] in OFFLINE_CAUSES
            and self.causes[0][1] == self.failed
        )

    def headline(self) -> str:
        """'3 new articles from 22 feeds, 2 failed' or '22 of 22 feeds failed'."""
        if self.feeds and not self.reached:
            return f"{self.failed:,} of {plural(self.feeds, 'feed')} failed"
        text = f"{plural(self.new, 'new article')} from {plural(self.feeds, 'feed')}"
        if self.updated:
            text += f", {self.updated:,} updated"
        if self.failed:
            text += f", {self.failed:,} failed"
        return text

    def lines(self) -> list[str]:
        """The causes the failures share, one line each (none for errors of their own).

        Every failure of one cause: "offline: no feed host could be resolved (22 feeds)".
        Otherwise each cause two or more feeds share: "5 feeds: connection refused".
        """
        if len(self.causes) == 1 and self.causes[0][1] == self.failed and self.failed > 1:
            cause, count = self.causes[0]
            line = next(line for key, _pattern, line in CAUSES if key == cause)
            prefix = "offline: " if self.offline else ""
            return [f"{prefix}{line} ({plural(count, 'feed')})"]
        return [
            f"{plural(count, 'feed')}: {CAUSE_NAMES[cause]}"
            for cause, count in self.causes
            if count > 1
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "finished": iso(self.finished),
            "feeds": self.feeds,
            "failed": self.failed,
            "new": self.new,
            "updated": self.updated,
            "causes": dict(self.causes),
        }


def summarize(outcomes: Iterable[FeedOutcome], finished: datetime) -> RunSummary:
    """A run's summary from its feeds' outcomes."""
    outcomes = list(outcomes)
    failed = [outcome for outcome in outcomes if not outcome.ok]
    causes = Counter(
        cause for outcome in failed if (cause := failure_cause(outcome.error)) is not None
    )
    return RunSummary(
        finished=finished,
        feeds=len(outcomes),
        failed=len(failed),
        new=sum(outcome.new for outcome in outcomes),
        updated=sum(outcome.updated for outcome in outcomes),
        causes=tuple(causes.most_common()),
    )
