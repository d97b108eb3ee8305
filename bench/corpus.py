"""Write a deterministic feed corpus: F feeds x E entries, each entry with a ~20 KB article page.

Usage:
    python bench/corpus.py OUT_DIR [--feeds 100] [--entries 50] [--seed 1] [--force]

Writes
    OUT_DIR/feeds/NNN.xml        feed NNN (1-based): RSS 2.0, Atom 1.0 or RSS 1.0 (RDF), in the
                                 repeating order RSS 2.0, Atom, RSS 2.0, RDF; newest entry first
    OUT_DIR/pages/NNN/MMM.html   entry MMM's article page: a cookie banner, navigation, ad
                                 slots, a share bar, 600-1,500 words of science-policy body
                                 (export controls, chips, talent and visas, national labs,
                                 collaboration, self-reliance, research security, funding, and
                                 some off-topic science), comments, a sidebar, a footer and
                                 tracker scripts, in one of four site layouts
    OUT_DIR/corpus.json          the parameters, counts and sizes (and a digest of this file)

Every absolute URL in the files starts with BASE_TOKEN ("http://scitui-bench.invalid"):
bench/serve.py replaces it with the address it serves on, so the files do not depend on the
port. Feed NNN lives at /feeds/NNN.xml, its site at /sites/NNN/, its pages at /pages/NNN/.

The content depends only on --feeds, --entries and --seed (each page has its own random
stream, seeded by a string), and every file's mtime is set to END, so the server's
Last-Modified is stable too. Refuses (exit 2) a non-empty OUT_DIR unless --force.

As a module: ``ensure_corpus(folder, feeds, entries, seed)`` returns a corpus folder,
writing it unless one with the same parameters and generator is already there.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

BASE_TOKEN = "http://scitui-bench.invalid"
END = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)
FORMATS = ("rss", "atom", "rss", "rdf")
TOPICS = (
    "export-controls",
    "ai-chips",
    "talent",
    "national-labs",
    "collaboration",
    "self-reliance",
    "research-security",
    "funding",
)
OFF_TOPIC = "science"

# --- vocabulary ---------------------------------------------------------------------------


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PEOPLE_FIRST = _names(
    "Alice Ben Chen Daniela Ethan Fatima Gabriel Hana Ivan Jia Kofi Laura Mateo Nadia Omar "
    "Priya Quentin Rosa Sanjay Tomoko Uma Victor Wei Xin Yusuf Zoe Li Maria James Anna David "
    "Sophie Kenji Elena Lucas Amara Jonas Mei Ravi Ingrid Tariq Beatriz Hiroshi Olga"
)
PEOPLE_LAST = _names(
    "Anderson Baker Chen Dubois Evans Fischer Garcia Huang Ito Jensen Kim Lopez Martin "
    "Nakamura Okafor Patel Quinn Rossi Schmidt Tanaka Ueda Vargas Wang Xu Yamamoto Zhang Li "
    "Liu Novak Moreau Singh Cohen Haddad Kowalski Larsen Silva Byrne Lindqvist Mensah"
)
ROLES = (
    "a senior fellow",
    "a research director",
    "a former Commerce Department official",
    "a professor of public policy",
    "an analyst",
    "the programme director",
    "a trade lawyer",
    "a semiconductor industry consultant",
    "a former science adviser",
    "the vice-president for research",
    "a nonresident scholar",
    "an economist",
    "a physicist",
    "the head of government affairs",
    "a lobbyist",
)
ORGS = (
    "the Center for Strategic and International Studies",
    "Georgetown's Center for Security and Emerging Technology",
    "the Brookings Institution",
    "the RAND Corporation",
    "the Carnegie Endowment",
    "the Information Technology and Innovation Foundation",
    "the Mercator Institute for China Studies",
    "the Australian Strategic Policy Institute",
    "the Semiconductor Industry Association",
    "the Association of American Universities",
    "the American Physical Society",
    "the Council on Foreign Relations",
    "the Belfer Center",
    "Rhodium Group",
    "the Hoover Institution",
    "the German Marshall Fund",
    "Chatham House",
    "the Stimson Center",
)
GOVERNMENTS = (
    "Washington",
    "Beijing",
    "Brussels",
    "Tokyo",
    "The Hague",
    "Seoul",
    "Taipei",
    "London",
    "Berlin",
    "New Delhi",
    "Canberra",
    "Ottawa",
)
AGENCIES = (
    "the Commerce Department",
    "the Bureau of Industry and Security",
    "the National Science Foundation",
    "the Department of Energy",
    "the National Institutes of Health",
    "the Office of Science and Technology Policy",
    "China's Ministry of Science and Technology",
    "the Ministry of Commerce in Beijing",
    "the European Commission",
    "Japan's Ministry of Economy, Trade and Industry",
    "the UK's Department for Science, Innovation and Technology",
    "the National Natural Science Foundation of China",
    "the Chinese Academy of Sciences",
    "the State Department",
    "the Government Accountability Office",
)
FIRMS = (
    "Nvidia",
    "AMD",
    "Intel",
    "TSMC",
    "Samsung",
    "SK Hynix",
    "Micron",
    "ASML",
    "Huawei",
    "SMIC",
    "YMTC",
    "CXMT",
    "Applied Materials",
    "Lam Research",
    "Tokyo Electron",
    "Cambricon",
    "Hua Hong",
    "GlobalFoundries",
)
LABS = (
    "Argonne National Laboratory",
    "Oak Ridge National Laboratory",
    "Lawrence Livermore National Laboratory",
    "Los Alamos National Laboratory",
    "Sandia National Laboratories",
    "Brookhaven National Laboratory",
    "Fermilab",
    "Pacific Northwest National Laboratory",
    "Lawrence Berkeley National Laboratory",
    "the Shanghai Synchrotron Radiation Facility",
    "the Hefei National Laboratory",
    "Zhangjiang Laboratory",
)
UNIVERSITIES = (
    "MIT",
    "Stanford",
    "the University of California, Berkeley",
    "Tsinghua University",
    "Peking University",
    "Zhejiang University",
    "Imperial College London",
    "ETH Zurich",
    "the University of Tokyo",
    "KAIST",
    "the National University of Singapore",
    "the University of Michigan",
    "Texas A&M",
    "Delft University of Technology",
)

NOUN_PHRASES = {
    "export-controls": (
        "the entity list",
        "export controls on advanced computing chips",
        "the foreign direct product rule",
        "licence requirements for chipmaking tools",
        "controls on high-bandwidth memory",
        "the interim final rule",
        "the Wassenaar Arrangement",
        "end-use checks",
        "chip smuggling through third countries",
        "the Export Administration Regulations",
        "licensing decisions for shipments to China",
        "controls on lithography servicing",
        "the list of restricted AI chips",
        "gallium and germanium export licences",
    ),
    "ai-chips": (
        "the semiconductor supply chain",
        "advanced packaging capacity",
        "high-bandwidth memory",
        "AI accelerators",
        "extreme ultraviolet lithography",
        "exascale supercomputers",
        "frontier AI models",
        "the CHIPS Act fabs",
        "data centre power demand",
        "GPU clusters",
        "chip design software",
        "large language model training runs",
        "leading-edge logic nodes",
    ),
    "talent": (
        "H-1B visas",
        "international graduate students",
        "the STEM PhD pipeline",
        "visa processing delays",
        "foreign-born researchers",
        "early-career scientists",
        "the brain drain",
        "Optional Practical Training",
        "talent recruitment programmes",
        "postdoc salaries",
        "post-study work visas",
        "returnee scientists",
        "the race for AI talent",
    ),
    "national-labs": (
        "the national laboratories",
        "the Leadership Computing Facility",
        "the Office of Science budget",
        "laboratory-directed research",
        "user facilities",
        "the light source upgrade",
        "fusion ignition experiments",
        "the lab's security clearance backlog",
        "the management contract",
        "neutron scattering beamlines",
        "the stockpile stewardship programme",
    ),
    "collaboration": (
        "international research collaboration",
        "the US-China Science and Technology Agreement",
        "co-authored papers",
        "Horizon Europe association",
        "joint laboratories",
        "scientific exchanges",
        "memoranda of understanding",
        "multinational research infrastructure",
        "the ITER project",
        "open science commitments",
        "bilateral research funding calls",
    ),
    "self-reliance": (
        "technological self-reliance",
        "domestic chip production",
        "the Big Fund",
        "localisation of chipmaking equipment",
        "indigenous innovation",
        "supply chain resilience",
        "the new whole-nation system",
        "state key laboratories",
        "import substitution",
        "the Made in China 2025 targets",
        "sovereign compute",
    ),
    "research-security": (
        "research security rules",
        "disclosure requirements for grant applicants",
        "foreign talent programmes",
        "the CHIPS and Science Act's security provisions",
        "malign foreign influence",
        "conflict-of-interest disclosures",
        "security reviews of sensitive research",
        "the China Initiative",
        "trusted research guidance",
        "screening of visiting researchers",
        "foreign funding reporting",
    ),
    "funding": (
        "the science budget",
        "indirect cost rates",
        "grant terminations",
        "the appropriations bill",
        "basic research funding",
        "the NSF budget request",
        "R&D spending",
        "continuing resolution",
        "university endowments",
        "the research funding gap",
        "the spending freeze",
        "philanthropic science funding",
    ),
    OFF_TOPIC: (
        "peer review reform",
        "open access publishing",
        "the space telescope",
        "ocean observation networks",
        "vaccine trial data",
        "quantum sensing",
        "climate model transparency",
        "a new particle accelerator",
        "reproducibility in biology",
        "scientific integrity policy",
        "polar research stations",
        "data sharing mandates",
    ),
}

TOPIC_SENTENCES = {
    "export-controls": (
        "{agency} added {n} Chinese entities to the entity list on {weekday}, citing support "
        "for military end users.",
        "Under the new rule, exporters will need a licence before shipping {np} to China or Macau.",
        "{firm} said it had applied for export licences but expected most to be denied.",
        "The controls extend the foreign direct product rule to tools made outside the United "
        "States that contain American technology.",
        "Officials say the aim is to slow {gov}'s progress in advanced computing without "
        "choking off trade in mature chips.",
        "Enforcement remains the weak point: investigators have traced restricted GPUs "
        "through distributors in Singapore and Malaysia.",
        "Allies have been slower to match the restrictions, and {gov} has pressed The Hague "
        "and Tokyo to tighten servicing rules for installed tools.",
        "Compliance teams at {firm} now screen every order against the consolidated list, a "
        "process that adds {n} days on average.",
        "Critics argue that export curbs on {np} push customers toward domestic suppliers.",
        "The bureau received {n} licence applications for {np} last year and approved fewer "
        "than half.",
    ),
    "ai-chips": (
        "{firm} plans to double its output of {np} by {year}, according to people familiar "
        "with the plan.",
        "Demand for {np} has outstripped supply since the launch of the latest frontier AI models.",
        "The new fab will make chips at a leading-edge node, with advanced packaging on site.",
        "Training a frontier model now takes tens of thousands of accelerators running for months.",
        "{lab} switched on its new exascale supercomputer, which will be open to "
        "researchers through a competitive allocation programme.",
        "Analysts at {org} estimate that {pct} percent of high-bandwidth memory goes into AI "
        "servers.",
        "Semiconductor subsidies under the CHIPS Act have drawn {n} billion dollars of "
        "private investment, officials say.",
        "Chipmakers warn that power and water for new data centres are becoming the binding "
        "constraint.",
    ),
    "talent": (
        "Applications from international students fell by {pct} percent this autumn, "
        "according to a survey of graduate schools.",
        "Universities say delays in visa processing have left {n} incoming PhD students "
        "stranded abroad.",
        "The proposed fee on H-1B petitions would fall hardest on universities and start-ups.",
        "More foreign-born scientists are choosing Canada and Europe, where post-study work "
        "visas are easier to obtain.",
        "{person}, who moved to {univ} after a decade abroad, said the decision was about "
        "stability as much as salary.",
        "The talent programme offers returnee scientists housing, lab space and a "
        "start-up grant of {n} million yuan.",
        "Nearly {pct} percent of STEM PhD graduates in the United States were born abroad, "
        "and most want to stay.",
        "Recruiters from {gov} have been courting researchers who lost grants this year.",
    ),
    "national-labs": (
        "{lab} will lead the project, with partners at {n} universities.",
        "The national laboratories employ more than {n} thousand scientists and engineers.",
        "A review found that the lab's user facilities were oversubscribed by a factor of {n}.",
        "Directors of the national laboratories warned Congress that flat budgets would "
        "delay upgrades to the light sources.",
        "The Department of Energy's Office of Science funds most of the work at {lab}.",
        "Visiting scientists at {lab} now face longer security reviews before they can use "
        "the beamlines.",
        "The fusion programme at {lab} repeated its ignition result with a higher yield.",
    ),
    "collaboration": (
        "Co-authored papers between American and Chinese researchers fell for the {nth} "
        "year in a row.",
        "The renewed science agreement narrows cooperation to basic research and adds "
        "protections for intellectual property.",
        "{univ} closed its joint institute in {city} after a review of its partnerships.",
        "Researchers worry that restrictions on scientific exchanges will slow work on "
        "climate and public health.",
        "Association to Horizon Europe gives researchers access to grants worth {n} billion euros.",
        "International research collaboration remains the norm in physics, where large "
        "experiments need many countries.",
        "The memorandum of understanding between {univ} and {univ2} was quietly allowed to lapse.",
    ),
    "self-reliance": (
        "{gov} has made technological self-reliance the centrepiece of its five-year plan.",
        "The third phase of the Big Fund will put {n} billion yuan into chipmaking equipment "
        "and materials.",
        "Domestic toolmakers now supply about {pct} percent of the equipment in new Chinese fabs.",
        "State key laboratories are being reorganised around national strategic needs.",
        "Officials describe indigenous innovation as a matter of national security.",
        "Import substitution has gone furthest in mature-node chips, where local firms "
        "compete on price.",
        "The plan asks provinces to build sovereign compute centres with domestic accelerators.",
    ),
    "research-security": (
        "Universities must now certify that researchers have disclosed all foreign "
        "appointments and funding.",
        "The new research security framework requires training for everyone named on a "
        "federal grant.",
        "{agency} terminated {n} grants after finding undisclosed participation in foreign "
        "talent programmes.",
        "Civil liberties groups say the China Initiative chilled collaboration and harmed "
        "Asian American scientists.",
        "Security reviews of sensitive research now cover quantum, biotechnology and "
        "advanced materials.",
        "Research offices at {univ} hired {n} staff to handle disclosure and export compliance.",
        "The guidance asks institutions to assess risks before accepting foreign gifts over "
        "{n} thousand dollars.",
    ),
    "funding": (
        "The budget request would cut the National Science Foundation by {pct} percent.",
        "A cap on indirect cost rates would cost {univ} an estimated {n} million dollars a year.",
        "Grant terminations have hit early-career researchers hardest, the survey found.",
        "Appropriators in the Senate rejected the deepest cuts to basic research.",
        "{gov} raised spending on basic research by {pct} percent, faster than overall R&D.",
        "A continuing resolution would freeze funding at last year's level until {month}.",
        "Philanthropies have stepped in to bridge grants, but cannot replace federal funding.",
        "The funding gap means fewer graduate positions next year, department chairs warn.",
    ),
    OFF_TOPIC: (
        "The telescope's first images exceeded expectations, astronomers said.",
        "Journals are experimenting with publishing peer review reports alongside papers.",
        "The ocean observation network lost {n} floats to storms this year.",
        "Replication studies in cell biology succeeded less than half the time.",
        "The new particle accelerator will run at twice the energy of its predecessor.",
        "Climate modellers have agreed to publish their code and input data.",
        "Polar research stations are struggling with rising fuel costs.",
    ),
}

GENERIC_SENTENCES = (
    "{person}, {role} at {org}, said {np} would {effect}.",
    "\u201cThis is a {adj} shift,\u201d said {person}, {role} at {org}. \u201cThe question is "
    "whether anyone is ready for it.\u201d",
    "The report, published on {weekday}, argues that {np} deserves more attention from "
    "policymakers.",
    "Officials in {gov} declined to comment on {np}.",
    "Few expect {np} to change before the {year} election.",
    "In a statement, {agency} said it was reviewing {np} and would respond in {month}.",
    "The details matter: {np} touches on {np2}, and the two are rarely discussed together.",
    "Industry groups broadly welcomed the move but asked for more time to comply.",
    "Several lawmakers have called for hearings on {np}.",
    "It is not the first time {gov} has tried to reshape {np}.",
    "Internal documents seen by reporters suggest the debate over {np} was {adj}.",
    "{person} said the effect on {np2} was harder to judge.",
    "Data compiled by {org} show a {adj} rise in spending since {year}.",
    "Researchers interviewed for this article described the mood as {adj}.",
    "For now, {np} remains {adj}, and much depends on how it is implemented.",
    "The numbers are {adj}: {n} projects were affected in the first quarter alone.",
    "{univ} and {univ2} have both set up task forces to study {np}.",
    "Some of the changes were first proposed in {year} but stalled in committee.",
    "Observers in {city} noted that {np2} had barely featured in the announcement.",
    "A spokesperson for {firm} said the company complies with all applicable laws.",
)
EFFECTS = (
    "reshape the field for years",
    "have little effect in the short term",
    "raise costs for smaller firms",
    "push research activity offshore",
    "strengthen the hand of domestic suppliers",
    "slow down hiring",
    "complicate long-standing partnerships",
    "force universities to rethink their priorities",
    "be tested in court",
    "create uncertainty for investors",
)
ADJECTIVES = (
    "significant",
    "modest",
    "dramatic",
    "gradual",
    "sobering",
    "contentious",
    "unprecedented",
    "predictable",
    "uneven",
    "cautious",
    "fraught",
    "surprisingly calm",
)
CITIES = ("Shenzhen", "Hefei", "Hsinchu", "Eindhoven", "Boston", "Austin", "Bangalore", "Geneva")
MONTHS = ("January", "March", "April", "June", "September", "October", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
ORDINALS = ("second", "third", "fourth", "fifth")
SUBHEADS = (
    "What the rule covers",
    "Industry reaction",
    "A long road",
    "Who wins, who loses",
    "The view from {gov}",
    "What comes next",
    "Numbers behind the debate",
    "Unanswered questions",
    "Inside the negotiations",
    "A closer look at {np}",
)
TITLE_SUBJECTS = (
    "Commerce",
    "Beijing",
    "Washington",
    "The White House",
    "Brussels",
    "Tokyo",
    "The Netherlands",
    "Congress",
    "Senate panel",
    "NSF",
    "DOE",
    "Universities",
    "Chipmakers",
    "Lawmakers",
    "Researchers",
)
TITLE_VERBS = (
    ("tightens", "tighten"),
    ("weighs", "weigh"),
    ("unveils", "unveil"),
    ("eases", "ease"),
    ("expands", "expand"),
    ("questions", "question"),
    ("defends", "defend"),
    ("reviews", "review"),
    ("doubles down on", "double down on"),
    ("pushes back on", "push back on"),
    ("bets on", "bet on"),
    ("rethinks", "rethink"),
)
PLURAL_SUBJECTS = ("Universities", "Chipmakers", "Lawmakers", "Researchers")
TITLE_TAILS = (
    "",
    "",
    "",
    " amid rising tensions",
    " after months of review",
    " as deadline nears",
    ", report says",
    " in draft budget",
    " despite industry pushback",
    ": what it means for labs & universities",
    " \u2014 and why it matters",
)
COMMENTS = (
    "Great piece. The section on {np} is the clearest explanation I have read.",
    "This misses the bigger picture. {np} was always going to end this way.",
    "As a postdoc I can confirm the uncertainty is real; half my lab is looking elsewhere.",
    "Who is going to enforce any of this? The agency is already understaffed.",
    "I would like to see the underlying data before drawing conclusions.",
    "Same story every year. Announcements, then nothing changes.",
    "Interesting that nobody mentions {np2}.",
    "Thanks for covering this. Local coverage has been thin.",
)
NAV = (
    "Home",
    "News",
    "Policy",
    "Science",
    "Technology",
    "Semiconductors",
    "AI",
    "China",
    "Europe",
    "Asia",
    "Funding",
    "Careers",
    "Opinion",
    "Analysis",
    "Podcasts",
    "Events",
    "Newsletters",
    "Data",
    "Reports",
    "About",
    "Contact",
    "Subscribe",
    "Log in",
)
FOOTER = (
    "About us",
    "Our team",
    "Careers",
    "Advertise",
    "Contact",
    "Privacy policy",
    "Cookie settings",
    "Terms of use",
    "Accessibility",
    "Corrections",
    "RSS feeds",
    "Newsletters",
    "Sitemap",
    "Editorial standards",
    "Donate",
    "Press",
)
SHARE = ("Twitter", "Facebook", "LinkedIn", "Reddit", "Email", "Print", "Copy link")
STYLE = (
    "body{margin:0;font-family:Georgia,serif;color:#222}.site-header{display:flex;"
    "align-items:center;padding:12px 24px;border-bottom:1px solid #ddd}.nav a{margin:0 8px;"
    "color:#333;text-decoration:none}.ad{background:#f4f4f4;text-align:center;padding:8px;"
    "font:11px sans-serif;color:#999}.share-bar{display:flex;gap:6px;list-style:none}"
    ".cookie-banner{position:fixed;bottom:0;left:0;right:0;background:#111;color:#fff;"
    "padding:16px}.sidebar{width:300px;float:right}.comments{border-top:2px solid #000}"
    "footer{background:#222;color:#ccc;padding:32px}@media (max-width:720px){.sidebar"
    "{display:none}.nav{overflow-x:auto}}"
)
TRACKERS = (
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
    "gtag('js',new Date());gtag('config','G-BENCH{n}',{anonymize_ip:true,"
    "page_path:location.pathname});",
    "!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?"
    "n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;n.push=n;"
    "n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;t.src=v;"
    "s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,document,"
    "'script','https://connect.facebook.net/en_US/fbevents.js');fbq('init','{n}');"
    "fbq('track','PageView');",
    "var _sf_async_config=_sf_async_config||{};_sf_async_config.uid={n};"
    "_sf_async_config.domain='bench.invalid';_sf_async_config.useCanonical=true;"
    "(function(){function loadChartbeat(){var e=document.createElement('script');"
    "e.setAttribute('src','//static.chartbeat.com/js/chartbeat.js');"
    "document.body.appendChild(e)}window.addEventListener('load',loadChartbeat)})();",
    "(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),"
    "event:'gtm.js'});var f=d.getElementsByTagName(s)[0],j=d.createElement(s),"
    "dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src='https://www.googletagmanager.com/"
    "gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);})(window,document,'script',"
    "'dataLayer','GTM-{n}');",
)
LAYOUTS = ("wordpress", "newsroom", "thinktank", "journal")


# --- the model of one entry --------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    feed: int
    number: int
    title: str
    author: str
    published: datetime
    topics: tuple[str, ...]
    summary: str
    paragraphs: tuple[str, ...]
    subheads: dict[int, str]
    words: int

    @property
    def path(self) -> str:
        return f"/pages/{self.feed:03d}/{self.number:03d}.html"

    @property
    def url(self) -> str:
        return BASE_TOKEN + self.path

    @property
    def guid(self) -> str:
        return f"tag:scitui-bench.invalid,2026:{self.feed:03d}/{self.number:03d}"


class Writer:
    """Sentences, titles and pages from a seeded random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def fill(self, template: str, topic: str) -> str:
        rng = self.rng
        phrases = NOUN_PHRASES[topic]
        other = NOUN_PHRASES[rng.choice(TOPICS)]
        values = {
            "np": rng.choice(phrases),
            "np2": rng.choice(other),
            "person": f"{rng.choice(PEOPLE_FIRST)} {rng.choice(PEOPLE_LAST)}",
            "role": rng.choice(ROLES),
            "org": rng.choice(ORGS),
            "gov": rng.choice(GOVERNMENTS),
            "agency": rng.choice(AGENCIES),
            "firm": rng.choice(FIRMS),
            "lab": rng.choice(LABS),
            "univ": rng.choice(UNIVERSITIES),
            "univ2": rng.choice(UNIVERSITIES),
            "city": rng.choice(CITIES),
            "month": rng.choice(MONTHS),
            "weekday": rng.choice(WEEKDAYS),
            "nth": rng.choice(ORDINALS),
            "adj": rng.choice(ADJECTIVES),
            "effect": rng.choice(EFFECTS),
            "n": str(rng.choice((3, 7, 12, 18, 24, 40, 65, 120, 250, 1300))),
            "pct": str(rng.randint(4, 62)),
            "year": str(rng.randint(2019, 2028)),
        }
        sentence = template.format(**values)
        return sentence[0].upper() + sentence[1:]

    def sentence(self, topics: tuple[str, ...]) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.5:
            topic = topics[0]
        elif roll < 0.7 and len(topics) > 1:
            topic = rng.choice(topics[1:])
        else:
            return self.fill(rng.choice(GENERIC_SENTENCES), rng.choice(topics))
        return self.fill(rng.choice(TOPIC_SENTENCES[topic]), topic)

    def title(self, topics: tuple[str, ...]) -> str:
        rng = self.rng
        phrase = rng.choice(NOUN_PHRASES[topics[0]])
        subject = rng.choice(TITLE_SUBJECTS)
        singular, plural = rng.choice(TITLE_VERBS)
        verb = plural if subject in PLURAL_SUBJECTS else singular
        return f"{subject} {verb} {phrase}{rng.choice(TITLE_TAILS)}"

    def entry(self, feed: int, number: int, published: datetime) -> Entry:
        rng = self.rng
        roll = rng.random()
        if roll < 0.12:
            topics: tuple[str, ...] = (OFF_TOPIC,)
        else:
            count = 1 if roll < 0.55 else 2 if roll < 0.9 else 3
            topics = tuple(rng.sample(TOPICS, count))
        target = rng.randint(600, 1500)
        paragraphs: list[str] = []
        words = 0
        while words < target:
            sentences = [self.sentence(topics) for _ in range(rng.randint(2, 6))]
            paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        subheads: dict[int, str] = {}
        index = rng.randint(3, 5)
        while index < len(paragraphs) - 1:
            subheads[index] = self.fill(rng.choice(SUBHEADS), topics[0])
            index += rng.randint(3, 6)
        return Entry(
            feed=feed,
            number=number,
            title=self.title(topics),
            author=f"{rng.choice(PEOPLE_FIRST)} {rng.choice(PEOPLE_LAST)}",
            published=published,
            topics=topics,
            summary=". ".join(paragraphs[0].split(". ")[:2]).rstrip(".") + ".",
            paragraphs=tuple(paragraphs),
            subheads=subheads,
            words=words,
        )


