"""Topic rules compiled once; ``match`` tags a title and text with reasons. Pure: no I/O, no clock.

Each keyword becomes a regular expression (whole words; spaces and hyphens between words
interchangeable; a plural 's'/'es' on the last word). A text is first reduced to the set of
its words, and only the terms whose first word is in that set are searched for, so the cost
grows with the text, not with the number of keywords. A pattern is skipped when the text has
none of the words its matches must start with. Each regex is tried only where such a word
is. In a text of "plain" characters (``_Plain``: most texts) a lone keyword's matches are
counted from the words without a regex, and a long ASCII text is split once into words with
where each starts instead of being searched word by word.

Scoring: each match counts ``title_weight`` in the title and 1 in the body. Keywords and
patterns count on their own; ``case_sensitive`` acronyms (BIS, EAR, NSF: ambiguous by
nature) and ``context`` terms count only when a keyword or pattern of the same topic matched
too. The article is tagged when the score reaches ``min_score`` and no ``exclude`` term occurs.
"""

from __future__ import annotations

import re as std_re
import threading
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import accumulate, chain, compress, count
from operator import add
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
CJK = re.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
"""A character of a script written without spaces: a term's edge there has no word boundary."""
CJK_RUN = re.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]+")
ANY_CJK = std_re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3005-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f"
    "\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc\U00016fe0-\U00016fff\U0001aff0-\U0001b16f"
    "\U0001f200\U00020000-\U0003ffff]"
)
"""Every character ``CJK`` matches, and a few more, in the standard engine: a text without
any skips the CJK terms at once. Most texts that are not ASCII (curly quotes, dashes) have
none, and the regex module took 0.5 ms to search 8 KB for ``\\p{Han}``."""
NOT_CJK_WORD = r"[^\W\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]"
"""A word character of a spaced script (Latin, digits...)."""


