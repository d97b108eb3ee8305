"""Story clustering on hand-written cases: what joins, what stays apart, incremental = full."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from scitui.stories import (
    BODY_TOKENS,
    SAME,
    UNRELATED,
    StoryIndex,
    StoryItem,
    Vocabulary,
    _with_amounts,
    amount,
    changed_stories,
    cluster,
    days_named,
    event_date,
    multi_stories,
    profile,
    significant,
    similarity,
    strength,
    terms,
)
from scitui.text import CJK_RUN, word_tokens

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


BACKGROUND_TITLES = [
    "NIH caps postdoc stipends after budget cut",
    "NSF merges two directorates in reorganization",
    "Dutch parliament passes knowledge security screening law",
    "Korea joins Horizon Europe as associated country",
    "Oak Ridge opens isotope production facility",
    "H-1B lottery moves to wage-weighted selection",
    "International PhD enrollment drops at US universities",
    "Made in China 2025: a final accounting",
    "商务部宣布对稀土相关技术实施出口管制",
    "商务部发布公告：对无人机相关物项实施出口管制",
    "美国商务部宣布将多家中国企业列入实体清单",
]


def background() -> list[StoryItem]:
    """Unrelated articles of other weeks: what a cache holds besides the case at hand."""
    return [
        item(
            900 + n,
            f"other{n % 3}",
            title,
            f"{title}. Officials said the change takes effect next year for research programs.",
            DAY - timedelta(days=20 + 5 * n),
        )
        for n, title in enumerate(BACKGROUND_TITLES)
    ]


def stories_of(*items: StoryItem) -> dict[int, int]:
    """The stories of ``items``, clustered among the background articles."""
    ids = {article.id for article in items}
    found = cluster([*items, *background()])
    return {article: story for article, story in found.items() if article in ids}


def compare(first: StoryItem, second: StoryItem) -> int:
    """strength() of two articles, with the background's word frequencies."""
    vocabulary = Vocabulary.of(terms(article) for article in (first, second, *background()))
    return strength(profile(first, vocabulary), profile(second, vocabulary))


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
    stories = stories_of(*entity_list_coverage())
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
    assert stories_of(first, second) == {21: 21, 22: 22}


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
    assert stories_of(curbs, fund) == {31: 31, 32: 32}


def test_a_follow_up_eight_days_later_is_a_story_of_its_own() -> None:
    first, second, third = entity_list_coverage()
    later = StoryItem(
        third.id, third.feed, third.title, third.text, DAY + timedelta(days=8), third.sources
    )
    assert stories_of(first, later) == {11: 11, 13: 13}


def test_articles_of_one_feed_never_join_each_others_story() -> None:
    first, second, _third = entity_list_coverage()
    same_feed = StoryItem(second.id, first.feed, second.title, second.text, second.published)
    assert stories_of(first, same_feed) == {11: 11, 12: 12}
    assert compare(first, same_feed) == SAME  # the words alone would join


def test_a_chain_of_two_matches_does_not_join_its_ends() -> None:
    """A~B and B~C strongly, A and C unrelated: C does not join A's story through B."""
    a = item(41, "wire", "Entity List adds Naura and Piotech")
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
    assert compare(a, b) == SAME and compare(b, c) == SAME
    assert compare(a, c) == UNRELATED
    stories = stories_of(a, b, c)
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
    assert stories_of(rule, coverage) == {51: 51, 52: 51}


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
    assert stories_of(one, other) == {61: 61, 62: 62}


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
    assert stories_of(mofcom, echo, other) == {71: 71, 72: 71, 73: 73}
    assert "商务" in significant("商务部宣布") and "部宣" in significant("商务部宣布")


def test_feed_name_words_are_not_evidence() -> None:
    one = item(81, "chinatalk", "ChinaTalk Weekly: Huawei phones", feed_name="ChinaTalk Weekly")
    two = item(
        82, "chinatalk2", "ChinaTalk Weekly: rare earth magnets", feed_name="ChinaTalk Weekly"
    )
    assert "chinatalk" not in terms(one)[0]
    assert stories_of(one, two) == {81: 81, 82: 82}


