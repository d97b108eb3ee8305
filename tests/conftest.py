"""Shared fixtures: an isolated environment, the test data folder, configs and libraries."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from scitui.library import Library

DATA_DIR = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point scitui's config and database into tmp_path so a developer's own files never leak in.

    The config stays at its default path (the user config folder, moved into tmp_path), where
    a missing file means the built-in defaults; a file SCITUI_CONFIG names must exist.
    """
    monkeypatch.delenv("SCITUI_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "env" / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "env" / "xdg-data"))
    monkeypatch.setenv("SCITUI_DB", str(tmp_path / "env" / "scitui.db"))


@pytest.fixture(scope="session")
def make_httpserver() -> Iterator[HTTPServer]:
    """The session's loopback server, threaded so one slow handler cannot block the others.

    Overrides pytest-httpserver's own ``make_httpserver``; tests use its ``httpserver`` fixture.
    """
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def data_dir() -> Path:
    """tests/data: feeds/*.xml and pages/*.html with their *.expected.json."""
    return DATA_DIR


def toml_string(value: str) -> str:
    """A TOML basic string (JSON string escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def toml_strings(values: Sequence[str]) -> str:
    return "[" + ", ".join(toml_string(value) for value in values) + "]"


FeedEntry = str | tuple[str, Sequence[str]] | Mapping[str, object]


def config_text(
    feeds: Sequence[FeedEntry],
    topics: Mapping[str, Mapping[str, object]] | None = None,
    *,
    content: bool = True,
    jobs: int = 4,
) -> str:
    """Config TOML for feeds (a URL, ``(url, tags)`` or a dict of url/name/tags) and topics.

    With ``topics`` None the config has an empty ``[topics]`` table, so no built-in rule tags.
    """
    lines = ["[settings]", f"jobs = {jobs}", f"content = {'true' if content else 'false'}", ""]
    for feed in feeds:
        if isinstance(feed, str):
            spec: Mapping[str, object] = {"url": feed}
        elif isinstance(feed, tuple):
            spec = {"url": feed[0], "tags": list(feed[1])}
        else:
            spec = feed
        lines.append("[[feeds]]")
        lines.append(f"url = {toml_string(str(spec['url']))}")
        if spec.get("name"):
            lines.append(f"name = {toml_string(str(spec['name']))}")
        if spec.get("tags"):
            lines.append(f"tags = {toml_strings(list(spec['tags']))}")  # type: ignore[call-overload]
        lines.append("")
    if not topics:
        lines.append("[topics]")
    for slug, rule in (topics or {}).items():
        lines.append(f"[topics.{slug}]")
        for key, value in rule.items():
            if isinstance(value, str):
                lines.append(f"{key} = {toml_string(value)}")
            elif isinstance(value, int | float):
                lines.append(f"{key} = {value}")
            else:
                lines.append(f"{key} = {toml_strings(list(value))}")  # type: ignore[call-overload]
        lines.append("")
    return "\n".join(lines) + "\n"


@pytest.fixture
def write_config(tmp_path: Path) -> Callable[..., Path]:
    """Write a config for feeds and topics (see ``config_text``) and return its path."""

    def write(
        feeds: Sequence[FeedEntry],
        topics: Mapping[str, Mapping[str, object]] | None = None,
        *,
        content: bool = True,
        jobs: int = 4,
        name: str = "config.toml",
    ) -> Path:
        path = tmp_path / name
        path.write_text(config_text(feeds, topics, content=content, jobs=jobs), encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_library(
    tmp_path: Path, write_config: Callable[..., Path]
) -> Iterator[Callable[..., Library]]:
    """Build a Library over a fresh config and a real SQLite file in tmp_path; closed at the end."""
    opened: list[Library] = []

    def make(
        feeds: Sequence[FeedEntry] = (),
        topics: Mapping[str, Mapping[str, object]] | None = None,
        *,
        content: bool = True,
        jobs: int = 4,
        db_name: str = "scitui.db",
    ) -> Library:
        config_path = write_config(feeds, topics, content=content, jobs=jobs)
        library = Library.open(config_path, tmp_path / db_name)
        opened.append(library)
        return library

    yield make
    for library in opened:
        library.close()


@pytest.fixture
def serve(httpserver: HTTPServer, data_dir: Path) -> Callable[..., str]:
    """Serve bytes or a tests/data file at a path on the loopback server; returns its URL."""

    def serve(
        path: str,
        source: str | bytes,
        *,
        content_type: str = "application/rss+xml",
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> str:
        body = source if isinstance(source, bytes) else (data_dir / source).read_bytes()
        httpserver.expect_request(path).respond_with_data(
            body, status=status, headers=dict(headers or {}), content_type=content_type
        )
        return httpserver.url_for(path)

    return serve


@pytest.fixture
def hits(httpserver: HTTPServer) -> Callable[[str], int]:
    """How many requests the loopback server has had for a path."""

    def count(path: str) -> int:
        return sum(1 for request, _response in httpserver.log if request.path == path)

    return count