# --- pages ----------------------------------------------------------------------------------


def _links(items: tuple[str, ...] | list[str], prefix: str) -> str:
    return "".join(
        f'<li><a href="{BASE_TOKEN}{prefix}{item.lower().replace(" ", "-")}/">{escape(item)}</a>'
        f"</li>"
        for item in items
    )


def page(entry: Entry, site: str, layout: str, rng: random.Random, related: list[str]) -> str:
    """The article page of one entry, in one of LAYOUTS."""
    title = escape(entry.title)
    stamp = entry.published.isoformat()
    date_text = entry.published.strftime("%d %B %Y")
    tracker_id = rng.randint(10_000_000, 99_999_999)
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": entry.title,
            "datePublished": stamp,
            "author": {"@type": "Person", "name": entry.author},
            "publisher": {"@type": "Organization", "name": site},
            "keywords": list(entry.topics),
        }
    )
    head = (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} | {escape(site)}</title>"
        f'<meta name="description" content="{escape(entry.summary)}">'
        f'<meta property="og:title" content="{title}">'
        f'<meta property="og:type" content="article">'
        f'<meta property="og:url" content="{entry.url}">'
        f'<meta name="twitter:card" content="summary_large_image">'
        f'<link rel="canonical" href="{entry.url}">'
        f'<link rel="stylesheet" href="{BASE_TOKEN}/static/site.css?v={tracker_id % 97}">'
        f"<style>{STYLE}</style>"
        f'<script type="application/ld+json">{ld}</script>'
        f"<script>{TRACKERS[0].replace('{n}', str(tracker_id))}</script>"
        f"</head>"
    )
    cookie = (
        '<div class="cookie-banner" id="cookie-consent" role="dialog"><p>We use cookies and '
        "similar technologies to personalise content and ads, to provide social media "
        "features and to analyse our traffic. We also share information about your use of "
        "our site with our social media, advertising and analytics partners, who may combine "
        "it with other information that you have provided to them or that they have collected "
        'from your use of their services.</p><button class="accept">Accept all</button>'
        '<button class="reject">Reject non-essential</button><a href="'
        f'{BASE_TOKEN}/cookies/">Manage preferences</a></div>'
    )
    nav_items = list(NAV)
    rng.shuffle(nav_items)
    header = (
        f'<header class="site-header"><a class="logo" href="{BASE_TOKEN}/">{escape(site)}</a>'
        f'<nav class="nav main-menu"><ul>{_links(nav_items, "/section/")}</ul></nav>'
        f'<form class="search" action="{BASE_TOKEN}/search"><input name="q" '
        'placeholder="Search"><button>Go</button></form></header>'
    )

    def ad(slot: str) -> str:
        return (
            f'<div class="ad ad-{slot}" data-ad-slot="{slot}-{tracker_id % 1000}">'
            f'<span class="ad-label">Advertisement</span><iframe src="{BASE_TOKEN}/ads/'
            f'{slot}.html" width="728" height="90" title="ad"></iframe></div>'
        )

    share = (
        '<ul class="share-bar" aria-label="Share">'
        + "".join(
            f'<li><a class="share share-{name.lower().replace(" ", "-")}" href="'
            f'{BASE_TOKEN}/share?to={name.lower()}&amp;u={entry.path}">{name}</a></li>'
            for name in SHARE
        )
        + "</ul>"
    )
    body: list[str] = []
    quote_at = rng.randrange(2, max(3, len(entry.paragraphs)))
    list_at = rng.randrange(3, max(4, len(entry.paragraphs))) if rng.random() < 0.5 else -1
    for index, paragraph in enumerate(entry.paragraphs):
        if index in entry.subheads:
            body.append(f"<h2>{escape(entry.subheads[index])}</h2>")
        if index == quote_at:
            body.append(f"<blockquote><p>{escape(paragraph)}</p></blockquote>")
        else:
            body.append(f"<p>{escape(paragraph)}</p>")
        if index == list_at:
            points = [escape(part.strip()) for part in paragraph.split(". ")[:4] if part]
            body.append("<ul>" + "".join(f"<li>{point}</li>" for point in points) + "</ul>")
        if index == 1:
            body.append(
                f'<figure><img src="{BASE_TOKEN}/media/{entry.feed:03d}-{entry.number:03d}.jpg"'
                f' alt="{escape(entry.title)}" width="1200" height="675"><figcaption>'
                f"File photo. ({escape(site)})</figcaption></figure>"
            )
        if index == 3:
            body.append(ad("inline"))
        if index == 5 and related:
            body.append(
                '<aside class="related-inline"><h4>Related</h4><ul>'
                + "".join(f'<li><a href="{url}">{escape(text)}</a></li>' for text, url in related)
                + "</ul></aside>"
            )
    topic_links = _links([topic.replace("-", " ") for topic in entry.topics], "/topic/")
    byline = (
        f'<div class="byline">By <a rel="author" href="{BASE_TOKEN}/authors/'
        f'{entry.author.lower().replace(" ", "-")}/">{escape(entry.author)}</a> \u00b7 '
        f'<time datetime="{stamp}">{date_text}</time></div>'
    )
    comments = "".join(
        f'<li class="comment"><div class="comment-meta"><span class="comment-author">'
        f"{rng.choice(PEOPLE_FIRST).lower()}{rng.randint(1, 999)}</span> "
        f"<time>{rng.randint(1, 23)} hours ago</time></div><p>"
        f"{escape(Writer(rng).fill(rng.choice(COMMENTS), entry.topics[0]))}</p>"
        f'<a class="reply" href="#reply">Reply</a> <span class="votes">{rng.randint(0, 80)}'
        f"</span></li>"
        for _ in range(rng.randint(3, 10))
    )
    comment_block = (
        f'<section class="comments" id="comments"><h3>Comments</h3><ol class="comment-list">'
        f'{comments}</ol><form class="comment-form"><textarea name="comment"></textarea>'
        f"<button>Post comment</button></form></section>"
    )
    most_read = "".join(
        f'<li><a href="{url}">{escape(text)}</a></li>' for text, url in related[:10]
    )
    sidebar = (
        f'<aside class="sidebar" id="sidebar"><div class="widget most-read"><h3>Most read</h3>'
        f'<ol>{most_read}</ol></div>{ad("sidebar")}<div class="widget newsletter"><h3>'
        "Get the briefing</h3><p>Science and technology policy, every weekday morning. Free, "
        'and you can unsubscribe at any time.</p><form><input type="email" name="email" '
        'placeholder="you@example.org"><button>Sign up</button></form></div><div class="'
        'widget events"><h3>Events</h3><ul><li>Webinar: the future of research security</li>'
        "<li>Roundtable: chips, allies and export controls</li><li>Launch: annual talent "
        "flows report</li></ul></div></aside>"
    )
    footer = (
        f'<footer class="site-footer"><div class="footer-links"><ul>'
        f'{_links(FOOTER, "/about/")}</ul></div><p class="legal">\u00a9 2026 '
        f"{escape(site)}. All rights reserved. Registered charity no. {tracker_id % 100000}. "
        "Views expressed are the authors' own. Material may not be reproduced without "
        "permission.</p></footer>"
    )
    trackers = "".join(
        f"<script>{code.replace('{n}', str(tracker_id))}</script>" for code in TRACKERS[1:]
    ) + (
        f'<noscript><img height="1" width="1" style="display:none" src="{BASE_TOKEN}/px?id='
        f'{tracker_id}" alt=""></noscript>'
    )
    article_body = "".join(body)
    headline = f"<h1>{title}</h1>"
    tags = f'<div class="tags"><span>Topics:</span><ul>{topic_links}</ul></div>'
    bio = (
        f'<div class="author-bio"><p>{escape(entry.author)} covers science policy for '
        f"{escape(site)}.</p></div>"
    )
    if layout == "wordpress":
        main = (
            f'<div id="page" class="site">{header}{ad("leaderboard")}<div id="content" '
            f'class="site-content"><main id="main" class="site-main"><article class="post '
            f'type-post"><header class="entry-header">{headline}{byline}</header>{share}'
            f'<div class="entry-content">{article_body}</div>{tags}{bio}</article>'
            f"{comment_block}</main>{sidebar}</div>{footer}</div>"
        )
    elif layout == "newsroom":
        main = (
            f'<div class="layout">{header}<div class="breadcrumbs"><a href="{BASE_TOKEN}/">'
            f'Home</a> / <a href="{BASE_TOKEN}/news/">News</a></div>{ad("leaderboard")}'
            f'<div id="story" class="story">{headline}<p class="standfirst">'
            f'{escape(entry.summary)}</p>{byline}{share}<div class="story-body" '
            f'itemprop="articleBody">{article_body}</div>{tags}</div>{sidebar}'
            f"{comment_block}{footer}</div>"
        )
    elif layout == "thinktank":
        main = (
            f'{header}<main role="main"><div class="container"><div class="row"><div '
            f'class="col-md-8"><div class="report-meta">{byline}<span class="type">Analysis'
            f'</span></div>{headline}{share}<section class="article__body">{article_body}'
            f'</section>{tags}{bio}</div><div class="col-md-4">{sidebar}</div></div></div>'
            f"{comment_block}</main>{footer}"
        )
    else:
        main = (
            f'{header}<div class="c-article">{ad("leaderboard")}<div class="c-article-header">'
            f'{headline}{byline}</div>{share}<div class="c-article-body"><div '
            f'class="main-content">{article_body}</div></div>{tags}</div>{sidebar}'
            f"{comment_block}{footer}"
        )
    return f"{head}<body>{cookie}{main}{trackers}</body></html>\n"


