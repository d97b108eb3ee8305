"""The bundled offline demo: sample feeds and pages ingested through the normal pipeline.

The feeds' dates are laid relative to the day the demo is loaded (``relayout``), so the
digest, the trends and the spike marks have something to show whatever the date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from scitui.library import Library
from scitui.models import FeedOutcome, ProgressCallback
from scitui.paths import demo_config_path
from scitui.retrieve import FileRetriever, Response
from scitui.trends import week_start

DEMO_BASE_URL = "https://demo.scitui.invalid"
FEDERAL_REGISTER_URL = "https://www.federalregister.gov"
"""The demo's Federal Register feed links documents here: served from ``site/federalregister``."""
MONDAY_MORNING = timedelta(hours=6)
"""On a Monday the week so far has hardly begun: its articles get up to 06:00 UTC."""
_DATE = re.compile(rb"<(pubDate|lastBuildDate|dc:date|updated|published)>([^<]+)</\1>")
_RFC822 = (b"pubDate", b"lastBuildDate")


def demo_dir() -> Path:
    """The demo's folder inside the installed package."""
    return demo_config_path().parent


def open_demo(db_path: Path) -> Library:
    """A Library over the demo database with the demo's config (never the user's).

    The demo config lists feeds only, so the built-in topics apply.
    """
    return Library.open(demo_dir() / "config.toml", db_path)


def relayout(written: datetime, newest: datetime, now: datetime) -> datetime:
    """Where a demo date goes when the demo is loaded at ``now``.

    Every date moves by the same whole number of weeks, which puts the week of the demo's
    newest date on the current week (so a weekday stays the same weekday). Dates of the
    current week that would then lie after the start of today (on a Monday: after 06:00
    UTC, so before then the newest are a few hours ahead) are squeezed, in order, into the
    week's part up to then. Order is always kept, spacing everywhere else, and the result
    depends on the day only: loading the demo twice a day changes nothing.
    """
    weeks = (week_start(now) - week_start(newest)).days // 7
    moved = written + timedelta(weeks=weeks)
    monday = datetime.combine(week_start(now), time(), tzinfo=UTC)
    today = datetime.combine(now.astimezone(UTC).date(), time(), tzinfo=UTC)
    end = max(today, monday + MONDAY_MORNING)
    last = newest + timedelta(weeks=weeks)
    if moved < monday or last <= end:
        return moved
    squeezed = monday + (moved - monday) * ((end - monday) / (last - monday))
    return squeezed.replace(microsecond=0)


def _parse(element: bytes, value: bytes) -> datetime | None:
    text = value.decode("ascii", "replace").strip()
    try:
        parsed = parsedate_to_datetime(text) if element in _RFC822 else datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def newest_date(feeds: Iterator[bytes]) -> datetime:
    """The latest date written in the demo's feeds."""
    found = [
        moment
        for content in feeds
        for match in _DATE.finditer(content)
        if (moment := _parse(match.group(1), match.group(2))) is not None
    ]
    return max(found)


def relayout_feed(content: bytes, newest: datetime, now: datetime) -> bytes:
    """A demo feed with every date in it moved by ``relayout``, written in its own format."""

    def move(match: re.Match[bytes]) -> bytes:
        element, value = match.group(1), match.group(2)
        written = _parse(element, value)
        if written is None:
            return match.group(0)
        placed = relayout(written, newest, now).astimezone(UTC)
        text = format_datetime(placed, usegmt=True) if element in _RFC822 else placed.isoformat()
        return b"<%s>%s</%s>" % (element, text.encode("ascii"), element)

    return _DATE.sub(move, content)


class DemoRetriever:
    """Serves the demo's files offline, its feeds' dates laid relative to ``now``.

    The Federal Register's pages come from the package too, under their real addresses,
    so its documents carry their own ids (as ``fr-doc`` sources) and no page fails.
    """

    def __init__(self, now: datetime | None = None) -> None:
        site = demo_dir() / "site"
        self._files = FileRetriever(DEMO_BASE_URL, site)
        self._register = FileRetriever(FEDERAL_REGISTER_URL, site / "federalregister")
        self._newest = newest_date(path.read_bytes() for path in (site / "feeds").glob("*.xml"))
        self._now = now

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        if url.startswith(f"{FEDERAL_REGISTER_URL}/"):
            return self._register.get(url, etag, last_modified)
        response = self._files.get(url, etag, last_modified)
        if not url.startswith(f"{DEMO_BASE_URL}/feeds/"):
            return response
        now = self._now or datetime.now(UTC)
        return replace(response, content=relayout_feed(response.content, self._newest, now))

    def close(self) -> None:
        self._files.close()
        self._register.close()


def demo_retriever(now: datetime | None = None) -> DemoRetriever:
    """Serves the demo's feeds and pages from the package, so refreshing the demo works offline.

    Args:
        now: the moment the demo's dates are laid out from; default the clock at each fetch.
    """
    return DemoRetriever(now)


def load_demo(
    library: Library, on_progress: ProgressCallback | None = None, now: datetime | None = None
) -> Iterator[FeedOutcome]:
    """Ingest the bundled feeds and pages, offline, with the same code as ``fetch``."""
    yield from library.refresh(retriever=demo_retriever(now), on_progress=on_progress)
