"""Stories: which articles of different feeds tell the same event; pure (values in, values out).

Two articles are the same event when they cite one primary document, or when their words
(rare ones weighing most, titles double, bodies by their lead) are alike enough and not by
one name alone; two that each cite a different document are not. Words include what one
happening is told by in any wording or language: the glossary's English for Chinese terms,
amounts ("$47.5 billion" and 475亿 as one word) and the day a body names ("on Friday",
"October 7", 10月7日); a Chinese article is compared with an English one on the words both
can share. An article joins a story
only if it is the same event as one member and at least related to most of the others, and
a story joins another only if their articles are alike on average, so a path of weak links
never chains two events into one story.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from scitui import story_words as lexicon
from scitui.text import CJK_RUN, word_tokens

WINDOW = timedelta(days=4)
"""Articles further apart than this are never one story: a follow-up is a story of its own."""
BODY_TOKENS = 50
"""Significant words of a body compared (from its start: a lead says what happened)."""
TITLE_BOOST = 2
"""A title word counts as this many body words."""
LEAD = 30
"""A body's word at position p counts LEAD / (LEAD + p): its lead most, as summaries are leads."""
VECTOR_TERMS = 48
"""Heaviest words an article keeps for comparing (the rest weigh little)."""
KEYS = 12
"""Heaviest terms an article is indexed by: a candidate shares one of them."""
POSTING_CAP = 400
"""A term of more window articles than this proposes no candidates (it still scores)."""
SHARED_KEYS = 1
MAX_CANDIDATES = 25
"""A candidate shares at least SHARED_KEYS key terms; the MAX_CANDIDATES sharing most count."""
JUDGES = 8
"""Articles of a story a newcomer is compared with (its first two and latest six)."""
SAME_COSINE = 0.13
"""Similarity from which two articles tell the same event."""
RELATED_COSINE = 0.02
"""Similarity from which two articles are related: enough to support a story they are in."""
MIN_WORDS = 2
"""Words that must each carry a share of a same-event similarity (one rare name is not enough)."""
WORD_SHARE = 0.05
MAX_WORD_SHARE = 0.85
"""At most this part of a same-event similarity may rest on one word."""
HINT_BONUS = 0.04
"""How much a shared hint (a cfr part, an ECCN, a bill) lowers the bar for the same event."""
MEAN_COSINE = 0.085
"""Two stories (or an article and a story) join only if their articles are this alike on average."""

STRONG_KINDS = frozenset({"fr-doc", "fr-cite", "docket", "rin", "doi", "arxiv", "mofcom"})
"""Source kinds naming one document; a shared cfr part, ECCN, bill or law is only a hint
(many different events cite 15 CFR 744 or the CHIPS Act)."""
ROUNDUP_SOURCES = 5
"""An article citing more documents than this is a roundup: what it shares is a hint only."""

UNRELATED, RELATED, SAME = 0, 1, 2
"""How two articles compare: nothing in common, related (supports a story), the same event."""


@dataclass(frozen=True, slots=True)
class StoryItem:
    """An article as clustering sees it."""

    id: int
    feed: str
    """The feed's identity (URL): articles of one feed never join each other's story."""
    title: str
    text: str
    """Plain body text (may be a summary)."""
    published: datetime
    """Aware UTC."""
    sources: frozenset[str] = frozenset()
    """Primary sources as "kind:id", e.g. "fr-doc:2022-21658"."""
    feed_name: str = ""
    """The feed's display name: its words are not evidence (every title may carry them)."""


@dataclass(slots=True)
class _Profile:
    item: StoryItem
    vector: dict[str, float]
    """Term -> weight (title words count double, rare words more), unit length."""
    shared_script: dict[str, float]
    """``vector`` without Chinese bigrams, unit length: what an article in another script
    can share with it (``vector`` itself when it has none)."""
    keys: tuple[str, ...]
    """The heaviest terms and the sources: what candidates are looked up by."""
    strong: frozenset[str]
    weak: frozenset[str]
    roundup: bool


Terms = tuple[list[str], list[str]]
"""An article's significant title words (its feed's name left out) and body words."""


