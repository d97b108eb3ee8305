"""scitui.config: loading, validation errors that name file and key, and in-place feed edits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scitui.config import (
    Config,
    FeedSpec,
    Settings,
    TopicRule,
    add_feeds,
    compile_problem,
    default_config_text,
    default_topics,
    load_config,
    parse_config,
    remove_feed,
)
from scitui.errors import ConfigError, ScituiError

CONFIG_DATA = Path(__file__).parents[1] / "data" / "config"
EXAMPLE = Path(__file__).parents[2] / "config.example.toml"
DEFAULT_TOPICS = [
    "export-controls",
    "ai-chips",
    "talent",
    "national-labs",
    "collaboration",
    "self-reliance",
    "research-security",
    "funding",
]

BAD_FILES = [
    ("bad_toml.toml", ["invalid TOML", "line 3"]),
    ("unknown_top_key.toml", ["colour: unknown key"]),
    ("unknown_feed_key.toml", ["feeds[1].tag: unknown key", "name, tags, url"]),
    ("wrong_type_tags.toml", ["feeds[0].tags: must be an array of strings, not a string"]),
    ("feed_without_url.toml", ["feeds[1].url: missing (required)"]),
    ("non_http_url.toml", ["feeds[0].url: 'file:///etc/passwd' is not an http(s) URL"]),
    ("bad_regex.toml", ["topics.export-controls.patterns[1]: bad regular expression '(unclosed'"]),
    ("non_utf8.toml", ["not UTF-8 text", "at byte 103"]),
    ("settings_jobs.toml", ["settings.jobs: must be an integer from 1 to 64"]),
    ("bad_topic_slug.toml", ["topics.Export_Controls: a topic name must be"]),
    ("bad_feed_tag.toml", ["feeds[0].tags: 'Think Tank' is not a tag"]),
]


@pytest.mark.parametrize(("name", "fragments"), BAD_FILES)
def test_load_config_names_the_file_and_the_key(name, fragments):
    path = CONFIG_DATA / name
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize(
    ("name", "fragments"), [item for item in BAD_FILES if item[0] != "non_utf8.toml"]
)
def test_parse_config_names_the_source_and_the_key(name, fragments):
    text = (CONFIG_DATA / name).read_text("utf-8")
    with pytest.raises(ConfigError) as raised:
        parse_config(text, "<my source>")
    assert str(raised.value).startswith("<my source>: ")
    for fragment in fragments:
        assert fragment in str(raised.value)


def test_config_error_is_a_scitui_error():
    assert issubclass(ConfigError, ScituiError)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('feeds = "x"', "feeds: must be an array of tables ([[feeds]]), not a string"),
        ("feeds = [1]", "feeds[0]: must be a table, not an integer"),
        ("[[feeds]]\nurl = 5", "feeds[0].url: must be a string, not an integer"),
        ('[[feeds]]\nurl = "  "', "feeds[0].url: must not be empty"),
        ('[[feeds]]\nurl = "https://"', "feeds[0].url: 'https://' is not an http(s) URL"),
        ('[[feeds]]\nurl = "javascript:alert(1)"', "feeds[0].url"),
        ('[[feeds]]\nurl = "//example.org/feed"', "feeds[0].url"),
        ('[[feeds]]\nurl = "https://a.example/"\nname = ["x"]', "feeds[0].name: must be a string"),
        (
            '[[feeds]]\nurl = "https://a.example/"\ntags = [1]',
            "feeds[0].tags: must be an array of strings",
        ),
        ("settings = 1", "settings: must be a table, not an integer"),
        ("[settings]\njobs = true", "settings.jobs: must be an integer"),
        ("[settings]\njobs = 65", "settings.jobs: must be an integer from 1 to 64"),
        ("[settings]\njobs = 2.5", "settings.jobs"),
        ('[settings]\ncontent = "yes"', "settings.content: must be true or false, not a string"),
        ("[settings]\nthreads = 2", "settings.threads: unknown key"),
        ("topics = []", "topics: must be a table, not an array"),
        ('[topics]\nchips = "x"', "topics.chips: must be a table, not a string"),
        ('[topics.chips]\nwords = ["chip"]', "topics.chips.words: unknown key"),
        ('[topics.chips]\nkeywords = "chip"', "topics.chips.keywords: must be an array of strings"),
        ("[topics.chips]\ntitle = 3", "topics.chips.title: must be a string, not an integer"),
        ("[topics.chips]\npatterns = ['[a-']", "topics.chips.patterns[0]: bad regular expression"),
    ],
)
def test_parse_config_rejects(text, fragment):
    with pytest.raises(ConfigError) as raised:
        parse_config(text, "test.toml")
    assert str(raised.value).startswith("test.toml: ")
    assert fragment in str(raised.value)


def test_a_missing_file_means_the_built_in_defaults(tmp_path):
    config = load_config(tmp_path / "does-not-exist.toml")

    assert config.path is None
    assert len(config.feeds) >= 12
    assert all(feed.url.startswith("https://") for feed in config.feeds)
    assert len({feed.url for feed in config.feeds}) == len(config.feeds)
    assert [topic.slug for topic in config.topics] == DEFAULT_TOPICS
    assert all(topic.title and topic.keywords for topic in config.topics)
    assert config.settings == Settings(jobs=8, content=True)
    assert not (tmp_path / "does-not-exist.toml").exists()


def test_the_example_config_is_the_built_in_default():
    text = EXAMPLE.read_text("utf-8")
    assert text == default_config_text()
    assert parse_config(text, str(EXAMPLE)) == load_config(Path("/nonexistent/scitui.toml"))


def test_feeds_without_topics_get_the_default_topics():
    config = load_config(CONFIG_DATA / "good_minimal.toml")

    assert config.feeds == (FeedSpec("https://example.org/feed.xml"),)
    assert config.topics == default_topics()
    assert [topic.slug for topic in config.topics] == DEFAULT_TOPICS
    assert config.path == CONFIG_DATA / "good_minimal.toml"


def test_an_empty_topics_table_means_no_topics():
    assert parse_config("[topics]\n", "x").topics == ()


def test_a_full_config():
    config = load_config(CONFIG_DATA / "good_full.toml")

    assert config.settings == Settings(jobs=3, content=False)
    assert config.feeds == (
        FeedSpec("https://example.org/feed.xml", "Example Org", ("think-tank", "funding")),
        FeedSpec("http://example.net/rss", None, ()),
    )
    assert config.topics == (
        TopicRule(
            "quantum",
            "Quantum",
            "Quantum computing and sensing.",
            ("quantum computer", "qubit"),
            ("QKD",),
            (r"\bquantum (sensing|sensors?)\b",),
            ("quantum leap",),
        ),
        TopicRule("space", "Space", keywords=("launch vehicle",)),
    )
    assert config.topic("space") is config.topics[1]
    assert config.topic("nope") is None
    assert config.feed("http://example.net/rss") is config.feeds[1]
    assert config.feed("http://nope.example/") is None


def test_values_are_trimmed_and_blank_list_items_dropped():
    config = parse_config(
        '[[feeds]]\nurl = "  https://a.example/feed  "\ntags = ["", "x"]\n'
        '[topics.t]\nkeywords = ["  ", "word"]\n',
        "x",
    )
    assert config.feeds[0].url == "https://a.example/feed"
    assert config.feeds[0].tags == ("x",)
    assert config.topics[0].keywords == ("word",)
    assert config.topics[0].title == "T"


def test_an_unreadable_path_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert str(raised.value).startswith(f"{tmp_path}: cannot read")


def test_config_values_are_frozen():
    config = parse_config('[[feeds]]\nurl = "https://a.example/"\n', "x")
    assert isinstance(config, Config)
    with pytest.raises(AttributeError):
        config.feeds = ()  # type: ignore[misc]


# editing in place ----------------------------------------------------------------------------

COMMENTED = """\
# top comment
[settings]
jobs = 2  # two at a time

