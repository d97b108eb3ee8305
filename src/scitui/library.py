"""Library: the facade the CLI and the TUI use; it owns the config and the store."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scitui import config as config_file
from scitui.config import (
    SLUG_RE,
    Config,
    FeedSpec,
    TopicRule,
    ViewSpec,
    fingerprints,
    load_config,
)
from scitui.errors import ScituiError
from scitui.models import (
    Article,
    ArticleSummary,
    Feed,
    FeedOutcome,
    NotedArticle,
    PruneReport,
    SearchHit,
    SourceCount,
    TagCount,
    source_order,
)
from scitui.runs import RunSummary, summarize
from scitui.store import ArticleFilter, Store
from scitui.text import clean_text

__all__ = ["ArticleFilter", "Library", "NotFoundError", "Totals", "normalize_tag"]

if TYPE_CHECKING:
    from scitui.actions import ActionPlan, AlertReport
    from scitui.cite import Entry
    from scitui.digest import Digest, DigestSection
    from scitui.models import ProgressCallback
    from scitui.restory import Placer, RestoryReport, Story
    from scitui.retag import RetagReport
    from scitui.retrieve import Retriever
    from scitui.store.actions import RecordedAction
    from scitui.trends import TopicTrend
    from scitui.views import ViewCount


MAX_NOTE_CHARS = 100_000
"""A note's length limit: room for pages of notes, not for a pasted book."""


@dataclass(frozen=True)
class Totals:
    """Article counts over the whole cache."""

    total: int
    unread: int
    starred: int
    starred_unread: int


class NotFoundError(ScituiError):
    """No article or feed with that id or URL."""


def normalize_tag(tag: str) -> str:
    """A user-typed tag as stored: trimmed, lowercase, spaces as hyphens.

    Raises:
        ScituiError: when what is left is not a tag.
    """
    normalized = "-".join(tag.strip().lower().split())
    if not SLUG_RE.match(normalized):
        raise ScituiError(f"{tag!r} is not a valid tag (letters, digits and - only)")
    return normalized


SCAN_BATCH = 1000
"""Older articles scanned for primary sources per transaction."""
SCAN_PER_FETCH = 5000
"""Older articles a fetch scans for primary sources after its feeds (about 1.5 s)."""