def _stem(word: str) -> str:
    """A word without its inflection, roughly: "restrictions", "restricted" -> "restrict"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


_SUFFIXES = ("ation", "ing", "ion", "ed", "er")


def significant(text: str) -> list[str]:
    """``text``'s words that can tell events apart: stopwords, years and lone digits gone."""
    if CJK_RUN.search(text) is None:  # the common case, on a fast path
        return [word for token in _WORD.findall(text.lower()) if (word := _latin(token))]
    words = []
    for token in word_tokens(text):
        if CJK_RUN.match(token):
            if not lexicon.CJK_FUNCTION.intersection(token):
                words.append(token)
        elif word := _latin(token):
            words.append(word)
    return words


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=1 << 16)
def _latin(token: str) -> str:
    """A lowercase word as compared ("" for one that tells nothing): stemmed (a synonym as
    its usual word), or a number."""
    if token.isdigit():
        return token if len(token) > 1 and not (len(token) == 4 and token[:2] in "19 20") else ""
    if len(token) < 2 or token in lexicon.STOPWORDS:
        return ""
    word = _stem(token)
    return lexicon.SYNONYMS.get(word, word)


def _feed_words(item: StoryItem) -> set[str]:
    """Words of the feed's name and of its site's host name ("reuters", "csis")."""
    host = urlsplit(item.feed).hostname or ""
    words = set(significant(item.feed_name))
    words.update(part for part in host.split(".") if part not in lexicon.URL_WORDS)
    return words


def terms(item: StoryItem) -> Terms:
    """The words that describe an article: its title's and its body's start.

    Every body is cut to the same length, so a full text is compared with a summary on
    equal terms (its lead), and a long feature does not drown in its own words. The days
    the body names lead it (``days_named``).
    """
    own = _feed_words(item)
    title = [word for word in _with_glossary(item.title) if word not in own]
    lead = _with_amounts(item.text[: BODY_TOKENS * 12])
    if CJK_RUN.search(lead):
        body = days_named(lead, item.published) + _glossed(lead)
    else:  # the common case: its words are read once, for days and for comparing
        tokens = _WORD.findall(lead.lower())
        body = _days_in(tokens, lead, item.published)
        body += [word for token in tokens if (word := _latin(token))]
    return title, body[:BODY_TOKENS]


_MONTH_WORDS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTHS = {
    name: number
    for number, month in enumerate(_MONTH_WORDS, start=1)
    for name in (month, month[:3])
} | {"sept": 9}
_WEEKDAYS = {
    name: number
    for number, name in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
}
_RELATIVE = {"today": 0, "yesterday": 1}
_DATE_WORDS = frozenset(_RELATIVE) | frozenset(_WEEKDAYS) | frozenset(_MONTHS)
_CJK_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_DAY_NUMBER = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")


def event_date(published: datetime, month: int, day: int, year: int | None = None) -> str:
    """A month and day (of ``year``, else the nearest to ``published``) as a word:
    "d20241202"; "" when it is no date or further than WINDOW from ``published`` (it names
    another event's day)."""
    near = published.date()
    candidates = []
    for candidate_year in [year] if year else (near.year - 1, near.year, near.year + 1):
        try:
            candidates.append(near.replace(year=candidate_year, month=month, day=day))
        except ValueError:
            continue
    if not candidates:
        return ""
    named = min(candidates, key=lambda candidate: abs(candidate - near))
    return f"d{named:%Y%m%d}" if abs(named - near) <= WINDOW else ""


def days_named(text: str, published: datetime) -> list[str]:
    """The days ``text`` names, as ``event_date`` words, in order: coverage of one happening
    names its day in many ways ("today", "on Friday", "October 7, 2022", "7 Oct", 10月7日).

    A weekday or "yesterday" is the latest such day up to ``published``.
    """
    return _days_in(_WORD.findall(text.lower()), text, published)


