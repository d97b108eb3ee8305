"""Fill a scitui database with a large, deterministic, synthetic cache (no network).

Usage:
    python bench/fill.py DB_PATH --articles 100000 [--feeds 100] [--words 1000] [--seed 1]
                         [--end 2026-11-29] [--force]

The database is created by ``scitui.store.Store`` (so it has the app's real schema,
application_id and user_version), then filled with plain sqlite3 ``executemany`` in big
transactions; the schema's FTS triggers keep ``articles_fts`` in sync as rows go in.

What it writes:
    feeds         think-tank and outlet names, url = source_url = http://127.0.0.1/feeds/N.xml
    articles      titles from science/tech-policy phrases, ~--words words of body text drawn
                  Zipf-wise from a few thousand words, html <p> paragraphs, one-sentence
                  summary, ISO 8601 UTC dates over the two years before --end (sort_date =
                  published), content_source 'page', ~70% read, ~2% starred
    article_tags  0-3 of the eight topic slugs per article (source 'rule'); ~1% also get a
                  manual tag such as 'to-brief'
The newest article (largest sort_date, exactly --end) is titled
"BENCH-NEWEST first screen marker", so a benchmark can tell the first screen is drawn, and
the oldest (the last row of the full list) "BENCH-OLDEST last row marker".

The output depends only on the arguments: the same --articles, --feeds, --words, --seed and
--end give the same rows. --end defaults to today's date (00:00 UTC).

Refuses (exit 2) when DB_PATH exists, unless --force, which deletes it and its -wal/-shm.
Prints articles written, seconds, articles/s, the file size in MB and KB per article.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from queue import Queue

from corpus import TOPICS  # one list of the built-in topics for both generators

from scitui.errors import ScituiError
from scitui.store import Store
from scitui.store.cjk import register_functions

MARKER_TITLE = "BENCH-NEWEST first screen marker"
OLDEST_TITLE = "BENCH-OLDEST last row marker"
SPAN = timedelta(days=730)
BATCH = 2_000
COMMIT_EVERY = 20_000
TABLE_SIZE = 1 << 16

Row = tuple[object, ...]
Batch = tuple[list[Row], list[Row]]

MANUAL_TAGS = ("to-brief", "to-brief", "to-brief", "follow-up", "for-memo")

# --- feeds ------------------------------------------------------------------------------

FEED_NAMES = (
    "CSIS Technology Policy",
    "Nature News",
    "Science Insider",
    "CSET Georgetown",
    "Brookings TechStream",
    "RAND Science and Technology",
    "Carnegie Endowment Technology and International Affairs",
    "ITIF Innovation Files",
    "CNAS Technology and National Security",
    "MERICS China Analysis",
    "Physics World",
    "Chemistry World",
    "Times Higher Education",
    "University World News",
    "South China Morning Post Science",
    "Caixin Global Tech",
    "Nikkei Asia Technology",
    "Reuters Technology",
    "Financial Times Semiconductors",
    "IEEE Spectrum",
    "MIT Technology Review",
    "Ars Technica Policy",
    "The Register",
    "Semafor Technology",
    "Politico Morning Tech",
    "Lawfare",
    "War on the Rocks",
    "Foreign Policy",
    "The Diplomat",
    "Sixth Tone",
    "ChinaTalk",
    "SemiAnalysis",
    "EE Times",
    "DigiTimes Asia",
    "Research Professional News",
    "Science|Business",
    "Chemical & Engineering News",
    "AIP FYI Science Policy News",
    "APS News",
    "NSF News",
    "DOE Office of Science",
    "Federal Register: Industry and Security Bureau",
    "Hoover Institution China's Global Sharp Power",
    "Heritage Foundation Technology",
    "Information Technology and Innovation Foundation",
    "Australian Strategic Policy Institute",
    "The Strategist (ASPI)",
    "Rhodium Group",
    "Jamestown China Brief",
    "Council on Foreign Relations Net Politics",
)
ORGS = (
    "CSIS",
    "Brookings",
    "RAND",
    "Carnegie",
    "CNAS",
    "Hudson Institute",
    "MacroPolo",
    "Stimson Center",
    "Belfer Center",
    "Wilson Center",
    "Atlantic Council",
    "Chatham House",
    "IISS",
    "SWP Berlin",
    "Clingendael",
    "Nature",
    "Science",
    "Nikkei",
    "Bloomberg",
    "Axios",
)
SECTIONS = (
    "Technology Policy",
    "China Program",
    "Science Policy",
    "Semiconductors",
    "AI Governance",
    "Research Security",
    "Economics",
    "Asia",
    "Energy and Climate",
    "Briefings",
)

# --- titles ---------------------------------------------------------------------------

SUBJECTS = (
    "Commerce Department",
    "Beijing",
    "Washington",
    "The White House",
    "The European Commission",
    "Tokyo",
    "The Netherlands",
    "Seoul",
    "Taipei",
    "Congress",
    "Senate panel",
    "House committee",
    "NSF",
    "DOE",
    "NIH",
    "Think tank",
    "Ministry of Science and Technology",
    "Chinese Academy of Sciences",
    "The UK",
    "Germany",
    "India",
)
PLURAL_SUBJECTS = ("Universities", "Researchers", "Chipmakers", "Industry groups", "Lawmakers")
VERBS = (
    "tightens",
    "weighs",
    "unveils",
    "eases",
    "expands",
    "questions",
    "defends",
    "reviews",
    "doubles down on",
    "pushes back on",
    "warns over",
    "bets on",
    "scrambles over",
    "rethinks",
    "targets",
    "debates",
)
PLURAL_VERBS = (
    "tighten",
    "weigh",
    "unveil",
    "ease",
    "expand",
    "question",
    "defend",
    "review",
    "double down on",
    "push back on",
    "warn over",
    "bet on",
    "scramble over",
    "rethink",
    "target",
    "debate",
)
TOPIC_PHRASES = {
    "export-controls": (
        "export controls on advanced chips",
        "entity list additions",
        "chip export licences",
        "rules on lithography exports",
        "the foreign direct product rule",
        "controls on chipmaking tools",
    ),
    "ai-chips": (
        "AI chip supply",
        "semiconductor subsidies",
        "high-bandwidth memory capacity",
        "advanced packaging plants",
        "exascale supercomputers",
        "GPU clusters for frontier models",
    ),
    "talent": (
        "visas for foreign researchers",
        "the STEM talent pipeline",
        "recruitment of overseas scientists",
        "graduate student visas",
        "brain drain among early-career researchers",
    ),
    "national-labs": (
        "national laboratory budgets",
        "the future of the national labs",
        "Oak Ridge and Argonne upgrades",
        "lab security reviews",
        "fusion research at national laboratories",
    ),
    "collaboration": (
        "international research collaboration",
        "joint science agreements",
        "co-authorship with foreign institutions",
        "the US-China science and technology agreement",
        "Horizon Europe association",
    ),
    "self-reliance": (
        "technological self-reliance",
        "domestic chip production",
        "indigenous innovation plans",
        "supply chain resilience",
        "localisation of chipmaking equipment",
    ),
    "research-security": (
        "research security rules",
        "disclosure requirements for grant applicants",
        "foreign talent programmes",
        "screening of sensitive research",
        "malign foreign influence in universities",
    ),
    "funding": (
        "research funding cuts",
        "the science budget",
        "grant funding delays",
        "a boost for basic research",
        "indirect cost rates",
        "CHIPS Act research money",
    ),
}
NEUTRAL_PHRASES = (
    "peer review reform",
    "open access publishing",
    "space telescope plans",
    "ocean observation networks",
    "vaccine trial data",
    "quantum sensing",
    "climate model transparency",
    "a new particle accelerator",
    "reproducibility in biology",
    "scientific integrity policy",
    "polar research stations",
    "data sharing mandates",
)
TAILS = (
    "",
    "",
    "",
    " amid rising tensions",
    " after months of review",
    " as deadline nears",
    ", report says",
    ", officials say",
    " in draft budget",
    " despite industry pushback",
    " ahead of summit",
    ": what it means for labs",
    " for the second time this year",
    " under new guidance",
)


def _words(text: str) -> list[str]:
    return text.split()


# --- body text -------------------------------------------------------------------------

FUNCTION_WORDS = _words(
    """