class _Lazy:
    """A term's regex, compiled when a text first has the term's words.

    The regex module's parser is slow: compiling every term of the default topics (about
    1,400) took 0.4 s in each fetch worker, while a run's texts meet only some of them.
    """

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:  # two threads may both compile: the same result
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def match(self, value: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(value, pos)

    def finditer(self, value: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(value)


@dataclass(frozen=True, eq=False)
class _Term:
    topic: str
    regex: _Lazy
    exact_case: bool
    exclude: bool
    supporting: bool
    """Counts only when a keyword or pattern of the topic matched too."""
    words: tuple[str, ...] = ()
    """Its lowercase words after the first: all must be in a text for it to match there."""
    openings: tuple[str, ...] = ()
    """The words a match starts with, lowercase (a lone word also in plural forms)."""
    middle: tuple[str, ...] = ()
    """``words`` but the last: each must be among a text's words."""
    last: tuple[str, ...] = ()
    """The last of ``words`` and its plurals: one must be among a text's words."""
    counted: bool = False
    """A lone word of any case: in a ``_Plain`` text its matches are its occurrences as a word."""
    unspaced: bool = False
    """Has CJK characters: found by a run of them (``_cjk_terms``), then searched everywhere."""

    def may_match(self, lower_words: AbstractSet[str]) -> bool:
        """Whether every word of the term (the last perhaps plural) is among a text's words."""
        if not self.words:
            return True
        return all(map(lower_words.__contains__, self.middle)) and not lower_words.isdisjoint(
            self.last
        )


@dataclass(frozen=True, eq=False)
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
    regex: re.Pattern[str] | _Lazy, value: str, starts: list[int] | None
) -> list[re.Match[str]]:
    """Like ``regex.finditer(value)``, but trying only at ``starts`` (ascending; None:
    everywhere).

    Every match of a term or pattern starts with one of a few known words, so the regex
    runs only where those words are, instead of at every character of the text.
    """
    if starts is None:
        return list(regex.finditer(value))
    found: list[re.Match[str]] = []
    if not starts:
        return found
    match = regex.match
    end = 0
    for start in starts:
        if start < end:
            continue
        hit = match(value, start)
        if hit is not None:
            end = max(hit.end(), start + 1)
            found.append(hit)
    return found


class _Words:
    """A text's lowercase form and its set of words; where a word occurs, on demand.

    Any text is searched for each word looked up (inside longer words too: the regex
    decides). In a ``_Plain`` text a lone word of any case matches exactly where the text
    has it as a word, so its words are counted and that count is its number of matches;
    a long plain ASCII text, its non-word characters made spaces, is split once to give
    its words, their counts and where each key starts as a word (only there can a match
    start).
    """

    def __init__(self, value: str, lower: str, keys: AbstractSet[str] | None) -> None:
        self.lower = lower
        self.aligned = len(lower) == len(value)
        """False when lowercasing moved characters: positions then do not apply."""
        self.counts: dict[str, int] | None = None
        """For a plain text (``keys`` given): how often each word occurs."""
        self._sorted: list[str] | None = None
        self._at: dict[str, list[int]] = {}
        self._index: dict[str, list[int]] | None = None
        if keys is None:
            self.words: AbstractSet[str] = set(WORDS.findall(lower))
        elif len(lower) < INDEX_FROM or not lower.isascii():
            self.counts = Counter(WORDS.findall(lower))
            self.words = self.counts.keys()
        else:
            self._read(keys)

    def _read(self, keys: AbstractSet[str]) -> None:
        """Count the words of a long plain ASCII text and index where the keys start."""
        gapped = self.lower.translate(_GAPS)
        parts = gapped.split(" ")  # words, and "" between consecutive spaces
        words = set(parts)
        words.discard("")
        self.words = words
        # part i starts after the parts before it and one space after each
        starts = map(add, accumulate(map(len, parts), initial=0), count())
        wanted = list(map(keys.__contains__, parts))
        index: dict[str, list[int]] = {}
        for word, start in zip(compress(parts, wanted), compress(starts, wanted), strict=True):
            found = index.get(word)
            if found is None:
                index[word] = [start]
            else:
                found.append(start)
        self._index = index
        self.counts = {word: len(found) for word, found in index.items()}  # keys suffice

    def has_stem(self, stem: str) -> bool:
        """Whether some word of the text begins with ``stem``."""
        if self._index is None and stem not in self.lower:  # then no word does
            return False
        if self._sorted is None:
            self._sorted = sorted(self.words)
        index = bisect_left(self._sorted, stem)
        return index < len(self._sorted) and self._sorted[index].startswith(stem)

    def occurrences(self, word: str) -> list[int]:
        """Where a word occurs: in a plain text, where it starts as a whole word (of the
        keys only), else also inside longer words (the regex decides)."""
        if self._index is not None:
            return self._index.get(word, [])
        found = self._at.get(word)
        if found is None:
            found = self._at[word] = list(_occurrences(self.lower, word))
        return found

    def at(self, words: Iterable[str]) -> list[int] | None:
        """Where any of the words occurs, ascending (see ``occurrences``)."""
        if not self.aligned:
            return None
        present = [word for word in words if word in self.words]
        if not present:
            return []
        if len(present) == 1:
            return self.occurrences(present[0])
        return sorted([start for word in present for start in self.occurrences(word)])

    def openings(self, openings: tuple[str, ...] | None) -> list[int] | None:
        """Where any of the literal openings occurs; None when unknown."""
        if openings is None or not self.aligned:
            return None
        return sorted([at for opening in openings for at in _occurrences(self.lower, opening)])


INDEX_FROM = 1500
"""Characters from which a plain ASCII text's keys are indexed in one pass, not searched
for one by one."""
_GAPS = str.maketrans({chr(code): " " for code in range(128) if not WORDS.fullmatch(chr(code))})
"""Turns each ASCII non-word character into a space."""
_ASCII_FOLD = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
"""Matches a character that matches some ASCII one case-insensitively."""


class _Plain:
    """Which texts ``_Words`` may count the words of: those of "plain" characters only.

    A character is plain when both regex engines and ``str.lower`` treat it alike: it is
    a word character for both engines or for neither (and so is its lowercase), it
    lowercases to one character without regard to its neighbours (not Σ), and, compared
    case-insensitively with the characters of the words looked up, it matches exactly
    those its lowercase equals. ASCII characters always are.
    """

    def __init__(self, keys: Iterable[str]) -> None:
        self.chars = frozenset(char for key in keys for char in key if not char.isascii())
        """The words' non-ASCII characters (lowercase)."""
        self.usable = not any(_ASCII_FOLD.fullmatch(char) for char in self.chars)
        """False when a word's character matches an ASCII one: no text is then plain."""
        self._known: dict[str, bool] = {}

    def _char(self, char: str) -> bool:
        lower = char.lower()
        if len(lower) != 1 or char == "\u03a3" or lower.isascii():
            return False
        word = WORDS.fullmatch(char) is not None
        if not (
            (WORD.fullmatch(char) is not None) == word
            and (WORDS.fullmatch(lower) is not None) == word
            and (WORD.fullmatch(lower) is not None) == word
            and _ASCII_FOLD.fullmatch(char) is None
        ):
            return False
        return all(
            (re.fullmatch(re.escape(key), char, re.IGNORECASE) is not None) == (lower == key)
            for key in self.chars
        )

    def __call__(self, value: str) -> bool:
        """Whether every character of a text is plain."""
        if value.isascii():
            return True
        known = self._known
        for char in set(value):
            plain = known.get(char)
            if plain is None:
                plain = known[char] = char.isascii() or self._char(char)
            if not plain:
                return False
        return True


@dataclass(frozen=True)
class TopicScore:
    """How strongly an article matched a topic, and why."""

    score: float
    reasons: tuple[TagReason, ...]
    tagged: bool


def _compile(term: str, exact_case: bool) -> tuple[str, _Lazy] | None:
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
    first = words[0].group(0)
    if CJK.search(term):
        regex = _Lazy(_cjk_edges(term, "".join(parts)), 0 if exact_case else re.I)
        return (first if exact_case else first.lower()), regex
    parts.append(r"(?:e?s)?")
    regex = _Lazy(r"(?<!\w)" + "".join(parts) + r"(?!\w)", 0 if exact_case else re.I)
    return (first if exact_case else first.lower()), regex


def _cjk_edges(term: str, body: str) -> str:
    """A term with CJK characters: no boundary at a CJK edge (unspaced text), and at a
    Latin edge (``HBM出口管制``) no other Latin letter or digit beside it; no plural."""
    stripped = term.strip()
    before = "" if CJK.match(stripped[0]) else rf"(?<!{NOT_CJK_WORD})"
    after = "" if CJK.match(stripped[-1]) else rf"(?!{NOT_CJK_WORD})"
    return before + body + after


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
        self._cjk_terms: list[tuple[str, _Term]] = []
        """Terms with CJK characters, each under a run of them every match contains."""
        self._terms_by_key: dict[str, tuple[_Term, ...]] = {}
        """Both indexes in one: every term under each lowercase word it may start with."""
        self._term_keys: frozenset[str] = frozenset()
        self._pattern_index: dict[str, tuple[_Pattern, ...]] = {}
        self._pattern_keys: frozenset[str] = frozenset()
        self._plain = _Plain(())
        self._index_keys: frozenset[str] = frozenset()
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
            by_key: dict[str, list[_Term]] = defaultdict(list)
            for index in (self._by_word, self._by_exact_word):
                for key, terms in index.items():
                    by_key[key].extend(terms)
            self._terms_by_key = {key: tuple(terms) for key, terms in by_key.items()}
            self._term_keys = frozenset(self._terms_by_key)
            self._pattern_index = {
                word: tuple(found) for word, found in self._patterns_by_word.items()
            }
            self._pattern_keys = frozenset(self._pattern_index)
            self._index_keys = self._term_keys | self._pattern_keys
            self._plain = _Plain(self._index_keys)
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
                if CJK.search(term):
                    self._add_cjk(rule.slug, term, regex, exact_case, exclude, supporting)
                    continue
                index = self._by_exact_word if exact_case else self._by_word
                words = tuple(word.lower() for word in WORD.findall(term))
                keys = _keys(first.lower(), len(words) == 1)
                rest = words[1:]
                entry = _Term(
                    rule.slug,
                    regex,
                    exact_case,
                    exclude,
                    supporting,
                    rest,
                    keys,
                    rest[:-1],
                    _keys(rest[-1], True) if rest else (),
                    counted=not rest and not exact_case,
                )
                for key in keys:
                    index[key].append(entry)
        # one regex each: the regex module scans a lone pattern faster than a union
        for text in rule.patterns:
            self._add_pattern(rule.slug, text)

    def _add_cjk(
        self,
        topic: str,
        term: str,
        regex: _Lazy,
        exact_case: bool,
        exclude: bool,
        supporting: bool,
    ) -> None:
        """Index a term with CJK characters by its longest CJK run: any match contains it."""
        needle = max(CJK_RUN.findall(term.lower()), key=len)
        entry = _Term(topic, regex, exact_case, exclude, supporting, unspaced=True)
        self._cjk_terms.append((needle, entry))

    def _cjk_candidates(self, value: str, lower: str) -> list[_Term]:
        """The CJK terms whose longest CJK run occurs in a text (none in an ASCII one)."""
        if not self._cjk_terms or value.isascii() or ANY_CJK.search(value) is None:
            return []
        return [term for needle, term in self._cjk_terms if needle in lower]

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

    def _pattern_candidates(self, hits: AbstractSet[str]) -> list[_Pattern]:
        """Patterns that may match: one of their first words is in the text, or unknown.

        Args:
            hits: the text's words that are first words of a term or a pattern.
        """
        index = self._pattern_index
        found = chain.from_iterable([index[word] for word in hits & self._pattern_keys])
        return list(dict.fromkeys(chain(self._patterns_always, found)))

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

    def _words(self, value: str) -> _Words:
        plain = self._plain.usable and self._plain(value)
        return _Words(value, value.lower(), self._index_keys if plain else None)

    def scores(self, title: str, text: str) -> dict[str, TopicScore]:
        """Every topic with at least one match: its score, reasons, and whether it tags."""
        if not self._compiled:
            self._compile_rules()
        counts: dict[str, dict[tuple[str, str], int]] = {}
        excluded: set[str] = set()
        anchored: set[str] = set()
        supporting: set[tuple[str, str]] = set()
        for where, value in (("title", title), ("body", text)):
            if not value:
                continue
            words = self._words(value)
            hits = self._index_keys.intersection(words.words)
            word_counts = words.counts
            candidates = self._candidates(hits, words.words)
            if self._cjk_terms and not value.isascii():
                candidates += self._cjk_candidates(value, words.lower)
            for term in candidates:
                topic = term.topic
                if word_counts is not None and term.counted:
                    # a lone word, any case: its matches are the words equal to it
                    matched = [
                        (key, word_counts[key]) for key in term.openings if key in word_counts
                    ]
                else:
                    matched = [
                        (found.group(0) if term.exact_case else found.group(0).lower(), 1)
                        for found in _scan(
                            term.regex, value, None if term.unspaced else words.at(term.openings)
                        )
                    ]
                if not matched:
                    continue
                if term.exclude:
                    excluded.add(topic)
                    continue
                found_counts = counts.get(topic)
                if found_counts is None:
                    found_counts = counts[topic] = {}
                for key, n in matched:
                    found_counts[key, where] = found_counts.get((key, where), 0) + n
                    if term.supporting:
                        supporting.add((topic, key))
                if not term.supporting:
                    anchored.add(topic)
            for pattern in self._pattern_candidates(hits):
                if pattern.stems is not None and not any(map(words.has_stem, pattern.stems)):
                    continue
                starts = (
                    words.at(pattern.first_words & hits)
                    if pattern.first_words is not None
                    else words.openings(pattern.openings)
                )
                topic = pattern.topic
                for found in _scan(pattern.regex, value, starts):
                    found_counts = counts.get(topic)
                    if found_counts is None:
                        found_counts = counts[topic] = {}
                    key = found.group(0).lower()
                    found_counts[key, where] = found_counts.get((key, where), 0) + 1
                    anchored.add(topic)
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

    def _candidates(self, hits: AbstractSet[str], words: AbstractSet[str]) -> list[_Term]:
        """The terms whose words all occur in a text (each term once).

        Case-sensitive terms are looked up by their lowercase first word too; their regexes
        then check the case.

        Args:
            hits: the text's words that are first words of a term or a pattern.
            words: all of the text's words.
        """
        index = self._terms_by_key
        found = chain.from_iterable([index[key] for key in hits & self._term_keys])
        has = words.__contains__
        return [
            term
            for term in dict.fromkeys(found)
            if not term.words or (all(map(has, term.middle)) and not words.isdisjoint(term.last))
        ]
