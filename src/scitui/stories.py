"""Stories: which articles of different feeds tell the same event; pure (values in, values out).

An article joins a story only if it matches one member strongly and is at least related to
most of the others, so a path of weak links never chains two events into one story.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from scitui.text import CJK_RUN, word_tokens

WINDOW = timedelta(days=4)
"""Articles further apart than this are never one story: a follow-up is a story of its own."""
BODY_TOKENS = 200
"""Significant words of a body compared (from its start: a lead says what happened)."""
POSTING_CAP = 400
"""A title word in more window articles than this proposes no candidates (it still scores)."""

STRONG_KINDS = frozenset({"fr-doc", "fr-cite", "docket", "rin", "doi", "arxiv", "mofcom"})
"""Source kinds naming one document; a shared cfr part, ECCN, bill or law is only a hint
(many different events cite 15 CFR 744 or the CHIPS Act)."""
ROUNDUP_SOURCES = 5
"""An article citing more documents than this is a roundup: what it shares is a hint only."""

UNRELATED, RELATED, SAME = 0, 1, 2
"""How two articles compare: nothing in common, related (supports a story), the same event."""


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_STOPWORDS = _word_set(
    """a an the and or but nor in on at to for of is it its by with from as be was were are
    this that these those have has had do does did will would could should may might can
    shall not no his her their our your my been being he she so up if me we am us they them
    you i than then there here into onto over under about after before amid among between
    against during without within via per vs more most less least new says say said saying
    what which who whom why how when where all any each every some such very just also
    now out off yet still one two three first last week weeks day days year years today
    report reports update updates news analysis opinion explainer podcast newsletter brief
    briefing read watch live exclusive breaking""",
)
_GENERIC = _word_set(
    """china chinese beijing us u s america american washington united state chip semiconductor
    export control rule regulation tech technology ai research researcher science scientific
    policy government federal national security global world trade industry data new law
    department agency official company firm market plan program funding fund billion million
    university student talent"""
)
"""Words most policy headlines share: they count half (two of them do not make one event)."""
_CJK_GENERIC = _word_set(
    """中国 美国 芯片 出口 管制 科技 技术 半导 导体 政策 研究 发布 国家 商务 务部 全球 产业 企业
    公司 人才 大学 科学 发展 合作 创新 国际 政府 部门 相关 表示 报道 新闻"""
)
_URL_WORDS = _word_set("www com org net gov edu io co uk cn feed feeds rss xml atom")
_WEIGHT, _GENERIC_WEIGHT, _CJK_WEIGHT, _CJK_GENERIC_WEIGHT = 1.0, 0.5, 0.35, 0.1


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
    title: dict[str, float]
    title_weight: float
    body: tuple[str, ...]
    strong: frozenset[str]
    weak: frozenset[str]
    roundup: bool


def _stem(word: str) -> str:
    """A plural as its singular, roughly ("rules" -> "rule", "entities" -> "entity")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def significant(text: str) -> list[str]:
    """``text``'s words that can tell events apart: stopwords, years and lone digits gone."""
    words = []
    for token in word_tokens(text):
        if CJK_RUN.match(token):
            words.append(token)
        elif token.isdigit():
            if len(token) > 1 and not (len(token) == 4 and token[:2] in ("19", "20")):
                words.append(token)
        elif len(token) > 1 and token not in _STOPWORDS:
            words.append(_stem(token))
    return words


def _weight(word: str) -> float:
    if CJK_RUN.match(word):
        return _CJK_GENERIC_WEIGHT if word in _CJK_GENERIC else _CJK_WEIGHT
    return _GENERIC_WEIGHT if word in _GENERIC else _WEIGHT


def _feed_words(item: StoryItem) -> set[str]:
    """Words of the feed's name and of its site's host name ("reuters", "csis")."""
    host = urlsplit(item.feed).hostname or ""
    words = set(significant(item.feed_name))
    words.update(part for part in host.split(".") if part not in _URL_WORDS)
    return words


def profile(item: StoryItem) -> _Profile:
    """What comparisons need of an article, computed once."""
    own = _feed_words(item)
    title = {word: _weight(word) for word in significant(item.title) if word not in own}
    strong = frozenset(s for s in item.sources if s.partition(":")[0] in STRONG_KINDS)
    body = tuple(significant(item.text[: BODY_TOKENS * 12])[:BODY_TOKENS])
    return _Profile(
        replace(item, text=""),  # the index keeps profiles, not bodies
        title,
        sum(title.values()),
        body,
        strong,
        item.sources - strong,
        len(strong) > ROUNDUP_SOURCES,
    )


