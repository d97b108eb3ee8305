"""The worker-process steps of a fetch: choosing a body, cleaning, matching topics."""

from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import replace

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
    assert prepared.content_source == "page"
    assert prepared.content_error is None
    assert "Paragraph 11" in prepared.text
    assert "Cookie settings" not in prepared.text
    assert "export-controls" in prepared.reasons


def test_a_page_problem_keeps_the_feed_content(matcher: TopicMatcher) -> None:
    page = work.Page(problem="https://example.org/a: HTTP 404 Not Found")
    prepared = work.prepare(entry(), page, matcher)
    assert prepared.content_source == "feed"
    assert prepared.content_error == "https://example.org/a: HTTP 404 Not Found"
    assert prepared.text == "The Commerce Department added export controls on chips."


def test_a_page_too_large_to_extract_keeps_the_feed_content(matcher: TopicMatcher) -> None:
    filler = "<p>" + "word " * 1000 + "</p>"
    content = (ARTICLE.replace("</article>", filler * 1000 + "</article>")).encode()
    assert len(content) > work.MAX_EXTRACT_BYTES
    page = work.Page(content, "text/html", "https://example.org/big")
    prepared = work.prepare(entry(), page, matcher)
    assert prepared.content_source == "feed"
    assert prepared.content_error is not None
    assert "https://example.org/big" in prepared.content_error
    assert "too large to extract" in prepared.content_error


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


def test_an_update_matches_topics_on_the_page_text_it_keeps(matcher: TopicMatcher) -> None:
    changed = entry(content_html="<p>A short note.</p>", summary="<p>A short note.</p>")
    page_text = "Officials said the Bureau of Industry and Security widened export controls."
    kept = work.prepare_update(changed, page_text, matcher)
    assert kept.text == "A short note."  # the feed's content; the store keeps the page's
    assert "export-controls" in kept.reasons
    assert (
        "export-controls"
        not in work.prepare_update(replace(changed, title="A note"), None, matcher).reasons
    )


def test_the_fetch_process_never_imports_the_parsers() -> None:
    """A fetch that finds nothing new never pays for importing them (about 50 ms)."""
    code = (
        "import sys, scitui.ingest, scitui.library\n"
        "heavy = {'feedparser', 'readability', 'lxml', 'nh3', 'html_text', 'scitui.extract',"
        " 'scitui.feeds'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
