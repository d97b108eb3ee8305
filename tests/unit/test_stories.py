"""Story clustering on hand-written cases: what joins, what stays apart, incremental = full."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from scitui.stories import (
    SAME,
    UNRELATED,
    StoryIndex,
    StoryItem,
    body_similarity,
    changed_stories,
    cluster,
    multi_stories,
    profile,
    significant,
    strength,
)

DAY = datetime(2024, 12, 2, 14, 0, tzinfo=UTC)

ENTITY_BODY = (
    "The Commerce Department's Bureau of Industry and Security added 140 entities to the "
    "Entity List on Monday, including the chipmaking equipment makers Naura and Piotech and "
    "the memory maker {x}. The rule also restricts exports of high-bandwidth memory to China "
    "and expands the foreign direct product rule to equipment made abroad with American tools. "
    "Officials said the measures aim to slow Beijing's push for advanced semiconductors for "
    "military use, while the Netherlands and Japan were left out of the new equipment rules. "
)


def item(
    article_id: int,
    feed: str,
    title: str,
    text: str = "",
    when: datetime = DAY,
    sources: frozenset[str] = frozenset(),
    feed_name: str = "",
) -> StoryItem:
    return StoryItem(
        article_id, f"https://{feed}.example/feed", title, text, when, sources, feed_name
    )


def entity_list_coverage() -> list[StoryItem]:
    """One BIS package told by three outlets in their own words."""
    return [
        item(
            11,
            "wire",
            "US adds 140 Chinese entities to Entity List, curbs HBM exports",
            ENTITY_BODY.format(x="XMC") * 2,
        ),
        item(
            12,
            "csis",
            "Commerce puts Naura, Piotech and 138 other entities on the Entity List",
            ENTITY_BODY.format(x="ChangXin") + "Analysts expect Beijing to retaliate.",
            DAY + timedelta(hours=5),
        ),
        item(
            13,
            "tradepaper",
            "Entity List grows by 140 entities as HBM export curbs land",
            "Chip toolmakers Naura and Piotech were among 140 entities the Commerce Department "
            "added to the Entity List; the rule also curbs exports of high-bandwidth memory "
            "(HBM) to China and extends the foreign direct product rule to equipment.",
            DAY + timedelta(days=1),
        ),
    ]


def test_the_same_event_in_three_outlets_is_one_story() -> None:
    stories = cluster(entity_list_coverage())
    assert stories == {11: 11, 12: 11, 13: 11}


def test_two_bis_rules_in_one_month_stay_apart() -> None:
    first = item(
        21,
        "wire",
        "BIS adds 42 Chinese companies to Entity List over military support for Russia",
        "The Bureau of Industry and Security added 42 Chinese companies to the Entity List "
        "for supplying Russia's military with microelectronics after the invasion of Ukraine.",
        sources=frozenset({"fr-doc:2024-21001", "cfr:15 CFR 744"}),
    )
    second = item(
        22,
        "csis",
        "BIS adds 11 Chinese entities to Entity List for aiding hypersonic programs",
        "The Bureau of Industry and Security added 11 Chinese entities to the Entity List "
        "for supporting the People's Liberation Army's hypersonic weapons research.",
        DAY + timedelta(days=2),
        sources=frozenset({"fr-doc:2024-21544", "cfr:15 CFR 744"}),
    )
    assert cluster([first, second]) == {21: 21, 22: 22}


def test_china_chips_headlines_about_different_events_stay_apart() -> None:
    curbs = item(
        31,
        "wire",
        "China restricts gallium and germanium exports in chips fight",
        "Beijing's Ministry of Commerce announced export licences for gallium and germanium, "
        "metals used in chipmaking, in a move seen as retaliation for US controls.",
    )
    fund = item(
        32,
        "csis",
        "China launches third Big Fund to back domestic chips",
        "China set up its third national integrated circuit fund with 344 billion yuan of "
        "registered capital to build up its domestic chip industry and equipment makers.",
        DAY + timedelta(hours=3),
    )
    assert cluster([curbs, fund]) == {31: 31, 32: 32}


def test_a_follow_up_eight_days_later_is_a_story_of_its_own() -> None:
    first, second, third = entity_list_coverage()
    later = StoryItem(
        third.id, third.feed, third.title, third.text, DAY + timedelta(days=8), third.sources
    )
    assert cluster([first, later]) == {11: 11, 13: 13}


def test_articles_of_one_feed_never_join_each_others_story() -> None:
    first, second, _third = entity_list_coverage()
    same_feed = StoryItem(second.id, first.feed, second.title, second.text, second.published)
    assert cluster([first, same_feed]) == {11: 11, 12: 12}
    assert strength(profile(first), profile(first)) == SAME  # the words alone would join


def test_a_chain_of_two_matches_does_not_join_its_ends() -> None:
    """A~B and B~C strongly, A and C unrelated: C does not join A's story through B."""
    a = item(41, "wire", "Entity List adds Naura, Piotech chip toolmakers")
    b = item(
        42,
        "csis",
        "Entity List adds Naura and Piotech as Dutch toolmakers ASML face servicing limits",
        sources=frozenset({"fr-doc:2024-28000"}),
    )
    c = item(
        43,
        "tradepaper",
        "ASML servicing limits hit Dutch toolmakers in China",
        sources=frozenset({"fr-doc:2024-28000"}),
    )
    pa, pb, pc = profile(a), profile(b), profile(c)
    assert strength(pa, pb) == SAME and strength(pb, pc) == SAME
    assert strength(pa, pc) == UNRELATED
    stories = cluster([a, b, c])
    assert stories[41] == stories[42] == 41
    assert stories[43] == 43


