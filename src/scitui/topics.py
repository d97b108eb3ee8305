"""Topic rules compiled once; ``match`` tags a title and text with reasons. Pure: no I/O, no clock.

Each keyword becomes a regular expression (whole words; spaces and hyphens between words
interchangeable; a plural 's'/'es' on the last word). A text is first reduced to the set of
its words, and only the terms whose first word is in that set are searched for, so the cost
grows with the text, not with the number of keywords. A pattern is skipped when the text has
none of the words its matches must start with.

Scoring: each match counts ``title_weight`` in the title and 1 in the body. Keywords and
patterns count on their own; ``case_sensitive`` acronyms (BIS, EAR, NSF: ambiguous by
nature) and ``context`` terms count only when a keyword or pattern of the same topic matched
too. The article is tagged when the score reaches ``min_score`` and no ``exclude`` term occurs.
"""

from __future__ import annotations

import re as std_re
import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

import regex as re

from scitui.config import TopicRule
from scitui.models import TagReason

TopicReason = TagReason
"""The reason type's older name."""

WORD = re.compile(r"\w+")
WORDS = std_re.compile(r"\w+")
"""The standard library's engine splits words faster than the regex module's."""
JOINER = re.compile(r"[\s\-]+")
"""What may stand between the words of a phrase: spaces and hyphens only."""


@dataclass(frozen=True)
class _Term:
    topic: str
    regex: re.Pattern[str]
    exact_case: bool
    exclude: bool
    supporting: bool
    """Counts only when a keyword or pattern of the topic matched too."""
    words: tuple[str, ...] = ()
    """Its lowercase words after the first: all must be in a text for it to match there."""
    openings: tuple[str, ...] = ()
    """The words a match starts with, lowercase (a lone word also in plural forms)."""

    def may_match(self, lower_words: AbstractSet[str]) -> bool:
        """Whether every word of the term (the last perhaps plural) is among a text's words."""
        if not self.words:
            return True
        *middle, last = self.words
        return all(word in lower_words for word in middle) and (
            last in lower_words or last + "s" in lower_words or last + "es" in lower_words
        )


@dataclass(frozen=True)
class _Pattern:
    topic: str
    regex: re.Pattern[str]
    openings: tuple[str, ...] | None
    """Lowercase literal text every match starts with (one of); None when unknown."""
    first_words: frozenset[str] | None
    """The whole first words of the openings, to skip the pattern when none is in a text."""
    stems: tuple[str, ...] | None = None
    """Word beginnings a match must start with (``\brestrict\\w*``), to skip it otherwise."""


def _occurrences(lower: str, needle: str) -> Iterator[int]:
    start = lower.find(needle)
    while start != -1:
        yield start
        start = lower.find(needle, start + 1)


def _scan(
    regex: re.Pattern[str], value: str, starts: Iterable[int] | None
) -> Iterator[re.Match[str]]:
    """Like ``regex.finditer(value)``, but trying only at ``starts`` (None: everywhere).

    Every match of a term or pattern starts with one of a few known words, so the regex
    runs only where those words are, instead of at every character of the text.
    """
    if starts is None:
        yield from regex.finditer(value)
        return
    end = 0
    for start in sorted(starts):
        if start < end:
            continue
        found = regex.match(value, start)
        if found is not None:
            end = max(found.end(), start + 1)
            yield found


class _Words:
    """A text's lowercase form and its set of words; where a word occurs, on demand."""

    def __init__(self, value: str) -> None:
        self.lower = value.lower()
        self.aligned = len(self.lower) == len(value)
        """False when lowercasing moved characters: positions then do not apply."""
        self.words = set(WORDS.findall(self.lower))
        self._sorted: list[str] | None = None

    def has_stem(self, stem: str) -> bool:
        """Whether some word of the text begins with ``stem``."""
        if self._sorted is None:
            self._sorted = sorted(self.words)
        index = bisect_left(self._sorted, stem)
        return index < len(self._sorted) and self._sorted[index].startswith(stem)

    def at(self, words: Iterable[str]) -> list[int] | None:
        """Where any of the words occurs (also inside longer words: the regex decides)."""
        if not self.aligned:
            return None
        return [
            start
            for word in words
            if word in self.words
            for start in _occurrences(self.lower, word)
        ]

    def openings(self, openings: tuple[str, ...] | None) -> list[int] | None:
        """Where any of the literal openings occurs; None when unknown."""
        if openings is None or not self.aligned:
            return None
        return [at for opening in openings for at in _occurrences(self.lower, opening)]


