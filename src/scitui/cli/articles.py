"""Reading and marking articles: `list`, `show`, `search`, `tags`, `tag`/`untag`,
`read`/`unread`, `star`/`unstar` and `note`.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from scitui.cli import main
from scitui.cli.common import ARTICLE_ID, LIMIT, _print_json, _tag, _terminal, json_option, one_line
from scitui.cli.paths import is_demo, open_library, paths_options
from scitui.errors import ScituiError
from scitui.library import Library
from scitui.models import ArticleSummary
from scitui.runs import plural
from scitui.store import ArticleFilter
from scitui.text import clean_text


@main.command(name="list")
@paths_options
@click.option("--tag", "-t", callback=_tag, help="Only articles with this tag.")
@click.option("--unread", is_flag=True, help="Only unread articles.")
@click.option("--starred", is_flag=True, help="Only starred articles.")
@click.option("--feed", "feed_url", metavar="URL", help="Only articles of this feed.")
@click.option("--view", "view_slug", metavar="SLUG", help="The articles of a saved view.")
@click.option("--limit", "-n", type=LIMIT, default=50, show_default=True)
@json_option
def list_(
    tag: str | None,
    unread: bool,
    starred: bool,
    feed_url: str | None,
    view_slug: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """List articles, newest first (a view sorted by relevance: best match first).

    Piped, one tab-separated line per article: id, flags (N unread, * starred, - neither),
    date, feed, tags, title, url.
    """
    if view_slug is not None and (tag or feed_url):
        raise click.UsageError("--view cannot be combined with --tag or --feed")
    where = ArticleFilter(tag, unread, starred, feed_url)
    with open_library() as library:
        if view_slug is not None:
            articles = _view_articles(library, view_slug, unread, starred, limit)
            empty = None if articles or as_json else "no articles in this view"
        else:
            articles = library.articles(where, limit)
            empty = None if articles or as_json else _nothing_listed(library, where)
        sizes = library.story_sizes(article.id for article in articles) if as_json else {}
    if as_json:
        _print_json([_with_story(article.as_json(), sizes) for article in articles])
    elif empty:
        click.echo(f"scitui: {empty}", err=True)
    elif _terminal():
        from scitui.cli.output import print_articles

        print_articles(articles)
    else:
        from scitui.cli.rows import write_articles

        write_articles(sys.stdout, articles)


def _view_articles(
    library: Library, slug: str, unread: bool, starred: bool, limit: int
) -> list[ArticleSummary]:
    """A view's articles (narrowed by --unread, --starred); an unknown view exits with 2."""
    from dataclasses import replace

    from scitui.library import NotFoundError

    try:
        view = library.view(slug)
    except NotFoundError as exc:
        click.echo(f"scitui: {one_line(str(exc))}", err=True)
        sys.exit(2)
    view = replace(view, unread=view.unread or unread, starred=view.starred or starred)
    return library.view_articles(view, limit)


def _with_story(item: dict[str, Any], sizes: dict[int, tuple[int, int]]) -> dict[str, Any]:
    """An article's JSON with its story: ``story_id`` and ``story_size`` (1: its own)."""
    story_id, size = sizes.get(item["id"], (item["id"], 1))
    return {**item, "story_id": story_id, "story_size": size}


def _nothing_listed(library: Library, where: ArticleFilter) -> str:
    """Why a list is empty, from its filter; the fetch hint only when the cache is empty."""
    if library.totals().total == 0:
        return _empty_cache_hint()
    kinds = " ".join(
        kind for kind, on in (("unread", where.unread), ("starred", where.starred)) if on
    )
    text = f"no {kinds + ' ' if kinds else ''}articles"
    if where.tag:
        text += f" tagged {where.tag}"
    if where.feed_url:
        text += f" from {one_line(where.feed_url)}"
    return text


def _empty_cache_hint() -> str:
    if is_demo():
        return "the demo database is empty: load it with `scitui demo`"
    return "no articles yet: run `scitui fetch` (or `scitui demo` for a sample)"


@main.command()
@paths_options
@click.argument("article_id", type=ARTICLE_ID)
@json_option
def show(article_id: int, as_json: bool) -> None:
    """Show one article: header and cleaned text."""
    with open_library() as library:
        article = library.article(article_id)
        actions = library.article_actions(article_id)
    if as_json:
        _print_json({**article.as_json(), "actions": [action.as_json() for action in actions]})
    else:
        from scitui.cli.output import print_article

        print_article(article, actions)