def _days_in(words: list[str], text: str, published: datetime) -> list[str]:
    """``days_named`` of ``text`` whose lowercase words are ``words``."""
    near = published.date()
    days = []
    for index in [] if _DATE_WORDS.isdisjoint(words) else range(len(words)):
        word = words[index]
        if word in _RELATIVE:
            days.append(f"d{near - timedelta(days=_RELATIVE[word]):%Y%m%d}")
        elif word in _WEEKDAYS:
            back = (near.weekday() - _WEEKDAYS[word]) % 7
            days.append(f"d{near - timedelta(days=back):%Y%m%d}")
        elif word in _MONTHS:
            after = words[index + 1 : index + 3]
            number = _DAY_NUMBER.fullmatch(after[0]) if after else None
            year = after[1] if number and len(after) > 1 else ""
            if number is None and index:  # "7 October 2022"
                number, year = _DAY_NUMBER.fullmatch(words[index - 1]), after[0] if after else ""
            if number is not None:
                stated = int(year) if len(year) == 4 and year.isdigit() else None
                days.append(event_date(published, _MONTHS[word], int(number[1]), stated))
    if "月" in text:
        for year, month, day in _CJK_DATE.findall(text):
            days.append(event_date(published, int(month), int(day), int(year) if year else None))
    return [day for day in days if day]


_AMOUNT = re.compile(
    r"(?:(?P<currency>[$€£¥])\s?)?(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)\s?"
    r"(?:(?P<scale>trillion|tn|billion|bn|million|mn|thousand)\b|(?P<cjk>万亿|亿|万)|"
    r"(?P<letter>[kmb])\b|(?=[^\w.,]|$))",
    re.IGNORECASE,
)
_AMOUNT_HINTS = ("$", "€", "£", "¥", "亿", "万", "illion", "bn", "tn", "thousand")
"""What a text with an amount has (most have none: they skip ``_AMOUNT``)."""
_SCALES = {
    "trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6,
    "mn": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3, "万亿": 1e12, "亿": 1e8, "万": 1e4,
}  # fmt: skip


def amount(value: float) -> str:
    """A quantity as a word: two significant digits (cut, not rounded) and a power of ten.

    "$47.5 billion", "$47bn" and "47 billion" are all "47e9"; 3440亿 and 344 billion "34e10".
    """
    if value < 10:
        return ""
    exponent = int(math.log10(value)) - 1
    digits = int(value / 10**exponent + 1e-9)
    return f"{digits}e{exponent}"


def _amount_words(found: re.Match[str]) -> str:
    """An amount of money or a scaled number followed by its ``amount`` word (other numbers
    as they were)."""
    scale = found["scale"] or found["cjk"] or found["letter"]
    if scale is None and found["currency"] is None:
        return found[0]
    if scale is not None and found["letter"] and found["currency"] is None:
        return found[0]  # "5m" alone may be metres; "$5m" is money
    value = float(found["number"].replace(",", ""))
    word = amount(value * _SCALES[scale.lower()] if scale else value)
    return f"{found[0]} {word} " if word else found[0]


def _with_amounts(text: str) -> str:
    """``text`` with an ``amount`` word after each amount, so wordings and languages agree."""
    if any(hint in text for hint in _AMOUNT_HINTS):
        return _AMOUNT.sub(_amount_words, text)
    return text


def _with_glossary(text: str) -> list[str]:
    """``significant(text)``, a Chinese text's glossary terms first as their English words.

    So 英伟达 and "Nvidia" are one word, and a Chinese report meets its English coverage;
    amounts are words of their own in any wording ("$47.5 billion", "475亿").
    """
    return _glossed(_with_amounts(text))


def _glossed(text: str) -> list[str]:
    """``_with_glossary`` of a text whose amounts have their words already."""
    if not CJK_RUN.search(text):
        return significant(text)
    found = []
    for term in lexicon.GLOSSARY_TERMS:  # longest first: 反垄断法 before 反垄断
        if term in text:
            found.append(lexicon.GLOSSARY[term])
            text = text.replace(term, " ")  # its characters make no bigrams of their own
    return significant(" ".join(found)) + significant(text)