@dataclass(frozen=True)
class TopicScore:
    """How strongly an article matched a topic, and why."""

    score: float
    reasons: tuple[TagReason, ...]
    tagged: bool


def _compile(term: str, exact_case: bool) -> tuple[str, re.Pattern[str]] | None:
    """(first word as looked up, regex) for a keyword, or None if it has no words."""
    words = list(WORD.finditer(term))
    if not words:
        return None
    parts: list[str] = []
    for index, word in enumerate(words):
        parts.append(re.escape(word.group(0)))
        if index + 1 < len(words):
            gap = term[word.end() : words[index + 1].start()]
            parts.append(r"[\s\-]+" if JOINER.fullmatch(gap) else re.escape(gap))
    parts.append(r"(?:e?s)?")
    regex = re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)", 0 if exact_case else re.I)
    first = words[0].group(0)
    return (first if exact_case else first.lower()), regex


_WORD_START = re.compile(r"^\w+")
MAX_PREFIXES = 12
Leads = tuple[tuple[str, bool, str], ...] | None
"""A pattern's possible starts: (first word, True when whole, the lowercase literal prefix)."""


def _lead_words(pattern: str) -> Leads:
    """How any match of a pattern must start: its first word (whole or partial) and prefix.

    A pattern can then be skipped for a text that has none of them: most texts lack most
    patterns' first words or literal openings, and scanning for a pattern costs far more
    than a set lookup and a substring search.
    None when that cannot be known, and the pattern is always run. Uses the standard
    library's regex parser (``re._parser``); any surprise there also gives None.
    """
    try:
        from re import _parser  # type: ignore[attr-defined]

        found = _literal_prefixes(_parser.parse(pattern, std_re.IGNORECASE).data)
    except Exception:  # noqa: BLE001 - a private parser: any failure means "always run"
        return None
    if not found:
        return None
    leads: set[tuple[str, bool, str]] = set()
    for prefix, _stopped in found:
        lowered = prefix.lower()
        word = _WORD_START.match(lowered)
        if word is None or not lowered.isascii():
            return None
        leads.add((word.group(0), word.end() < len(lowered), lowered))
    return tuple(sorted(leads))


def _literal_prefixes(items: list[tuple[Any, Any]]) -> set[tuple[str, bool]] | None:
    """The literal strings a parsed pattern's matches start with, each with "more may follow".

    Walks literals, small character sets, groups, alternations, optional parts and repeats
    of at least one; a prefix stops growing at the first other element (it is still a true
    prefix), and all stop when there are too many to check quickly.
    """
    from re import _constants as ops  # type: ignore[attr-defined]

    results: set[tuple[str, bool]] = {("", False)}
    for op, value in items:
        growing = {prefix for prefix, stopped in results if not stopped}
        if not growing:
            break
        done = {(prefix, True) for prefix, stopped in results if stopped}
        if op is ops.AT:
            continue
        if op is ops.LITERAL:
            grown = {(prefix + chr(value), False) for prefix in growing}
        elif op is ops.IN and value and all(kind is ops.LITERAL for kind, _ in value):
            grown = {(prefix + chr(char), False) for prefix in growing for _, char in value}
        elif op is ops.SUBPATTERN or op is ops.BRANCH:
            branches = [value[3]] if op is ops.SUBPATTERN else value[1]
            parts = [_literal_prefixes(list(branch)) for branch in branches]
            if any(part is None for part in parts):
                grown = {(prefix, True) for prefix in growing}
            else:
                grown = {
                    (prefix + tail, stopped)
                    for prefix in growing
                    for part in parts
                    for tail, stopped in part or ()
                }
        elif op in (ops.MAX_REPEAT, ops.MIN_REPEAT) and value[0] == 0 and value[1] == 1:
            part = _literal_prefixes(list(value[2]))  # optional: with it, and without it
            if part is None:
                grown = {(prefix, True) for prefix in growing}
            else:
                grown = {(prefix, False) for prefix in growing} | {
                    (prefix + tail, stopped) for prefix in growing for tail, stopped in part
                }
        elif op in (ops.MAX_REPEAT, ops.MIN_REPEAT) and value[0] >= 1:
            part = _literal_prefixes(list(value[2]))
            tails = [tail for tail, _ in part] if part is not None else [""]
            grown = {(prefix + tail, True) for prefix in growing for tail in tails}
        else:
            grown = {(prefix, True) for prefix in growing}
        if len(done | grown) > MAX_PREFIXES:  # too many to check quickly: keep the shorter ones
            return done | {(prefix, True) for prefix in growing}
        results = done | grown
    return results


