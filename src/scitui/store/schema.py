"""The database schema, its version, and the migrations that reach it."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable

from scitui.store.cjk import register_functions

APPLICATION_ID = 0x53435449  # "SCTI"
VERSION = 13

SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    source_url TEXT NOT NULL UNIQUE,
    name TEXT,
    title TEXT,
    site_url TEXT,
    etag TEXT,
    last_modified TEXT,
    last_fetched TEXT,
    last_error TEXT,
    added_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    entry_key TEXT NOT NULL,
    guid TEXT,
    url TEXT,
    title TEXT NOT NULL DEFAULT '',
    author TEXT,
    published TEXT,
    sort_date TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    html TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    content_source TEXT NOT NULL DEFAULT 'feed',
    entry_hash TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    fetched_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    story_id INTEGER,
    UNIQUE (feed_id, entry_key)
);
CREATE INDEX IF NOT EXISTS articles_by_date ON articles (sort_date DESC, id DESC);
CREATE INDEX IF NOT EXISTS articles_unread ON articles (read, sort_date DESC, id DESC);
CREATE INDEX IF NOT EXISTS articles_starred ON articles (starred, sort_date DESC, id DESC);
CREATE INDEX IF NOT EXISTS articles_by_feed ON articles (feed_id, sort_date DESC);
CREATE INDEX IF NOT EXISTS articles_by_url ON articles (url);

CREATE TABLE IF NOT EXISTS article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('feed', 'rule', 'manual')),
    PRIMARY KEY (article_id, tag)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_tags_by_tag ON article_tags (tag, article_id);

CREATE TABLE IF NOT EXISTS tag_removals (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (
    title, text, content='articles', content_rowid='id', tokenize='porter unicode61'
);
CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"""
"""Version 1. The FTS triggers fire only on title/text changes, so marking read stays cheap."""


def migrate_0_to_1(conn: sqlite3.Connection) -> None:
    """Create every table, index and trigger of version 1 (idempotent).

    Statement by statement: ``executescript`` would commit the caller's transaction first.
    """
    for statement in _statements(SCHEMA_V1):
        conn.execute(statement)


def _statements(script: str) -> list[str]:
    """The complete SQL statements of a script (a trigger's body stays in one piece)."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending.strip()[:60]!r}")
    return statements


SCHEMA_V2 = """
CREATE TABLE IF NOT EXISTS tag_reasons (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    term TEXT NOT NULL,
    place TEXT NOT NULL CHECK (place IN ('title', 'body')),
    count INTEGER NOT NULL,
    PRIMARY KEY (article_id, tag, term, place)
) WITHOUT ROWID;
"""
"""Version 2: why a topic rule tagged an article (term, title or body, how often)."""


def migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Add tag_reasons; articles stored before it get reasons from `scitui retag`."""
    conn.execute(SCHEMA_V2)


SCHEMA_V3 = [
    "ALTER TABLE article_tags ADD COLUMN sort_date TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE article_tags ADD COLUMN read INTEGER NOT NULL DEFAULT 0",
    """UPDATE article_tags SET
        sort_date = (SELECT sort_date FROM articles WHERE id = article_id),
        read = (SELECT read FROM articles WHERE id = article_id)""",
    "DROP INDEX IF EXISTS article_tags_by_tag",
    "DROP INDEX IF EXISTS articles_by_date",
    """CREATE INDEX articles_by_date
        ON articles (sort_date DESC, id DESC, read, starred)""",
    """CREATE INDEX article_tags_by_date
        ON article_tags (tag, sort_date DESC, article_id DESC)""",
    """CREATE INDEX article_tags_unread
        ON article_tags (tag, read, sort_date DESC, article_id DESC)""",
    """CREATE TRIGGER article_tags_copy AFTER INSERT ON article_tags BEGIN
        UPDATE article_tags SET
            sort_date = (SELECT sort_date FROM articles WHERE id = new.article_id),
            read = (SELECT read FROM articles WHERE id = new.article_id)
        WHERE article_id = new.article_id AND tag = new.tag;
    END""",
    """CREATE TABLE IF NOT EXISTS pruned_entries (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        entry_key TEXT NOT NULL,
        pruned_at TEXT NOT NULL,
        PRIMARY KEY (feed_id, entry_key)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS topic_fingerprints (
        slug TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TRIGGER articles_tags_follow AFTER UPDATE OF read, sort_date ON articles BEGIN
        UPDATE article_tags SET sort_date = new.sort_date, read = new.read
        WHERE article_id = new.id;
    END""",
]
"""Version 3: each tag row carries its article's date and read flag (kept by triggers), so a
tag pane pages, counts and counts unread from one index without reading article rows; the
date index carries the flags too, so a list filtered by them is scanned in the index alone.
pruned_entries remembers what retention deleted, so a feed still listing it does not bring it
back; topic_fingerprints records the rules every stored article was last tagged with, so a
retag rechecks only the topics whose rules changed since."""


def migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Copy sort_date and read into article_tags and index them per tag."""
    for statement in SCHEMA_V3:
        conn.execute(statement)


SCHEMA_V4 = [
    "ALTER TABLE feeds ADD COLUMN last_success TEXT",
    "UPDATE feeds SET last_success = last_fetched WHERE last_error IS NULL",
    """CREATE TABLE IF NOT EXISTS fetch_runs (
        id INTEGER PRIMARY KEY,
        finished_at TEXT NOT NULL,
        feeds INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        new INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        causes TEXT NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE IF NOT EXISTS preferences (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID""",
]
"""Version 4: when each feed last succeeded, how the last refreshes ended (so the reader can
say "22 of 22 feeds failed" after a restart), and the reader's remembered preferences."""


def migrate_3_to_4(conn: sqlite3.Connection) -> None:
    """Add feeds.last_success (from past error-free fetches), fetch_runs and preferences."""
    for statement in SCHEMA_V4:
        conn.execute(statement)


SCHEMA_V5 = """
CREATE TABLE IF NOT EXISTS pending_pages (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
)
"""
"""Version 5: articles stored with their feed's content because their feed had more new
entries than one run downloads pages for; a later run downloads their pages."""


def migrate_4_to_5(conn: sqlite3.Connection) -> None:
    """Add pending_pages."""
    conn.execute(SCHEMA_V5)


SCHEMA_V6 = [
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TABLE IF EXISTS articles_fts",
    "DROP VIEW IF EXISTS articles_search",
    """CREATE VIEW articles_search AS
        SELECT id, title, text, '' AS title_cjk, '' AS text_cjk FROM articles""",
    """CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text, title_cjk, text_cjk,
        content='articles_search', content_rowid='id', tokenize='porter unicode61'
    )""",
    """INSERT INTO articles_fts (rowid, title, text, title_cjk, text_cjk)
        SELECT id, title, text, cjk_bigrams(title), cjk_bigrams(text) FROM articles""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text, title_cjk, text_cjk) VALUES
            (new.id, new.title, new.text, cjk_bigrams(new.title), cjk_bigrams(new.text));
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text, title_cjk, text_cjk) VALUES
            ('delete', old.id, old.title, old.text, cjk_bigrams(old.title), cjk_bigrams(old.text));
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text, title_cjk, text_cjk) VALUES
            ('delete', old.id, old.title, old.text, cjk_bigrams(old.title), cjk_bigrams(old.text));
        INSERT INTO articles_fts (rowid, title, text, title_cjk, text_cjk) VALUES
            (new.id, new.title, new.text, cjk_bigrams(new.title), cjk_bigrams(new.text));
    END""",
]
"""Version 6: the search index gains the CJK runs' bigrams of title and text (two columns made
by cjk_bigrams, a function every connection registers), so a Chinese word inside an unspaced
run is found; the porter columns are as before. The content view gives '' for the bigram
columns: snippets (which read it for every hit) never call Python, and Chinese snippets are
cut from the text instead. So never 'rebuild' or 'integrity-check' this index: refill it as
this migration does (idempotent: it drops and refills)."""


def migrate_5_to_6(conn: sqlite3.Connection) -> None:
    """Rebuild the search index with the CJK bigram columns, fed by a view over articles."""
    register_functions(conn)  # whoever migrates (a bare connection too) fills the CJK columns
    for statement in SCHEMA_V6:
        conn.execute(statement)


SCHEMA_V7 = [
    """CREATE TABLE IF NOT EXISTS article_sources (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        ident TEXT NOT NULL,
        url TEXT NOT NULL,
        PRIMARY KEY (article_id, kind, ident)
    ) WITHOUT ROWID""",
    """CREATE INDEX IF NOT EXISTS article_sources_by_ident
        ON article_sources (kind, ident, article_id)""",
]
"""Version 7: the primary documents (rules, bills, papers) each article cites or is, found
by :mod:`scitui.sources`; the index lists a document's articles and groups the documents."""

SOURCES_SCAN_KEY = "sources.scan_below"
"""In ``preferences``: articles with a lower id were stored before version 7 and have not been
scanned for sources yet (``Library.scan_old_sources``); gone when none is left."""


def migrate_6_to_7(conn: sqlite3.Connection) -> None:
    """Add article_sources; mark the articles already stored as not yet scanned.

    They are scanned later, newest first, a batch at a time (by fetches, and at once by
    `scitui sources`): about 0.3 ms an article, half a minute at 100,000, would otherwise
    hold up the first start after an upgrade. Idempotent.
    """
    for statement in SCHEMA_V7:
        conn.execute(statement)
    conn.execute(
        "INSERT OR IGNORE INTO preferences (key, value)"
        " SELECT ?, max(id) + 1 FROM articles HAVING count(*) > 0",
        (SOURCES_SCAN_KEY,),
    )


SCHEMA_V8 = [
    """CREATE TABLE IF NOT EXISTS notes (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS notes_by_update ON notes (updated_at DESC, article_id DESC)",
    """CREATE VIRTUAL TABLE IF NOT EXISTS notes_fts USING fts5 (
        title, text, title_cjk, text_cjk, tokenize='porter unicode61'
    )""",
    """CREATE TRIGGER IF NOT EXISTS notes_fts_insert AFTER INSERT ON notes BEGIN
        INSERT INTO notes_fts (rowid, title, text, title_cjk, text_cjk)
        VALUES (new.article_id, '', new.text, '', cjk_bigrams(new.text));
    END""",
    """CREATE TRIGGER IF NOT EXISTS notes_fts_delete AFTER DELETE ON notes BEGIN
        DELETE FROM notes_fts WHERE rowid = old.article_id;
    END""",
    """CREATE TRIGGER IF NOT EXISTS notes_fts_update AFTER UPDATE OF text ON notes BEGIN
        DELETE FROM notes_fts WHERE rowid = old.article_id;
        INSERT INTO notes_fts (rowid, title, text, title_cjk, text_cjk)
        VALUES (new.article_id, '', new.text, '', cjk_bigrams(new.text));
    END""",
]
"""Version 8: the user's notes on articles (one per article, never pruned) and their own
small search index. Its columns are named as the articles' index's, so one MATCH expression
(column filters and CJK bigram phrases included) runs on both; the title columns stay empty.
A note's words thus find its article without refilling the articles' index."""


def migrate_7_to_8(conn: sqlite3.Connection) -> None:
    """Add notes and notes_fts (idempotent)."""
    for statement in SCHEMA_V8:
        conn.execute(statement)


PLACED_THROUGH = "stories-placed-through"
"""The preference holding the last article id stored before stories: those with no story
id are stories of their own, not articles waiting to be placed."""
SCHEMA_V9 = [
    "CREATE INDEX IF NOT EXISTS articles_by_story ON articles (story_id)",
    f"""INSERT OR REPLACE INTO preferences (key, value)
        SELECT '{PLACED_THROUGH}', coalesce(max(id), 0) FROM articles""",
]
"""Version 9: stories, ``story_id`` the smallest article id of an article's story. An
article with none is a story of its own: one stored before stories (`scitui restory`
clusters those), or a new one until the fetch that stored it places it. Writing an id
into every stored row would rewrite the whole file, so the migration only notes where
the old articles end."""


def migrate_8_to_9(conn: sqlite3.Connection) -> None:
    """Index articles by story; note the last article stored before stories."""
    for statement in SCHEMA_V9:
        conn.execute(statement)


SCHEMA_V10 = [
    """CREATE TABLE IF NOT EXISTS article_actions (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        view TEXT NOT NULL,
        action TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (article_id, view, action)
    ) WITHOUT ROWID""",
]
"""Version 10: what saved views' ``on_new`` rules did to each article (star, mark-read,
tag:<name>, notify), so the reader and `show` say why, and a rule never takes an action
twice: what the user changed back afterwards stays changed."""


def migrate_9_to_10(conn: sqlite3.Connection) -> None:
    """Add article_actions (idempotent)."""
    for statement in SCHEMA_V10:
        conn.execute(statement)


HEAD_ORDER = (
    "EXISTS (SELECT 1 FROM article_sources src WHERE src.article_id = s.id "
    "AND src.kind = 'fr-doc' AND s.url LIKE '%federalregister.gov/%' "
    "AND instr(s.url, src.ident) > 0) DESC, s.sort_date, s.id"
)
"""Which of a story's articles (``s``) heads it: its primary-source version (an article
whose own URL is its Federal Register document), else the earliest."""


STORY_MOVED_TRIGGER = "articles_story_moved"
"""The trigger that refreshes a story's flags whenever one article's story id changes."""


def _story_refresh(story: str) -> str:
    """Statements recomputing a story's flags (head, newest date, unread versions).

    Every subquery is uncorrelated, so SQLite runs each once per statement: a story of k
    articles costs O(k log k), not a scan of the story per row (a restory of 100k articles
    with stories of thousands ran for a quarter of an hour). The tag heads are ranked per tag
    with a window function; ``(read = 0)`` takes the article's own state off the story's count.
    Each reads the story through its index: left to itself the planner took max(sort_date)
    from the date index and the unread count from the unread index, scanning the cache.
    """
    members = f"FROM articles s INDEXED BY articles_by_story WHERE s.story_id = {story}"
    head = f"SELECT s.id {members} ORDER BY {HEAD_ORDER} LIMIT 1"
    tag_heads = (
        "SELECT id, tag FROM (SELECT s.id AS id, t2.tag AS tag, row_number() OVER "
        f"(PARTITION BY t2.tag ORDER BY {HEAD_ORDER}) AS rank FROM articles s INDEXED BY "
        "articles_by_story "
        f"CROSS JOIN article_tags t2 ON t2.article_id = s.id WHERE s.story_id = {story}) "
        "WHERE rank = 1"
    )
    return f"""
        UPDATE articles SET
            story_row = (id = ({head})),
            story_date = (SELECT max(s.sort_date) {members}),
            others_unread = (SELECT count(*) {members} AND s.read = 0) - (read = 0)
        WHERE story_id = {story};
        UPDATE article_tags SET story_row = ((article_id, tag) IN ({tag_heads}))
        WHERE article_id IN (SELECT id FROM articles WHERE story_id = {story});"""


SCHEMA_V11 = [
    "ALTER TABLE articles ADD COLUMN story_row INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE articles ADD COLUMN story_date TEXT",
    "ALTER TABLE articles ADD COLUMN others_unread INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE article_tags ADD COLUMN story_row INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE article_tags ADD COLUMN story_date TEXT",
    "ALTER TABLE article_tags ADD COLUMN others_unread INTEGER NOT NULL DEFAULT 0",
    """CREATE INDEX IF NOT EXISTS articles_by_story_date ON articles
        (coalesce(story_date, sort_date) DESC, id DESC, story_row, read, others_unread)""",
    """CREATE INDEX IF NOT EXISTS article_tags_by_story_date ON article_tags
        (tag, coalesce(story_date, sort_date) DESC, article_id DESC, story_row, read,
        others_unread)""",
    f"""CREATE TRIGGER IF NOT EXISTS {STORY_MOVED_TRIGGER}
        AFTER UPDATE OF story_id, sort_date ON articles BEGIN
        UPDATE articles SET story_row = 1, story_date = NULL, others_unread = 0
        WHERE id = new.id AND new.story_id IS NULL;
        UPDATE article_tags SET story_row = 1 WHERE article_id = new.id AND new.story_id IS NULL;
        {_story_refresh("old.story_id")}
        {_story_refresh("new.story_id")}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS articles_story_deleted AFTER DELETE ON articles
        WHEN old.story_id IS NOT NULL BEGIN {_story_refresh("old.story_id")}
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_story_read AFTER UPDATE OF read ON articles
        WHEN new.story_id IS NOT NULL AND old.read IS NOT new.read BEGIN
        UPDATE articles SET others_unread = others_unread + (CASE WHEN new.read THEN -1 ELSE 1 END)
        WHERE story_id = new.story_id AND id <> new.id;
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_story_tags_follow
        AFTER UPDATE OF story_date, others_unread ON articles BEGIN
        UPDATE article_tags SET story_date = new.story_date, others_unread = new.others_unread
        WHERE article_id = new.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS article_tags_story_added AFTER INSERT ON article_tags
        WHEN (SELECT story_id FROM articles WHERE id = new.article_id) IS NOT NULL BEGIN
        {_story_refresh("(SELECT story_id FROM articles WHERE id = new.article_id)")}
        UPDATE article_tags SET story_date = (SELECT story_date FROM articles WHERE id =
            new.article_id), others_unread = (SELECT others_unread FROM articles WHERE id =
            new.article_id) WHERE article_id = new.article_id AND tag = new.tag;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS article_tags_story_removed AFTER DELETE ON article_tags
        WHEN (SELECT story_id FROM articles WHERE id = old.article_id) IS NOT NULL BEGIN
        {_story_refresh("(SELECT story_id FROM articles WHERE id = old.article_id)")}
    END""",
]
"""Version 11: story rows. Each article carries its story's flags, kept by triggers: whether
it heads the story (``story_row``), the story's newest date and how many of its other
versions are unread; each tag row carries them too, with its own head among the story's
articles of that tag. A list of stories walks ``coalesce(story_date, sort_date)``: an
article alone (no story id) needs no flag written, so the migration writes only the rows
of stories of two articles or more."""

MULTI_STORIES = (
    "SELECT story_id FROM articles WHERE story_id IS NOT NULL GROUP BY story_id HAVING count(*) > 1"
)


def migrate_10_to_11(conn: sqlite3.Connection) -> None:
    """Add the story flags, their indexes and triggers; flag the stored multi-article stories."""
    for statement in SCHEMA_V11:
        conn.execute(statement)
    refresh_all_stories(conn)


def refresh_all_stories(conn: sqlite3.Connection, which: str = MULTI_STORIES) -> None:
    """Recompute the flags of every story ``which`` selects (all of two articles or more)."""
    for story in [row[0] for row in conn.execute(which)]:
        refresh_story(conn, story)


def refresh_story(conn: sqlite3.Connection, story: int) -> None:
    """Recompute one story's flags (what ``articles_story_moved`` does for each row)."""
    for statement in _story_refresh("?").split(";"):
        if statement.strip():
            conn.execute(statement, [story] * statement.count("?"))


_STORY_OF_SOURCE = "(SELECT story_id FROM articles WHERE id = {0}.article_id)"
SCHEMA_V12 = [
    f"""CREATE TRIGGER IF NOT EXISTS article_sources_story_head_added
        AFTER INSERT ON article_sources
        WHEN new.kind = 'fr-doc' AND {_STORY_OF_SOURCE.format("new")} IS NOT NULL BEGIN
        {_story_refresh(_STORY_OF_SOURCE.format("new"))}
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS article_sources_story_head_removed
        AFTER DELETE ON article_sources
        WHEN old.kind = 'fr-doc' AND {_STORY_OF_SOURCE.format("old")} IS NOT NULL BEGIN
        {_story_refresh(_STORY_OF_SOURCE.format("old"))}
    END""",
]
"""Version 12: a Federal Register document found (or dropped) after its article was placed in
a story (older articles are scanned for sources later; a changed body replaces them) moves the
story's head to its primary-source version (HEAD_ORDER), as placement would have."""


FR_DOC_STORIES = (
    "SELECT DISTINCT a.story_id FROM article_sources src JOIN articles a ON a.id = src.article_id "
    "WHERE src.kind = 'fr-doc' AND a.story_id IS NOT NULL AND a.url LIKE '%federalregister.gov/%'"
)
"""The stories a primary-source version may head: only their heads can be stale."""


def migrate_11_to_12(conn: sqlite3.Connection) -> None:
    """Add the triggers, then recompute the flags of the stories whose heads may be stale."""
    for statement in SCHEMA_V12:
        conn.execute(statement)
    refresh_all_stories(conn, FR_DOC_STORIES)


_TRIGGER_NAME = re.compile(r"CREATE TRIGGER IF NOT EXISTS (\w+)")


def migrate_12_to_13(conn: sqlite3.Connection) -> None:
    """Recreate the story triggers with the refresh of one pass per story (``_story_refresh``);
    the flags they keep are unchanged, so no story is refreshed. Statistics of the story index
    taken before stories existed are taken again."""
    for statement in (*SCHEMA_V11, *SCHEMA_V12):
        if found := _TRIGGER_NAME.search(statement):
            conn.execute(f"DROP TRIGGER IF EXISTS {found[1]}")
            conn.execute(statement)
    analyze_stories(conn)


def analyze_stories(conn: sqlite3.Connection) -> None:
    """Take the story index's statistics again, if the file keeps statistics at all.

    ``PRAGMA optimize`` (run at close) analyses a table when its size changes tenfold, not
    when its story ids do: a cache analysed before it had stories keeps saying every article
    shares one story id (NULL), and the planner then avoids the index for any story lookup.
    One index scan (tens of ms at 100k).
    """
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        conn.execute("ANALYZE articles_by_story")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    0: migrate_0_to_1,
    1: migrate_1_to_2,
    2: migrate_2_to_3,
    3: migrate_3_to_4,
    4: migrate_4_to_5,
    5: migrate_5_to_6,
    6: migrate_6_to_7,
    7: migrate_7_to_8,
    8: migrate_8_to_9,
    9: migrate_9_to_10,
    10: migrate_10_to_11,
    11: migrate_11_to_12,
    12: migrate_12_to_13,
}
"""``MIGRATIONS[n]`` takes a version-n database to version n + 1."""
