"""Row sources: a changed row stays in its list, and tag panes keep paging from their index."""

from __future__ import annotations

from dataclasses import replace

from scitui.library import ArticleFilter
from scitui.tui.panes import FilterSource, FirstPageReader


def test_a_row_that_leaves_its_list_is_kept_and_one_that_stays_costs_nothing(library):
    tagged = library.articles(ArticleFilter(tag="ai-chips"), limit=1)[0]
    tag_pane = FilterSource(library, ArticleFilter(tag="ai-chips"))
    tag_pane.changed(replace(tagged, read=True, starred=True))
    assert tag_pane.where.also_ids == frozenset()  # still in the pane: index paging stays

    tag_pane.changed(replace(tagged, tags=()))
    assert tag_pane.where.also_ids == {tagged.id}

    unread_pane = FilterSource(library, ArticleFilter(unread=True))
    unread_pane.changed(replace(tagged, read=True))
    assert unread_pane.where.also_ids == {tagged.id}
    library.mark_read([tagged.id])
    assert tagged.id in {row.id for row in unread_pane.rows(0, 100)}


def test_a_page_read_ahead_is_used_once_then_the_store_is_asked_again(library):
    reader = FirstPageReader(library, limit=5)
    first = reader.result()
    assert first is not None
    assert first.where == ArticleFilter(stories=True)  # story rows unless S turned them off
    assert (first.total, [row.id for row in first.rows]) == (
        library.count(first.where),
        [row.id for row in library.articles(first.where, limit=5)],
    )
    assert FilterSource(library, ArticleFilter(), first).count() == library.count()  # not its
    source = FilterSource(library, first.where, replace(first, total=999))
    assert source.count() == 999  # what was read ahead, not a new count
    assert source.rows(0, 5) == first.rows
    library.mark_read([first.rows[0].id])
    assert source.rows(0, 5)[0].read  # read again: the page is used once
    assert source.count() == library.count(first.where)