def body_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Jaccard similarity of two bodies' word sets, the longer cut to the shorter's length.

    Cutting first keeps a full text from looking unlike its own feed summary.
    """
    length = min(len(a), len(b))
    if length < 20:
        return 0.0
    first, second = set(a[:length]), set(b[:length])
    return len(first & second) / len(first | second)


def strength(a: _Profile, b: _Profile) -> int:
    """How two articles of different feeds compare: UNRELATED, RELATED or SAME event."""
    if abs(a.item.published - b.item.published) > WINDOW:
        return UNRELATED
    shared_sources = a.strong & b.strong
    if shared_sources and not (a.roundup or b.roundup):
        return SAME
    body = body_similarity(a.body, b.body)
    if body >= 0.5:
        return SAME
    shared = a.title.keys() & b.title.keys()
    shared_weight = sum(a.title[word] for word in shared)
    hints = len(a.weak & b.weak) + bool(shared_sources)
    smaller = min(a.title_weight, b.title_weight)
    overlap = shared_weight / smaller if smaller else 0.0
    # two articles each about its own document (a rule each) are two events, whatever the words
    different_documents = bool(a.strong and b.strong and not shared_sources)
    if not different_documents and _same_by_words(len(shared), shared_weight, overlap, body, hints):
        return SAME
    if len(shared) >= 2 or body >= 0.15 or hints:
        return RELATED
    return UNRELATED


def _same_by_words(count: int, weight: float, overlap: float, body: float, hints: int) -> bool:
    """Whether title words (with the bodies and shared hints) say it is one event."""
    if count >= 3 and weight >= 2.5 and overlap >= 0.5:
        return overlap >= 0.7 or body >= 0.1 or hints > 0
    return count >= 2 and weight >= 1.5 and (body >= 0.25 or (hints > 0 and body >= 0.1))


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

    def __init__(self) -> None:
        self._profiles: list[_Profile] = []
        self._story_of: list[int] = []
        self._stories: dict[int, _Story] = {}
        self._postings: defaultdict[str, list[int]] = defaultdict(list)
        self._named: dict[int, int] = {}
        self._forgotten = 0

    def add(self, item: StoryItem, story_id: int) -> None:
        """An article already placed in story ``story_id`` (a story is named by an id)."""
        self._named.setdefault(story_id, len(self._profiles))
        self._insert(profile(item), self._named[story_id])

    def place(self, item: StoryItem) -> int:
        """Put a new article in the story it best joins, or one of its own; its story's id."""
        new = profile(item)
        scores = self._compare(new)
        best = self._best_story(new, scores)
        return self._insert(new, best)

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
            old.title, old.body = {}, ()
            self._forgotten += 1
        for word, posting in list(self._postings.items()):
            kept = [i for i in posting if self._profiles[i].item.published >= moment]
            if kept:
                self._postings[word] = kept
            else:
                del self._postings[word]

    def _insert(self, new: _Profile, key: int | None) -> int:
        index = len(self._profiles)
        self._profiles.append(new)
        key = index if key is None else key
        story = self._stories.setdefault(key, _Story())
        story.members.append(index)
        story.feeds.add(new.item.feed)
        self._story_of.append(key)
        for word in (*new.title, *new.item.sources):
            self._postings[word].append(index)
        return min(self._profiles[member].item.id for member in story.members)

    def _compare(self, new: _Profile) -> dict[int, int]:
        """Strength of the new article against every candidate sharing words or sources."""
        counts: defaultdict[int, int] = defaultdict(int)
        for word in (*new.title, *new.item.sources):
            posting = self._postings.get(word, ())
            if len(posting) <= POSTING_CAP or ":" in word:
                for index in posting:
                    counts[index] += 1
        scores = {}
        for index, count in counts.items():
            other = self._profiles[index]
            related = count >= 2 or other.item.sources & new.item.sources
            if related and other.item.feed != new.item.feed:
                scores[index] = strength(new, other)
        return scores

    def _best_story(self, new: _Profile, scores: dict[int, int]) -> int | None:
        """The story the article joins: a strong match and enough support, else None."""
        best: tuple[int, int, int] | None = None
        for key in {self._story_of[index] for index, score in scores.items() if score == SAME}:
            story = self._stories[key]
            if new.item.feed in story.feeds:
                continue
            found = [self._score(new, member, scores) for member in story.members]
            strong, support = found.count(SAME), sum(score > UNRELATED for score in found)
            if support < _needed(len(story.members)):
                continue
            rank = (strong, support, -key)
            if best is None or rank > best:
                best = rank
        return None if best is None else -best[2]

    def _score(self, new: _Profile, member: int, scores: dict[int, int]) -> int:
        if member in scores:
            return scores[member]
        other = self._profiles[member]
        return UNRELATED if other.item.feed == new.item.feed else strength(new, other)


def cluster(items: Sequence[StoryItem]) -> dict[int, int]:
    """Article id -> story id (the smallest article id of the story).

    A single article is its own story. Articles are placed oldest first.
    """
    index = StoryIndex()
    horizon: datetime | None = None
    for item in sorted(items, key=lambda item: (item.published, item.id)):
        if horizon is None or item.published - horizon > WINDOW * 4:
            if horizon is not None:
                index.forget_before(item.published - WINDOW)
            horizon = item.published
        index.place(item)
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
