"""Periods as people type them ("12h", "7d", "2w"): the AGE of CLI options and of views."""

from __future__ import annotations

import re
from datetime import timedelta

MAX_PERIOD = timedelta(days=36_500)

_PERIOD = re.compile(r"^\s*(\d{1,6})\s*([hdw])\s*$", re.IGNORECASE)
_PERIOD_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def parse_period(text: str) -> timedelta:
    """'12h', '7d' or '2w' as a timedelta.

    Raises:
        ValueError: with a message fit to show the user.
    """
    match = _PERIOD.match(text)
    if not match or int(match[1]) < 1:
        raise ValueError(f"{text!r} is not a period: use a number and h, d or w (12h, 7d, 2w)")
    period = timedelta(**{_PERIOD_UNITS[match[2].lower()]: int(match[1])})
    if period > MAX_PERIOD:
        raise ValueError(f"{text!r} is too long a period (at most 100 years)")
    return period