# --- feeds ----------------------------------------------------------------------------------


def _x(text: str) -> str:
    return escape(text, quote=False)


def feed_xml(number: int, kind: str, site: str, entries: list[Entry], full: bool) -> str:
    """Feed ``number`` as RSS 2.0, Atom or RDF; ``full`` adds the first paragraphs as content."""
    home = f"{BASE_TOKEN}/sites/{number:03d}/"
    self_url = f"{BASE_TOKEN}/feeds/{number:03d}.xml"
    updated = entries[0].published

    def description(entry: Entry) -> str:
        return _x(f"<p>{escape(entry.summary)}</p>")

    def content(entry: Entry) -> str:
        return "".join(f"<p>{escape(text)}</p>" for text in entry.paragraphs[:3])

    if kind == "rss":
        items = []
        for entry in entries:
            categories = "".join(f"<category>{topic}</category>" for topic in entry.topics)
            extra = f"<content:encoded><![CDATA[{content(entry)}]]></content:encoded>"
            items.append(
                f"<item><title>{_x(entry.title)}</title><link>{entry.url}</link>"
                f'<guid isPermaLink="false">{entry.guid}</guid>'
                f"<pubDate>{format_datetime(entry.published)}</pubDate>"
                f"<dc:creator>{_x(entry.author)}</dc:creator>{categories}"
                f"<description>{description(entry)}</description>"
                f"{extra if full else ''}</item>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f"<title>{_x(site)}</title><link>{home}</link>"
            f'<atom:link href="{self_url}" rel="self" type="application/rss+xml"/>'
            f"<description>{_x(site)}: science and technology policy</description>"
            f"<language>en</language><lastBuildDate>{format_datetime(updated)}</lastBuildDate>"
            f"<generator>scitui bench corpus</generator><ttl>60</ttl>"
            + "\n".join(items)
            + "</channel></rss>\n"
        )
    if kind == "atom":
        items = []
        for entry in entries:
            categories = "".join(f'<category term="{topic}"/>' for topic in entry.topics)
            body = f'<content type="html">{_x(content(entry))}</content>' if full else ""
            items.append(
                f"<entry><title>{_x(entry.title)}</title>"
                f'<link rel="alternate" type="text/html" href="{entry.url}"/>'
                f"<id>{entry.guid}</id><published>{entry.published.isoformat()}</published>"
                f"<updated>{entry.published.isoformat()}</updated>"
                f"<author><name>{_x(entry.author)}</name></author>{categories}"
                f'<summary type="html">{description(entry)}</summary>{body}</entry>'
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
            'xml:lang="en">'
            f"<title>{_x(site)}</title><subtitle>Science and technology policy</subtitle>"
            f'<link rel="alternate" type="text/html" href="{home}"/>'
            f'<link rel="self" type="application/atom+xml" href="{self_url}"/>'
            f"<id>tag:scitui-bench.invalid,2026:feed-{number:03d}</id>"
            f"<updated>{updated.isoformat()}</updated><generator>scitui bench corpus"
            "</generator>" + "\n".join(items) + "</feed>\n"
        )
    seq = "".join(f'<rdf:li rdf:resource="{entry.url}"/>' for entry in entries)
    items = [
        f'<item rdf:about="{entry.url}"><title>{_x(entry.title)}</title>'
        f"<link>{entry.url}</link><description>{description(entry)}</description>"
        f"<dc:date>{entry.published.isoformat()}</dc:date>"
        f"<dc:creator>{_x(entry.author)}</dc:creator>"
        + "".join(f"<dc:subject>{topic}</dc:subject>" for topic in entry.topics)
        + "</item>"
        for entry in entries
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="{self_url}"><title>{_x(site)}</title><link>{home}</link>'
        f"<description>{_x(site)}: science and technology policy</description>"
        f"<items><rdf:Seq>{seq}</rdf:Seq></items></channel>" + "\n".join(items) + "</rdf:RDF>\n"
    )