the of and to a in that is for on it with as was be by this are at from or have an not
which but has its their they were more will been would can also than other new one about
had there who all into may these such some after could over when most only between two
while what first those many because under should through both however year its than any
where much we our us he she his her them then so if no out up very each even well since
during against before three without several among within across being while per around
"""
)

NOUNS = _words(
    """
policy export control chip semiconductor research researcher scientist university
laboratory lab funding grant budget agency government ministry department official
industry company firm supplier manufacturer factory plant fab foundry wafer node
technology innovation talent student visa program programme collaboration partnership
agreement treaty rule regulation licence license restriction sanction list entity
security risk threat review investigation report analysis study survey data dataset
model system network computer supercomputer processor accelerator memory packaging
tool equipment machine lithography supply chain market investment investor capital
subsidy tax credit incentive loan fund foundation council committee panel congress
senate house parliament commission union state province city region country nation
economy trade tariff import export deal negotiation talk summit meeting conference
paper journal article publication citation patent discovery breakthrough experiment
trial result finding evidence method approach framework strategy plan roadmap goal
target priority challenge problem issue concern question debate decision outcome
impact effect cost price revenue profit growth decline increase decrease share
percent billion million thousand dollar yuan euro yen capacity output production
demand shortage surplus inventory energy power electricity battery reactor fusion
fission physics chemistry biology genomics medicine health vaccine drug disease
climate ocean space satellite telescope rocket launch mission station probe
quantum computing computation algorithm software code platform cloud center centre
facility infrastructure campus institute academy school faculty professor student
graduate postdoc fellow career hiring recruitment migration mobility exchange
disclosure compliance enforcement penalty fine violation loophole waiver exemption
application review board office bureau administration secretary minister president
director chair spokesperson lawmaker legislator senator representative staff expert
analyst observer critic supporter advocate community public society citizen worker
engineer designer developer startup giant incumbent rival competitor ally partner
adversary military defense defence weapon missile drone intelligence espionage
theft hacking breach leak cyberattack vulnerability resilience dependence reliance
sovereignty autonomy competitiveness leadership advantage edge gap lead race
competition rivalry tension conflict pressure response reaction shift change trend
pattern period quarter month week day decade century history future prospect outlook
forecast estimate figure number level rate scale size volume amount portion stake
material mineral metal gallium germanium graphite silicon rare earth magnet
reagent instrument detector sensor laser microscope beamline accelerator cluster
node memory storage bandwidth throughput performance efficiency yield quality design
architecture standard specification benchmark metric score ranking index indicator
university college hospital clinic consortium alliance coalition initiative project
proposal bill act law statute order directive guidance notice memo letter statement
announcement press briefing hearing testimony interview speech remark comment view
opinion argument claim allegation accusation denial reply warning signal message
lesson example case instance scenario option choice alternative tradeoff balance
transistor chiplet interconnect substrate photoresist etching deposition cleanroom
reticle mask die yield roadmap fabless packager assembler vendor customer buyer seller
contract order backlog shipment delivery cargo customs border port airport route
visa passport permit residency citizenship embassy consulate diplomat envoy delegation
ministry regulator watchdog auditor inspector prosecutor court judge lawsuit verdict
ruling appeal settlement indictment arrest charge defendant plaintiff witness
scholar lecturer dean provost rector chancellor trustee donor endowment tuition
scholarship fellowship stipend salary wage pension benefit contractor subcontractor
peer reviewer editor publisher preprint repository archive library catalogue
genome protein enzyme cell tissue organism species virus bacterium pathogen antibody
molecule compound catalyst polymer alloy ceramic crystal semiconductor superconductor
photon electron neutron proton neutrino isotope plasma magnetism radiation spectrum
orbit launcher payload constellation spacecraft lander rover observatory array
dataset benchmark prompt chatbot agent robot automation workflow pipeline toolkit
license openness transparency accountability oversight governance stewardship
ethics integrity misconduct plagiarism fabrication retraction correction erratum
province municipality county district village township prefecture capital hub cluster
corridor zone park incubator accelerator venture fundraising valuation listing
shareholder stakeholder executive founder chief officer manager board employee
workforce labour labor union strike layoff shortage vacancy apprenticeship
"""
)

VERBS_BASE = _words(
    """
