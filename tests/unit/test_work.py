"""The worker-process steps of a fetch: choosing a body, cleaning, matching topics."""

from __future__ import annotations

import pickle

import pytest

from scitui import work
from scitui.config import default_topics
from scitui.models import EntryData
from scitui.topics import TopicMatcher

FEED_HTML = "<p>The Commerce Department added <b>export controls</b> on chips.</p>"
ARTICLE = (
    "<html><head><title>t</title></head><body><nav>Home | World</nav><article>"
    + "".join(
        f"<p>Paragraph {n}: the Bureau of Industry and Security widened export controls on "
        "advanced chips and chipmaking tools, officials said on Monday.</p>"
        for n in range(12)
    )
    + "</article><footer>Cookie settings</footer></body></html>"
)


@pytest.fixture(scope="module")
def matcher() -> TopicMatcher:
    return TopicMatcher(default_topics())


def entry(content_html: str = FEED_HTML, summary: str = FEED_HTML) -> EntryData:
    return EntryData(
        key="k",
        guid="g",
        url="https://example.org/a",
        title="New export controls on chips",
        author=None,
        published=None,
        summary=summary,
        content_html=content_html,
    )


def test_the_page_body_wins_when_it_is_longer(matcher: TopicMatcher) -> None:
    page = work.Page(ARTICLE.encode(), "text/html; charset=utf-8", "https://example.org/a")
    prepared = work.prepare(entry(), page, matcher)
    assert prepared.source == "page"
    assert prepared.problem is None
    assert "Paragraph 11" in prepared.content.text
    assert "Cookie settings" not in prepared.content.text
    assert "export-controls" in prepared.reasons


def test_a_page_problem_keeps_the_feed_content(matcher: TopicMatcher) -> None:
    page = work.Page(problem="https://example.org/a: HTTP 404 Not Found")
    prepared = work.prepare(entry(), page, matcher)
    assert prepared.source == "feed"
    assert prepared.problem == "https://example.org/a: HTTP 404 Not Found"
    assert prepared.content.text == "The Commerce Department added export controls on chips."


def test_a_page_too_large_to_extract_keeps_the_feed_content(matcher: TopicMatcher) -> None:
    filler = "<p>" + "word " * 1000 + "</p>"
    content = (ARTICLE.replace("</article>", filler * 1000 + "</article>")).encode()
    assert len(content) > work.MAX_EXTRACT_BYTES
    page = work.Page(content, "text/html", "https://example.org/big")
    prepared = work.prepare(entry(), page, matcher)
    assert prepared.source == "feed"
    assert prepared.problem is not None
    assert "https://example.org/big" in prepared.problem
    assert "too large to extract" in prepared.problem


def test_the_stored_summary_is_sanitized(matcher: TopicMatcher) -> None:
    hostile = '<p onclick="x()">Hi<script>alert(1)</script></p>'
    prepared = work.prepare(entry(summary=hostile), None, matcher)
    assert prepared.entry.summary == "<p>Hi</p>"


def test_a_worker_matches_with_the_rules_it_was_started_with() -> None:
    work.start(default_topics())
    [prepared] = work.prepare_all([entry()])
    assert "export-controls" in prepared.reasons
    # what crosses the process boundary must pickle both ways
    assert pickle.loads(pickle.dumps(prepared)) == prepared
