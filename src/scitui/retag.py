"""Re-apply the configured feed tags and topic rules to every stored article.

Matching runs in worker processes that read the texts straight from the database, a range
of ids each, and send back only the matches; the calling process compares them with what is
stored and writes the differences, one short transaction per range. Manual decisions stand:
a manual tag is never removed or re-sourced, and a tag the user removed is never re-added.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from scitui.config import Config, TopicRule, fingerprints
from scitui.models import TagReason
from scitui.store import Store
from scitui.store.tagging import ArticleText, TagChange, TagState
from scitui.topics import TopicMatcher

BATCH = 2000
"""Articles per worker task and per write transaction."""
PROCESS_THRESHOLD = 4000
"""Below this many articles, matching in this process is quicker than starting workers."""

Matches = list[tuple[int, str, str, dict[str, tuple[TagReason, ...]]]]
"""Per article in a range: id, feed URL, title, and the topics its rules tag with reasons."""

RetagProgress = Callable[[int, int], None]
"""Called with (articles done, articles in all)."""


@dataclass
class TopicChange:
    """How one tag's articles change: counts and a few example titles."""

    gained: int = 0
    lost: int = 0
    gained_titles: list[str] = field(default_factory=list)
    lost_titles: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "gained": self.gained,
            "lost": self.lost,
            "gained_examples": self.gained_titles,
            "lost_examples": self.lost_titles,
        }