announce restrict expand tighten ease review warn approve reject delay accelerate
fund invest support oppose propose consider examine investigate report publish
collaborate partner compete recruit hire train attract retain leave return move
develop design build manufacture produce supply import ship sell buy acquire merge
launch test deploy scale upgrade replace reduce increase cut boost raise lower
require request demand allow permit ban block limit target list add remove update
revise clarify tighten enforce comply violate monitor track assess evaluate measure
estimate predict expect plan aim seek attempt struggle fail succeed continue start
finish complete remain appear seem suggest indicate show reveal confirm deny claim
argue note point explain describe discuss debate negotiate sign ratify implement
adopt introduce pass amend extend renew suspend resume halt pause cancel shift
focus rely depend benefit suffer affect influence shape drive push pull open close
coordinate streamline prioritize prioritise allocate disburse award withhold freeze
unfreeze audit inspect certify license register screen vet flag detain deport admit
enroll graduate mentor supervise teach lecture cite publish retract correct replicate
reproduce validate verify simulate model compute train tune benchmark optimize
fabricate etch deposit package assemble integrate stack cool power connect link
host sponsor organize convene attend chair moderate brief testify lobby campaign
donate pledge commit promise vow threaten retaliate escalate deescalate stabilize
"""
)

ADJECTIVES = _words(
    """
