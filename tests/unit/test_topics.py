"""Topic rules: whole words, plurals, acronyms, patterns and excludes."""

from __future__ import annotations

import pytest

from scitui.config import TopicRule, parse_config
from scitui.topics import TopicMatcher, TopicReason, TopicScore


def matcher(**rule: object) -> TopicMatcher:
    """One topic "t"; a single match tags it unless the test sets min_score."""
    rule.setdefault("min_score", 1.0)
    return TopicMatcher([TopicRule(slug="t", title="T", **rule)])  # type: ignore[arg-type]


def tagged(topics: TopicMatcher, text: str, title: str = "") -> bool:
    return "t" in topics.match(title, text)


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("New export control rules", True),
        ("Export Control rules", True),
        ("tighter export controls", True),
        ("the export-control regime", True),
        ("export\n  controls", True),
        ("US export-controls on chips", True),
        ("exports control", False),
        ("export, control", False),
        ("export controller", False),
        ("reexport controls", False),
        ("export", False),
    ],
)
def test_keyword_phrases_match_whole_words_with_plurals(text: str, hit: bool) -> None:
    assert tagged(matcher(keywords=("export control",)), text) is hit


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("a lab opens", True),
        ("two labs open", True),
        ("Lab results", True),
        ("a new label", False),
        ("they collaborate", False),
        ("laboratory", False),
        ("lab-grown", True),
    ],
)
def test_short_keywords_do_not_match_inside_words(text: str, hit: bool) -> None:
    assert tagged(matcher(keywords=("lab",)), text) is hit


def test_keyword_ending_in_es_plural() -> None:
    topics = matcher(keywords=("export license",))
    assert tagged(topics, "export licenses were denied")
    assert tagged(matcher(keywords=("tax",)), "new taxes")
    assert not tagged(topics, "export licensing")


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("BIS issued a rule", True),
        ("the agency (BIS) said", True),
        ("bis repetita", False),
        ("Bis", False),
        ("BISON herds", False),
    ],
)
def test_case_sensitive_acronyms(text: str, hit: bool) -> None:
    """Acronyms only support a keyword (here "rulebook", added to each text)."""
    topics = matcher(case_sensitive=("BIS",), keywords=("rulebook",), min_score=2)
    assert tagged(topics, text + " rulebook") is hit


def test_case_sensitive_acronym_with_digits_and_hyphens() -> None:
    topics = matcher(case_sensitive=("H-1B", "H100"), keywords=("visa",), min_score=2)
    assert tagged(topics, "new H-1B fees and visa rules")
    assert tagged(topics, "a visa, and shipments of H100 chips")
    assert not tagged(topics, "a visa, and h-1b")
    assert not tagged(topics, "a visa, and the H1000 series")


def test_acronyms_and_context_terms_count_only_beside_a_keyword_or_pattern() -> None:
    topics = matcher(
        keywords=("export control",),
        case_sensitive=("BIS",),
        context=("licence",),
        patterns=(r"\bentity list\b",),
        min_score=2,
    )
    assert not tagged(topics, "BIS raised rates; BIS and the BIS again", title="BIS")
    assert not tagged(topics, "a licence, a licence, a licence")
    assert tagged(topics, "export controls and a BIS licence")
    assert tagged(topics, "the entity list; BIS")
    scores = topics.scores("", "BIS BIS BIS licence")
    assert "t" not in scores


def test_patterns_are_regexes_matched_case_insensitively() -> None:
    topics = matcher(patterns=(r"\bentity[- ]list(ed|ing)?\b", r"\b\d{1,2}[- ]?nm\b"))
    assert tagged(topics, "The firm was Entity-Listed last year")
    assert tagged(topics, "a 7nm process")
    assert tagged(topics, "added to the entity list")
    assert not tagged(topics, "an entity lister")
    assert not tagged(topics, "nothing relevant")


def test_exclude_in_title_or_body_cancels_the_topic() -> None:
    topics = matcher(keywords=("export control",), exclude=("rice exports",))
    assert tagged(topics, "export controls tighten")
    assert not tagged(topics, "export controls tighten", title="Rice exports fall")
    assert not tagged(topics, "Export controls and rice exports")
    assert not tagged(topics, "Export controls and RICE EXPORTS")
    singular = matcher(keywords=("export control",), exclude=("rice export",))
    assert not tagged(singular, "export controls and rice exports"), "excludes take plurals too"


