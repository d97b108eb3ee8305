"""Topic rules: whole words, plurals, acronyms, patterns and excludes."""

from __future__ import annotations

import pytest

from scitui.config import TopicRule, parse_config
from scitui.topics import TopicMatcher, TopicReason


def matcher(**rule: object) -> TopicMatcher:
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
    assert tagged(matcher(case_sensitive=("BIS",)), text) is hit


def test_case_sensitive_acronym_with_digits_and_hyphens() -> None:
    topics = matcher(case_sensitive=("H-1B", "H100"))
    assert tagged(topics, "new H-1B fees")
    assert tagged(topics, "shipments of H100 chips")
    assert not tagged(topics, "h-1b")
    assert not tagged(topics, "H1000 series")


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
        TopicReason("bis", "body", 2),
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
