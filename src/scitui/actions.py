"""Rules that act: a view's ``on_new`` actions planned over the articles it selects.

Each action is taken at most once per article (whatever view took it first), only where it
changes something, and never on a tag the user removed: what the user undid stays undone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scitui.config import ViewSpec
from scitui.errors import QueryError
from scitui.models import ArticleSummary, iso

if TYPE_CHECKING:
    from scitui.store import ArticleFilter, Store
    from scitui.store.actions import RuleMatch

EXAMPLES = 3
"""Example titles a report keeps per view."""


@dataclass(frozen=True)
class Alert:
    """A new article a `notify` view selected."""

    view: ViewSpec
    article: ArticleSummary

    def as_json(self) -> dict[str, Any]:
        """The object a notify_command reads, one per line."""
        article = self.article
        return {
            "view": self.view.slug,
            "id": article.id,
            "title": article.title,
            "url": article.url,
            "feed": article.feed,
            "published": iso(article.published),
            "tags": list(article.tags),
        }


@dataclass
class ViewChange:
    """What one view's rules did (or would do): per action, how many, and example titles."""

    counts: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"actions": dict(self.counts), "examples": list(self.examples)}


@dataclass
class ActionPlan:
    """The actions to take, in view order, the alerts to send and a summary per view."""

    actions: list[tuple[int, str, str]] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    views: dict[str, ViewChange] = field(default_factory=dict)
    _taken: dict[int, set[str]] = field(default_factory=dict)

    def add(self, view: ViewSpec, matches: Iterable[RuleMatch], *, new: bool) -> None:
        """Plan ``view``'s actions on its matches; ``notify`` only for ``new`` articles."""
        change = self.views.setdefault(view.slug, ViewChange())
        for match in matches:
            taken = self._taken.setdefault(match.article.id, set())
            acted = False
            for action in view.on_new:
                if action == "notify" and not new:
                    continue
                if action in taken or not _changes(action, match):
                    continue
                taken.add(action)
                acted = True
                self.actions.append((match.article.id, view.slug, action))
                change.counts[action] = change.counts.get(action, 0) + 1
                if action == "notify":
                    self.alerts.append(Alert(view, match.article))
            if acted and len(change.examples) < EXAMPLES:
                change.examples.append(match.article.title)


def _changes(action: str, match: RuleMatch) -> bool:
    """Whether ``action`` would change the article, and no rule took it before."""
    if action in match.done:
        return False
    article = match.article
    if action == "star":
        return not article.starred
    if action == "mark-read":
        return not article.read
    if action.startswith("tag:"):
        tag = action[4:]
        return tag not in article.tags and tag not in match.removed_tags
    return action == "notify"


def describe(view: str, action: str) -> str:
    """How the reader and `show` say why: "starred by view bis-hbm"."""
    if action.startswith("tag:"):
        return f"tagged {action[4:]} by view {view}"
    verbs = {"star": "starred", "mark-read": "marked read", "notify": "announced"}
    return f"{verbs.get(action, action)} by view {view}"


@dataclass(frozen=True)
class AlertReport:
    """A fetch's alerts (the new articles of `notify` views) and what went wrong sending them."""

    alerts: tuple[Alert, ...] = ()
    problems: tuple[str, ...] = ()

    def per_view(self) -> list[tuple[ViewSpec, int]]:
        """Each view with new matches and how many, in the order they came."""
        counts: dict[str, tuple[ViewSpec, int]] = {}
        for alert in self.alerts:
            view, count = counts.get(alert.view.slug, (alert.view, 0))
            counts[alert.view.slug] = (view, count + 1)
        return list(counts.values())

    def headline(self) -> str:
        """ "3 new in BIS on HBM; 1 new in Talent" """
        return "; ".join(f"{count} new in {view.title}" for view, count in self.per_view())


def plan_views(
    store: Store,
    views: Iterable[ViewSpec],
    filter_of: Callable[[ViewSpec], ArticleFilter],
    after_id: int = 0,
    *,
    new: bool,
) -> tuple[ActionPlan, list[str]]:
    """Plan the actions of ``views`` on their articles with ids above ``after_id``.

    One query per view. A view whose query the index cannot parse is skipped and named in
    the problems returned, so one bad view never stops a fetch.
    """
    plan = ActionPlan()
    problems: list[str] = []
    for view in views:
        if not view.on_new:
            continue
        try:
            matches = store.rule_matches(filter_of(view), after_id)
        except QueryError as exc:
            problems.append(f"view {view.slug}: {exc}")
            continue
        plan.add(view, matches, new=new)
    return plan, problems
