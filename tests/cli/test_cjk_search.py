"""Chinese search in real processes: a Chinese feed served on 127.0.0.1, fetched, then searched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from tests.cli.conftest import Paths, WriteConfig

ITEMS = (
    (
        "zlzq",
        "科技部：加快实现高水平科技自立自强",
        "会议强调，要优化全国重点实验室体系，加快实现高水平科技自立自强。",
    ),
    (
        "gz",
        "商务部公告2023年第23号：镓锗相关物项实施出口管制",
        "经国务院批准，决定对镓、锗相关物项实施出口管制。",
    ),
)


def rss(encoding: str, base: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{base}/{key}.html</link><guid>{key}</guid>"
        f"<description>{body}</description></item>"
        for key, title, body in ITEMS
    )
    return (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel>'
        f"<title>科技政策</title><link>{base}/</link>{items}</channel></rss>"
    ).encode(encoding)


def scitui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scitui", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
        env={**os.environ, "COLUMNS": "80", "PYTHONIOENCODING": "utf-8"},
    )


@pytest.mark.parametrize(
    ("encoding", "content_type"),
    [("utf-8", "application/rss+xml; charset=utf-8"), ("gb2312", "application/rss+xml"),
     ("gbk", "text/xml; charset=gbk")],
)  # fmt: skip
def test_a_fetched_chinese_feed_is_found_by_its_words(
    httpserver: HTTPServer,
    cli_paths: Paths,
    write_feeds_config: WriteConfig,
    encoding: str,
    content_type: str,
) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/cn.xml").respond_with_data(
        rss(encoding, base), content_type=content_type
    )
    write_feeds_config(cli_paths.config, [(httpserver.url_for("/cn.xml"), [])])
    fetched = scitui("fetch", "--no-content")
    assert fetched.returncode == 0, fetched.stderr

    for query, title in [
        ("自立自强", ITEMS[0][1]),
        ("重点实验室", ITEMS[0][1]),
        ("出口管制", ITEMS[1][1]),
    ]:
        found = scitui("search", query)
        assert found.returncode == 0, found.stderr
        lines = found.stdout.splitlines()
        assert [line.split("\t")[5] for line in lines] == [title], query
    assert Path(cli_paths.db).exists()