@main.command()
@paths_options
@click.argument("query", nargs=-1, required=True)
@click.option("--tag", "-t", callback=_tag, help="Only articles with this tag.")
@click.option("--limit", "-n", type=LIMIT, default=20, show_default=True)
@json_option
def search(query: tuple[str, ...], tag: str | None, limit: int, as_json: bool) -> None:
    """Full-text search of titles and bodies (words match as prefixes).

    Piped, one tab-separated line per hit: the columns of `list`, then the snippet.
    """
    words = " ".join(query)
    with open_library() as library:
        hits = library.search(words, tag, limit)
        empty = None if hits or as_json else _no_matches(library, words, tag)
    if as_json:
        _print_json([hit.as_json() for hit in hits])
    elif _terminal():
        from scitui.cli.output import print_hits

        print_hits(hits)
    else:
        from scitui.cli.rows import write_hits

        write_hits(sys.stdout, hits)
    if empty:
        click.echo(f"scitui: {empty}", err=True)


def _no_matches(library: Library, words: str, tag: str | None) -> str:
    if library.totals().total == 0:
        return _empty_cache_hint()
    return f"no matches for {one_line(words)}" + (f" tagged {tag}" if tag else "")


@main.command()
@paths_options
@json_option
def tags(as_json: bool) -> None:
    """Topics and tags with their total and unread counts.

    Piped, one tab-separated line per tag: tag, kind (topic or tag), unread, total, title.
    """
    with open_library() as library:
        counts = library.tags()
    if as_json:
        _print_json([count.as_json() for count in counts])
    elif _terminal():
        from scitui.cli.output import print_tags

        print_tags(counts)
    else:
        from scitui.cli.rows import write_tags

        write_tags(sys.stdout, counts)
    if not counts and not as_json:
        click.echo("scitui: no topics configured and no tags stored", err=True)


def _tag_command(name: str, add: bool) -> None:
    @main.command(
        name=name,
        help=(
            "Add manual tags to an article."
            if add
            else "Remove tags from an article (they stay removed)."
        ),
    )
    @paths_options
    @click.argument("article_id", type=ARTICLE_ID)
    @click.argument("tag_names", nargs=-1, required=True)
    def command(article_id: int, tag_names: tuple[str, ...]) -> None:
        with open_library() as library:
            changed = (library.tag if add else library.untag)(article_id, tag_names)
        verb = "tagged" if add else "untagged"
        click.echo(f"{verb} {article_id}: {' '.join(changed)}", err=True)


def _flag_command(name: str, flag: str, value: bool, help_text: str) -> None:
    @main.command(name=name, help=help_text)
    @paths_options
    @click.argument("article_ids", type=ARTICLE_ID, nargs=-1, required=True)
    def command(article_ids: tuple[int, ...]) -> None:
        with open_library() as library:
            (library.mark_read if flag == "read" else library.star)(article_ids, value)
        click.echo(f"{name}: {plural(len(set(article_ids)), 'article')}", err=True)


_tag_command("tag", add=True)
_tag_command("untag", add=False)
_flag_command("read", "read", True, "Mark articles read.")
_flag_command("unread", "read", False, "Mark articles unread.")
_flag_command("star", "starred", True, "Star articles.")
_flag_command("unstar", "starred", False, "Remove the star from articles.")


@main.command()
@paths_options
@click.argument("article_id", type=ARTICLE_ID)
@click.argument("text", nargs=-1)
@click.option("--clear", is_flag=True, help="Remove the article's note.")
@json_option
def note(article_id: int, text: tuple[str, ...], clear: bool, as_json: bool) -> None:
    """Print, set or clear your note on an article.

    With no TEXT, prints the note (exit status 1 if there is none); with TEXT (or - to read
    it from standard input) sets it, replacing the one there; empty text clears it, as
    --clear does.
    """
    if clear and text:
        raise click.UsageError("give either TEXT or --clear, not both")
    if text == ("-",):
        text = (sys.stdin.read(),)
    with open_library() as library:
        if clear:
            had = library.clear_note(article_id)
            click.echo(f"{'cleared the' if had else 'there was no'} note on {article_id}", err=True)
        elif text:
            stored = library.set_note(article_id, " ".join(text))
            click.echo(f"{'noted' if stored else 'cleared the note on'} {article_id}", err=True)
        else:
            _print_note(article_id, library.note(article_id), as_json)


def _print_note(article_id: int, text: str | None, as_json: bool) -> None:
    if as_json:
        _print_json({"id": article_id, "note": text})
    elif text is None:
        raise ScituiError(f"article {article_id} has no note")
    else:
        click.echo(clean_text(text))