# --- the whole corpus ------------------------------------------------------------------------


def site_name(number: int) -> str:
    org = ORGS[(number - 1) % len(ORGS)].removeprefix("the ")
    section = ("Policy Watch", "Tech Brief", "Science Desk", "Analysis", "Insider", "Monitor")[
        (number - 1) // len(ORGS) % 6
    ]
    return f"{org[0].upper()}{org[1:]} {section} #{number}"


def generate(out: Path, feeds: int, entries: int, seed: int) -> dict[str, object]:
    """Write the corpus into ``out`` (which must be empty or absent); returns its manifest."""
    (out / "feeds").mkdir(parents=True, exist_ok=True)
    mtime = END.timestamp()
    formats = {"rss": 0, "atom": 0, "rdf": 0}
    page_bytes = feed_bytes = words = 0
    for number in range(1, feeds + 1):
        rng = random.Random(f"scitui-bench/{seed}/feed/{number}")
        kind = FORMATS[(number - 1) % len(FORMATS)]
        formats[kind] += 1
        site = site_name(number)
        layout = LAYOUTS[(number - 1) % len(LAYOUTS)]
        full = rng.random() < 0.25
        start = END - timedelta(hours=rng.randint(0, 72))
        moments = [start]
        for _ in range(entries - 1):
            moments.append(moments[-1] - timedelta(minutes=rng.randint(30, 3000)))
        made = [
            Writer(random.Random(f"scitui-bench/{seed}/entry/{number}/{index}")).entry(
                number, index, moment
            )
            for index, moment in enumerate(moments, start=1)
        ]
        folder = out / "pages" / f"{number:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        for entry in made:
            page_rng = random.Random(f"scitui-bench/{seed}/page/{number}/{entry.number}")
            others = [other for other in made if other is not entry]
            related = (
                [(other.title, other.url) for other in page_rng.sample(others, 10)]
                if (len(others) >= 10)
                else [(other.title, other.url) for other in others]
            )
            data = page(entry, site, layout, page_rng, related).encode()
            path = folder / f"{entry.number:03d}.html"
            path.write_bytes(data)
            os.utime(path, (mtime, mtime))
            page_bytes += len(data)
            words += entry.words
        data = feed_xml(number, kind, site, made, full).encode()
        path = out / "feeds" / f"{number:03d}.xml"
        path.write_bytes(data)
        os.utime(path, (mtime, mtime))
        feed_bytes += len(data)
    pages = feeds * entries
    return {
        "params": {"feeds": feeds, "entries": entries, "seed": seed},
        "generator": _digest(),
        "formats": formats,
        "pages": pages,
        "page_bytes": page_bytes,
        "mean_page_kb": round(page_bytes / 1024 / max(1, pages), 1),
        "mean_words": round(words / max(1, pages)),
        "feed_bytes": feed_bytes,
    }


