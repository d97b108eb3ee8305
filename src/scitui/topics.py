"""Topic rules compiled once; ``match`` tags a title and text. Pure: no I/O, no clock.

Keyword phrases are matched on word tokens through a dictionary keyed by first word, so the
cost grows with the text, not with the number of keywords; only ``patterns`` use regexes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from scitui.config import TopicRule

WORD = re.compile(r"\w+")
JOINER = re.compile(r"[\s\-]+")
"""What may stand between the words of a phrase: spaces and hyphens only."""


@dataclass(frozen=True)
class TopicReason:
    """Why a topic matched: the matched text, where, and how often."""

    term: str
    where: str
    count: int


@dataclass(frozen=True)
class _Phrase:
    topic: str
    words: tuple[str, ...]
    gaps: tuple[str, ...]
    """What the term has between its words: spaces or hyphens match any run of either."""
    exact_case: bool
    exclude: bool

    @classmethod
    def parse(cls, topic: str, term: str, exact_case: bool, exclude: bool) -> _Phrase | None:
        found = list(WORD.finditer(term))
        if not found:
            return None
        gaps = tuple(term[a.end() : b.start()] for a, b in zip(found, found[1:], strict=False))
        words = tuple(m.group(0) if exact_case else m.group(0).lower() for m in found)
        return cls(topic, words, gaps, exact_case, exclude)

    def joins(self, index: int, gap: str) -> bool:
        """Whether ``gap`` in a text may stand where the term has its ``index``-th gap."""
        wanted = self.gaps[index]
        return gap == wanted or bool(JOINER.fullmatch(gap) and JOINER.fullmatch(wanted))


def _singulars(word: str) -> tuple[str, ...]:
    """A word and the forms a plural 's'/'es' ending could have come from."""
    forms = [word]
    if len(word) > 2 and word.endswith("s"):
        forms.append(word[:-1])
        if word.endswith("es"):
            forms.append(word[:-2])
    return tuple(forms)


class _Tokens:
    """A text's words with their spans, in original and lower case."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = list(WORD.finditer(text))
        self.spans = [match.span() for match in found]
        self.words = [match.group(0) for match in found]
        self.lower = [word.lower() for word in self.words]

    def phrase_at(self, start: int, phrase: _Phrase) -> int:
        """The end index of ``phrase`` if it starts at word ``start``, else 0."""
        end = start + len(phrase.words)
        if end > len(self.words):
            return 0
        words = self.words if phrase.exact_case else self.lower
        *head, last = phrase.words
        if words[start : end - 1] != head or last not in _singulars(words[end - 1]):
            return 0
        for offset, index in enumerate(range(start, end - 1)):
            if not phrase.joins(offset, self.text[self.spans[index][1] : self.spans[index + 1][0]]):
                return 0
        return end


class TopicMatcher:
    """All topic rules, compiled once, matched against an article's title and text."""

    def __init__(self, rules: Iterable[TopicRule]) -> None:
        self._order: list[str] = []
        self._first: dict[str, list[_Phrase]] = defaultdict(list)
        self._patterns: dict[str, re.Pattern[str]] = {}
        for rule in rules:
            self._order.append(rule.slug)
            groups = (
                (rule.keywords, False, False),
                (rule.case_sensitive, True, False),
                (rule.exclude, False, True),
            )
            for terms, exact_case, exclude in groups:
                for term in terms:
                    phrase = _Phrase.parse(rule.slug, term, exact_case, exclude)
                    if phrase is not None:
                        self._first[phrase.words[0]].append(phrase)
            if rule.patterns:
                self._patterns[rule.slug] = re.compile(
                    "|".join(f"(?:{pattern})" for pattern in rule.patterns), re.IGNORECASE
                )

    def match(self, title: str, text: str) -> dict[str, tuple[TopicReason, ...]]:
        """Map each matching topic slug to the reasons it matched.

        Args:
            title: the article's title.
            text: the article's plain text.
        """
        counts: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
        excluded: set[str] = set()
        for where, value in (("title", title), ("body", text)):
            for slug, term in self._phrases(value):
                if term is None:
                    excluded.add(slug)
                else:
                    counts[slug][(term, where)] = counts[slug].get((term, where), 0) + 1
            for slug, pattern in self._patterns.items():
                for found in pattern.finditer(value):
                    term = found.group(0).lower()
                    counts[slug][(term, where)] = counts[slug].get((term, where), 0) + 1
        return {
            slug: tuple(TopicReason(term, where, n) for (term, where), n in counts[slug].items())
            for slug in self._order
            if counts.get(slug) and slug not in excluded
        }

    def _phrases(self, value: str) -> Iterable[tuple[str, str | None]]:
        """(topic, matched text) per phrase found; the text is None for an exclude phrase."""
        tokens = _Tokens(value)
        for start, word in enumerate(tokens.words):
            candidates: list[_Phrase] = []
            for form in {*_singulars(tokens.lower[start]), *_singulars(word)}:
                candidates.extend(self._first.get(form, ()))
            for phrase in candidates:
                end = tokens.phrase_at(start, phrase)
                if end:
                    matched = value[tokens.spans[start][0] : tokens.spans[end - 1][1]]
                    yield phrase.topic, None if phrase.exclude else matched.lower()