new advanced national international global domestic foreign federal local regional
scientific technical technological academic industrial commercial economic political
strategic military civilian public private open closed sensitive critical key major
minor significant important early late recent current former future previous next
final initial annual quarterly large small high low long short strong weak broad
narrow deep rapid slow sharp steady modest dramatic substantial limited unclear clear
formal informal official unofficial joint bilateral multilateral complex simple
difficult easy costly cheap efficient reliable secure vulnerable resilient sovereign
independent dependent competitive innovative leading emerging mature frontier basic
applied experimental theoretical computational quantitative qualitative digital
physical chemical biological medical clinical environmental nuclear renewable
american chinese european japanese korean taiwanese dutch german british indian
australian canadian french russian western eastern asian
additional adequate ambitious annualized apparent artificial automated average
bipartisan bureaucratic careful central certain cheaper collaborative comparable
comprehensive confidential considerable consistent controversial cooperative
coordinated corporate creative cumulative decisive defensive delicate detailed
distinct diverse domestic dominant dual economic effective elite enormous entire
essential ethical excessive exclusive existing explicit extensive external fair
familiar favourable fiscal flexible fragile frequent fundamental generous genuine
gradual hostile ideal immediate implicit incremental influential intense internal
invasive legal legislative legitimate lengthy liberal likely marginal massive
meaningful mixed moderate multinational mutual narrow negative neutral notable novel
numerous objective obvious offensive ongoing optimal orbital ordinary overall
overseas parallel partial permanent plausible popular positive potential powerful
practical precise predictable preliminary primary productive proprietary prominent
proportional provisional punitive rare reasonable reciprocal regulatory relevant
remote respective restrictive robust routine rural scarce selective separate
severe shared skilled sophisticated specialized stable statutory stringent subsequent
sudden sufficient suitable surprising sustainable symbolic systemic temporary
tentative thorough total traditional transparent troubled typical ultimate uncertain
underlying uneven unexpected unprecedented urban urgent valuable various viable
visible voluntary widespread
"""
)

ADVERBS = _words(
    """
also already still now recently currently increasingly largely mostly partly
significantly sharply rapidly slowly steadily gradually quickly widely broadly closely
directly indirectly publicly privately officially reportedly apparently likely
"""
)

PROPER = _words(
    """
Washington Beijing Shanghai Shenzhen Tokyo Seoul Taipei Brussels London Berlin Paris
Amsterdam Eindhoven Hsinchu Delhi Bangalore Canberra Ottawa Geneva Singapore
Nvidia AMD Intel TSMC Samsung SK Hynix Micron ASML Huawei SMIC YMTC CXMT Applied
Materials Lam Research Tokyo Electron Qualcomm Broadcom Google Microsoft Meta
OpenAI Anthropic DeepSeek Alibaba Tencent Baidu ByteDance Apple Arm Synopsys Cadence
NSF DOE NIH DARPA NASA NIST BIS OSTP MOST NSFC CAS ERC EU UK US PRC Congress Senate
Commerce Treasury Pentagon Argonne Oak Ridge Livermore Brookhaven Fermilab Sandia
Berkeley Stanford MIT Harvard Princeton Tsinghua Peking Zhejiang Fudan Oxford
Cambridge ETH Max Planck Fraunhofer CNRS RIKEN KAIST Horizon Wassenaar CHIPS
"""
)

FIRST_NAMES = _words(
    """
