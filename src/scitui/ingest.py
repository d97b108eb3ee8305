"""The fetch pipeline: retrieve -> parse -> keep new -> fetch page -> extract -> tag -> store.

Feeds and pages are downloaded on bounded thread pools. Everything that costs CPU (parsing
feeds, extracting and cleaning pages, matching topics: :mod:`scitui.work`) runs in worker
processes, so it uses every core and this process's threads only wait. Each feed's rows are
written by the calling thread as soon as that feed is done.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from scitui import work
from scitui.config import DEFAULT_PAGES_PER_FEED, FeedSpec, TopicRule
from scitui.errors import FetchError, ParseError
from scitui.models import (
    ArticleDraft,
    EntryData,
    Feed,
    FeedOutcome,
    ParsedFeed,
    Progress,
    ProgressCallback,
    TagSource,
)
from scitui.retrieve import Response, Retriever
from scitui.store import KnownEntry, Store

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from scitui.topics import TopicMatcher

_T = TypeVar("_T")


@dataclass
class _FeedResult:
    feed: Feed
    response: Response | None = None
    parsed: ParsedFeed | None = None
    new: list[tuple[ArticleDraft, str]] = field(default_factory=list)
    updates: list[tuple[int, ArticleDraft, str]] = field(default_factory=list)
    page_errors: int = 0
    error: str | None = None


def entry_hash(entry: EntryData) -> str:
    """A fingerprint of what the feed says about an entry, to notice changes."""
    parts = (
        entry.title,
        entry.url or "",
        entry.author or "",
        entry.published.isoformat() if entry.published else "",
        entry.summary,
        entry.content_html,
    )
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


class Ingester:
    """Runs the pipeline over feeds; use as a context manager so pools are closed."""

    def __init__(
        self,
        store: Store,
        retriever: Retriever,
        rules: tuple[TopicRule, ...],
        *,
        jobs: int = 8,
        content: bool = True,
        pages_per_feed: int = DEFAULT_PAGES_PER_FEED,
        processes: int | None = None,
        cancel: threading.Event | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self.store = store
        self.retriever = retriever
        self.rules = rules
        self.jobs = jobs
        self.content = content
        self.pages_per_feed = pages_per_feed
        self.cancel = cancel or threading.Event()
        self._stopped = threading.Event()
        self.on_progress = on_progress
        self._processes = processes or max(1, min(os.cpu_count() or 1, 8))
        self._workers: ProcessPoolExecutor | None = None
        self._workers_lock = threading.Lock()
        self._pages = ThreadPoolExecutor(jobs, thread_name_prefix="scitui-page")
        self._progress_lock = threading.Lock()
        self._counts = [0, 0, 0, 0]  # feeds total/done, pages total/done

    def __enter__(self) -> Ingester:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._pages.shutdown(wait=False, cancel_futures=True)
        if self._workers is not None:
            self._workers.shutdown(wait=True, cancel_futures=True)

    def run(self, feeds: list[tuple[Feed, FeedSpec]]) -> Iterator[FeedOutcome]:
        """Fetch every feed and yield its outcome as it finishes; failures never raise."""
        self._bump(feeds_total=len(feeds))
        pool = ThreadPoolExecutor(self.jobs, thread_name_prefix="scitui-feed")
        try:
            futures = {pool.submit(self._fetch_feed, feed, spec): feed for feed, spec in feeds}
            for future in as_completed(futures):
                if self._cancelled():
                    break
                result = future.result()
                del futures[future]  # a stored feed's drafts must not live until the run ends
                outcome = self._store(result)
                del result
                self._bump(feeds_done=1, current=outcome.title or outcome.url)
                yield outcome
        finally:
            self._stopped.set()
            pool.shutdown(wait=False, cancel_futures=True)

    def _cancelled(self) -> bool:
        """Whether the caller cancelled or the run is over (workers stop early)."""
        return self.cancel.is_set() or self._stopped.is_set()

    # worker threads -------------------------------------------------------

    def _fetch_feed(self, feed: Feed, spec: FeedSpec) -> _FeedResult:
        result = _FeedResult(feed)
        if self._cancelled():
            result.error = "cancelled"
            return result
        try:
            result.response = self.retriever.get(feed.url, feed.etag, feed.last_modified)
            if result.response.status == 304:
                return result
            result.parsed = self._in_worker(
                work.parse, result.response.content, result.response.url, result.response.headers
            )
            self._collect(result, spec)
        except (FetchError, ParseError) as exc:
            result.error = str(exc)
        return result

    def _collect(self, result: _FeedResult, spec: FeedSpec) -> None:
        assert result.parsed is not None
        entries = list({entry.key: entry for entry in reversed(result.parsed.entries)}.values())
        pruned = self.store.pruned_keys(result.feed.id, (entry.key for entry in entries))
        entries = [entry for entry in entries if entry.key not in pruned]
        known = self.store.known_entries(result.feed.id, (entry.key for entry in entries))
        fresh = [entry for entry in entries if entry.key not in known]
        with_page, pending = self._page_budget(entries, fresh, known)
        pages = {entry.key: self._pages.submit(self._page, entry) for entry in with_page}
        self._bump(pages_total=len(pages))
        without_page = [entry for entry in fresh if entry.key not in pages]
        prepared = dict(
            zip(
                (entry.key for entry in without_page),
                self._in_worker(work.prepare_all, without_page) if without_page else [],
                strict=True,
            )
        )
        for entry in entries:
            fingerprint = entry_hash(entry)
            stored = known.get(entry.key)
            page = pages.get(entry.key)
            if stored is None:
                draft = self._draft(prepared[entry.key] if page is None else page.result(), spec)
                draft = replace(draft, page_pending=entry.key in pending)
                result.page_errors += draft.content_error is not None
                result.new.append((draft, fingerprint))
            elif page is not None:  # a page an earlier run left for later
                draft = self._draft(page.result(), spec)
                result.page_errors += draft.content_error is not None
                result.updates.append((stored.id, draft, fingerprint))
            elif stored.entry_hash != fingerprint:
                draft = replace(
                    self._update_draft(entry, spec, stored), page_pending=stored.page_pending
                )
                result.updates.append((stored.id, draft, fingerprint))

    def _page_budget(
        self, entries: list[EntryData], fresh: list[EntryData], known: dict[str, KnownEntry]
    ) -> tuple[list[EntryData], set[str]]:
        """The entries whose pages this run downloads, and the new ones left for later.

        At most ``pages_per_feed`` pages per feed and run, newest first: new entries, then
        those an earlier run left. A feed of 150,000 entries is stored at once (with its own
        content) and gets its pages over the following runs.
        """
        if not self.content:
            return [], set()
        undated = datetime.min.replace(tzinfo=UTC)
        wanted = sorted(
            (entry for entry in fresh if entry.url),
            key=lambda entry: entry.published or undated,
            reverse=True,
        )
        wanted += [
            entry
            for entry in entries
            if entry.url and (stored := known.get(entry.key)) is not None and stored.page_pending
        ]
        taken = wanted[: self.pages_per_feed]
        fresh_keys = {entry.key for entry in fresh}
        later = {entry.key for entry in wanted[self.pages_per_feed :] if entry.key in fresh_keys}
        return taken, later

    def _page(self, entry: EntryData) -> ArticleDraft:
        """Download an entry's page and prepare the entry with it (or with why it failed)."""
        assert entry.url is not None
        try:
            if self._cancelled():
                raise FetchError(f"{entry.url}: cancelled")
            response = self.retriever.get(entry.url)
            content_type = response.headers.get("content-type", "")
            if content_type and "html" not in content_type.lower():  # a PDF, an image, ...
                raise FetchError(f"{entry.url}: not an HTML page ({content_type.split(';')[0]})")
            page = work.Page(response.content, content_type or None, response.url)
        except FetchError as exc:
            page = work.Page(problem=str(exc))
        finally:
            self._bump(pages_done=1)
        try:
            return self._in_worker(work.prepare, entry, page)
        except FetchError as exc:  # the worker died: keep the feed's content
            return work.prepare(entry, work.Page(problem=str(exc)), self.matcher)

    @cached_property
    def matcher(self) -> TopicMatcher:
        """The topic matcher in this process, built only when a worker died (a cold start
        that finds nothing new never imports the matcher)."""
        from scitui.topics import TopicMatcher

        return TopicMatcher(self.rules)

    def _in_worker(self, function: Callable[..., _T], *args: Any) -> _T:
        """Run ``function(*args)`` in a worker process and wait for its result.

        Raises:
            FetchError: when the worker process died (the next call starts new workers).
        """
        # imported here: a fetch that finds nothing new (all 304) starts no worker
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        with self._workers_lock:
            if self._workers is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(work.PRELOAD)
                self._workers = ProcessPoolExecutor(
                    self._processes,
                    mp_context=context,
                    initializer=work.start,
                    initargs=(self.rules, os.getpid()),
                )
            workers = self._workers
        try:
            return workers.submit(function, *args).result()
        except BrokenProcessPool:
            with self._workers_lock:
                if self._workers is workers:
                    self._workers = None
            workers.shutdown(wait=False, cancel_futures=True)
            raise FetchError("a worker process died (out of memory?)") from None

    def _draft(self, prepared: ArticleDraft, spec: FeedSpec) -> ArticleDraft:
        """A prepared draft with the feed's tags added to the topics'."""
        tags: dict[str, TagSource] = {**prepared.tags, **dict.fromkeys(spec.tags, "feed")}
        return replace(prepared, tags=tags)

    def _update_draft(self, entry: EntryData, spec: FeedSpec, stored: KnownEntry) -> ArticleDraft:
        page_text = page_html = None
        if stored.content_source == "page":
            article = self.store.article(stored.id)
            if article is not None:
                page_text, page_html = article.text, article.html
        prepared = self._in_worker(work.prepare_update, entry, page_text, None, page_html)
        return self._draft(prepared, spec)

    # the calling thread ------------------------------------------------------

    def _store(self, result: _FeedResult) -> FeedOutcome:
        feed, response, parsed = result.feed, result.response, result.parsed
        if result.error is not None:
            self.store.record_fetch(feed.id, error=result.error)
            return FeedOutcome(feed.source_url, feed.display_name, "error", error=result.error)
        assert response is not None
        if parsed is None:
            self.store.record_fetch(feed.id, new_url=response.permanent_url)
            return FeedOutcome(feed.source_url, feed.display_name, "not-modified")
        with self.store.transaction():  # one short write: the feed's articles and its state
            new = self.store.save_new(feed.id, result.new)
            updated = self.store.update_entries(result.updates)
            self.store.record_fetch(
                feed.id,
                title=parsed.title,
                site_url=parsed.link,
                validators=(response.etag, response.last_modified),
                new_url=response.permanent_url,
            )
        return FeedOutcome(
            feed.source_url,
            feed.name or parsed.title or feed.display_name,
            "ok",
            new=new,
            updated=updated,
            page_errors=result.page_errors,
            warning=parsed.warning,
        )

    def _bump(
        self,
        feeds_total: int = 0,
        feeds_done: int = 0,
        pages_total: int = 0,
        pages_done: int = 0,
        current: str = "",
    ) -> None:
        with self._progress_lock:
            for index, step in enumerate((feeds_total, feeds_done, pages_total, pages_done)):
                self._counts[index] += step
            feeds_total, feeds_done, pages_total, pages_done = self._counts
            snapshot = Progress(feeds_total, feeds_done, pages_total, pages_done, current)
        if self.on_progress is not None:
            self.on_progress(snapshot)
