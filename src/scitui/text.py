"""Small text helpers shared by the core: stripping control and deceptive format characters."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
    # format characters that reorder or hide text on screen: bidirectional embeddings,
    # overrides, isolates and marks; zero-width space, word joiner and invisible operators;
    # byte-order mark; interlinear annotations; tag characters
    "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f]"
)


def clean_text(value: str | None) -> str:
    """Drop control characters, lone surrogates and the format characters that deceive.

    C0 (except tab and newline), DEL and C1 controls go, and so do lone surrogates (from a
    feed's ``&#xD800;``: nothing could encode them). So do the invisible characters that can
    reorder or hide text on a terminal (a right-to-left override makes ``exe.pdf`` of
    ``fdp.exe``); the joiners that scripts and emoji need (U+200C, U+200D) stay.
    """
    if not value:
        return ""
    return _CONTROL.sub("", value)


def clean_line(value: str | None) -> str:
    """A one-line field (title, author): controls dropped, whitespace collapsed."""
    return " ".join(clean_text(value).split())


_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""C0 controls, DEL and C1 controls: never in a URL scitui opens or links."""


def http_url(url: str | None) -> str | None:
    """The URL if it is an http(s) URL with a host and no control characters, else None.

    The one check before a URL from a feed is opened, linked or written out.
    """
    if not url:
        return None
    url = url.strip()
    if _URL_CONTROL.search(url) is not None:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


CJK_RUN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+"
)
"""Han ideographs (with extensions and compatibility forms) and kana: scripts written unspaced
(and what FTS5's unicode61 tokenizer keeps as one token)."""
_WORD = re.compile(r"\w+")


def split_word(word: str) -> list[tuple[bool, str]]:
    """``word`` cut into (is_cjk, piece) pieces, in order."""
    pieces: list[tuple[bool, str]] = []
    position = 0
    for found in CJK_RUN.finditer(word):
        if found.start() > position:
            pieces.append((False, word[position : found.start()]))
        pieces.append((True, found.group()))
        position = found.end()
    if position < len(word):
        pieces.append((False, word[position:]))
    return pieces


def run_bigrams(run: str) -> list[str]:
    """A CJK run's overlapping bigrams; a 1-character run is itself."""
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def word_tokens(text: str) -> list[str]:
    """Lowercase words of ``text``, each CJK run as its overlapping character bigrams.

    Chinese is written without spaces, so a run's bigrams stand in for its words (a lone
    character is itself); letters or digits glued to a run are words of their own.
    """
    tokens: list[str] = []
    for word in _WORD.findall(text.lower()):
        for cjk, piece in split_word(word):
            tokens.extend(run_bigrams(piece) if cjk else [piece])
    return tokens
