"""StoryActions: MainScreen's story keys: S (a row per story or per article), , and . (versions).

A base class of MainScreen (after NoteActions). In a story row the read state is every
version's: opening or marking the row reads (or unreads) them all. A version arriving in a
story read before leaves the row read, marked ◦ (new coverage), until it is read too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from scitui.errors import ScituiError
from scitui.tui.panes import STORY_KINDS, STORY_ROWS_KEY, FilterSource, list_filter
from scitui.tui.screens.notes import NoteActions

if TYPE_CHECKING:
    from scitui.library import ArticleFilter
    from scitui.models import Article, ArticleSummary
    from scitui.tui.panes import FirstPage, HitsSource, Pane


class StoryActions(NoteActions):
    """S toggles story rows; , and . show the open story's other versions in the reader."""

    story_rows = True
    """Whether All, Unread and topic panes list one row per story (S; remembered)."""

    if TYPE_CHECKING:  # MainScreen's
        source: FilterSource | HitsSource

        def switch_pane(self, key: str, *, first: FirstPage | None = None) -> None: ...

        def _remember(self, key: str, value: str) -> None: ...

        def counts_changed(self) -> None: ...

    def pane_filter(self, pane: Pane) -> ArticleFilter:
        """What the pane lists: by story when story rows are on and the pane is one of those."""
        return list_filter(pane, self.story_rows)

    @property
    def listing_stories(self) -> bool:
        """Whether the list shows one row per story."""
        return isinstance(self.source, FilterSource) and self.source.where.stories

    def action_story_rows(self) -> None:
        """Switch between one row per story and one per article, and remember it."""
        self.story_rows = not self.story_rows
        self._remember(STORY_ROWS_KEY, "1" if self.story_rows else "0")
        if self.current.kind in STORY_KINDS:
            kept = self.article_list.highlighted
            self.switch_pane(self.current.key)
            position = self.source.position(kept.id) if kept is not None else None
            if position is not None:
                self.article_list.move_to(position)
        self.counts_changed()  # the panes that list stories count them, the others articles
        self.notify("One row per story." if self.story_rows else "One row per article.", timeout=2)

    def story_row(self, summary: ArticleSummary) -> bool:
        """Whether a row stands for a story of several versions."""
        return self.listing_stories and summary.story_size > 1

    def read_opened(
        self, summary: ArticleSummary, article: Article, versions: list[ArticleSummary]
    ) -> list[ArticleSummary]:
        """Mark read what opening a row reads: the article, or every version of a story row.

        Returns the versions with their new read state.
        """
        if self.story_row(summary):
            ids = {version.id for version in versions if not version.read}
        else:
            ids = set() if article.read else {article.id}
        if ids:
            self.library.mark_read(sorted(ids))
            story_unread = 0 if self.story_row(summary) else summary.story_unread
            after = replace(summary, read=True, story_unread=story_unread)
            self._changed(after, summary)
        return [
            replace(version, read=True) if version.id in ids else version for version in versions
        ]

    def read_targets(self, summary: ArticleSummary) -> tuple[list[int], ArticleSummary]:
        """What u marks on a row (every version of a story row), and the row after."""
        read = not summary.read
        if not self.story_row(summary):
            return [summary.id], replace(summary, read=read)
        ids = [version.id for version in self.library.story_versions(summary.id)]
        return ids, replace(summary, read=read, story_unread=0 if read else summary.story_size)

    def action_next_version(self) -> None:
        self._step_version(1)

    def action_previous_version(self) -> None:
        self._step_version(-1)

    def _step_version(self, step: int) -> None:
        """Show the story's next (or previous) version in the reader, marking it read."""
        opened, versions = self.reader.article, self.reader.versions
        if opened is None or len(versions) < 2:
            self.notify("Open a story of several outlets first.", timeout=2)
            return
        ids = [version.id for version in versions]
        index = ids.index(opened.id) if opened.id in ids else 0
        target = versions[(index + step) % len(versions)]
        try:
            article = self.library.article(target.id)
            if not article.read:
                self.library.mark_read([article.id])
                article = replace(article, read=True)
                self._changed(replace(target, read=True), target)
        except ScituiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        versions = [replace(v, read=True) if v.id == target.id else v for v in versions]
        self.reader.show(article, searched=self._searched(), versions=versions)
        self.add_class("-reading")
        self.reader.focus()
        self._update_footer()