def _keys(first: str, single_word: bool) -> tuple[str, ...]:
    """The words a text may hold where a term starts: a lone word may be plural."""
    return (first, first + "s", first + "es") if single_word else (first,)


class TopicMatcher:
    """All topic rules, compiled once (on first use), matched against a title and text.

    Compiling a thousand terms takes a quarter of a second: a fetch that finds nothing new
    never pays it. Safe to share between threads.
    """

    def __init__(self, rules: Iterable[TopicRule]) -> None:
        self._rules: dict[str, TopicRule] = {rule.slug: rule for rule in rules}
        self._by_word: dict[str, list[_Term]] = defaultdict(list)
        self._by_exact_word: dict[str, list[_Term]] = defaultdict(list)
        self._patterns_by_word: dict[str, list[_Pattern]] = defaultdict(list)
        self._patterns_always: list[_Pattern] = []
        self._lower_keys: frozenset[str] = frozenset()
        self._exact_keys: frozenset[str] = frozenset()
        self._pattern_keys: frozenset[str] = frozenset()
        self._compiled = False
        self._lock = threading.Lock()

    @property
    def rules(self) -> tuple[TopicRule, ...]:
        """The rules this matcher was made from."""
        return tuple(self._rules.values())

    def _compile_rules(self) -> None:
        with self._lock:
            if self._compiled:
                return
            for rule in self._rules.values():
                self._compile_rule(rule)
            self._lower_keys = frozenset(self._by_word)
            self._exact_keys = frozenset(self._by_exact_word)
            self._pattern_keys = frozenset(self._patterns_by_word)
            self._compiled = True

    def _compile_rule(self, rule: TopicRule) -> None:
        groups = (  # terms, exact case, exclude, supporting
            (rule.keywords, False, False, False),
            (rule.case_sensitive, True, False, True),
            (rule.context, False, False, True),
            (rule.exclude, False, True, False),
        )
        for terms, exact_case, exclude, supporting in groups:
            for term in terms:
                compiled = _compile(term, exact_case)
                if compiled is None:
                    continue
                first, regex = compiled
                index = self._by_exact_word if exact_case else self._by_word
                words = tuple(word.lower() for word in WORD.findall(term))
                keys = _keys(first.lower(), len(words) == 1)
                entry = _Term(rule.slug, regex, exact_case, exclude, supporting, words[1:], keys)
                for key in keys:
                    index[key].append(entry)
        # one regex each: the regex module scans a lone pattern faster than a union
        for text in rule.patterns:
            self._add_pattern(rule.slug, text)

    def _add_pattern(self, topic: str, text: str) -> None:
        leads = _lead_words(text)
        regex = re.compile(text, re.IGNORECASE)
        if leads is None:
            self._patterns_always.append(_Pattern(topic, regex, None, None))
            return
        openings = tuple(sorted({prefix for _word, _whole, prefix in leads}))
        # Word positions stand for match starts only if a match starts at a word's start.
        at_word_start = text.startswith((r"\b", r"(?<!\w)"))
        if at_word_start and all(whole for _word, whole, _prefix in leads):
            words = frozenset(word for word, _whole, _prefix in leads)
            entry = _Pattern(topic, regex, openings, words)
            for word in words:
                self._patterns_by_word[word].append(entry)
        else:
            stems = tuple(sorted({word for word, _whole, _prefix in leads}))
            self._patterns_always.append(
                _Pattern(topic, regex, openings, None, stems if at_word_start else None)
            )

    def _pattern_candidates(self, lower_words: AbstractSet[str]) -> list[_Pattern]:
        """Patterns that may match: one of their first words is in the text, or unknown."""
        seen: dict[int, _Pattern] = {id(entry): entry for entry in self._patterns_always}
        for word in lower_words & self._pattern_keys:
            for entry in self._patterns_by_word[word]:
                seen[id(entry)] = entry
        return list(seen.values())

    def match(self, title: str, text: str) -> dict[str, tuple[TagReason, ...]]:
        """Map each topic the article is tagged with to the reasons, in rule order.

        Args:
            title: the article's title.
            text: the article's plain text.
        """
        return {
            slug: scored.reasons
            for slug, scored in self.scores(title, text).items()
            if scored.tagged
        }

    def scores(self, title: str, text: str) -> dict[str, TopicScore]:
        """Every topic with at least one match: its score, reasons, and whether it tags."""
        if not self._compiled:
            self._compile_rules()
        counts: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
        excluded: set[str] = set()
        anchored: set[str] = set()
        supporting: set[tuple[str, str]] = set()
        for where, value in (("title", title), ("body", text)):
            if not value:
                continue
            words = _Words(value)
            lower_words = words.words
            for term in self._candidates(lower_words):
                for found in _scan(term.regex, value, words.at(term.openings)):
                    if term.exclude:
                        excluded.add(term.topic)
                        break
                    matched = found.group(0)
                    key = matched if term.exact_case else matched.lower()
                    counts[term.topic][(key, where)] += 1
                    if term.supporting:
                        supporting.add((term.topic, key))
                    else:
                        anchored.add(term.topic)
            for pattern in self._pattern_candidates(lower_words):
                if pattern.stems is not None and not any(map(words.has_stem, pattern.stems)):
                    continue
                starts = (
                    words.at(pattern.first_words)
                    if pattern.first_words is not None
                    else words.openings(pattern.openings)
                )
                for found in _scan(pattern.regex, value, starts):
                    counts[pattern.topic][(found.group(0).lower(), where)] += 1
                    anchored.add(pattern.topic)
        result: dict[str, TopicScore] = {}
        for slug, rule in self._rules.items():
            found_counts = counts.get(slug)
            if not found_counts:
                continue
            if slug not in anchored:  # supporting terms alone: they do not count
                found_counts = {
                    (term, where): n
                    for (term, where), n in found_counts.items()
                    if (slug, term) not in supporting
                }
                if not found_counts:
                    continue
            reasons = tuple(TagReason(term, where, n) for (term, where), n in found_counts.items())
            score = sum(
                reason.count * (rule.title_weight if reason.where == "title" else 1.0)
                for reason in reasons
            )
            tagged = score >= rule.min_score and slug not in excluded
            result[slug] = TopicScore(score, reasons, tagged)
        return result

    def _candidates(self, lower_words: AbstractSet[str]) -> list[_Term]:
        """The terms whose words all occur in a text (each term once).

        Case-sensitive terms are looked up by their lowercase first word too; their regexes
        then check the case.
        """
        seen: dict[int, _Term] = {}
        for key in lower_words & self._lower_keys:
            for term in self._by_word[key]:
                seen[id(term)] = term
        for key in lower_words & self._exact_keys:
            for term in self._by_exact_word[key]:
                seen[id(term)] = term
        return [term for term in seen.values() if term.may_match(lower_words)]
