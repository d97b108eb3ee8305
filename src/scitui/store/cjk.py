"""Chinese (CJK) search: the bigrams indexed beside the porter index, query phrases, snippets.

FTS5's unicode61 tokenizer keeps a run of Han characters as one token, so a word inside it is
never found. Each run is also indexed as its overlapping bigrams (a lone character as itself),
and a query's run becomes the phrase of its bigrams: contiguous, and a 2-character word is one.
"""

from __future__ import annotations

import re
import sqlite3

from scitui.text import CJK_RUN, run_bigrams, split_word

WORD = re.compile(r"\w+")
CJK_COLUMNS = "{title_cjk text_cjk}"
SNIPPET_BEFORE = 12
SNIPPET_AFTER = 28


def has_cjk(text: str) -> bool:
    return CJK_RUN.search(text) is not None


def cjk_bigrams(text: str | None) -> str:
    """The indexed form of ``text``: its CJK runs' bigrams, space-separated ('' without any).

    Latin pieces glued to a run (对HBM芯片) come too: unicode61 keeps them inside the run's token.
    """
    if not text or not has_cjk(text):
        return ""
    grams: list[str] = []
    for word in WORD.findall(text):
        for cjk, piece in split_word(word) if has_cjk(word) else ():
            grams.extend(run_bigrams(piece) if cjk else [piece])
    return " ".join(grams)


def run_phrase(run: str, prefix: bool = False) -> str:
    """A query's CJK run as an FTS5 phrase on the bigram columns.

    A lone character is matched as the start of a bigram (so 算 finds 算力).
    """
    if len(run) == 1:
        return f"{CJK_COLUMNS} : {run}*"
    del prefix  # a run already matches inside longer runs
    return f'{CJK_COLUMNS} : "{" ".join(run_bigrams(run))}"'


def plain_query(query: str) -> str:
    """Words as prefixes (as for English) and CJK runs as bigram phrases, all required."""
    terms: list[str] = []
    for word in query.replace('"', " ").split():
        for cjk, piece in split_word(word):
            piece = piece.strip("*") if cjk else piece
            if cjk:
                terms.append(run_phrase(piece))
            elif piece.strip("*"):
                terms.append(f'"{piece.rstrip("*")}"*')
    return " ".join(terms) or '""'


QUOTED = re.compile(r'"[^"]*"')


def syntax_query(query: str) -> str:
    """An FTS5 expression with its CJK runs rewritten as bigram phrases.

    A quoted phrase mixing CJK and other words becomes its parts, all required.
    """
    out: list[str] = []
    position = 0
    for found in QUOTED.finditer(query):
        out.append(_bare(query[position : found.start()]))
        out.append(_quoted(found.group()[1:-1]))
        position = found.end()
    out.append(_bare(query[position:]))
    return "".join(out)


def _bare(segment: str) -> str:
    # no parentheses: FTS5 refuses an implicit AND before "(", but takes a column filter
    return re.sub(
        CJK_RUN.pattern + r"\*?", lambda m: f" {run_phrase(m.group().rstrip('*'))} ", segment
    )


def _quoted(inner: str) -> str:
    if not has_cjk(inner):
        return f'"{inner}"'
    parts = [run_phrase(run) for run in CJK_RUN.findall(inner)]
    other = " ".join(CJK_RUN.sub(" ", inner).split())
    if other:
        parts.insert(0, f'"{other}"')
    return "(" + " AND ".join(parts) + ")"


def query_runs(query: str) -> list[str]:
    """The CJK runs of a query, longest first (what a snippet marks)."""
    return sorted(set(CJK_RUN.findall(query)), key=len, reverse=True)


def cjk_snippet(runs: list[str], title: str, text: str) -> str | None:
    """A readable snippet around the first of ``runs`` in the body (else the title), marked «»."""
    for source in (text, title):
        found = _first(runs, source)
        if found is None:
            continue
        start, end = found
        left = max(0, start - SNIPPET_BEFORE)
        right = min(len(source), end + SNIPPET_AFTER)
        window = source[left:right].replace("\n", " ")
        marked = re.sub(
            "|".join(re.escape(run) for run in runs), lambda m: f"«{m.group()}»", window
        )
        return ("…" if left else "") + marked + ("…" if right < len(source) else "")
    return None


def _first(runs: list[str], source: str) -> tuple[int, int] | None:
    spots = [(source.find(run), run) for run in runs if run in source]
    if not spots:
        return None
    start, run = min(spots)
    return start, start + len(run)


def register_functions(conn: sqlite3.Connection) -> None:
    """cjk_bigrams() for the search index's view and triggers: every connection that writes
    articles or reads snippets needs it."""
    conn.create_function("cjk_bigrams", 1, cjk_bigrams, deterministic=True)
