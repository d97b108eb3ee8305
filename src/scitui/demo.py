"""The bundled offline demo: sample feeds and pages ingested through the normal pipeline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from scitui.library import Library
from scitui.models import FeedOutcome, ProgressCallback
from scitui.paths import demo_config_path
from scitui.retrieve import FileRetriever

DEMO_BASE_URL = "https://demo.scitui.invalid"


def demo_dir() -> Path:
    """The demo's folder inside the installed package."""
    return demo_config_path().parent


def open_demo(db_path: Path) -> Library:
    """A Library over the demo database with the demo's config (never the user's).

    The demo config lists feeds only, so the built-in topics apply.
    """
    return Library.open(demo_dir() / "config.toml", db_path)


def demo_retriever() -> FileRetriever:
    """Serves the demo's feeds and pages from the package, so refreshing the demo works offline."""
    return FileRetriever(DEMO_BASE_URL, demo_dir() / "site")


def load_demo(
    library: Library, on_progress: ProgressCallback | None = None
) -> Iterator[FeedOutcome]:
    """Ingest the bundled feeds and pages, offline, with the same code as ``fetch``."""
    yield from library.refresh(retriever=demo_retriever(), on_progress=on_progress)
