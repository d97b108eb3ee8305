"""Fixtures for the CLI tests: private paths, a CliRunner, and feeds served over loopback HTTP."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

from scitui.cli import main
from scitui.paths import default_config_path

DATA = Path(__file__).parents[1] / "data" / "cli"

FEEDS = {"policy": 3, "labs": 2}
"""The served feeds and how many items each holds."""

PAGES = {
    "entity-list": "Commerce adds three chipmakers to the entity list",
    "nih-cuts": "NIH research funding cuts hit university labs",
    "visas": "Visa backlog slows international student arrivals",
    "exascale": "Oak Ridge National Laboratory unveils a new exascale supercomputer",
    "markup": "Markup in a title",
}
Invoke = Callable[..., Result]
WriteConfig = Callable[..., Path]


@dataclass(frozen=True)
class Paths:
    config: Path
    db: Path


@dataclass(frozen=True)
class FeedSite:
    """The loopback server with the test feeds on it."""

    server: HTTPServer

    def url(self, name: str) -> str:
        return self.server.url_for(f"/feeds/{name}.xml")

    @property
    def missing(self) -> str:
        """A feed URL that answers 404."""
        return self.server.url_for("/feeds/missing.xml")

    @property
    def article_count(self) -> int:
        return sum(FEEDS.values())

    def paths_requested(self) -> list[str]:
        return [request.path for request, _response in self.server.log]


@pytest.fixture(autouse=True)
def cli_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    """The user's config and data folders, and SCITUI_DB, inside tmp_path.

    SCITUI_CONFIG is unset: the config is at its default path, which may be missing (the
    built-in defaults apply), while a file SCITUI_CONFIG names must exist.
    """
    monkeypatch.delenv("SCITUI_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    paths = Paths(default_config_path(), tmp_path / "scitui.db")
    assert paths.config.is_relative_to(tmp_path)
    paths.config.parent.mkdir(parents=True)
    monkeypatch.setenv("SCITUI_DB", str(paths.db))
    return paths


@pytest.fixture
def run() -> Invoke:
    """Invoke ``scitui`` with CliRunner; stdout and stderr stay separate (click >= 8.2)."""
    runner = CliRunner(env={"COLUMNS": "200"})  # a fixed, wide terminal: tables never wrap

    def invoke(*args: Any, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(main, [str(arg) for arg in args], env=env, catch_exceptions=False)

    return invoke


@pytest.fixture
def feed_site(httpserver: HTTPServer) -> FeedSite:
    """Two RSS feeds, one article page per item, and a feed URL that answers 404."""
    base = httpserver.url_for("").rstrip("/")
    for name in FEEDS:
        body = (DATA / f"{name}.xml").read_text("utf-8").replace("{base}", base)
        httpserver.expect_request(f"/feeds/{name}.xml").respond_with_data(
            body.encode("utf-8"), content_type="application/rss+xml; charset=utf-8"
        )
    template = (DATA / "article.html").read_text("utf-8")
    for slug, title in PAGES.items():
        httpserver.expect_request(f"/articles/{slug}.html").respond_with_data(
            template.replace("{title}", title).encode("utf-8"),
            content_type="text/html; charset=utf-8",
        )
    httpserver.expect_request("/feeds/missing.xml").respond_with_data("gone", status=404)
    return FeedSite(httpserver)


def _write_config(path: Path, feeds: Iterable[tuple[str, Iterable[str]]], extra: str = "") -> Path:
    blocks = []
    for url, tags in feeds:
        tag_list = ", ".join(json.dumps(tag) for tag in tags)
        blocks.append(f'[[feeds]]\nurl = "{url}"\ntags = [{tag_list}]\n')
    path.write_text(extra + "\n".join(blocks), encoding="utf-8")
    return path


@pytest.fixture
def write_feeds_config() -> WriteConfig:
    """``write_feeds_config(path, [(url, tags), ...], extra="")``: a config listing those feeds.

    It has no [topics], so the built-in topics apply; ``extra`` is TOML put before the feeds.
    """
    return _write_config


@pytest.fixture
def configured(cli_paths: Paths, feed_site: FeedSite) -> FeedSite:
    """The config lists both served feeds (policy tagged "policy-wire")."""
    _write_config(
        cli_paths.config, [(feed_site.url("policy"), ["policy-wire"]), (feed_site.url("labs"), [])]
    )
    return feed_site


@pytest.fixture
def seeded(run: Invoke, configured: FeedSite) -> list[dict[str, Any]]:
    """The database after a fetch of both feeds without pages; returns ``list --json``."""
    fetched = run("fetch", "--no-content", "--json")
    assert fetched.exit_code == 0, fetched.stderr
    listed = run("list", "--json")
    assert listed.exit_code == 0, listed.stderr
    articles: list[dict[str, Any]] = json.loads(listed.stdout)
    assert len(articles) == configured.article_count
    return articles