def test_a_full_text_is_compared_by_its_lead_like_a_summary() -> None:
    """Bodies are cut to the same length, so a long text is not drowned in its own words."""
    lead = ENTITY_BODY.format(x="XMC")
    summary = item(1, "wire", "Entity List adds 140", lead)
    full = item(2, "csis", "Entity List adds 140", lead + "Rain is expected in Vienna. " * 60)
    longer = item(3, "trade", "Entity List adds 140", lead * 3)
    lead_words = terms(summary)[1]
    assert terms(full)[1][: len(lead_words)] == lead_words
    assert len(terms(full)[1]) == BODY_TOKENS
    vocabulary = Vocabulary.of(terms(article) for article in (summary, full, *background()))
    assert similarity(profile(summary, vocabulary), profile(full, vocabulary)) > 0.7
    assert similarity(profile(summary, vocabulary), profile(longer, vocabulary)) > 0.9


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
    everything = coverage + others + background()
    full = cluster(everything)
    assert multi_stories(full) == {11: [11, 12, 13]}
    for seed in range(5):
        shuffled = everything[:]
        random.Random(seed).shuffle(shuffled)
        index = StoryIndex(Vocabulary.of(terms(article) for article in everything))
        for article in shuffled:
            index.place(article)
        assert index.story_ids() == full


def test_ingest_adds_to_stories_loaded_from_the_window() -> None:
    first, second, third = entity_list_coverage()
    everything = [first, second, third, *background()]
    index = StoryIndex(Vocabulary.of(terms(article) for article in everything))
    index.add(first, 11)
    index.add(second, 11)
    assert index.place(third) == 11
    assert {key: value for key, value in index.story_ids().items() if key < 900} == {
        11: 11,
        12: 11,
        13: 11,
    }


def test_story_changes_are_the_stories_formed_and_undone() -> None:
    before = {1: 1, 2: 1, 3: 3, 4: 4}
    after = {1: 1, 2: 2, 3: 3, 4: 3}
    assert multi_stories(after) == {3: [3, 4]}
    assert changed_stories(before, after) == ([frozenset({3, 4})], [frozenset({1, 2})])


def test_a_roundup_citing_many_documents_joins_none_of_them_by_citing_alone() -> None:
    cited = frozenset(f"fr-doc:2024-2{n:04d}" for n in range(8))
    roundup = item(101, "newsletter", "This week in the Federal Register", sources=cited)
    rule = item(
        102, "federalregister", "Additions to the Entity List", sources=frozenset({min(cited)})
    )
    assert stories_of(roundup, rule) == {101: 101, 102: 102}


def test_word_tokens_split_chinese_runs_into_bigrams_and_keep_latin_words() -> None:
    assert word_tokens("美国对HBM芯片 Export-Controls") == [
        "美国",
        "国对",
        "hbm",
        "芯片",
        "export",
        "controls",
    ]
    assert word_tokens("镓") == ["镓"]
    assert "国对" not in significant("美国对HBM芯片")  # a function character straddles words


def test_a_chinese_article_meets_an_english_one_on_the_words_both_can_share() -> None:
    """Bigrams no English text can contain are left out of a cross-script comparison."""
    chinese = item(
        91,
        "caixin",
        "英伟达H20对华出口需获许可",
        "英伟达表示，美国政府通知其H20芯片对华出口需获得许可，公司预计将计提费用。",
    )
    english = item(92, "wire", "Nvidia says H20 exports to China now need a license", "")
    other_chinese = item(93, "yicai", "英伟达H20芯片需获出口许可", "英伟达H20芯片出口需获得许可。")
    vocabulary = Vocabulary.of(terms(a) for a in (chinese, english, other_chinese))
    zh, en, zh2 = (profile(a, vocabulary) for a in (chinese, english, other_chinese))
    assert all(not CJK_RUN.match(word) for word in zh.shared_script)
    assert any(CJK_RUN.match(word) for word in zh.vector)
    assert en.shared_script is en.vector
    shared = zh.shared_script.keys() & en.vector.keys()
    assert {"nvidia", "h20", "license"} <= shared
    assert similarity(zh, en) == sum(zh.shared_script[w] * en.vector[w] for w in shared)
    assert similarity(zh, en) > sum(zh.vector.get(w, 0) * en.vector[w] for w in en.vector)
    # two Chinese articles are compared on everything, bigrams included
    assert similarity(zh, zh2) == sum(
        zh.vector[w] * zh2.vector[w] for w in zh.vector.keys() & zh2.vector.keys()
    )