class Vocabulary:
    """In how many articles each word occurs: a word most articles use tells little."""

    def __init__(self) -> None:
        self.documents = 0
        self.counts: Counter[str] = Counter()
        self._weights: dict[str, float] = {}

    @classmethod
    def of(cls, described: Iterable[Terms]) -> Vocabulary:
        vocabulary = cls()
        for found in described:
            vocabulary.observe(found)
        return vocabulary

    def observe(self, found: Terms) -> None:
        title, body = found
        self.documents += 1
        self.counts.update({*title, *body})
        self._weights.clear()

    def weight(self, word: str) -> float:
        """Inverse document frequency, halved for the words every policy headline uses."""
        known = self._weights.get(word)
        if known is None:
            rarity = math.log((self.documents + 1) / (self.counts[word] + 0.5))
            generic = word in lexicon.GENERIC or word in lexicon.CJK_GENERIC
            known = self._weights[word] = rarity * (0.5 if generic else 1.0)
        return known


def profile(item: StoryItem, vocabulary: Vocabulary, found: Terms | None = None) -> _Profile:
    """What comparisons need of an article, computed once."""
    title, body = found or terms(item)
    counts: defaultdict[str, float] = defaultdict(float)
    for position, word in enumerate(body):  # a lead says what happened; later words less
        counts[word] += LEAD / (LEAD + position)
    for word in title:
        counts[word] += TITLE_BOOST
    weighted = {word: count * vocabulary.weight(word) for word, count in counts.items()}
    vector = _unit(weighted)
    heaviest = sorted(weighted, key=lambda word: (-weighted[word], word))[:KEYS]
    shared_script = vector
    if any(CJK_RUN.match(word) for word in weighted):
        shared_script = _unit({w: v for w, v in weighted.items() if not CJK_RUN.match(w)})
        heaviest += [word for word in [*shared_script][:KEYS] if word not in heaviest]
    strong = frozenset(s for s in item.sources if s.partition(":")[0] in STRONG_KINDS)
    return _Profile(
        replace(item, text=""),  # the index keeps profiles, not bodies
        vector,
        shared_script,
        (*heaviest, *sorted(item.sources)),
        strong,
        item.sources - strong,
        len(strong) > ROUNDUP_SOURCES,
    )


def _unit(weighted: dict[str, float]) -> dict[str, float]:
    """The VECTOR_TERMS heaviest terms of ``weighted``, heaviest first, scaled to unit length."""
    length = math.sqrt(sum(value * value for value in weighted.values())) or 1.0
    kept = sorted(weighted, key=lambda word: (-weighted[word], word))[:VECTOR_TERMS]
    return {word: weighted[word] / length for word in kept if weighted[word] > 0}


def _vectors(a: _Profile, b: _Profile) -> tuple[dict[str, float], dict[str, float]]:
    """The vectors two articles are compared by: without Chinese bigrams when only one of
    them has any (a bigram cannot match an English word, so it only dilutes the cosine)."""
    if (a.shared_script is a.vector) == (b.shared_script is b.vector):
        return a.vector, b.vector
    return a.shared_script, b.shared_script


def similarity(a: _Profile, b: _Profile) -> float:
    """Cosine similarity of two articles' weighted words (0 to 1)."""
    first, second = _vectors(a, b)
    return sum([first[word] * second[word] for word in first.keys() & second.keys()])


def _broad(a: _Profile, b: _Profile, cosine: float) -> bool:
    """Whether a similarity rests on several words, not on one rare name alone."""
    first, second = _vectors(a, b)
    parts = [first[word] * second[word] for word in first.keys() & second.keys()]
    words = sum(part >= cosine * WORD_SHARE for part in parts)
    return words >= MIN_WORDS and max(parts, default=0.0) <= cosine * MAX_WORD_SHARE


def strength(a: _Profile, b: _Profile) -> int:
    """How two articles of different feeds compare: UNRELATED, RELATED or SAME event."""
    return _judge(a, b)[0]


Judgement = tuple[int, float]
"""How two articles compare (UNRELATED, RELATED or SAME) and their similarity."""


