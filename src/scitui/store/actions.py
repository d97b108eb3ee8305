"""What saved views' ``on_new`` rules did: the matches they act on and the record of why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scitui.models import ArticleSummary
from scitui.store.base import StoreBase
from scitui.store.reads import _query_errors as query_errors
from scitui.store.sql import (
    SUMMARY_COLUMNS,
    ArticleFilter,
    fts_query,
    moment,
    stamp,
    summary_from_row,
    utc_now,
    wrapped_errors,
)


@dataclass(frozen=True)
class RuleMatch:
    """An article a view selects, with what rules did to it before and the tags removed by hand."""

    article: ArticleSummary
    done: frozenset[str]
    """Actions a view's rule took on it already (any view): a rule never takes one twice."""
    removed_tags: frozenset[str]


@dataclass(frozen=True)
class RecordedAction:
    """One action a view's rule took on an article, and when."""

    view: str
    action: str
    at: datetime

    def as_json(self) -> dict[str, str]:
        return {"view": self.view, "action": self.action, "at": self.at.isoformat()}


def _rule_clauses(where: ArticleFilter, after_id: int) -> tuple[str, list[Any]]:
    """``where``'s conditions (as filter_sql reads them) checked row by row past ``after_id``."""
    clauses = ["a.id > ?"]
    params: list[Any] = [after_id]
    has_tag = "EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag IN ({}))"
    for tag in (*((where.tag,) if where.tag else ()), *where.all_tags):
        clauses.append(has_tag.format("?"))
        params.append(tag)
    if where.any_tags:
        clauses.append(has_tag.format(",".join("?" * len(where.any_tags))))
        params.extend(where.any_tags)
    if where.unread:
        clauses.append("a.read = 0")
    if where.starred:
        clauses.append("a.starred = 1")
    urls = (*((where.feed_url,) if where.feed_url else ()), *where.feed_urls)
    if urls:
        marks = ",".join("?" * len(urls))
        clauses.append(f"(f.url IN ({marks}) OR f.source_url IN ({marks}))")
        params.extend([*urls, *urls])
    if where.since is not None:
        clauses.append("a.sort_date >= ?")
        params.append(stamp(where.since))
    if where.match is not None:
        clauses.append(
            "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid > ?)"
        )
        params += [fts_query(where.match), after_id]
    return " AND ".join(clauses), params


class ActionQueries(StoreBase):
    """The articles a view's rules act on; applying actions and recording them."""

    def last_article_id(self) -> int:
        """The highest article id stored (0 when none): later ids are a fetch's new articles."""
        return int(self._rows("SELECT coalesce(max(id), 0) AS last FROM articles")[0]["last"])

    def rule_matches(self, where: ArticleFilter, after_id: int = 0) -> list[RuleMatch]:
        """The articles ``where`` selects with ids above ``after_id``, oldest first.

        The articles are read by id range ("NOT INDEXED": never by the unread or date index,
        which would walk every unread article), and tags, feeds and the full-text match are
        looked up for those rows only, so a fetch pays for its new articles, not for every
        article a view's tag or words select.
        """
        clauses, params = _rule_clauses(where, after_id)
        sql = (
            f"SELECT {SUMMARY_COLUMNS}, "
            "(SELECT group_concat(action, char(10)) FROM article_actions"
            " WHERE article_id = a.id) AS done, "
            "(SELECT group_concat(tag, ' ') FROM tag_removals"
            " WHERE article_id = a.id) AS removed "
            "FROM articles a NOT INDEXED JOIN feeds f ON f.id = a.feed_id "
            f"WHERE {clauses} ORDER BY a.id"
        )
        with wrapped_errors(self.path), query_errors(where.match or ""):
            rows = list(self.db.query(sql, params))
        return [
            RuleMatch(
                summary_from_row(row),
                frozenset((row["done"] or "").splitlines()),
                frozenset((row["removed"] or "").split()),
            )
            for row in rows
        ]

    def apply_actions(
        self, actions: Iterable[tuple[int, str, str]], now: datetime | None = None
    ) -> int:
        """Take (article id, view, action) actions and record each, in one transaction.

        ``tag:<name>`` adds the tag as the user's own (kept by retag and prune); ``notify``
        is only recorded. Returns how many were recorded.
        """
        when = stamp(now or utc_now())
        rows = list(actions)
        with self.transaction() as conn:
            for article_id, view, action in rows:
                if action == "star":
                    conn.execute("UPDATE articles SET starred = 1 WHERE id = ?", (article_id,))
                elif action == "mark-read":
                    conn.execute("UPDATE articles SET read = 1 WHERE id = ?", (article_id,))
                elif action.startswith("tag:"):
                    conn.execute(
                        "INSERT OR IGNORE INTO article_tags (article_id, tag, source) "
                        "VALUES (?, ?, 'manual')",
                        (article_id, action[4:]),
                    )
                conn.execute(
                    "INSERT OR IGNORE INTO article_actions (article_id, view, action, at) "
                    "VALUES (?, ?, ?, ?)",
                    (article_id, view, action, when),
                )
        return len(rows)

    def recorded_actions(self, article_id: int) -> list[RecordedAction]:
        """What views' rules did to an article, oldest first."""
        return [
            RecordedAction(row["view"], row["action"], moment(row["at"]) or utc_now())
            for row in self._rows(
                "SELECT view, action, at FROM article_actions WHERE article_id = ? "
                "ORDER BY at, view, action",
                (article_id,),
            )
        ]
