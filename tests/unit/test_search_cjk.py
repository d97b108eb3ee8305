"""Chinese search on a real database: words inside unspaced runs, phrases, syntax, snippets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from old_schema import old_database
from tests.unit.test_search import FEED, add, draft

from scitui.store import Store
from scitui.store.cjk import cjk_bigrams
from scitui.store.schema import VERSION, migrate_5_to_6

SELF_RELIANCE = "科技部：加快实现高水平科技自立自强"
SELF_RELIANCE_BODY = (
    "科技部日前召开党组会议，研究部署加快实现高水平科技自立自强的重点任务。会议指出，要强化国家"
    "战略科技力量，优化全国重点实验室体系布局，推动重点实验室重组取得实效。会议要求，加强基础研究"
    "和原始创新，完善科技评价机制，提升智能算力基础设施的供给能力。"
)
EXPORT = "商务部公告2023年第23号：镓锗相关物项实施出口管制"
EXPORT_BODY = (
    "根据《中华人民共和国出口管制法》《中华人民共和国对外贸易法》《中华人民共和国海关法》有关规定，"
    "为维护国家安全和利益，经国务院批准，决定对镓、锗相关物项实施出口管制。出口经营者应当按照相关"
    "规定办理许可手续，向商务部提出申请。本公告自2023年8月1日起正式实施。"
)
HBM_BODY = (
    "美方近日扩大对HBM芯片的出口管制范围，涉及多家企业。业内人士认为，此举将影响全球存储供应链。"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "cjk.db")
    yield opened
    opened.close()


@pytest.fixture
def two(store: Store) -> tuple[int, int]:
    ids = add(
        store,
        FEED,
        draft("zlzq", SELF_RELIANCE, SELF_RELIANCE_BODY),
        draft("gz", EXPORT, EXPORT_BODY),
    )
    return ids[0], ids[1]


def ids(store: Store, query: str) -> list[int]:
    return [hit.article.id for hit in store.search(query)]


def test_the_three_queries_of_the_issue_find_their_article(
    store: Store, two: tuple[int, int]
) -> None:
    self_reliance, export = two
    assert ids(store, "自立自强") == [self_reliance]
    assert ids(store, "重点实验室") == [self_reliance]
    assert ids(store, "出口管制") == [export]


def test_a_two_character_word_and_a_lone_character_are_found(
    store: Store, two: tuple[int, int]
) -> None:
    assert ids(store, "算力") == [two[0]]
    assert ids(store, "镓") == [two[1]]


def test_a_phrase_does_not_match_its_characters_scattered(
    store: Store, two: tuple[int, int]
) -> None:
    # 科, 技, 管 and 制 all occur in both articles, never as 科技管制
    assert ids(store, "科技管制") == []
    assert ids(store, "自强自立") == []


def test_a_title_match_ranks_above_a_body_match(store: Store) -> None:
    body, title = add(
        store,
        FEED,
        draft("body", "国务院常务会议研究部署有关工作", EXPORT_BODY),
        draft("title", "关于加强出口管制合规建设的通知", SELF_RELIANCE_BODY),
    )
    assert ids(store, "出口管制") == [title, body]


def test_mixed_queries_need_both_parts(store: Store, two: tuple[int, int]) -> None:
    (hbm,) = add(store, FEED, draft("hbm", "美方调整对华半导体政策", HBM_BODY))
    assert ids(store, "HBM 出口管制") == [hbm]
    assert ids(store, "HBM 自立自强") == []
    assert set(ids(store, "出口管制")) == {hbm, two[1]}


def test_fts_syntax_works_with_chinese_phrases(store: Store, two: tuple[int, int]) -> None:
    self_reliance, export = two
    (hbm,) = add(store, FEED, draft("hbm", "美方调整对华半导体政策", HBM_BODY))
    assert set(ids(store, "自立自强 OR 镓锗")) == {self_reliance, export}
    assert ids(store, "出口管制 NOT 商务部") == [hbm]
    assert ids(store, '"出口管制法"') == [export]
    assert ids(store, '"HBM 芯片"') == [hbm]
    assert set(ids(store, '"出口管制" OR HBM*')) == {export, hbm}


def test_snippets_are_readable_text_with_the_match_marked(
    store: Store, two: tuple[int, int]
) -> None:
    (hit,) = store.search("重点实验室")
    assert "«重点实验室»" in hit.snippet
    assert hit.snippet.replace("«", "").replace("»", "").strip("…") in SELF_RELIANCE_BODY
    assert " " not in hit.snippet  # not the index's bigrams
    (title_only,) = store.search("科技部")
    assert "«科技部»" in title_only.snippet


def test_english_search_and_snippets_are_as_before(store: Store) -> None:
    (article,) = add(
        store, FEED, draft("en", "Export control rules", "The rule covers lithography tools.")
    )
    (hit,) = store.search("lithography")
    assert hit.article.id == article
    assert hit.snippet == "The rule covers «lithography» tools."


def test_an_update_and_a_delete_keep_the_index_right(store: Store, two: tuple[int, int]) -> None:
    self_reliance, export = two
    changed = draft("gz", "关于稀土出口许可的公告", "稀土相关物项的出口许可手续另行规定。")
    store.update_entries([(export, changed, "h-gz-2")])
    assert ids(store, "镓锗") == []
    assert ids(store, "稀土出口") == [export]

    store.prune(datetime(2100, 1, 1, tzinfo=UTC))
    assert ids(store, "稀土出口") == []
    assert ids(store, "自立自强") == []
    with store.transaction() as conn:
        rows = conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()
    assert rows == (0,)


def test_a_version_4_database_migrates_and_its_chinese_is_found(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    conn = old_database(path, 4)
    conn.execute("INSERT INTO feeds (id, url, source_url, added_at) VALUES (1, 'f', 'f', 'x')")
    conn.execute(
        "INSERT INTO articles (feed_id, entry_key, title, text, sort_date, entry_hash, fetched_at, "
        "updated_at) VALUES (1, 'k', ?, ?, '2026-12-01', 'h', 'x', 'x')",
        (EXPORT, EXPORT_BODY),
    )
    conn.commit()
    assert conn.execute(
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '出口管制'"
    ).fetchone() == (0,)
    conn.close()

    store = Store(path)
    try:
        assert [hit.article.title for hit in store.search("出口管制")] == [EXPORT]
        assert store.db.conn.execute("PRAGMA user_version").fetchone() == (VERSION,)
        migrate_5_to_6(store.db.conn)  # idempotent: a second run rebuilds the same index
        assert [hit.article.title for hit in store.search("镓锗")] == [EXPORT]
    finally:
        store.close()


def test_bigrams_cover_each_run_and_a_lone_character() -> None:
    assert cjk_bigrams("HBM 出口管制，镓 and more") == "出口 口管 管制 镓"
    assert cjk_bigrams("对HBM芯片") == "对 HBM 芯片"
    assert cjk_bigrams("English only") == ""