def _judge(a: _Profile, b: _Profile) -> Judgement:
    if abs(a.item.published - b.item.published) > WINDOW:
        return UNRELATED, 0.0
    shared_sources = a.strong & b.strong
    cosine = similarity(a, b)
    if shared_sources and not (a.roundup or b.roundup):
        return SAME, cosine
    hints = bool(a.weak & b.weak or shared_sources)
    # two articles each about its own document (a rule each) are two events, whatever the words
    different_documents = bool(a.strong and b.strong and not shared_sources)
    if (
        cosine >= SAME_COSINE - HINT_BONUS * hints
        and not different_documents
        and _broad(a, b, cosine)
    ):
        return SAME, cosine
    if cosine >= RELATED_COSINE or hints:
        return RELATED, cosine
    return UNRELATED, cosine


def _some(members: list[int]) -> list[int]:
    """A big story's first articles and its latest: enough to judge a newcomer by."""
    return members if len(members) <= JUDGES else members[:2] + members[2 - JUDGES :]


def _needed(size: int) -> int:
    """How many members a newcomer must at least relate to: all of two, half of more."""
    return size if size <= 2 else math.ceil(size / 2)


@dataclass(slots=True)
class _Story:
    members: list[int] = field(default_factory=list)
    feeds: set[str] = field(default_factory=set)


class StoryIndex:
    """Stories being built: place articles one at a time (in time order, ideally).

    ``cluster`` places every article; ingest loads the stories of a look-back window
    with ``add`` and places only the new articles.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        """Word frequencies of the articles compared (all of them, observed beforehand)."""
        self._profiles: list[_Profile] = []
        self._story_of: list[int] = []
        self._stories: dict[int, _Story] = {}
        self._postings: defaultdict[str, list[int]] = defaultdict(list)
        self._named: dict[int, int] = {}
        self._forgotten = 0

    def add(self, item: StoryItem, story_id: int, found: Terms | None = None) -> None:
        """An article already placed in story ``story_id`` (a story is named by an id)."""
        self._named.setdefault(story_id, len(self._profiles))
        self._insert(profile(item, self.vocabulary, found), self._named[story_id])

    def place(self, item: StoryItem, found: Terms | None = None) -> int:
        """Put a new article in the stories it joins (or one of its own); its story's id.

        It may join two stories into one: an article placed before its story's others
        (a feed fetched late) stays apart only until one that matches both arrives.
        """
        new = profile(item, self.vocabulary, found)
        judged = self._compare(new)
        key = self._insert(new, None)
        matched: dict[int, int] = defaultdict(int)
        for (_new, index), (level, _cosine) in judged.items():
            if level == SAME:
                matched[self._story_of[index]] += 1
        for other in sorted(matched, key=lambda other: (-matched[other], other)):
            if other in self._stories and other != key and self._joinable(key, other, judged):
                key = self._merge(key, other)
        return min(self._profiles[member].item.id for member in self._stories[key].members)

    def story_ids(self) -> dict[int, int]:
        """Article id -> story id, the smallest article id of its story."""
        names = {
            key: min(self._profiles[index].item.id for index in story.members)
            for key, story in self._stories.items()
        }
        return {
            self._profiles[index].item.id: names[key] for index, key in enumerate(self._story_of)
        }

    def forget_before(self, moment: datetime) -> None:
        """Stop proposing articles older than ``moment`` and drop their words.

        For articles placed oldest first (cluster and restory): nothing newer can match them.
        """
        while self._forgotten < len(self._profiles):
            old = self._profiles[self._forgotten]
            if old.item.published >= moment:
                break
            old.vector = old.shared_script = {}
            self._forgotten += 1
        for word, posting in list(self._postings.items()):
            kept = [i for i in posting if self._profiles[i].item.published >= moment]
            if kept:
                self._postings[word] = kept
            else:
                del self._postings[word]

    def _insert(self, new: _Profile, key: int | None) -> int:
        """Store an article's profile in story ``key`` (None: a story of its own); its key."""
        index = len(self._profiles)
        self._profiles.append(new)
        key = index if key is None else key
        story = self._stories.setdefault(key, _Story())
        story.members.append(index)
        story.feeds.add(new.item.feed)
        self._story_of.append(key)
        for term in new.keys:
            self._postings[term].append(index)
        return key

    def _compare(self, new: _Profile) -> dict[tuple[int, int], Judgement]:
        """Strength of the new article against every candidate sharing a key term or source."""
        shared: Counter[int] = Counter()
        candidates: set[int] = set()
        for key in new.keys:
            posting = self._postings.get(key, ())
            if ":" in key:  # a source: every article citing it is a candidate
                candidates.update(posting)
            elif len(posting) <= POSTING_CAP:
                shared.update(posting)
        candidates.update(
            index for index, count in shared.most_common(MAX_CANDIDATES) if count >= SHARED_KEYS
        )
        feed, at = new.item.feed, len(self._profiles)  # the index it is about to get
        start, end = new.item.published - WINDOW, new.item.published + WINDOW
        profiles = self._profiles
        return {
            (at, index): _judge(new, profiles[index])
            for index in candidates
            if profiles[index].item.feed != feed and start <= profiles[index].item.published <= end
        }

    def _joinable(self, first: int, second: int, judged: dict[tuple[int, int], Judgement]) -> bool:
        """Whether two stories are one: no feed in both, one pair the same event, and most
        pairs at least related (so no path of single links chains two events)."""
        one, two = self._stories[first], self._stories[second]
        if one.feeds & two.feeds:
            return False
        pairs = [(a, b) for a in _some(one.members) for b in _some(two.members)]
        found = []
        for pair in pairs:
            if pair not in judged:
                judged[pair] = _judge(self._profiles[pair[0]], self._profiles[pair[1]])
            found.append(judged[pair])
        levels = [level for level, _cosine in found]
        if SAME not in levels or len(levels) - levels.count(UNRELATED) < _needed(len(levels)):
            return False
        profiles = self._profiles
        if any(profiles[a].strong & profiles[b].strong for a, b in pairs):  # one document
            return True
        return sum(cosine for _level, cosine in found) / len(found) >= MEAN_COSINE

    def _merge(self, first: int, second: int) -> int:
        """Move the smaller story's articles into the larger one; the key kept."""
        if len(self._stories[first].members) > len(self._stories[second].members):
            first, second = second, first
        moved = self._stories.pop(first)
        kept = self._stories[second]
        kept.members.extend(moved.members)
        kept.feeds |= moved.feeds
        for member in moved.members:
            self._story_of[member] = second
        return second


