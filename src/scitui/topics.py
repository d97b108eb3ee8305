"""Topic rules compiled once; ``match`` tags a title and text. Pure: no I/O, no clock."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from scitui.config import TopicRule


@dataclass(frozen=True)
class TopicReason:
    """Why a topic matched: the matched text, where, and how often."""

    term: str
    where: str
    count: int


def phrase_regex(phrase: str) -> str:
    """A whole-word regex for a phrase: any space or hyphen between words, a plural ending."""
    words = [re.escape(word) for word in re.split(r"[\s-]+", phrase.strip()) if word]
    if not words:
        return r"(?!x)x"
    body = r"[\s\-]+".join(words)
    if words[-1][-1:].isalpha():
        body += r"(?:s|es)?"
    return rf"(?<!\w){body}(?!\w)"


def _alternation(parts: Iterable[str], flags: int) -> re.Pattern[str] | None:
    parts = list(parts)
    if not parts:
        return None
    return re.compile("|".join(f"(?:{part})" for part in parts), flags)


class _CompiledTopic:
    def __init__(self, rule: TopicRule) -> None:
        self.slug = rule.slug
        self.include = [
            pattern
            for pattern in (
                _alternation((phrase_regex(k) for k in rule.keywords), re.IGNORECASE),
                _alternation((phrase_regex(k) for k in rule.case_sensitive), 0),
                _alternation(rule.patterns, re.IGNORECASE),
            )
            if pattern is not None
        ]
        self.exclude = _alternation((phrase_regex(k) for k in rule.exclude), re.IGNORECASE)

    def reasons(self, title: str, text: str) -> tuple[TopicReason, ...]:
        if self.exclude is not None and (self.exclude.search(title) or self.exclude.search(text)):
            return ()
        counts: dict[tuple[str, str], int] = {}
        for where, value in (("title", title), ("body", text)):
            for pattern in self.include:
                for found in pattern.finditer(value):
                    key = (found.group(0).lower(), where)
                    counts[key] = counts.get(key, 0) + 1
        return tuple(TopicReason(term, where, count) for (term, where), count in counts.items())


class TopicMatcher:
    """All topic rules, compiled once, matched against an article's title and text."""

    def __init__(self, rules: Iterable[TopicRule]) -> None:
        self._topics = [_CompiledTopic(rule) for rule in rules]

    def match(self, title: str, text: str) -> dict[str, tuple[TopicReason, ...]]:
        """Map each matching topic slug to the reasons it matched.

        Args:
            title: the article's title.
            text: the article's plain text.
        """
        matches: dict[str, tuple[TopicReason, ...]] = {}
        for topic in self._topics:
            reasons = topic.reasons(title, text)
            if reasons:
                matches[topic.slug] = reasons
        return matches
