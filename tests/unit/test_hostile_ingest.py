"""A full fetch (Library.refresh: an Ingester over an HttpRetriever) over hostile and good feeds."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from hostile_server import HostileServer, serve_mix

from scitui.library import Library
from scitui.retrieve import HttpRetriever
from scitui.store import ArticleFilter

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FORBIDDEN_HTML = re.compile(
    r"<(script|style|iframe|object|embed|form|input|template|meta|link|base)\b"
    r"|\son\w+\s*=|javascript:|vbscript:|file:|data:",
    re.IGNORECASE,
)


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


def test_hostile_feeds_fail_alone_and_good_entries_are_all_stored(
    hostile: HostileServer, make_library: Callable[..., Library]
) -> None:
    mix = serve_mix(hostile, size=50 << 20)
    library = make_library([*mix.good, *mix.bad], content=True, jobs=8)
    # every hostile feed is on this one host: keep asking it, so each fails for its own reason
    retriever = HttpRetriever(jobs=8, timeout=5.0, deadline=1.0, give_up_after=1000)
    try:
        outcomes = {outcome.url: outcome for outcome in library.refresh(retriever=retriever)}
    finally:
        retriever.close()

    assert set(outcomes) == set(mix.good) | set(mix.bad)
    for url, entries in mix.good.items():
        outcome = outcomes[url]
        assert (outcome.status, outcome.new, outcome.error) == ("ok", entries, None), url
        assert len(library.articles(ArticleFilter(feed_url=url))) == entries
    for url, words in mix.bad.items():
        outcome = outcomes[url]
        assert outcome.status == "error" and outcome.error is not None, url
        assert outcome.error.startswith(url + ": ") and words in outcome.error, outcome.error
        assert "\n" not in outcome.error
        assert library.articles(ArticleFilter(feed_url=url)) == []
    assert library.count() == sum(mix.good.values())
    assert "Never stored" not in {summary.title for summary in library.articles(limit=100)}


def test_what_is_stored_from_a_hostile_feed_is_clean(
    hostile: HostileServer, make_library: Callable[..., Library]
) -> None:
    mix = serve_mix(hostile)
    plain = hostile.url("/good/plain.xml")
    library = make_library([plain, hostile.url("/good/cp1251.xml")], content=True)
    retriever = HttpRetriever(jobs=4, timeout=5.0, deadline=1.0)
    try:
        outcomes = list(library.refresh(retriever=retriever))
    finally:
        retriever.close()
    assert [outcome.status for outcome in outcomes] == ["ok", "ok"]

    stored = [
        library.article(summary.id)
        for summary in library.articles(ArticleFilter(feed_url=plain), limit=100)
    ]
    assert len(stored) == mix.good[plain]
    articles = {article.title: article for article in stored}
    assert [article.title for article in stored].count("") == 2, "untitled entries both kept"
    for article in stored:
        for value in (article.title, article.author or "", article.summary, article.text):
            assert not CONTROL.search(value.replace("\t", "").replace("\n", "")), repr(value)
        for html in (article.summary, article.html):
            assert not FORBIDDEN_HTML.search(html), html
        assert article.url is None or article.url.startswith(hostile.base_url + "/pages/")
        assert "alert" not in article.text and "SCRIPT" not in article.text
    nasty = articles["[bold]AT&T <3 R&D[/bold]"]
    assert nasty.content_source == "page"
    assert "a fine link" in nasty.text and "A second paragraph" in nasty.text
    assert '<a href="https://ok.test/" rel="noopener noreferrer">a fine link</a>' in nasty.html
    hung = articles["Tab here[31m red"]
    assert hung.content_source == "feed" and hung.text == "Summary two"
    assert articles["Not http"].url is None
    assert "Новости науки" in {summary.title for summary in library.articles()}
    feed_titles = {feed.title for feed in library.store.feeds()}
    assert {"Plain", "Наука"} <= feed_titles