def cluster(items: Sequence[StoryItem]) -> dict[int, int]:
    """Article id -> story id (the smallest article id of the story).

    A single article is its own story. Articles are placed oldest first.
    """
    ordered = sorted(items, key=lambda item: (item.published, item.id))
    described = [(item, terms(item)) for item in ordered]
    return cluster_described(described, Vocabulary.of(found for _item, found in described))


def cluster_described(
    described: Iterable[tuple[StoryItem, Terms]], vocabulary: Vocabulary
) -> dict[int, int]:
    """``cluster`` of articles already described, given oldest first, with their words'
    frequencies; the articles that drop out of the window are forgotten as it moves."""
    index = StoryIndex(vocabulary)
    horizon: datetime | None = None
    for item, found in described:
        if horizon is None or item.published - horizon > WINDOW / 2:
            if horizon is not None:
                index.forget_before(item.published - WINDOW)
            horizon = item.published
        index.place(item, found)
    return index.story_ids()


def multi_stories(story_ids: dict[int, int]) -> dict[int, list[int]]:
    """Story id -> its article ids, for stories of two articles or more."""
    members: defaultdict[int, list[int]] = defaultdict(list)
    for article_id, story_id in story_ids.items():
        members[story_id].append(article_id)
    return {story: sorted(ids) for story, ids in members.items() if len(ids) > 1}


def changed_stories(
    before: dict[int, int], after: dict[int, int]
) -> tuple[list[frozenset[int]], list[frozenset[int]]]:
    """The multi-article stories only ``after`` has (formed) and only ``before`` has (undone)."""
    old = {frozenset(ids) for ids in multi_stories(before).values()}
    new = {frozenset(ids) for ids in multi_stories(after).values()}
    return sorted(new - old, key=min), sorted(old - new, key=min)
