"""Saved views: config validation, a view as a filter, slugs, writing one in place, paging."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scitui.config import FeedSpec, ViewSpec, add_view, load_config, parse_config
from scitui.errors import ConfigError, QueryError
from scitui.library import Library
from scitui.models import ArticleDraft, EntryData
from scitui.store import ArticleFilter, Store
from scitui.views import slug_for, view_filter, view_from_filter

FEED = '[[feeds]]\nurl = "https://feeds.test/a.xml"\nname = "Wire A"\n'

BAD_VIEWS = [
    ('title = "x"\nsince = "soon"', "views.v.since: 'soon' is not a period"),
    ('title = "x"\nsince = 7', "views.v.since: must be a string, not an integer"),
    ('title = "x"\nsort = "newest"', 'views.v.sort: must be "date" or "relevance"'),
    ('title = "x"\nsort = "relevance"', 'views.v.sort: "relevance" needs a query to rank by'),
    ('title = "x"\nunread = "yes"', "views.v.unread: must be true or false, not a string"),
    ('title = "x"\ntags = "chips"', "views.v.tags: must be an array of strings, not a string"),
    ('title = "x"\ncolour = "red"', "views.v.colour: unknown key (expected one of: all_tags,"),
    ('query = "hbm"', "views.v.title: missing (required)"),
    ('title = "x"\nfeeds = ["Nobody"]', "views.v.feeds: 'Nobody' is neither a configured feed"),
    ('title = "x"\nall_tags = ["a_b"]', "views.v.all_tags: 'a_b' is not a tag"),
]


@pytest.mark.parametrize(("body", "message"), BAD_VIEWS)
def test_a_bad_view_is_one_line_naming_the_file_and_key(body: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(f"{FEED}\n[views.v]\n{body}\n", "my.toml")
    assert str(raised.value).startswith(f"my.toml: {message}")
    assert "\n" not in str(raised.value)


def test_views_is_a_table_of_tables() -> None:
    with pytest.raises(ConfigError, match=r"my.toml: views.v: must be a table, not a string"):
        parse_config('views = { v = "x" }', "my.toml")
    with pytest.raises(ConfigError, match=r"views.BIS_HBM: a view name must be"):
        parse_config('[views.BIS_HBM]\ntitle = "x"', "my.toml")
    with pytest.raises(ConfigError, match=r"views.Bis-Hbm: the same view as 'bis-hbm'"):
        parse_config('[views.bis-hbm]\ntitle = "x"\n[views.Bis-Hbm]\ntitle = "y"', "my.toml")


def test_a_full_view_loads_with_its_names_normalised() -> None:
    config = parse_config(
        f'{FEED}\n[views."BIS HBM"]\ntitle = "BIS on HBM"\nquery = " HBM AND BIS "\n'
        'tags = ["Export Controls"]\nall_tags = ["ai-chips"]\nfeeds = ["Wire A", '
        '"https://other.test/f.xml"]\nunread = true\nstarred = true\nsince = "12h"\n'
        'sort = "relevance"\n',
        "my.toml",
    )
    assert config.views == (
        ViewSpec(
            slug="bis-hbm",
            title="BIS on HBM",
            query="HBM AND BIS",
            tags=("export-controls",),
            all_tags=("ai-chips",),
            feeds=("Wire A", "https://other.test/f.xml"),
            unread=True,
            starred=True,
            since="12h",
            sort="relevance",
        ),
    )
    assert config.view("bis-hbm") is config.views[0]
    assert parse_config("", "empty.toml").views == ()


def test_the_example_config_has_two_commented_views_that_load() -> None:
    example = Path(__file__).parents[2] / "config.example.toml"
    text = example.read_text("utf-8")
    assert load_config(example).views == ()
    head, marker, examples = text.partition("# Saved views")
    assert marker
    uncommented = "\n".join(line.removeprefix("# ") for line in examples.splitlines()[2:])
    views = parse_config(head + uncommented, "example").views
    assert [view.slug for view in views] == ["bis-hbm", "talent-nsf"]
    assert views[1].since == "7d"


def test_view_filter_maps_every_field() -> None:
    now = datetime(2026, 1, 10, tzinfo=UTC)
    feeds = [FeedSpec("https://feeds.test/a.xml", "Wire A")]
    view = ViewSpec(
        "v", "V", query="hbm", tags=("x", "y"), all_tags=("a", "b"),
        feeds=("Wire A", "https://b.test/f.xml"), unread=True, since="2d",
    )  # fmt: skip
    assert view_filter(view, feeds, now) == ArticleFilter(
        tag="a",
        all_tags=("b",),
        any_tags=("x", "y"),
        unread=True,
        feed_urls=("https://feeds.test/a.xml", "https://b.test/f.xml"),
        since=now - timedelta(days=2),
        match="hbm",
    )
    one_tag = ViewSpec("v", "V", tags=("x",))
    assert view_filter(one_tag, feeds, now) == ArticleFilter(tag="x")


def test_slug_for_a_title() -> None:
    assert slug_for("BIS on HBM!", []) == "bis-on-hbm"
    assert slug_for("BIS on HBM", ["bis-on-hbm", "bis-on-hbm-2"]) == "bis-on-hbm-3"
    assert slug_for("出口管制", []) == "view"
    assert slug_for("出口管制", ["view"]) == "view-2"
    assert len(slug_for("x" * 100, [])) == 40


def test_view_from_a_pane_filter_names_a_configured_feed() -> None:
    feeds = [FeedSpec("https://feeds.test/a.xml", "Wire A")]
    where = ArticleFilter(tag="talent", unread=True, feed_url="https://feeds.test/a.xml")
    assert view_from_filter("t", "T", where, " nsf ", feeds) == ViewSpec(
        "t", "T", query="nsf", tags=("talent",), unread=True, feeds=("Wire A",)
    )


def test_add_view_keeps_comments_and_replaces_its_own_slug(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"# my feeds, by hand\n{FEED}# the end\n", encoding="utf-8")
    add_view(path, ViewSpec("hbm", "HBM", query="HBM", feeds=("Wire A",), unread=True))
    add_view(path, ViewSpec("old", "Old", starred=True, since="2w"))
    add_view(path, ViewSpec("hbm", "HBM again", query="HBM", sort="relevance"))
    text = path.read_text("utf-8")
    assert text.startswith(f"# my feeds, by hand\n{FEED}# the end\n")
    assert load_config(path).views == (
        ViewSpec("hbm", "HBM again", query="HBM", sort="relevance"),
        ViewSpec("old", "Old", starred=True, since="2w"),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """300 articles a day apart in two feeds; every third tagged chips, every fifth hbm."""
    store = Store(tmp_path / "views.db")
    feeds = [store.ensure_feed(f"https://feeds.test/{name}.xml", name) for name in "ab"]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for parity, feed in enumerate(feeds):
        drafts = []
        for n in range(parity, 300, 2):
            body = "high bandwidth memory HBM" if n % 5 == 0 else "other news"
            entry = EntryData(
                key=f"k{n}", guid=f"k{n}", url=f"https://news.test/{n}", title=f"Story {n}",
                author=None, published=start + timedelta(days=n), summary="", content_html="",
            )  # fmt: skip
            tags = {"chips": "rule"} if n % 3 == 0 else {}
            drafts.append((ArticleDraft(entry, f"<p>{body}</p>", body, "page", tags), f"h{n}"))  # type: ignore[arg-type]
        store.save_new(feed.id, drafts)
    yield store
    store.close()


def numbers(store: Store, where: ArticleFilter, **paging: int) -> list[int]:
    return [int(s.title.split()[1]) for s in store.list_articles(where, **paging)]


def test_a_view_pages_like_any_pane(store: Store) -> None:
    where = ArticleFilter(match="hbm", any_tags=("chips", "nothing"))
    expected = [n for n in range(299, -1, -1) if n % 15 == 0]
    total = store.count_articles(where)
    assert total == len(expected) == 20
    pages = [numbers(store, where, limit=7, offset=offset, total=total) for offset in (0, 7, 14)]
    assert sum(pages, []) == expected
    assert store.position(where, store.list_articles(where, limit=1, offset=3)[0].id) == 3


def test_since_feeds_and_all_tags_narrow_the_list(store: Store) -> None:
    since = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=200)
    where = ArticleFilter(
        tag="chips", since=since, feed_urls=("https://feeds.test/a.xml",), match="memory"
    )
    listed = store.list_articles(where, limit=50)
    assert [int(s.title.split()[1]) for s in listed] == [270, 240, 210]
    assert store.count_articles(where) == 3
    assert store.next_unread(where, listed[0].id, True) == listed[1].id
    assert store.count_articles(ArticleFilter(all_tags=("chips",), match="memory")) == 20


def test_a_chinese_query_view(tmp_path: Path) -> None:
    store = Store(tmp_path / "zh.db")
    feed = store.ensure_feed("https://feeds.test/zh.xml", "zh")
    texts = ["商务部对镓锗相关物项实施出口管制", "科技部加快实现高水平科技自立自强"]
    drafts = []
    for n, text in enumerate(texts):
        entry = EntryData(
            key=f"z{n}", guid=f"z{n}", url=f"https://news.test/z{n}", title=text[:6],
            author=None, published=datetime(2025, 1, 1 + n, tzinfo=UTC), summary="",
            content_html="",
        )  # fmt: skip
        drafts.append((ArticleDraft(entry, f"<p>{text}</p>", text, "page", {}), f"z{n}"))  # type: ignore[arg-type]
    store.save_new(feed.id, drafts)
    where = ArticleFilter(match="出口管制")
    assert [s.title for s in store.list_articles(where)] == [texts[0][:6]]
    assert store.count_articles(ArticleFilter(match="自立自强", unread=True)) == 1
    store.close()


def test_a_view_with_a_broken_query_is_a_query_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[views.broken]\ntitle = "Broken"\nquery = "hbm AND"\n', encoding="utf-8")
    library = Library.open(path, tmp_path / "lib.db")
    with pytest.raises(QueryError, match="cannot search for 'hbm AND'"):
        library.view_counts()
    library.close()