def _digest() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def ensure_corpus(folder: Path, feeds: int, entries: int, seed: int) -> Path:
    """``folder`` holding this corpus, written unless it is there already (same parameters
    and same generator)."""
    manifest = folder / "corpus.json"
    try:
        stamp = json.loads(manifest.read_text())
        if stamp["params"] == {"feeds": feeds, "entries": entries, "seed": seed} and (
            stamp["generator"] == _digest()
        ):
            return folder
    except (OSError, ValueError, KeyError, TypeError):
        pass
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    print(f"writing corpus {folder} ({feeds} x {entries}) ...", file=sys.stderr, flush=True)
    stamp = generate(folder, feeds, entries, seed)
    manifest.write_text(json.dumps(stamp, indent=2) + "\n")
    print(
        f"  {stamp['pages']} pages, mean {stamp['mean_page_kb']} KB and {stamp['mean_words']} "
        f"words, in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="corpus.py", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, metavar="OUT_DIR")
    parser.add_argument("--feeds", type=int, default=100, help="feeds (100)")
    parser.add_argument("--entries", type=int, default=50, help="entries per feed (50)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("--force", action="store_true", help="replace OUT_DIR's contents")
    args = parser.parse_args(argv)
    if not 1 <= args.feeds <= 999 or not 1 <= args.entries <= 999:
        parser.error("--feeds and --entries must be between 1 and 999")
    out: Path = args.out
    if out.exists() and any(out.iterdir()):
        if not args.force:
            print(f"corpus.py: {out} is not empty (use --force)", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    started = time.perf_counter()
    manifest = generate(out, args.feeds, args.entries, args.seed)
    (out / "corpus.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(json.dumps(manifest, indent=2))
    print(f"seconds: {time.perf_counter() - started:.1f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
