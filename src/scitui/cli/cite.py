"""``scitui cite``: articles as BibTeX, RIS or CSL-JSON citations (see :mod:`scitui.cite`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from scitui.cite import FORMATS, cite
from scitui.cli import main
from scitui.cli.common import ARTICLE_ID, _write_output, one_line
from scitui.cli.paths import open_library, paths_options
from scitui.library import NotFoundError
from scitui.models import Article
from scitui.runs import plural


@main.command("cite")
@paths_options
@click.argument("article_ids", type=ARTICLE_ID, nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=FORMATS[0],
    show_default=True,
    help="BibTeX (@online), RIS (NEWS) or CSL-JSON (article-newspaper).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to FILE instead of stdout.",
)
def cite_command(article_ids: tuple[int, ...], output_format: str, output: Path | None) -> None:
    """Cite articles: title, outlet, author, date, URL, date accessed, note, primary sources.

    The output imports into Zotero (File > Import); the primary sources become tags. An
    unknown id stops the command with exit status 2 and nothing written.
    """
    with open_library() as library:
        articles, missing = _articles(library.article, article_ids)
    if missing:
        ids = ", ".join(str(article_id) for article_id in missing)
        click.echo(f"scitui: no article with id {one_line(ids)}", err=True)
        sys.exit(2)
    text = cite(articles, output_format, date.today())
    _write_output(text, output, f"wrote {output} ({plural(len(articles), 'citation')})")


def _articles(
    read: Callable[[int], Article], article_ids: tuple[int, ...]
) -> tuple[list[Article], list[int]]:
    """The articles asked for, each once, in order; and the ids with no article."""
    articles: list[Article] = []
    missing: list[int] = []
    for article_id in dict.fromkeys(article_ids):
        try:
            articles.append(read(article_id))
        except NotFoundError:
            missing.append(article_id)
    return articles, missing