# my feeds
[[feeds]]
url = "https://one.example/feed"  # first

[[feeds]]
url = "https://two.example/feed"
tags = ["funding"]

# topics below
[topics.chips]
keywords = ["chip export"]
"""


def test_add_feeds_keeps_comments_and_skips_known_feeds(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED, encoding="utf-8")

    added = add_feeds(
        path,
        [
            FeedSpec("https://two.example/feed"),
            FeedSpec("https://three.example/feed", "Three", ("t",)),
            FeedSpec("https://three.example/feed", "Again"),
        ],
    )

    assert added == [FeedSpec("https://three.example/feed", "Three", ("t",))]
    text = path.read_text("utf-8")
    assert text == COMMENTED.replace(
        "# topics below",
        (
            '[[feeds]]\nurl = "https://three.example/feed"\nname = "Three"\ntags = ["t"]\n\n'
            "# topics below"
        ),
    )
    assert [feed.url for feed in load_config(path).feeds] == [
        "https://one.example/feed",
        "https://two.example/feed",
        "https://three.example/feed",
    ]


def test_add_feeds_with_nothing_new_does_not_touch_the_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    before = path.stat().st_mtime_ns
    assert add_feeds(path, [FeedSpec("https://one.example/feed")]) == []
    assert path.stat().st_mtime_ns == before
    assert path.read_text("utf-8") == COMMENTED


def test_add_feeds_to_a_missing_file_writes_the_defaults_plus_the_feed(tmp_path):
    path = tmp_path / "new" / "config.toml"

    add_feeds(path, [FeedSpec("https://new.example/feed")])

    config = load_config(path)
    assert config.feeds[:-1] == parse_config(default_config_text(), "d").feeds
    assert config.feeds[-1] == FeedSpec("https://new.example/feed")
    assert "# scitui configuration" in path.read_text("utf-8")
    assert not list(path.parent.glob("*.tmp"))


def test_add_feeds_to_a_file_without_feeds(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("# just topics\n[topics.chips]\nkeywords = ['chip']\n", encoding="utf-8")
    add_feeds(path, [FeedSpec("https://a.example/")])
    config = load_config(path)
    assert config.feeds == (FeedSpec("https://a.example/"),)
    assert [topic.slug for topic in config.topics] == ["chips"]
    assert path.read_text("utf-8").startswith("# just topics\n")


def test_add_feeds_refuses_an_invalid_feed_and_keeps_the_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        add_feeds(path, [FeedSpec("ftp://a.example/feed")])
    assert f"{path}: feeds[2].url" in str(raised.value)
    assert path.read_text("utf-8") == COMMENTED


def test_add_feeds_refuses_to_edit_an_invalid_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes((CONFIG_DATA / "non_utf8.toml").read_bytes())
    with pytest.raises(ConfigError) as raised:
        add_feeds(path, [FeedSpec("https://a.example/")])
    assert str(raised.value).startswith(f"{path}: ")
    path.write_text("colour = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="colour: unknown key"):
        add_feeds(path, [FeedSpec("https://a.example/")])
    assert path.read_text("utf-8") == "colour = 1\n"


def test_remove_feed_keeps_comments(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED, encoding="utf-8")

    assert remove_feed(path, "https://two.example/feed") is True

    text = path.read_text("utf-8")
    assert "two.example" not in text
    for comment in ("# top comment", "# two at a time", "# my feeds", "# first", "# topics below"):
        assert comment in text
    assert [feed.url for feed in load_config(path).feeds] == ["https://one.example/feed"]
    assert remove_feed(path, "https://two.example/feed") is False


def test_add_then_remove_gives_back_the_same_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    add_feeds(path, [FeedSpec("https://a.example/", "A"), FeedSpec("https://b.example/")])
    remove_feed(path, "https://b.example/")
    remove_feed(path, "https://a.example/")
    assert path.read_text("utf-8") == COMMENTED


def test_remove_feed_from_the_defaults(tmp_path):
    path = tmp_path / "config.toml"
    first = parse_config(default_config_text(), "d").feeds[0]

    assert remove_feed(path, first.url) is True

    config = load_config(path)
    assert first not in config.feeds
    assert len(config.feeds) == len(parse_config(default_config_text(), "d").feeds) - 1
    assert "# Topics (shown in the app in this order)" in path.read_text("utf-8")


# under attack --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a = " + "[" * 5000 + "]" * 5000, "invalid TOML: arrays or tables nested too deeply"),
        ('[[feeds]]\nurl = "http://[::1"', "feeds[0].url: 'http://[::1' is not an http(s) URL"),
        ('[[feeds]]\nurl = "http://a.example:xyz/"', "feeds[0].url: 'http://a.example:xyz/'"),
        ('[[feeds]]\nurl = "http://:80/"', "feeds[0].url: 'http://:80/' is not an http(s) URL"),
        ('[[feeds]]\nurl = "https://a.example/\\u0000x"', "feeds[0].url: must not contain"),
        ('[[feeds]]\nurl = "https://a.example/ x"', "feeds[0].url: 'https://a.example/ x'"),
        ('[[feeds]]\nurl = "exec:ls"', "feeds[0].url: 'exec:ls' is not an http(s) URL"),
        ('[[feeds]]\nurl = "|cat /etc/passwd"', "feeds[0].url"),
        ('[[feeds]]\nurl = "data:text/html,x"', "feeds[0].url"),
        (
            '[[feeds]]\nurl = "https://a.example/"\nname = "a\\u001b[31mred"',
            "feeds[0].name: must not contain control characters",
        ),
        ('[topics.chips]\ntitle = "two\\nlines"', "topics.chips.title: must not contain"),
        ('[topics."chips\\n"]\nkeywords = ["x"]', "topics.chips\\n: a topic name must be"),
        ('[[feeds]]\nurl = "https://a.example/"\ntags = ["x\\n"]', "'x\\n' is not a tag"),
        ("[topics.chips]\nmin_score = nan", "topics.chips.min_score: must be a finite number"),
        ("[topics.chips]\ntitle_weight = inf", "topics.chips.title_weight: must be a finite"),
        ("[topics.chips]\npatterns = ['a{99999999999}']", "topics.chips.patterns[0]: bad regular"),
        ("[settings]\nkeep_days = 99999999999", "settings.keep_days: must be a whole number"),
        ("[settings]\nkeep_days = 0", "settings.keep_days"),
        ('[settings]\nkeep_days = "7"', "settings.keep_days"),
        ("[settings]\nrefresh_minutes = 0", "settings.refresh_minutes: must be a whole number"),
        ("[settings]\nrefresh_minutes = true", "settings.refresh_minutes"),
        ("[settings]\nrefresh_minutes = 1.5", "settings.refresh_minutes"),
        ("[settings]\npages_per_feed = 0", "settings.pages_per_feed: must be a whole number"),
        ('[settings]\npages_per_feed = "all"', "settings.pages_per_feed"),
        ("[settings]\nsecret = 1", "settings.secret: unknown key"),
        ("secret = 1", "secret: unknown key"),
        ('[[feeds]]\nurl = "https://a.example/"\nsecret = 1', "feeds[0].secret: unknown key"),
        ("[topics.chips]\nsecret = 1", "topics.chips.secret: unknown key"),
    ],
)
def test_hostile_config_values_are_config_errors_on_one_line(text, fragment):
    with pytest.raises(ConfigError) as raised:
        parse_config(text, "hostile.toml")
    message = str(raised.value)
    assert message.startswith("hostile.toml: ")
    assert fragment in message
    assert not any(ord(char) < 0x20 for char in message), message


def test_refresh_minutes_is_off_unless_set():
    assert parse_config("", "x").settings.refresh_minutes is None
    assert parse_config("[settings]\nrefresh_minutes = 30", "x").settings.refresh_minutes == 30


def test_a_multi_line_description_is_fine():
    config = parse_config('[topics.chips]\ndescription = """Chips:\n\tall of them."""\n', "x")
    assert config.topics[0].description == "Chips:\n\tall of them."


def test_a_pattern_only_the_regex_module_knows_is_accepted():
    config = parse_config("[topics.han]\npatterns = ['\\p{Han}+', '(?<=\\w+)x']\n", "x")
    assert config.topics[0].patterns == (r"\p{Han}+", r"(?<=\w+)x")


def test_a_fifo_is_refused_without_being_opened(tmp_path):
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)  # opening it to read would block until a writer came

    with pytest.raises(ConfigError) as raised:
        load_config(fifo)

    assert str(raised.value) == f"{fifo}: cannot read: not a regular file"


def test_a_path_under_a_file_means_the_defaults(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert load_config(tmp_path / "file" / "config.toml").path is None


def test_a_huge_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("scitui.config.MAX_CONFIG_BYTES", 100)
    path = tmp_path / "config.toml"
    path.write_text("# padding\n" * 20, encoding="utf-8")
    with pytest.raises(ConfigError, match="too large for a config file"):
        load_config(path)


def test_a_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xef\xbb\xbf[[feeds]]\r\nurl = "https://a.example/"\r\n')
    assert load_config(path).feeds == (FeedSpec("https://a.example/"),)


def test_every_built_in_pattern_compiles() -> None:
    """Loading skips compiling the built-in patterns (for speed): this is their check."""
    patterns = [pattern for rule in default_topics() for pattern in rule.patterns]
    assert len(patterns) > 50
    assert {pattern: compile_problem(pattern) for pattern in patterns} == dict.fromkeys(patterns)


def test_a_changed_built_in_pattern_is_still_checked(tmp_path: Path) -> None:
    pattern = next(pattern for rule in default_topics() for pattern in rule.patterns)
    path = tmp_path / "config.toml"
    path.write_text("[topics.mine]\npatterns = ['''" + pattern + "(''']\n", "utf-8")
    with pytest.raises(ConfigError, match=r"topics\.mine\.patterns\[0\]: bad regular expression"):
        load_config(path)
