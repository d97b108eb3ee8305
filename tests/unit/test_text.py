"""Network text as shown: control characters and deceptive format characters are dropped."""

from __future__ import annotations

import pytest

from scitui.feeds import parse_feed
from scitui.text import clean_line, clean_text

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (f"invoice{RLO}fdp.exe", "invoicefdp.exe"),  # would show as "invoiceexe.pdf"
        (f"BIS {LRI}rule{PDI} update", "BIS rule update"),
        ("a\u200bhidden\u2060word\ufeff", "ahiddenword"),
        ("tag\U000e0041\U000e0042 smuggled", "tag smuggled"),
        ("\u200eLTR\u200f \u061cmarks", "LTR marks"),
        ("\u202a\u202b\u202dembeddings", "embeddings"),
        ("\ufff9annotated\ufffa\ufffb", "annotated"),
    ],
)
def test_deceptive_format_characters_are_dropped(raw: str, shown: str) -> None:
    assert clean_line(raw) == shown
    assert clean_text(raw) == shown


@pytest.mark.parametrize(
    "kept",
    [
        "family \U0001f468\u200d\U0001f469\u200d\U0001f467",  # ZWJ emoji sequence
        "می\u200cخواهم",  # Persian needs the zero-width non-joiner
        "مختبر وطني",  # right-to-left text itself is fine
        "科技部：加快实现高水平科技自立自强",
        "soft\u00adhyphen",
    ],
)
def test_text_scripts_need_is_kept(kept: str) -> None:
    assert clean_line(kept) == kept


def test_a_feed_title_with_a_right_to_left_override_is_stored_without_it() -> None:
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><guid>1</guid><title>Rule text{RLO}fdp.exe</title>"
        f"<author>x@y.test (An{LRI}a{PDI})</author></item></channel></rss>"
    ).encode()
    [entry] = parse_feed(feed, "https://feeds.test/rss").entries
    assert entry.title == "Rule textfdp.exe"
    assert RLO not in (entry.author or "") and LRI not in (entry.author or "")