Alice Ben Chen Daniela Ethan Fatima Gabriel Hana Ivan Jia Kofi Laura Mateo Nadia
Omar Priya Quentin Rosa Sanjay Tomoko Uma Victor Wei Xin Yusuf Zoe Li Maria James
Anna David Sophie Kenji Elena Lucas Amara Jonas Mei Ravi
"""
)
LAST_NAMES = _words(
    """
Anderson Baker Chen Dubois Evans Fischer Garcia Huang Ito Jensen Kim Lopez Martin
Nakamura Okafor Patel Quinn Rossi Schmidt Tanaka Ueda Vargas Wang Xu Yamamoto Zhang
Li Liu Novak Moreau Singh Cohen Haddad Kowalski Larsen Müller Silva
"""
)


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _verb_forms(verb: str) -> list[str]:
    if verb.endswith("e"):
        return [verb, verb + "s", verb + "d", verb[:-1] + "ing"]
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return [verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"]
    if verb.endswith(("s", "x", "ch", "sh")):
        return [verb, verb + "es", verb + "ed", verb + "ing"]
    return [verb, verb + "s", verb + "ed", verb + "ing"]


def _adverb(adjective: str) -> str | None:
    if adjective.endswith("ic"):
        return adjective + "ally"
    if adjective.endswith(("al", "ent", "ant", "ive", "ous", "id", "ar", "ong", "ort")):
        return adjective + "ly"
    return None


def build_vocabulary() -> tuple[list[str], list[float]]:
    """A few thousand words, most frequent first, with Zipf-Mandelbrot weights.

    The order is fixed (its own seeded shuffle), so --seed changes only what is drawn.
    """
    content: list[str] = []
    for noun in NOUNS:
        content += [noun, _plural(noun)]
    for verb in VERBS_BASE:
        content += _verb_forms(verb)
    content += ADJECTIVES
    content += [adverb for adverb in map(_adverb, ADJECTIVES) if adverb]
    content += ADVERBS
    content += PROPER
    seen: set[str] = set()
    words: list[str] = []
    for word in FUNCTION_WORDS:
        if word not in seen:
            seen.add(word)
            words.append(word)
    rest = sorted({word for word in content if word not in seen})
    random.Random(20240601).shuffle(rest)
    words += rest
    weights = [1.0 / (rank + 2.7) ** 1.05 for rank in range(1, len(words) + 1)]
    return words, weights


def sampling_table(words: list[str], weights: list[float]) -> tuple[str, ...]:
    """TABLE_SIZE slots, each word in proportion to its weight (at least one slot).

    Drawing a uniform 16-bit index into it draws a word; itemgetter does it in C, many
    times faster than random.choices.
    """
    total = sum(weights)
    spare = TABLE_SIZE - len(words)
    shares = [spare * weight / total for weight in weights]
    counts = [1 + int(share) for share in shares]
    by_remainder = sorted(range(len(words)), key=lambda i: int(shares[i]) - shares[i])
    for index in by_remainder[: TABLE_SIZE - sum(counts)]:
        counts[index] += 1
    table = tuple(word for word, count in zip(words, counts, strict=True) for _ in range(count))
    assert len(table) == TABLE_SIZE
    return table


def feed_names(count: int) -> list[str]:
    names = list(FEED_NAMES[:count])
    combos = [f"{org} {section}" for section in SECTIONS for org in ORGS]
    names += combos[: max(0, count - len(names))]
    while len(names) < count:
        names.append(f"Policy Wire {len(names) + 1}")
    return names


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


class Writer:
    """Generates the rows from one seeded random stream."""

    def __init__(self, args: argparse.Namespace, end: datetime) -> None:
        self.rng = random.Random(args.seed)
        self.words = args.words
        self.feeds = args.feeds
        self.end = end
        self.table = sampling_table(*build_vocabulary())
        feed_weights = [1.0 / (index + 1) ** 0.8 for index in range(args.feeds)]
        self.feed_cum = list(accumulate(feed_weights))
        self.authors = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]

    def clause(self) -> str:
        """A subject and a verb that agree: "Beijing tightens", "Lawmakers tighten"."""
        rng = self.rng
        if rng.random() < 0.2:
            return f"{rng.choice(PLURAL_SUBJECTS)} {rng.choice(PLURAL_VERBS)}"
        return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)}"

    def title(self, tags: list[str]) -> str:
        rng = self.rng
        phrase = rng.choice(TOPIC_PHRASES[tags[0]] if tags else NEUTRAL_PHRASES)
        return f"{self.clause()} {phrase}{rng.choice(TAILS)}"

    def topic_sentence(self, tag: str) -> str:
        rng = self.rng
        return f"{self.clause()} {rng.choice(TOPIC_PHRASES[tag])}{rng.choice(TAILS)}."

    def body(self, tags: list[str]) -> tuple[list[str], str]:
        """Paragraphs of about --words words, and a one-sentence summary."""
        rng = self.rng
        indexes = memoryview(rng.randbytes(2 * self.words)).cast("H")
        drawn = itemgetter(*indexes)(self.table)
        tokens = list(drawn) if self.words > 1 else [drawn]
        sentences: list[str] = []
        start = 0
        while start < len(tokens):
            stop = start + rng.randint(8, 26)
            words = tokens[start:stop]
            if rng.random() < 0.3 and len(words) > 6:
                words[len(words) // 2] += ","
            sentence = " ".join(words)
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
            start = stop
        for tag in tags:
            sentences.insert(rng.randrange(len(sentences) + 1), self.topic_sentence(tag))
        paragraphs: list[str] = []
        start = 0
        while start < len(sentences):
            stop = start + rng.randint(2, 6)
            paragraphs.append(" ".join(sentences[start:stop]))
            start = stop
        return paragraphs, sentences[0]

    def feed_rows(self) -> list[Row]:
        added = _stamp(self.end - SPAN - timedelta(days=30))
        fetched = _stamp(self.end + timedelta(hours=2))  # after every article's fetched_at
        rows: list[Row] = []
        for index, name in enumerate(feed_names(self.feeds), start=1):
            url = f"http://127.0.0.1/feeds/{index}.xml"
            site = f"http://127.0.0.1/sites/{index}/"
            rows.append((index, url, url, name, name, site, fetched, added))
        return rows

    def dates(self, count: int) -> list[datetime]:
        """Sorted publication times over SPAN before end; the last one is exactly end."""
        seconds = int(SPAN.total_seconds()) - 3600
        offsets = sorted(self.rng.randrange(seconds) for _ in range(count - 1))
        start = self.end - SPAN
        return [start + timedelta(seconds=offset) for offset in offsets] + [self.end]

    def article_batches(self, count: int) -> Iterator[Batch]:
        """Yield (articles, tags) row lists of at most BATCH articles, oldest first."""
        rng = self.rng
        dates = self.dates(count)
        articles: list[Row] = []
        tag_rows: list[Row] = []
        for article_id, published in enumerate(dates, start=1):
            roll = rng.random()
            ntags = 0 if roll < 0.3 else 1 if roll < 0.7 else 2 if roll < 0.9 else 3
            tags = rng.sample(TOPICS, ntags)
            newest = article_id == count
            title = self.title(tags)
            if newest:
                title = MARKER_TITLE
            elif article_id == 1:
                title = OLDEST_TITLE
            paragraphs, summary = self.body(tags)
            feed_id = rng.choices(range(1, self.feeds + 1), cum_weights=self.feed_cum)[0]
            url = f"http://127.0.0.1/feeds/{feed_id}/articles/{article_id}.html"
            stamp = _stamp(published)
            fetched = _stamp(published + timedelta(seconds=rng.randrange(60, 7200)))
            articles.append(
                (
                    article_id,
                    feed_id,
                    f"guid:{url}",
                    url,
                    url,
                    title,
                    rng.choice(self.authors),
                    stamp,
                    stamp,
                    summary,
                    "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
                    "\n\n".join(paragraphs),
                    f"{rng.getrandbits(256):064x}",
                    int(rng.random() < 0.7 and not newest),
                    int(rng.random() < 0.02),
                    fetched,
                    fetched,
                )
            )
            tag_rows += [(article_id, tag, "rule") for tag in tags]
            if rng.random() < 0.01:
                manual = rng.choice(MANUAL_TAGS)
                if manual not in tags:
                    tag_rows.append((article_id, manual, "manual"))
            if len(articles) >= BATCH:
                yield articles, tag_rows
                articles, tag_rows = [], []
        if articles:
            yield articles, tag_rows


INSERT_FEED = (
    "INSERT INTO feeds (id, url, source_url, name, title, site_url, last_fetched, added_at) "
    "VALUES (?,?,?,?,?,?,?,?)"
)
INSERT_ARTICLE = (
    "INSERT INTO articles (id, feed_id, entry_key, guid, url, title, author, published,"
    " sort_date, summary, html, text, content_source, entry_hash, read, starred, fetched_at,"
    " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'page',?,?,?,?,?)"
)
INSERT_TAG = "INSERT INTO article_tags (article_id, tag, source) VALUES (?,?,?)"


def _in_background(batches: Iterator[Batch]) -> Iterator[Batch]:
    """Run the generator in a thread, so rows are made while SQLite (GIL released) writes."""
    queue: Queue[Batch | BaseException | None] = Queue(maxsize=4)

    def produce() -> None:
        try:
            for batch in batches:
                queue.put(batch)
        except BaseException as exc:  # handed to the consumer
            queue.put(exc)
        else:
            queue.put(None)

    thread = threading.Thread(target=produce, name="fill-rows", daemon=True)
    thread.start()
    while (item := queue.get()) is not None:
        if isinstance(item, BaseException):
            raise item
        yield item
    thread.join()


def fill(path: Path, args: argparse.Namespace, end: datetime) -> int:
    """Write feeds, articles and tags; returns the number of articles."""
    Store(path).close()  # schema, application_id, user_version
    writer = Writer(args, end)
    conn = sqlite3.connect(path, isolation_level=None)
    register_functions(conn)  # the FTS triggers call cjk_bigrams() (schema 6)
    try:
        # A new file nobody else has open: skip the journal while filling.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")  # 256 MiB
        conn.execute("BEGIN")
        conn.executemany(INSERT_FEED, writer.feed_rows())
        written = 0
        for articles, tag_rows in _in_background(writer.article_batches(args.articles)):
            conn.executemany(INSERT_ARTICLE, articles)
            conn.executemany(INSERT_TAG, tag_rows)
            written += len(articles)
            if written % COMMIT_EVERY == 0:
                conn.execute("COMMIT")
                conn.execute("BEGIN")
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")  # as the app leaves it
    finally:
        conn.close()
    return written


def utc_time(value: str) -> datetime:
    """An ISO 8601 date or time; one without an offset is taken as UTC."""
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fill.py", description="Fill a scitui database with synthetic articles."
    )
    parser.add_argument("db", type=Path, metavar="DB_PATH")
    parser.add_argument("--articles", type=int, required=True, help="articles to write")
    parser.add_argument("--feeds", type=int, default=100, help="feeds (default 100)")
    parser.add_argument("--words", type=int, default=1000, help="words per article (1000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--end",
        type=utc_time,
        help="date of the newest article, YYYY-MM-DD[THH:MM:SS] UTC (default: today 00:00)",
    )
    parser.add_argument("--force", action="store_true", help="replace DB_PATH if it exists")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.feeds < 1 or args.words < 1:
        parser.error("--articles, --feeds and --words must be at least 1")

    path: Path = args.db
    siblings = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]
    if path.exists() and not args.force:
        print(f"fill.py: {path} already exists (use --force to replace it)", file=sys.stderr)
        return 2
    if args.force:
        for sibling in siblings:
            if sibling.is_file() or sibling.is_symlink():
                sibling.unlink()
    end = args.end or datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)

    started = time.perf_counter()
    try:
        written = fill(path, args, end)
    except ScituiError as exc:  # names the file already
        print(f"fill.py: {exc}", file=sys.stderr)
        return 1
    except (sqlite3.Error, OSError) as exc:
        print(f"fill.py: {path}: {exc}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    size = os.path.getsize(path)
    print(f"articles written: {written}")
    print(
        f"feeds: {args.feeds}  words/article: {args.words}  seed: {args.seed}  end: {_stamp(end)}"
    )
    print(f"seconds: {seconds:.2f}")
    print(f"articles/s: {written / seconds:.0f}")
    print(f"db size: {size / 1e6:.1f} MB  ({size / 1024 / written:.2f} KB per article)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