def test_exclude_only_affects_its_own_topic() -> None:
    topics = TopicMatcher(
        [
            TopicRule("chips", "Chips", keywords=("chip",), exclude=("potato chips",)),
            TopicRule("food", "Food", keywords=("potato",)),
        ]
    )
    assert set(topics.match("Potato chips", "")) == {"food"}
    assert set(topics.match("AI chips", "")) == {"chips"}


def test_reasons_say_what_matched_where_and_how_often() -> None:
    topics = TopicMatcher(
        [
            TopicRule(
                "export-controls",
                "Export controls",
                keywords=("export control",),
                case_sensitive=("BIS",),
            ),
            TopicRule("labs", "Labs", keywords=("national lab",)),
        ]
    )

    found = topics.match(
        "Export controls tighten",
        "BIS said the export controls and export-control rules start. BIS again.",
    )

    assert set(found) == {"export-controls"}
    assert set(found["export-controls"]) == {
        TopicReason("export controls", "title", 1),
        TopicReason("export controls", "body", 1),
        TopicReason("export-control", "body", 1),
        TopicReason("BIS", "body", 2),  # case-sensitive terms keep their case
    }


def test_topics_come_back_in_config_order() -> None:
    rules = [
        TopicRule("zeta", "Z", keywords=("quantum",)),
        TopicRule("alpha", "A", keywords=("qubit",)),
    ]
    assert list(TopicMatcher(rules).match("qubit quantum", "")) == ["zeta", "alpha"]


def test_no_rules_and_empty_terms_match_nothing() -> None:
    assert TopicMatcher([]).match("anything", "at all") == {}
    assert matcher(keywords=("   ", "--")).match("anything - at all", "") == {}


def test_built_in_topics_tag_realistic_text() -> None:
    config = parse_config("", "<test>")  # no [topics]: the built-in defaults
    topics = TopicMatcher(config.topics)

    found = topics.match(
        "Commerce adds Chinese chipmakers to the Entity List",
        "The Bureau of Industry and Security said the rule covers AI chips made by SMIC.",
    )

    assert {"export-controls", "ai-chips"} <= set(found)
    assert "talent" not in found
    assert topics.match("Potato chips price war", "Snack makers cut prices.") == {}


def test_one_body_mention_is_not_enough_by_default_but_a_title_mention_is() -> None:
    topics = TopicMatcher([TopicRule(slug="t", title="T", keywords=("export control",))])
    assert "t" not in topics.match("Markets", "A passing note on export controls.")
    assert "t" in topics.match("Markets", "Export controls here, and export controls there.")
    assert "t" in topics.match("New export controls", "Nothing else in the body.")


def test_score_weighs_title_matches_and_min_score_is_per_topic() -> None:
    topics = TopicMatcher(
        [
            TopicRule(slug="t", title="T", keywords=("lab",), min_score=4, title_weight=2),
            TopicRule(slug="u", title="U", keywords=("lab",), min_score=1),
        ]
    )
    scores = topics.scores("Lab news", "one lab, two labs")
    assert scores["t"].score == 2 * 1 + 2
    assert scores["t"].tagged and scores["u"].tagged
    low = topics.scores("News", "one lab, two labs, three labs")
    assert low["t"].score == 3 and not low["t"].tagged
    assert set(topics.match("News", "one lab, two labs, three labs")) == {"u"}


def test_an_exclude_wins_over_any_score() -> None:
    topics = matcher(keywords=("chip",), exclude=("potato chips",), min_score=1)
    assert topics.scores("Chip chip chip", "potato chips")["t"].tagged is False
    assert "t" not in topics.match("Chip chip chip", "potato chips")


def test_min_score_and_title_weight_are_validated_at_load() -> None:
    from scitui.errors import ConfigError

    base = '[topics.t]\nkeywords = ["x"]\n'
    assert parse_config(base + "min_score = 3\n", "c.toml").topics[0].min_score == 3.0
    for bad, problem in (
        ("min_score = 0", "greater than 0"),
        ('min_score = "high"', "must be a number"),
        ("title_weight = true", "must be a number"),
        ("minscore = 2", "unknown key"),
    ):
        with pytest.raises(ConfigError, match=problem) as raised:
            parse_config(base + bad + "\n", "c.toml")
        assert "c.toml" in str(raised.value) and "topics.t." in str(raised.value)


def test_a_pattern_without_a_leading_boundary_still_matches_inside_words() -> None:
    """The matcher looks for patterns where their first words are; this one starts mid-word."""
    topics = matcher(patterns=(r"export[- ]controls?",))
    assert tagged(topics, "reexport controls apply")
    assert tagged(topics, "the export-control regime")
    bounded = matcher(patterns=(r"\bexport[- ]controls?",))
    assert not tagged(bounded, "reexport controls apply")


