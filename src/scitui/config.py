"""Load and validate the TOML config into frozen values; edit its feeds and views in place."""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import stat
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from scitui.errors import ConfigError
from scitui.periods import parse_period

SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
"""A tag or topic name (use ``match``: anchored at both ends, no trailing newline)."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
DEFAULT_MIN_SCORE = 2.0
DEFAULT_TITLE_WEIGHT = 3.0
DEFAULT_JOBS = 8
MAX_JOBS = 64
MAX_KEEP_DAYS = 36_500
MAX_REFRESH_MINUTES = 10_080
"""A week: the longest automatic refresh interval."""
DEFAULT_PAGES_PER_FEED = 200
MAX_PAGES = 100_000
MAX_CONFIG_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class FeedSpec:
    """A configured feed."""

    url: str
    name: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicRule:
    """A topic: its pane title and the terms that tag an article with it."""

    slug: str
    title: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    case_sensitive: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    """Ambiguous terms that count only beside a keyword or pattern of the topic."""
    min_score: float = DEFAULT_MIN_SCORE
    """An article is tagged when its score reaches this: each body match counts 1."""
    title_weight: float = DEFAULT_TITLE_WEIGHT
    """What a match in the title counts, against 1 for a match in the body."""


ViewSort = Literal["date", "relevance"]
VIEW_KEYS = frozenset(
    {"title", "query", "tags", "all_tags", "feeds", "unread", "starred", "since", "sort", "on_new"}
)
VIEW_ACTIONS = ("star", "mark-read", "notify")
"""What ``on_new`` may hold, besides ``tag:<name>``."""


@dataclass(frozen=True)
class ViewSpec:
    """A saved view: a standing question over the stored articles, shown as a pane."""

    slug: str
    title: str
    query: str | None = None
    """Full-text search words or FTS5 syntax, as `/` takes them."""
    tags: tuple[str, ...] = ()
    """Any of these tags."""
    all_tags: tuple[str, ...] = ()
    """Every one of these tags."""
    feeds: tuple[str, ...] = ()
    """Feed names or URLs as written in the config (any of them)."""
    unread: bool = False
    starred: bool = False
    since: str | None = None
    """Only articles dated within this period before now ("7d", "12h", "2w")."""
    sort: ViewSort = "date"
    on_new: tuple[str, ...] = ()
    """Actions on newly fetched articles it selects: star, mark-read, tag:<name>, notify."""


@dataclass(frozen=True)
class Settings:
    """Fetch settings."""

    jobs: int = DEFAULT_JOBS
    content: bool = True
    keep_days: int | None = None
    """Articles older than this many days are pruned (never starred or hand-tagged ones)."""
    refresh_minutes: int | None = None
    """The reader refreshes in the background this often while it is open (None: never)."""
    pages_per_feed: int = DEFAULT_PAGES_PER_FEED
    """At most this many article pages per feed per run, newest first; the rest next time."""
    notify_command: tuple[str, ...] = ()
    """A program and its arguments, run with the new matches of `notify` views on stdin."""


@dataclass(frozen=True)
class Config:
    """The whole configuration; ``path`` is None for the built-in defaults."""

    feeds: tuple[FeedSpec, ...]
    topics: tuple[TopicRule, ...]
    settings: Settings = field(default_factory=Settings)
    path: Path | None = None
    views: tuple[ViewSpec, ...] = ()

    def view(self, slug: str) -> ViewSpec | None:
        return next((view for view in self.views if view.slug == slug), None)

    def topic(self, slug: str) -> TopicRule | None:
        return next((rule for rule in self.topics if rule.slug == slug), None)

    def feed(self, url: str) -> FeedSpec | None:
        return next((spec for spec in self.feeds if spec.url == url), None)


def default_config_text() -> str:
    """The built-in default config, identical to config.example.toml."""
    return resources.files("scitui.data").joinpath("config.example.toml").read_text("utf-8")


def default_topics() -> tuple[TopicRule, ...]:
    """The built-in topics, used when a config file has no ``[topics]`` at all."""
    return parse_config(default_config_text(), "<built-in defaults>").topics


def load_config(path: Path) -> Config:
    """Read ``path``; a missing file means the built-in defaults.

    Raises:
        ConfigError: naming the file, the key and what is wrong.
    """
    text = _read_text(path)
    if text is None:
        return parse_config(default_config_text(), "<built-in defaults>")
    return replace(parse_config(text, str(path)), path=path)


def _read_text(path: Path) -> str | None:
    """The file's text, or None when there is no file; a FIFO or device is refused unread."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise ConfigError(f"{path}: cannot read: it is a directory, not a file")
    if not stat.S_ISREG(mode):
        raise ConfigError(f"{path}: cannot read: not a regular file")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: too large for a config file (over {MAX_CONFIG_BYTES:,} bytes)")
    try:
        return data.decode("utf-8-sig")  # a byte-order mark, as some editors write, is fine
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def parse_config(text: str, source: str) -> Config:
    """Parse and validate config text; ``source`` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{source}: invalid TOML: arrays or tables nested too deeply") from None
    checker = _Checker(source)
    checker.keys(data, "", {"settings", "feeds", "topics", "views"})
    if "topics" in data:
        topics = tuple(
            _topic(checker, slug, value)
            for slug, value in checker.table(data, "topics", "topics").items()
        )
    else:
        topics = default_topics()
    feeds = tuple(
        _feed(checker, index, value)
        for index, value in enumerate(checker.array(data, "feeds", "feeds"))
    )
    views = _views(checker, checker.table(data, "views", "views"), feeds)
    return Config(feeds, topics, _settings(checker, data), views=views)


class _Checker:
    """Type checks that raise ConfigError naming the file and the key."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> ConfigError:
        shown = _CONTROL.sub(lambda found: repr(found.group())[1:-1], key)
        return ConfigError(f"{self.source}: {shown}: {problem}")

    def keys(self, table: dict[str, Any], prefix: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(f"{prefix}{key}", f"unknown key (expected one of: {known})")

    def table(self, parent: dict[str, Any], key: str, name: str) -> dict[str, Any]:
        value = parent.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(name, f"must be a table, not {_kind(value)}")
        return value

    def array(self, parent: dict[str, Any], key: str, name: str) -> list[Any]:
        value = parent.get(key, [])
        if not isinstance(value, list):
            raise self.fail(name, f"must be an array of tables ([[{name}]]), not {_kind(value)}")
        return value

    def string(
        self,
        parent: dict[str, Any],
        key: str,
        name: str,
        required: bool = False,
        multiline: bool = False,
    ) -> str | None:
        """A string without control characters (line breaks and tabs allowed if ``multiline``)."""
        if key not in parent:
            if required:
                raise self.fail(name, "missing (required)")
            return None
        value = parent[key]
        if not isinstance(value, str):
            raise self.fail(name, f"must be a string, not {_kind(value)}")
        if required and not value.strip():
            raise self.fail(name, "must not be empty")
        control = (_CONTROL_MULTILINE if multiline else _CONTROL).search(value)
        if control:
            raise self.fail(
                name, f"must not contain control characters ({control.group()!r} in {value!r})"
            )
        return value

    def number(self, parent: dict[str, Any], key: str, name: str, default: float) -> float:
        """A positive number (integer or float)."""
        value = parent.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(name, f"must be a number, not {_kind(value)}")
        if not value > 0 or not math.isfinite(value):
            raise self.fail(name, f"must be a finite number greater than 0, not {value}")
        return float(value)

    def flag(self, parent: dict[str, Any], key: str, name: str) -> bool:
        value = parent.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(name, f"must be true or false, not {_kind(value)}")
        return value

    def strings(self, parent: dict[str, Any], key: str, name: str) -> tuple[str, ...]:
        value = parent.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(name, f"must be an array of strings, not {_kind(value)}")
        return tuple(item for item in value if item.strip())


def _kind(value: Any) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


def _feed(checker: _Checker, index: int, value: Any) -> FeedSpec:
    name = f"feeds[{index}]"
    if not isinstance(value, dict):
        raise checker.fail(name, f"must be a table, not {_kind(value)}")
    checker.keys(value, f"{name}.", {"url", "name", "tags"})
    url = (checker.string(value, "url", f"{name}.url", required=True) or "").strip()
    problem = feed_url_problem(url)
    if problem:
        raise checker.fail(f"{name}.url", problem)
    tags = checker.strings(value, "tags", f"{name}.tags")
    for tag in tags:
        if not SLUG_RE.match(tag):
            raise checker.fail(
                f"{name}.tags", f"{tag!r} is not a tag (lowercase letters, digits, -)"
            )
    return FeedSpec(url, checker.string(value, "name", f"{name}.name"), tags)


def feed_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a feed's URL, or None when it is an http(s) URL with a host.

    The one check for URLs from the config, ``scitui feeds add`` and OPML imports.
    """
    not_http = f"{url!r} is not an http(s) URL"
    if url.partition(":")[0].lower() not in ("http", "https"):
        return not_http
    if _CONTROL.search(url) or any(char.isspace() for char in url):
        return f"{not_http} (it has spaces or control characters)"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return f"{not_http} ({exc})"
    if parts.scheme.lower() not in ("http", "https"):
        return not_http
    if not parts.hostname:
        return f"{not_http} (no host)"
    if port == 0:
        return f"{not_http} (port 0)"
    return None


@functools.cache
def _bundled_patterns() -> frozenset[str]:
    """The built-in topics' patterns: compiled by the test suite, so known to be good."""
    topics = tomllib.loads(default_config_text()).get("topics", {})
    return frozenset(pattern for rule in topics.values() for pattern in rule.get("patterns", ()))


def _pattern_problem(pattern: str) -> str | None:
    r"""Why a topic pattern will not compile, or None.

    Checked with the standard ``re`` (fast); what only the ``regex`` module knows
    (``\p{Han}``, variable-width lookbehind), which the matcher uses, is accepted too.
    The built-in patterns are not compiled again: that took 0.14 s, at every command's start,
    for a config that keeps the built-in topics.
    """
    return None if pattern in _bundled_patterns() else compile_problem(pattern)


def compile_problem(pattern: str) -> str | None:
    """Why ``pattern`` will not compile (with ``re``, else with ``regex``), or None."""
    try:
        re.compile(pattern)
        return None
    except re.error as exc:
        problem = str(exc)
    except (OverflowError, RecursionError, ValueError) as exc:
        return str(exc) or type(exc).__name__
    import regex

    try:
        regex.compile(pattern, regex.IGNORECASE)
    except (regex.error, OverflowError, RecursionError, ValueError):
        return problem
    return None


def _topic(checker: _Checker, slug: str, value: Any) -> TopicRule:
    name = f"topics.{slug}"
    if not SLUG_RE.match(slug):
        raise checker.fail(name, "a topic name must be lowercase letters, digits and -")
    if not isinstance(value, dict):
        raise checker.fail(name, f"must be a table, not {_kind(value)}")
    checker.keys(
        value,
        f"{name}.",
        {
            "title",
            "description",
            "keywords",
            "case_sensitive",
            "patterns",
            "exclude",
            "context",
            "min_score",
            "title_weight",
        },
    )
    patterns = checker.strings(value, "patterns", f"{name}.patterns")
    for position, pattern in enumerate(patterns):
        problem = _pattern_problem(pattern)
        if problem:
            raise checker.fail(
                f"{name}.patterns[{position}]", f"bad regular expression {pattern!r}: {problem}"
            )
    return TopicRule(
        slug=slug,
        title=checker.string(value, "title", f"{name}.title")
        or slug.replace("-", " ").capitalize(),
        description=checker.string(value, "description", f"{name}.description", multiline=True)
        or "",
        keywords=checker.strings(value, "keywords", f"{name}.keywords"),
        case_sensitive=checker.strings(value, "case_sensitive", f"{name}.case_sensitive"),
        patterns=patterns,
        exclude=checker.strings(value, "exclude", f"{name}.exclude"),
        context=checker.strings(value, "context", f"{name}.context"),
        min_score=checker.number(value, "min_score", f"{name}.min_score", DEFAULT_MIN_SCORE),
        title_weight=checker.number(
            value, "title_weight", f"{name}.title_weight", DEFAULT_TITLE_WEIGHT
        ),
    )


def slug_of(name: str) -> str:
    """A name as a tag or view slug: trimmed, lowercase, spaces as hyphens (maybe not valid)."""
    return "-".join(name.strip().lower().split())


def _views(
    checker: _Checker, table: dict[str, Any], feeds: tuple[FeedSpec, ...]
) -> tuple[ViewSpec, ...]:
    views: dict[str, ViewSpec] = {}
    for key, value in table.items():
        view = _view(checker, key, value, feeds)
        if view.slug in views:
            raise checker.fail(f"views.{key}", f"the same view as {view.slug!r} once normalised")
        views[view.slug] = view
    return tuple(views.values())


def _view(checker: _Checker, key: str, value: Any, feeds: tuple[FeedSpec, ...]) -> ViewSpec:
    name = f"views.{key}"
    slug = slug_of(key)
    if not SLUG_RE.match(slug):
        raise checker.fail(name, "a view name must be lowercase letters, digits and -")
    if not isinstance(value, dict):
        raise checker.fail(name, f"must be a table, not {_kind(value)}")
    checker.keys(value, f"{name}.", set(VIEW_KEYS))
    query = (checker.string(value, "query", f"{name}.query") or "").strip() or None
    since = checker.string(value, "since", f"{name}.since")
    if since is not None:
        try:
            parse_period(since)
        except ValueError as exc:
            raise checker.fail(f"{name}.since", str(exc)) from None
    sort = value.get("sort", "date")
    if sort not in ("date", "relevance"):
        raise checker.fail(f"{name}.sort", f'must be "date" or "relevance", not {sort!r}')
    if sort == "relevance" and query is None:
        raise checker.fail(f"{name}.sort", '"relevance" needs a query to rank by')
    return ViewSpec(
        slug=slug,
        title=checker.string(value, "title", f"{name}.title", required=True) or slug,
        query=query,
        tags=_view_tags(checker, value, "tags", name),
        all_tags=_view_tags(checker, value, "all_tags", name),
        feeds=_view_feeds(checker, value, name, feeds),
        unread=checker.flag(value, "unread", f"{name}.unread"),
        starred=checker.flag(value, "starred", f"{name}.starred"),
        since=since.strip() if since else None,
        sort=sort,
        on_new=_view_actions(checker, value, name),
    )


def _view_actions(checker: _Checker, value: dict[str, Any], name: str) -> tuple[str, ...]:
    """``on_new``: known actions, each at most once; a ``tag:`` names a valid tag."""
    actions: list[str] = []
    for action in (item.strip() for item in checker.strings(value, "on_new", f"{name}.on_new")):
        if action.startswith("tag:"):
            tag = action[4:].strip()
            if not SLUG_RE.match(tag):
                raise checker.fail(
                    f"{name}.on_new",
                    f"{action!r}: {tag!r} is not a tag (lowercase letters, digits, -)",
                )
            action = f"tag:{tag}"
        elif action not in VIEW_ACTIONS:
            raise checker.fail(
                f"{name}.on_new",
                f"unknown action {action!r} (expected star, mark-read, notify or tag:<name>)",
            )
        if action not in actions:
            actions.append(action)
    return tuple(actions)


def _view_tags(checker: _Checker, value: dict[str, Any], key: str, name: str) -> tuple[str, ...]:
    tags = tuple(slug_of(tag) for tag in checker.strings(value, key, f"{name}.{key}"))
    for tag in tags:
        if not SLUG_RE.match(tag):
            raise checker.fail(f"{name}.{key}", f"{tag!r} is not a tag (letters, digits, -)")
    return tags


def _view_feeds(
    checker: _Checker, value: dict[str, Any], name: str, feeds: tuple[FeedSpec, ...]
) -> tuple[str, ...]:
    """Each a configured feed's name or URL, or another http(s) URL."""
    names = {spec.name for spec in feeds if spec.name}
    chosen = tuple(feed.strip() for feed in checker.strings(value, "feeds", f"{name}.feeds"))
    for feed in chosen:
        if feed not in names and feed_url_problem(feed):
            raise checker.fail(
                f"{name}.feeds", f"{feed!r} is neither a configured feed's name nor an http(s) URL"
            )
    return chosen


def _settings(checker: _Checker, data: dict[str, Any]) -> Settings:
    table = checker.table(data, "settings", "settings")
    checker.keys(
        table,
        "settings.",
        {"jobs", "content", "keep_days", "refresh_minutes", "pages_per_feed", "notify_command"},
    )
    jobs = table.get("jobs", DEFAULT_JOBS)
    if not isinstance(jobs, int) or isinstance(jobs, bool) or not 1 <= jobs <= MAX_JOBS:
        raise checker.fail("settings.jobs", f"must be an integer from 1 to {MAX_JOBS}")
    content = table.get("content", True)
    if not isinstance(content, bool):
        raise checker.fail("settings.content", f"must be true or false, not {_kind(content)}")
    keep_days = table.get("keep_days")
    if keep_days is not None and (
        not isinstance(keep_days, int)
        or isinstance(keep_days, bool)
        or not 1 <= keep_days <= MAX_KEEP_DAYS
    ):
        raise checker.fail(
            "settings.keep_days", f"must be a whole number of days from 1 to {MAX_KEEP_DAYS}"
        )
    refresh_minutes = table.get("refresh_minutes")
    if refresh_minutes is not None and (
        not isinstance(refresh_minutes, int)
        or isinstance(refresh_minutes, bool)
        or not 1 <= refresh_minutes <= MAX_REFRESH_MINUTES
    ):
        raise checker.fail(
            "settings.refresh_minutes",
            f"must be a whole number of minutes from 1 to {MAX_REFRESH_MINUTES}",
        )
    pages = table.get("pages_per_feed", DEFAULT_PAGES_PER_FEED)
    if not isinstance(pages, int) or isinstance(pages, bool) or not 1 <= pages <= MAX_PAGES:
        raise checker.fail(
            "settings.pages_per_feed", f"must be a whole number from 1 to {MAX_PAGES:,}"
        )
    return Settings(
        jobs=jobs,
        content=content,
        keep_days=keep_days,
        refresh_minutes=refresh_minutes,
        pages_per_feed=pages,
        notify_command=_notify_command(checker, table),
    )


def _notify_command(checker: _Checker, table: dict[str, Any]) -> tuple[str, ...]:
    """An argv list: a program then its arguments, all strings (never run through a shell)."""
    if "notify_command" not in table:
        return ()
    value = table["notify_command"]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise checker.fail(
            "settings.notify_command",
            f'must be an array of strings (["program", "argument"]), not {_kind(value)}',
        )
    if not value or not value[0].strip():
        raise checker.fail("settings.notify_command", "must name a program first")
    for item in value:
        if "\x00" in item:
            raise checker.fail("settings.notify_command", "must not contain NUL characters")
    return tuple(value)


def add_feeds(path: Path, specs: Iterable[FeedSpec]) -> list[FeedSpec]:
    """Append feeds to the config file in place, keeping comments and layout.

    Creates the file from the defaults when missing. Feeds already listed are skipped.

    Returns:
        The feeds that were added.
    """
    import tomlkit

    document = tomlkit.parse(_editable_text(path))
    known = {spec.url for spec in _validated(document, path).feeds}
    feeds = document.setdefault("feeds", tomlkit.aot())
    inline = not isinstance(feeds, tomlkit.items.AoT)  # written as `feeds = [{...}]`
    added: list[FeedSpec] = []
    for spec in specs:
        if spec.url in known:
            continue
        table = tomlkit.inline_table() if inline else tomlkit.table()
        table["url"] = spec.url
        if spec.name:
            table["name"] = spec.name
        if spec.tags:
            table["tags"] = list(spec.tags)
        if not inline and len(feeds):
            # Comments after the last feed introduce what follows it: keep them below the new one.
            trailing = _detach_trailing_trivia(feeds[-1])
            for _key, item in trailing:
                if not isinstance(item, tomlkit.items.Whitespace):
                    break
                feeds[-1].add(tomlkit.items.Whitespace(item.s))
            for _key, item in trailing:
                table.add(item)
        feeds.append(table)
        known.add(spec.url)
        added.append(spec)
    if added:
        _write(path, document)
    return added


def remove_feed(path: Path, url: str) -> bool:
    """Remove the feed with ``url`` from the config file; False if it was not there."""
    import tomlkit

    document = tomlkit.parse(_editable_text(path))
    _validated(document, path)
    feeds = document.get("feeds", [])
    kept = [table for table in feeds if table.get("url") != url]
    if len(kept) == len(feeds):
        return False
    for table in [table for table in feeds if table.get("url") == url]:
        position = next(index for index, item in enumerate(feeds) if item is table)
        if position and isinstance(feeds, tomlkit.items.AoT):
            # Its trailing comments introduce what follows it: give them to the feed before.
            before = _detach_trailing_trivia(feeds[position - 1])
            while before and isinstance(before[-1][1], tomlkit.items.Whitespace):
                before.pop()
            for _key, item in [*before, *_detach_trailing_trivia(table)]:
                feeds[position - 1].add(item)
        feeds.remove(table)
    _write(path, document)
    return True


def add_view(path: Path, view: ViewSpec) -> None:
    """Write ``[views.<slug>]`` into the config file in place, keeping comments and layout.

    Creates the file from the defaults when missing; a view with that slug is replaced.
    """
    import tomlkit

    document = tomlkit.parse(_editable_text(path))
    _validated(document, path)
    if "views" not in document:
        document.add(tomlkit.nl())
        document["views"] = tomlkit.table(is_super_table=True)
    table = tomlkit.table()
    table["title"] = view.title
    for key in ("query", "since"):
        if getattr(view, key):
            table[key] = getattr(view, key)
    for key in ("tags", "all_tags", "feeds"):
        if getattr(view, key):
            table[key] = list(getattr(view, key))
    for key in ("unread", "starred"):
        if getattr(view, key):
            table[key] = True
    if view.sort != "date":
        table["sort"] = view.sort
    if view.on_new:
        table["on_new"] = list(view.on_new)
    document["views"][view.slug] = table
    _write(path, document)


def _detach_trailing_trivia(table: Any) -> list[tuple[None, Any]]:
    """Remove and return the comments and blank lines at the end of an [[feeds]] table."""
    from tomlkit.items import Comment, Whitespace

    body = table.value.body
    trailing: list[tuple[None, Any]] = []
    while body and body[-1][0] is None and isinstance(body[-1][1], (Comment, Whitespace)):
        trailing.insert(0, body.pop())
    return trailing


def _editable_text(path: Path) -> str:
    text = _read_text(path)
    return default_config_text() if text is None else text


def _validated(document: Any, path: Path) -> Config:
    return parse_config(document.as_string(), str(path))


def _write(path: Path, document: Any) -> None:
    parse_config(document.as_string(), str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(document.as_string(), encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write: {exc.strerror or exc}") from None


def fingerprint(rule: TopicRule) -> str:
    """A digest of everything in a topic rule that decides what it tags."""
    parts = (
        rule.keywords, rule.case_sensitive, rule.context, rule.patterns, rule.exclude,
        rule.min_score, rule.title_weight,
    )  # fmt: skip
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()[:32]


def fingerprints(rules: tuple[TopicRule, ...]) -> dict[str, str]:
    return {rule.slug: fingerprint(rule) for rule in rules}