def test_a_shared_federal_register_document_joins_different_titles() -> None:
    rule = item(
        51,
        "federalregister",
        "Foreign Direct Product Rules: Advanced Computing and Supercomputer Items",
        sources=frozenset({"fr-doc:2022-21658", "cfr:15 CFR 744"}),
    )
    coverage = item(
        52,
        "chinatalk",
        "Biden's chip war goes nuclear",
        "Washington's October 7 rules cut China off from advanced AI accelerators.",
        DAY + timedelta(days=2),
        sources=frozenset({"fr-doc:2022-21658"}),
    )
    assert cluster([rule, coverage]) == {51: 51, 52: 51}


def test_a_shared_cfr_part_alone_does_not_join() -> None:
    one = item(
        61, "wire", "Commerce tightens rules on AI chips", sources=frozenset({"cfr:15 CFR 744"})
    )
    other = item(
        62,
        "csis",
        "Russia's drone makers added to export blacklist",
        sources=frozenset({"cfr:15 CFR 744", "eccn:3A090"}),
    )
    assert cluster([one, other]) == {61: 61, 62: 62}


def test_chinese_titles_of_one_event_join_and_of_two_events_do_not() -> None:
    mofcom = item(
        71,
        "xinhua",
        "商务部宣布对镓、锗相关物项实施出口管制",
        "商务部、海关总署发布公告，决定对镓、锗相关物项实施出口管制，自8月1日起正式实施。",
    )
    echo = item(
        72,
        "caixin",
        "商务部海关总署：8月1日起对镓锗相关物项实施出口管制",
        "根据公告，镓、锗相关物项未经许可不得出口，自8月1日起正式实施。",
        DAY + timedelta(hours=6),
    )
    other = item(
        73,
        "sina",
        "美国商务部宣布对华芯片出口管制新规",
        "美国商务部工业与安全局发布新规，限制先进计算芯片和半导体制造设备对华出口。",
        DAY + timedelta(hours=8),
    )
    assert cluster([mofcom, echo, other]) == {71: 71, 72: 71, 73: 73}
    assert "商务" in significant("商务部宣布") and "部宣" in significant("商务部宣布")


def test_feed_name_words_are_not_evidence() -> None:
    one = item(81, "chinatalk", "ChinaTalk Weekly: Huawei phones", feed_name="ChinaTalk Weekly")
    two = item(
        82, "chinatalk2", "ChinaTalk Weekly: rare earth magnets", feed_name="ChinaTalk Weekly"
    )
    assert "chinatalk" not in profile(one).title
    assert cluster([one, two]) == {81: 81, 82: 82}


def test_a_summary_is_like_its_own_full_text() -> None:
    """The longer text is cut to the shorter's length before comparing."""
    full = significant(ENTITY_BODY.format(x="XMC") * 3)
    lead = significant(ENTITY_BODY.format(x="XMC"))
    assert body_similarity(lead, full) == 1.0
    assert body_similarity(lead, significant("Rain is expected in Vienna " * 20)) == 0.0


def test_incremental_placing_in_any_order_matches_the_full_clustering() -> None:
    coverage = entity_list_coverage()
    others = [
        item(90 + n, f"feed{n}", title, when=DAY + timedelta(hours=n))
        for n, title in enumerate(
            [
                "NIH caps postdoc stipends after budget cut",
                "NSF merges two directorates in reorganization",
                "Dutch parliament passes knowledge security screening law",
            ]
        )
    ]
    everything = coverage + others
    full = cluster(everything)
    for seed in range(5):
        shuffled = everything[:]
        random.Random(seed).shuffle(shuffled)
        index = StoryIndex()
        for article in shuffled:
            index.place(article)
        assert index.story_ids() == full


def test_ingest_adds_to_stories_loaded_from_the_window() -> None:
    first, second, third = entity_list_coverage()
    index = StoryIndex()
    index.add(first, 11)
    index.add(second, 11)
    assert index.place(third) == 11
    assert index.story_ids() == {11: 11, 12: 11, 13: 11}


def test_story_changes_are_the_stories_formed_and_undone() -> None:
    before = {1: 1, 2: 1, 3: 3, 4: 4}
    after = {1: 1, 2: 2, 3: 3, 4: 3}
    assert multi_stories(after) == {3: [3, 4]}
    assert changed_stories(before, after) == ([frozenset({3, 4})], [frozenset({1, 2})])