def test_skipping_and_anchoring_find_what_a_full_scan_of_every_rule_finds() -> None:
    """The matcher's shortcuts (word sets, stems, openings, anchored tries, word counts and
    word indexes for plain texts) change nothing."""
    import dataclasses

    import scitui.topics as topics_module
    from scitui.config import default_topics

    mixed = (
        "U.S. export controls on H-1B? No: BIS rules",
        "The Entity List, entity-listed firms and export curbs on gallium; national labs "
        "and state key laboratories; İstanbul researchers fleeing the US; reexport "
        "controls; EXPORT CONTROLS; restricting shipments to China; a $2bn fund for "
        "research; FY2026 budget request.",
    )
    chips = (
        "Chips",
        "Nvidia H20 chips, 3nm process nodes, and CHIPS Act subsidies for fabs; "
        "terminating 40 grants; attracting top scientists; 5 nanometre-class wafers.",
    )
    texts = [
        mixed,  # İ lowercases to two characters: searched for word by word
        chips,  # short and ASCII: words counted, searched for word by word
        (chips[0], " ".join([chips[1], mixed[1].replace("İ", "I")] * 12)),  # long: indexed
        (
            "Forschungszentrum Jülich “joins” exascale push — BIS",
            "Jülich and JÜLICH researchers — the Helmholtz lab’s “supercomputer”; "
            "Zürich’s export controls; entity-listed café chains; national labs.",
        ),  # plain non-ASCII: counted
        (
            "Semiconductor export controls",
            "export controls and \u212aelvin; x²export controls; labs²; lab² and lab; "
            "e\u0301xport controls; ΣEMI chips and exascale; export controls again.",
        ),  # characters that are words or lowercase otherwise: searched for word by word
        (
            "商务部公告2023年第23号：镓锗相关物项实施出口管制",
            "商务部、海关总署对镓、锗相关物项实施出口管制，列入实体清单的企业须申请出口许可；"
            "芯片、光刻机与算力；国家实验室和全国重点实验室；国家自然科学基金资助；卡脖子。",
        ),  # Chinese: CJK terms found by their runs, not counted as words
        (
            "HBM出口管制 and export controls on Nvidia H20 chips",
            "美方将HBM出口管制扩大到HBM3；BIS 实体清单 entity-listed 中芯国际；"
            "national labs 与中国科学院国际科技合作；research security 科研诚信。",
        ),  # mixed Chinese and English
    ]

    def normal(scores: dict[str, TopicScore]) -> dict[str, object]:
        return {k: (v.score, sorted(v.reasons, key=repr), v.tagged) for k, v in scores.items()}

    topics = TopicMatcher(default_topics())
    fast = [normal(topics.scores(title, text)) for title, text in texts]
    read = [topics._words(text) for _title, text in texts]
    assert [(words.counts is not None, words._index is not None) for words in read] == [
        (False, False),
        (True, False),
        (True, True),
        (True, False),
        (False, False),
        (True, False),
        (True, False),
    ]
    terms = {
        id(term): term
        for index in (topics._by_word, topics._by_exact_word)
        for found in index.values()
        for term in found
    }
    patterns = {id(p): p for found in topics._patterns_by_word.values() for p in found}
    every_pattern = [
        dataclasses.replace(pattern, stems=None)
        for pattern in [*patterns.values(), *topics._patterns_always]
    ]
    original = topics_module._scan
    try:
        topics._words = lambda value: topics_module._Words(value, value.lower(), None)  # type: ignore[method-assign]
        topics._candidates = lambda hits, words: list(terms.values())  # type: ignore[method-assign]
        topics._pattern_candidates = lambda hits: every_pattern  # type: ignore[method-assign]
        every_cjk = [term for _needle, term in topics._cjk_terms]
        topics._cjk_candidates = lambda value, lower: every_cjk  # type: ignore[method-assign]
        topics_module._scan = lambda regex, value, starts: list(regex.finditer(value))  # type: ignore[assignment]
        slow = [normal(topics.scores(title, text)) for title, text in texts]
    finally:
        topics_module._scan = original
    assert fast == slow
    assert all(fast)
    mixed_reasons = topics.scores(*texts[-1])["export-controls"].reasons
    assert any("出" in reason.term for reason in mixed_reasons)


