"""Row sources: a changed row stays in its list, and tag panes keep paging from their index."""

from __future__ import annotations

from dataclasses import replace

from scitui.library import ArticleFilter
from scitui.tui.panes import FilterSource


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