def test_amounts_are_one_word_in_any_wording_or_language() -> None:
    assert amount(47.5e9) == amount(47e9) == "47e9"
    assert amount(344e9) == amount(3440 * 1e8) == "34e10"
    assert amount(5) == ""
    words = {
        text: set(significant(_with_amounts(text)))
        for text in ("$47.5 billion", "$47bn", "3440亿元", "344 billion yuan", "55亿美元", "$5.5B")
    }
    assert "47e9" in words["$47.5 billion"] & words["$47bn"]
    assert "34e10" in words["3440亿元"] & words["344 billion yuan"]
    assert "55e8" in words["55亿美元"] & words["$5.5B"]
    # plain numbers, years, percentages and metres stay as they are
    assert _with_amounts("140 entities in 2024, up 3.5%, 5m away") == (
        "140 entities in 2024, up 3.5%, 5m away"
    )
    assert "10e4" in significant(_with_amounts("a $100,000 fee"))


def test_the_same_amount_joins_a_chinese_report_and_its_english_coverage() -> None:
    chinese = item(
        95,
        "yicai",
        "国家集成电路产业投资基金三期成立 注册资本3440亿元",
        "国家集成电路产业投资基金三期于5月24日成立，注册资本3440亿元。",
    )
    english = item(
        96,
        "wire",
        "China sets up third chip fund with 344 billion yuan",
        "China has set up its largest semiconductor investment fund, with registered "
        "capital of 344 billion yuan, according to a government registry.",
        DAY + timedelta(hours=2),
    )
    assert "34e10" in terms(chinese)[0] and "34e10" in terms(english)[0]
    assert compare(chinese, english) == SAME


def test_the_beat_names_of_the_topic_definitions_are_english_words_too() -> None:
    assert {"hbm", "smic", "bis"} <= set(terms(item(1, "a", "工业和安全局限制中芯高带宽存储"))[0])
    # a topic noun is no glossary term: two reports on one beat are not one event by it
    assert "laboratory" not in terms(item(2, "b", "全国重点实验室评估结果公布"))[0]


def test_date_phrases_name_the_day_of_the_happening() -> None:
    friday = datetime(2022, 10, 7, 17, 30, tzinfo=UTC)  # a Friday
    saturday = friday + timedelta(days=1)
    day = "d20221007"
    assert days_named("BIS today released a rule", friday) == [day]
    assert days_named("rules unveiled late Friday", saturday) == [day]
    assert days_named("On October 7, 2022, BIS released", saturday + timedelta(days=2)) == [day]
    assert days_named("published on 7th Oct.", saturday) == [day]
    assert days_named("as of 7 October 2022", saturday) == [day]
    assert days_named("美国商务部当地时间10月7日宣布", saturday) == [day]
    assert days_named("2022年10月7日，美国商务部", saturday) == [day]
    assert days_named("as reported yesterday", friday) == ["d20221006"]
    # a day further than the window, or another year stated, is another event's
    assert (
        days_named("the October 7, 2021 rule, expected in May 2023 and by Dec 30", saturday) == []
    )
    assert event_date(saturday, 2, 30) == ""
    assert terms(item(1, "wire", "Rule", "Rules unveiled on Friday", saturday))[1][0] == day


def test_curbs_restrictions_and_controls_are_one_word() -> None:
    words = significant("curbs, restrictions, restricted exports, controls, controlled items")
    assert words == ["control", "control", "control", "export", "control", "control", "item"]