@pytest.mark.parametrize(
    ("char", "plain"),
    [
        ("a", True),
        ("é", True),
        ("Ü", True),
        ("—", True),
        ("’", True),
        ("ſ", False),  # matches "s" case-insensitively, lowercases to itself
        ("\u212a", False),  # the Kelvin sign lowercases to "k"
        ("²", False),  # a word character for the standard library only
        ("\u0301", False),  # a combining accent: a word character for the regex module only
        ("Σ", False),  # lowercases by context
        ("İ", False),  # lowercases to two characters
    ],
)
def test_plain_characters_are_those_both_engines_and_lower_agree_on(char: str, plain: bool) -> None:
    from scitui.topics import _Plain

    assert _Plain(["jülich"])("word " + char + " word") is plain


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("商务部公告2023年第23号：镓锗相关物项实施出口管制", True),
        ("出口管制", True),
        ("关于出口管制的规定", True),
        ("export 出口管制 controls", True),
        ("出口 管制", False),
        ("出口管", False),
        ("export controls", False),
    ],
)
def test_chinese_keywords_match_inside_unspaced_text(text: str, hit: bool) -> None:
    assert tagged(matcher(keywords=("出口管制",)), text) is hit


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("美方对HBM出口管制升级", True),
        ("HBM出口管制", True),
        ("HBM3出口管制", False),  # another Latin word: not this term
        ("XHBM出口管制", False),
        ("hbm出口管制", True),
    ],
)
def test_mixed_terms_keep_a_boundary_at_their_latin_edge_only(text: str, hit: bool) -> None:
    assert tagged(matcher(keywords=("HBM出口管制",)), text) is hit


def test_chinese_reasons_count_title_and_body_separately() -> None:
    topics = matcher(keywords=("出口管制", "实体清单"), min_score=1.0)
    body = "出口管制新规。出口管制自8月起实施；另见实体清单。"
    reasons = topics.match("镓锗实施出口管制", body)["t"]
    assert reasons == (
        TopicReason("出口管制", "title", 1),
        TopicReason("出口管制", "body", 2),
        TopicReason("实体清单", "body", 1),
    )


def test_chinese_context_terms_count_only_beside_a_keyword() -> None:
    topics = matcher(keywords=("出口管制",), context=("芯片",), min_score=2.0)
    assert not tagged(topics, "芯片芯片芯片产能提升")
    assert tagged(topics, "芯片实施出口管制")
    assert not tagged(topics, "实施出口管制")  # 1 < min_score alone


def test_chinese_exclude_cancels_the_topic() -> None:
    topics = matcher(keywords=("合作",), exclude=("合作社",))
    assert tagged(topics, "中美科研合作")
    assert not tagged(topics, "农民专业合作社开展合作")


def test_chinese_case_sensitive_and_patterns() -> None:
    topics = matcher(keywords=("管制",), case_sensitive=("BIS管制",), patterns=("出口(管制|管控)",))
    scores = topics.scores("", "美国BIS管制与出口管控；bis管制")["t"]
    assert sorted(scores.reasons, key=repr) == sorted(
        [
            TopicReason("管制", "body", 2),
            TopicReason("BIS管制", "body", 1),  # the acronym's case is kept
            TopicReason("出口管控", "body", 1),
        ],
        key=repr,
    )


def test_an_english_text_never_looks_for_chinese_terms() -> None:
    topics = matcher(keywords=("出口管制", "export control"))
    topics._compile_rules()
    assert topics._cjk_candidates("export controls", "export controls") == []
    assert tagged(topics, "export controls")


def test_the_quick_cjk_test_covers_every_character_cjk_terms_match_on() -> None:
    """ANY_CJK lets a text skip the CJK terms: it must see every character CJK matches."""
    from scitui.topics import ANY_CJK, CJK

    missed = [
        hex(point)
        for point in range(0x40000)  # the scripts' blocks end in plane 3
        if not 0xD800 <= point <= 0xDFFF and CJK.match(chr(point)) and not ANY_CJK.match(chr(point))
    ]
    assert missed == []
    assert not any(CJK.match(chr(point)) for point in range(0x40000, 0x110000, 97))


def test_a_non_ascii_english_text_matches_as_without_chinese_terms() -> None:
    """Curly quotes make a text non-ASCII; its English matches are unchanged by Chinese terms."""
    text = "Commerce’s export controls — the “entity list” rule — and 实体 nowhere."
    english = TopicRule(slug="x", title="X", keywords=("export control", "entity list"))
    both = TopicRule(
        slug="x", title="X", keywords=("export control", "entity list", "出口管制", "实体清单")
    )
    assert TopicMatcher((both,)).match("", text) == TopicMatcher((english,)).match("", text)
    assert TopicMatcher((both,)).match("", text + " 出口管制")["x"][-1].term == "出口管制"