@dataclass
class RetagReport:
    """What retagging did (or, in a dry run, would do)."""

    dry_run: bool
    articles: int = 0
    changed: int = 0
    """Articles whose tags change."""
    reasons_only: int = 0
    """Articles whose tags stay but whose stored reasons change."""
    tags: dict[str, TopicChange] = field(default_factory=dict)
    rechecked: tuple[str, ...] = ()
    """The topics whose rules were applied (the others had not changed since the last retag)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "rechecked_topics": list(self.rechecked),
            "articles": self.articles,
            "changed": self.changed,
            "reasons_only": self.reasons_only,
            "tags": {tag: change.as_json() for tag, change in self.tags.items()},
        }


_worker_matcher: TopicMatcher | None = None


def _start_worker(rules: tuple[TopicRule, ...], parent_pid: int) -> None:
    from scitui.orphans import exit_with

    global _worker_matcher
    _worker_matcher = TopicMatcher(rules)
    exit_with(parent_pid)  # a killed retag leaves no worker behind


def _match_texts(matcher: TopicMatcher, texts: list[ArticleText]) -> Matches:
    return [(t.id, t.feed_url, t.title, matcher.match(t.title, t.text)) for t in texts]


def _match_range(db_path: str, first: int, last: int) -> Matches:
    """In a worker: read a range of articles and match them (the texts never cross over)."""
    assert _worker_matcher is not None
    store = Store(db_path)
    try:
        return _match_texts(_worker_matcher, store.texts(first, last))
    finally:
        store.close()


def retag(
    store: Store,
    config: Config,
    *,
    dry_run: bool = False,
    every_topic: bool = False,
    processes: int | None = None,
    examples: int = 3,
    cancel: threading.Event | None = None,
    on_progress: RetagProgress | None = None,
) -> RetagReport:
    """Bring every article's automatic tags and reasons in line with the config.

    Only topics whose rules changed since the last complete retag are matched again (their
    fingerprints are stored); feed tags are always re-applied.

    Args:
        dry_run: compute and report the changes, write nothing.
        every_topic: recheck every topic, changed or not.
        processes: worker processes for matching (default: the CPU count, for large caches).
        examples: how many example titles to keep per tag and direction.
        cancel: set to stop after the range in progress; what was written stays.
        on_progress: called with (done, total) after each range.
    """
    current = fingerprints(config.topics)
    stored = {} if every_topic else store.topic_fingerprints()
    rules = tuple(rule for rule in config.topics if stored.get(rule.slug) != current[rule.slug])
    scope = _Scope(
        rechecked=frozenset(rule.slug for rule in rules),
        unchanged=frozenset(current) - {rule.slug for rule in rules},
    )
    report = RetagReport(dry_run, rechecked=tuple(rule.slug for rule in rules))
    ranges = store.id_ranges(BATCH)
    total = store.count_articles()
    feed_tags = {spec.url: spec.tags for spec in config.feeds}
    stopped = False
    for first, last, matches in _matched_ranges(store, rules, ranges, total, processes):
        changes = _changes(
            matches, store.tag_states(first, last), feed_tags, scope, report, examples
        )
        if changes and not dry_run:
            store.apply_tag_changes(changes)
        report.articles += len(matches)
        if on_progress is not None:
            on_progress(report.articles, total)
        if cancel is not None and cancel.is_set():
            stopped = True
            break
    if not dry_run and not stopped:
        store.set_topic_fingerprints(current)
    return report


@dataclass(frozen=True)
class _Scope:
    """Which topics a retag decides, and which it leaves as they are."""

    rechecked: frozenset[str]
    unchanged: frozenset[str]


def _matched_ranges(
    store: Store,
    rules: tuple[TopicRule, ...],
    ranges: list[tuple[int, int]],
    total: int,
    processes: int | None,
) -> Iterator[tuple[int, int, Matches]]:
    """Each id range with its matches, in order, computed a few ranges ahead."""
    workers = processes or os.cpu_count() or 1
    if not rules:  # no rule changed: titles are enough (for the report), texts stay unread
        for first, last in ranges:
            yield (
                first,
                last,
                [
                    (t.id, t.feed_url, t.title, {})
                    for t in store.texts(first, last, with_text=False)
                ],
            )
        return
    if total < PROCESS_THRESHOLD or workers == 1 or str(store.path) == ":memory:":
        matcher = TopicMatcher(rules)
        for first, last in ranges:
            yield first, last, _match_texts(matcher, store.texts(first, last))
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["scitui.retag"])
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(rules, os.getpid())
    ) as pool:
        pending: list[tuple[int, int, Future[Matches]]] = []
        queue = iter(ranges)
        for first, last in queue:
            pending.append((first, last, pool.submit(_match_range, str(store.path), first, last)))
            if len(pending) > workers * 2:
                break
        while pending:
            first, last, future = pending.pop(0)
            following = next(queue, None)
            if following is not None:
                pending.append((*following, pool.submit(_match_range, str(store.path), *following)))
            yield first, last, future.result()


def _changes(
    matches: Matches,
    states: dict[int, TagState],
    feed_tags: dict[str, tuple[str, ...]],
    scope: _Scope,
    report: RetagReport,
    examples: int,
) -> list[TagChange]:
    """Compare a range's matches with what is stored; count gains and losses per tag.

    Rule tags of unchanged topics stay as they are; rule tags of topics no longer in the
    config go; feed tags follow the config; manual tags and removals are never touched.
    """
    changes: list[TagChange] = []
    for article_id, feed_url, title, matched in matches:
        state = states.get(article_id) or TagState()
        wanted: dict[str, str] = dict.fromkeys(matched, "rule")
        wanted.update(
            (tag, "rule")
            for tag, source in state.tags.items()
            if source == "rule" and tag in scope.unchanged
        )
        wanted.update(dict.fromkeys(feed_tags.get(feed_url, ()), "feed"))
        wanted = {tag: source for tag, source in wanted.items() if tag not in state.removed}
        add = {
            tag: source
            for tag, source in wanted.items()
            if state.tags.get(tag) not in (source, "manual")
        }
        remove = frozenset(
            tag for tag, source in state.tags.items() if source != "manual" and tag not in wanted
        )
        reasons = {tag: found for tag, found in matched.items() if tag not in state.removed}
        stored_reasons = {
            tag: found for tag, found in state.reasons.items() if tag not in scope.unchanged
        }
        same_reasons = {tag: frozenset(found) for tag, found in reasons.items()} == stored_reasons
        if not add and not remove and same_reasons:
            continue
        replaced = frozenset(stored_reasons) | frozenset(reasons)
        changes.append(
            TagChange(article_id, add, remove, None if same_reasons else reasons, replaced)
        )
        if add or remove:
            report.changed += 1
        else:
            report.reasons_only += 1
        for tag in add:
            if tag not in state.tags:
                _count(report, tag, title, gained=True, examples=examples)
        for tag in remove:
            _count(report, tag, title, gained=False, examples=examples)
    return changes


def _count(report: RetagReport, tag: str, title: str, *, gained: bool, examples: int) -> None:
    change = report.tags.setdefault(tag, TopicChange())
    if gained:
        change.gained += 1
        if len(change.gained_titles) < examples:
            change.gained_titles.append(title)
    else:
        change.lost += 1
        if len(change.lost_titles) < examples:
            change.lost_titles.append(title)