class Library:
    """Everything scitui does with its data, behind one small API."""

    def __init__(self, config: Config, store: Store, config_path: Path) -> None:
        self.config = config
        self.store = store
        self.config_path = config_path

    @classmethod
    def open(cls, config_path: Path, db_path: Path) -> Library:
        """Load the config (defaults when missing) and open or create the database."""
        return cls(load_config(config_path), Store(db_path), config_path)

    def close(self) -> None:
        self.store.close()

    # reading ----------------------------------------------------------------

    @property
    def topics(self) -> tuple[TopicRule, ...]:
        return self.config.topics

    def articles(
        self,
        where: ArticleFilter = ArticleFilter(),
        limit: int = 50,
        offset: int = 0,
        total: int | None = None,
    ) -> list[ArticleSummary]:
        """A page of articles, newest first; pass the list's ``total`` to page fast from its end."""
        return self.store.list_articles(where, limit, offset, total)

    def count(self, where: ArticleFilter = ArticleFilter()) -> int:
        return self.store.count_articles(where)

    def position(self, where: ArticleFilter, article_id: int) -> int | None:
        """The article's row in the list ``where`` selects (0 is newest), or None if absent."""
        return self.store.position(where, article_id)

    def next_unread(self, where: ArticleFilter, article_id: int, forward: bool) -> int | None:
        """The id of the nearest unread article after (forward) or before this one in a list."""
        return self.store.next_unread(where, article_id, forward)

    def totals(self, *, stories: bool = False) -> Totals:
        """Article counts over the whole cache; with ``stories``, all and unread count stories
        (a story once, unread while any version is), as a list of story rows shows them."""
        return Totals(*self.store.totals(stories=stories))

    def last_fetched(self) -> datetime | None:
        """When any feed was last fetched, or None."""
        return self.store.last_fetched()

    def last_success(self) -> datetime | None:
        """When any feed was last fetched without an error, or None."""
        return self.store.last_success()

    def last_run(self) -> RunSummary | None:
        """How the last refresh (from any process) ended, or None if none was recorded."""
        return self.store.last_run()

    def preference(self, key: str) -> str | None:
        """A preference remembered in the database (the reader's row mode, say), or None."""
        return self.store.preference(key)

    def set_preference(self, key: str, value: str) -> None:
        """Remember a preference across runs."""
        self.store.set_preference(key, value)

    def data_version(self) -> int:
        """A number that changes when another connection commits to the database.

        Another process (a `scitui fetch` from cron) or another thread's connection; this
        thread's own commits leave it unchanged. Cheap (SQLite's PRAGMA data_version reads
        no table), so a reader can poll it to notice articles it did not store itself.
        """
        from scitui.store.sql import wrapped_errors

        with wrapped_errors(self.store.path):
            return int(self.store.db.conn.execute("PRAGMA data_version").fetchone()[0])

    def article(self, article_id: int) -> Article:
        """One article with its body. Raises NotFoundError."""
        article = self.store.article(article_id)
        if article is None:
            raise NotFoundError(f"no article with id {article_id}")
        return article

    def sources(
        self,
        kind: str | None = None,
        since: timedelta | None = None,
        now: datetime | None = None,
        limit: int = 1000,
    ) -> list[SourceCount]:
        """The primary documents articles cite, most cited first (by stories, then articles).

        Args:
            kind: only this kind (see scitui.models.SOURCE_KINDS).
            since: only citing articles dated within this period before ``now``.
        """
        start = (now or datetime.now(UTC)) - since if since is not None else None
        return self.store.source_counts(kind, start, limit)

    def unscanned_sources(self) -> int:
        """Articles stored before primary sources were found at ingest, not scanned yet."""
        return self.store.unscanned_sources()

    def scan_old_sources(
        self, limit: int | None = None, on_progress: Callable[[int, int], None] | None = None
    ) -> int:
        """Find the sources of articles stored before schema 7, newest first; how many remain.

        Args:
            limit: at most this many articles now (None: all); a fetch scans some each time.
            on_progress: called with (done, to do) after each batch.
        """
        to_do = self.store.unscanned_sources()
        if limit is not None:
            to_do = min(to_do, limit)
        if not to_do:  # the usual case: no finder to import
            return 0
        from scitui.sources import article_sources

        done = 0
        while done < to_do:
            batch = self.store.texts_to_scan(min(SCAN_BATCH, to_do - done))
            if not batch:
                break
            self.store.save_scanned_sources({row[0]: article_sources(*row[1:]) for row in batch})
            done += len(batch)
            if on_progress is not None:
                on_progress(done, to_do)
        return self.store.unscanned_sources()

    def citing(self, kind: str, ident: str) -> list[ArticleSummary]:
        """The articles citing one primary document, newest first."""
        return self.store.citing(kind, ident)

    def search(self, query: str, tag: str | None = None, limit: int = 50) -> list[SearchHit]:
        """Full-text search over titles and bodies, best match first."""
        if not query.strip():
            return []
        return self.store.search(query, ArticleFilter(tag=tag), limit)

    def tags(self) -> list[TagCount]:
        """Configured topics in config order (even when empty), then other tags A-Z; each
        counted by articles and by story rows."""
        counts = {tag: tuple(found) for tag, *found in self.store.tag_and_story_counts()}
        result = [
            TagCount(rule.slug, rule.title, "topic", *counts.pop(rule.slug, (0, 0, 0, 0)))
            for rule in self.config.topics
        ]
        result += [TagCount(tag, tag, "tag", *found) for tag, found in sorted(counts.items())]
        return result

    def feeds(self) -> list[Feed]:
        """Configured feeds in config order, with their fetch state and counts; writes nothing.

        The name is the config's. A feed never fetched has id 0 and no state.
        """
        by_url = {feed.source_url: feed for feed in self.store.feeds()}
        return [
            replace(by_url[spec.url], name=spec.name)
            if spec.url in by_url
            else Feed(0, spec.url, spec.url, None, spec.name, None, None, None, None)
            for spec in self.config.feeds
        ]

    # saved views ------------------------------------------------------------

    @property
    def views(self) -> tuple[ViewSpec, ...]:
        return self.config.views

    def view(self, slug: str) -> ViewSpec:
        """The configured view ``slug``. Raises NotFoundError naming the known views."""
        view = self.config.view(slug)
        if view is None:
            known = ", ".join(view.slug for view in self.config.views)
            raise NotFoundError(
                f"no view {slug!r} ({'views: ' + known if known else 'no views configured'})"
            )
        return view

    def view_filter(self, view: ViewSpec, now: datetime | None = None) -> ArticleFilter:
        """The articles ``view`` selects as of ``now`` (its ``since`` counts back from there)."""
        from scitui.views import view_filter

        return view_filter(view, self.config.feeds, now or datetime.now(UTC))

    def check_view(self, view: ViewSpec) -> None:
        """Raise QueryError if the full-text index cannot parse the view's query."""
        if view.query:
            self.store.check_query(view.query)

    def view_articles(
        self, view: ViewSpec, limit: int = 50, now: datetime | None = None
    ) -> list[ArticleSummary]:
        """A view's first articles: newest first, or best match first if it sorts by relevance."""
        self.check_view(view)
        where = self.view_filter(view, now)
        if view.sort == "relevance":
            return [hit.article for hit in self.view_hits(view, where, limit)]
        return self.articles(where, limit)

    def view_hits(self, view: ViewSpec, where: ArticleFilter, limit: int) -> list[SearchHit]:
        """A view's best ``limit`` matches for its query within ``where`` (its filter)."""
        return self.store.search(view.query or "", replace(where, match=None), limit)

    def view_count(self, view: ViewSpec, now: datetime | None = None) -> ViewCount:
        """A view with its total and unread counts. Raises QueryError for a bad query."""
        from scitui.views import ViewCount

        self.check_view(view)
        where = self.view_filter(view, now)
        return ViewCount(view, self.count(where), self.count(replace(where, unread=True)))

    def view_counts(self, now: datetime | None = None) -> list[ViewCount]:
        """Every configured view with its counts, in config order."""
        return [self.view_count(view, now) for view in self.config.views]

    def save_view(self, view: ViewSpec) -> None:
        """Write a view into the config file (kept as the user wrote it) and reload it."""
        config_file.add_view(self.config_path, view)
        self.config = load_config(self.config_path)

    # trends and digests -----------------------------------------------------

    def trends(self, weeks: int = 12, now: datetime | None = None) -> list[TopicTrend]:
        """Each configured topic's articles per ISO week (UTC), the current week last.

        Args:
            weeks: how many weeks to show, the current (partial) one included.
            now: the current moment; default the clock.
        """
        from scitui.trends import build_trends, query_window

        now = now or datetime.now(UTC)
        start, end = query_window(now, weeks)
        counts = self.store.weekly_tag_counts(start, end)
        return build_trends(self.config.topics, counts, now, weeks)

    def digest(
        self,
        tag: str | None = None,
        since: timedelta = timedelta(days=7),
        limit: int = 20,
        now: datetime | None = None,
        *,
        bibliography: bool = False,
    ) -> Digest:
        """A brief of the articles dated in the last ``since``, grouped by topic.

        Args:
            tag: only this tag (a topic or a manual tag); default every configured topic.
            since: how far back from ``now``.
            limit: at most this many articles per topic, starred first, then newest.
            now: the end of the period; default the clock.
            bibliography: also cite the digest's articles (accessed ``now``), by key.
        """
        from scitui.digest import Digest, DigestItem, build_sections, lead

        now = now or datetime.now(UTC)
        if tag is None:
            topics = [(rule.slug, rule.title) for rule in self.config.topics]
        else:
            slug = normalize_tag(tag)
            rule = self.config.topic(slug)
            topics = [(slug, rule.title if rule else slug)]
        excerpts = self.store.excerpts([slug for slug, _title in topics], now - since, now, limit)
        items = [
            (
                excerpt.tag,
                DigestItem(
                    id=excerpt.id,
                    title=excerpt.title,
                    url=excerpt.url,
                    feed=excerpt.feed,
                    date=excerpt.sort_date,
                    starred=excerpt.starred,
                    lead=lead(excerpt.text_head, excerpt.title),
                    note=excerpt.note,
                    **self._story_extras(excerpt.id, excerpt.feed),
                ),
            )
            for excerpt in excerpts
        ]
        sections = build_sections(topics, items)
        references = self._references(sections, now) if bibliography else ()
        return Digest(
            now - since, now, sections, tag=topics[0][0] if tag else None, references=references
        )

    def _references(self, sections: Sequence[DigestSection], now: datetime) -> tuple[Entry, ...]:
        """The citations of the sections' articles (each once), sorted by key."""
        from scitui.cite import build_entries

        ids = dict.fromkeys(item.id for section in sections for item in section.items)
        articles = [article for i in ids if (article := self.store.article(i)) is not None]
        return tuple(sorted(build_entries(articles, now.date()), key=lambda entry: entry.key))

    def _story_extras(self, article_id: int, feed: str) -> dict[str, Any]:
        """A digest item's story: the other outlets reporting it and its primary sources."""
        versions = self.store.story_versions(article_id)
        sources = {source for version in versions for source in self.store.sources_of(version.id)}
        return {
            "also": tuple(dict.fromkeys(v.feed for v in versions if v.feed != feed)),
            "sources": tuple(sorted(sources, key=source_order)),
        }

    # user state -------------------------------------------------------------

    def _existing(self, article_ids: Iterable[int]) -> list[int]:
        ids = list(dict.fromkeys(article_ids))
        missing = set(ids) - self.store.existing_ids(ids)
        if missing:
            raise NotFoundError(f"no article with id {', '.join(map(str, sorted(missing)))}")
        return ids

    def mark_read(self, article_ids: Iterable[int], read: bool = True) -> None:
        self.store.set_flag(self._existing(article_ids), "read", read)

    def mark_all_read(self, where: ArticleFilter, read: bool = True) -> int:
        """Mark every article ``where`` selects; returns how many changed."""
        return self.store.set_flag_where(where, "read", read)

    def star(self, article_ids: Iterable[int], starred: bool = True) -> None:
        self.store.set_flag(self._existing(article_ids), "starred", starred)

    def tag(self, article_id: int, tags: Iterable[str]) -> list[str]:
        """Add manual tags; returns them normalized."""
        normalized = [normalize_tag(tag) for tag in tags]
        self.store.add_tags(self._existing([article_id])[0], normalized)
        return normalized

    def untag(self, article_id: int, tags: Iterable[str]) -> list[str]:
        """Remove tags of any source; a removed automatic tag is not re-applied."""
        normalized = [normalize_tag(tag) for tag in tags]
        self.store.remove_tags(self._existing([article_id])[0], normalized)
        return normalized

    # notes ------------------------------------------------------------------

    def set_note(self, article_id: int, text: str) -> str:
        """Store the user's note on an article; returns it as stored ('' clears it).

        Control characters go (tabs and newlines stay) and the ends are trimmed, so that
        what is shown later is what was stored.
        """
        cleaned = clean_text(text).strip()
        if len(cleaned) > MAX_NOTE_CHARS:
            raise ScituiError(f"a note holds at most {MAX_NOTE_CHARS:,} characters")
        article_id = self._existing([article_id])[0]
        if cleaned:
            self.store.set_note(article_id, cleaned)
        else:
            self.store.clear_note(article_id)
        return cleaned

    def clear_note(self, article_id: int) -> bool:
        """Delete an article's note; whether it had one."""
        return self.store.clear_note(self._existing([article_id])[0])

    def note(self, article_id: int) -> str | None:
        """An article's note, or None. Raises NotFoundError."""
        found = self.store.note(self._existing([article_id])[0])
        return found.text if found else None

    def notes(self) -> list[NotedArticle]:
        """Every article with a note, the latest written or changed first."""
        return self.store.noted_articles()

    def note_counts(self) -> tuple[int, int]:
        """(articles with a note, unread ones)."""
        return self.store.note_counts()

    # feeds in the config file -----------------------------------------------

    def add_feeds(self, specs: Iterable[FeedSpec]) -> list[FeedSpec]:
        """Add feeds to the config file (kept as the user wrote it) and reload it."""
        added = config_file.add_feeds(self.config_path, specs)
        self.config = load_config(self.config_path)
        return added

    def remove_feed(self, url: str) -> None:
        """Remove a feed from the config file; its stored articles stay."""
        if not config_file.remove_feed(self.config_path, url):
            raise NotFoundError(f"{self.config_path}: no feed with url {url}")
        self.config = load_config(self.config_path)

    def import_opml(self, path: Path) -> tuple[list[FeedSpec], list[str]]:
        """Add the feeds of an OPML file; returns those added and warnings."""
        from scitui.opml import read_opml

        specs, warnings = read_opml(path)
        return self.add_feeds(specs), warnings

    def export_opml(self) -> str:
        from scitui.opml import write_opml

        return write_opml(self.config.feeds)

    # fetching ---------------------------------------------------------------

    def refresh(
        self,
        feed_urls: Iterable[str] | None = None,
        *,
        jobs: int | None = None,
        content: bool | None = None,
        retriever: Retriever | None = None,
        cancel: threading.Event | None = None,
        on_progress: ProgressCallback | None = None,
        on_alerts: Callable[[AlertReport], None] | None = None,
        stories: bool = True,
    ) -> Iterator[FeedOutcome]:
        """Fetch feeds (all configured, or those given) and yield each outcome.

        Args:
            feed_urls: only these configured feeds; unknown URLs raise NotFoundError.
            jobs: concurrent requests in all (2 per host); default from the config.
            content: download and clean article pages; default from the config.
            retriever: where bytes come from; default HTTP.
            cancel: set it to stop early; what was fetched is kept.
            on_progress: called with ingest.Progress, possibly from worker threads.
            on_alerts: called once the views' rules acted on the new articles, with the
                alerts of `notify` views (after notify_command ran) and any problem.
            stories: place the new articles in stories, each feed's as it is stored
                (off only to measure what placing costs; a later fetch places them).
        """
        from scitui.ingest import Ingester
        from scitui.retrieve import HttpRetriever

        specs = self._selected(feed_urls)
        jobs = jobs or self.config.settings.jobs
        # new articles get today's rules: a topic whose rules changed is no longer uniform
        self.store.forget_changed_topics(fingerprints(self.config.topics))
        source: Retriever = retriever or HttpRetriever(jobs=jobs)
        feeds = [(self.store.ensure_feed(spec.url, spec.name), spec) for spec in specs]
        acting = any(view.on_new for view in self.config.views)
        last_before = self.store.last_article_id()
        placer: Placer | None = None
        outcomes: list[FeedOutcome] = []
        try:
            with Ingester(
                self.store,
                source,
                self.config.topics,
                jobs=jobs,
                content=self.config.settings.content if content is None else content,
                pages_per_feed=self.config.settings.pages_per_feed,
                cancel=cancel,
                on_progress=on_progress,
            ) as ingester:
                for outcome in ingester.run(feeds):
                    outcomes.append(outcome)
                    if outcome.new and stories:  # while workers parse the next
                        placer = placer or self._placer(last_before)
                        placer.take()
                    yield outcome
            if acting:
                report = self.act_on_new(last_before)
                if on_alerts is not None:
                    on_alerts(report)
            if not (cancel and cancel.is_set()):
                self.scan_old_sources(SCAN_PER_FETCH)
        finally:
            if retriever is None:
                source.close()
            if outcomes:  # an interrupted run is recorded too, with the feeds it reached
                self.store.record_run(summarize(outcomes, datetime.now(UTC)))
                if placer is not None:
                    placer.finish()
                if stories:
                    self.place_stories()  # what the placer did not reach (an error)

    # rules that act -----------------------------------------------------------

    def act_on_new(self, after_id: int) -> AlertReport:
        """Apply the views' ``on_new`` rules to the articles stored with ids above ``after_id``.

        The alerts of `notify` views go to notify_command (when set); a failure is reported
        in the returned report, never raised.
        """
        from scitui.actions import AlertReport, plan_views
        from scitui.notify import run_notify_command

        now = datetime.now(UTC)
        plan, problems = plan_views(
            self.store, self.config.views, lambda view: self.view_filter(view, now), after_id,
            new=True,
        )  # fmt: skip
        self.store.apply_actions(plan.actions, now)
        problem = run_notify_command(self.config.settings.notify_command, plan.alerts)
        return AlertReport(tuple(plan.alerts), (*problems, *([problem] if problem else [])))

    def apply_rules(self, slug: str | None = None, *, dry_run: bool = False) -> ActionPlan:
        """Apply views' ``on_new`` rules (one view's, or all) to every stored article.

        Never notifies. Raises NotFoundError for an unknown view, QueryError for a bad query.
        """
        from scitui.actions import plan_views

        views = [self.view(slug)] if slug else list(self.config.views)
        for view in views:
            self.check_view(view)
        now = datetime.now(UTC)
        plan, _problems = plan_views(
            self.store, views, lambda view: self.view_filter(view, now), new=False
        )
        if not dry_run:
            self.store.apply_actions(plan.actions, now)
        return plan

    def article_actions(self, article_id: int) -> list[RecordedAction]:
        """What views' rules did to an article, oldest first."""
        return self.store.recorded_actions(article_id)

    # stories ------------------------------------------------------------------

    def _placer(self, after_id: int) -> Placer:
        from scitui.restory import Placer

        return Placer(self.store, after_id)

    def place_stories(self) -> int:
        """Put articles stored since the last placement into stories; returns how many moved.

        Each is compared with the stories of the days around it only, so a fetch pays for
        the new articles and their window, not for the whole cache.
        """
        if not self.store.has_unplaced():  # a fetch with nothing new imports no clustering
            return 0
        from scitui.restory import place_new

        return place_new(self.store)

    def restory(self, *, dry_run: bool = False) -> RestoryReport:
        """Cluster every stored article into stories again; a dry run only reports."""
        from scitui.restory import restory

        return restory(self.store, dry_run=dry_run)

    def stories(
        self,
        tag: str | None = None,
        since: timedelta | None = None,
        *,
        singles: bool = False,
        limit: int = 50,
        now: datetime | None = None,
    ) -> list[Story]:
        """Stories last seen within ``since``, newest first: multi-article ones, or all."""
        from scitui.restory import list_stories

        start = (now or datetime.now(UTC)) - since if since is not None else None
        return list_stories(self.store, tag, start, singles, limit)

    def story_sizes(self, article_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
        """Article id -> (its story's id, how many articles the story has)."""
        return self.store.story_sizes(article_ids)

    def story_versions(self, article_id: int) -> list[ArticleSummary]:
        """The versions of an article's story (outlets' articles), oldest first."""
        return self.store.story_versions(article_id)

    def retag(
        self,
        *,
        dry_run: bool = False,
        every_topic: bool = False,
        processes: int | None = None,
        cancel: threading.Event | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> RetagReport:
        """Re-apply the config's feed tags and topic rules to every stored article.

        Manual tags and manual removals stand. Only topics whose rules changed since the last
        retag are matched again, unless ``every_topic``. With ``dry_run`` nothing is written
        and the report says, per tag, how many articles would gain or lose it, with examples.
        """
        from scitui.retag import retag

        return retag(
            self.store,
            self.config,
            dry_run=dry_run,
            every_topic=every_topic,
            processes=processes,
            cancel=cancel,
            on_progress=on_progress,
        )

    def prune(
        self,
        older_than: timedelta | None = None,
        *,
        dry_run: bool = False,
        reclaim: bool = True,
        now: datetime | None = None,
    ) -> PruneReport:
        """Delete articles older than ``older_than`` (default: settings.keep_days).

        Starred articles and articles you tagged by hand are kept. The full-text index stays
        in step; ``reclaim`` then compacts the file (VACUUM, which needs free disk space
        about the size of the database while it runs).

        Raises:
            ScituiError: when no age is given and the config sets none.
        """
        if older_than is None:
            if self.config.settings.keep_days is None:
                raise ScituiError(
                    "prune needs an age: --older-than 180d, or keep_days in [settings]"
                )
            older_than = timedelta(days=self.config.settings.keep_days)
        before = (now or datetime.now(UTC)) - older_than
        size_before = self.store.file_size()
        count, examples = self.store.prunable(before)
        if not dry_run and count:
            self.store.prune(before)
            if reclaim:
                self.store.reclaim()
        return PruneReport(
            before, count, tuple(examples), dry_run, size_before, self.store.file_size()
        )

    def _selected(self, feed_urls: Iterable[str] | None) -> list[FeedSpec]:
        if feed_urls is None:
            return list(self.config.feeds)
        chosen = []
        for url in feed_urls:
            spec = self.config.feed(url)
            if spec is None:
                raise NotFoundError(
                    f"{url}: not a configured feed (add it with `scitui feeds add`)"
                )
            chosen.append(spec)
        return chosen
