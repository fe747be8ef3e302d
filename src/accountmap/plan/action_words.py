"""The plan's actions in words: each finding's sentence and the finding behind it, a plan
action (its findings merged) as one line, the one-voice check, and the previous review's
actions with their status."""

from __future__ import annotations

import datetime as dt

from ..i18n import MESSAGES, placeholders, term
from .action_types import (
    Action,
    Consolidate,
    LeftAction,
    OpenRenewal,
    PlannedAction,
    Refresh,
    RenewalAction,
    ThreadAction,
    WhiteSpaceAction,
)
from .blocks import ActionItem, ActionList, Cell, Paragraph, Section, Subheading
from .follow_up import as_action
from .words import Words, collisions

#: Actions shown in the report; the rest are counted below the list (all are in JSON).
MAX_ACTIONS = 10


#: The fields of actions that name a record (worded by name).
_NAMED = ("account", "product", "person", "via", "target", "contact", "owner", "new_unit",
          "company", "unit", "deal", "successor")
_MONEY = ("mrr", "value", "potential")


def _action_words(w: Words, a: Action) -> dict[str, object]:
    """The action's own fields, worded: names for ids, money, days, risk and role terms."""
    words: dict[str, object] = {}
    for k, x in a.values().items():
        if k in _NAMED and isinstance(x, str):
            words[k] = w.name(x)
        elif k in _MONEY and isinstance(x, int | float):
            words[k] = w.money(float(x))
        elif isinstance(x, dt.date) or (x is None and k in ("left_on", "last")):
            words[k] = w.day(x)
        elif k == "risks" and isinstance(x, list):
            words[k] = w.risks([str(r) for r in x], str(getattr(a, "account", "")))
        elif k == "role":
            words[k] = term("buying_role", str(x), w.lang)
        elif k in ("count", "product_line"):
            words[k] = x
    words.setdefault("owner", w.name(a.owner))  # the one who acts, unless the finding names one
    target = getattr(a, "target", None)
    if target in w.plan.places and "account" in words:  # the person where they work
        words["account"] = w.name(w.plan.places[target])
    return words


def action_text(w: Words, a: Action) -> str:
    """The action's sentence, its values named and formatted; the sentence by its type."""
    key = f"action.{a.kind}"
    if isinstance(a, Refresh) and a.last is None:
        key = "action.refresh_never"
    if isinstance(a, OpenRenewal) and a.risks:
        key = "action.open_renewal_risks"
    wanted = placeholders(MESSAGES[key][w.lang])
    return w.t(key, **{k: x for k, x in _action_words(w, a).items() if k in wanted})


def finding_text(w: Words, a: Action) -> str:
    """The finding behind an action, by the action's type."""
    if isinstance(a, RenewalAction):
        return w.t("finding.renewal", renewal=w.day(a.renewal), notice=w.day(a.notice))
    if isinstance(a, LeftAction):
        return w.t("finding.left", person=w.name(a.person),
                   role=term("buying_role", a.role, w.lang), left_on=w.day(a.left_on))
    if isinstance(a, ThreadAction):
        return w.t(f"finding.{a.finding}", mrr=w.money(a.mrr), pipeline=w.money(a.pipeline))
    if isinstance(a, WhiteSpaceAction):
        return w.t("finding.white_space", value=w.money(a.value))
    if isinstance(a, Consolidate):
        if a.dates:
            return w.t("finding.over_contacted", count=a.count, days=a.days,
                       dates=collisions(w, a.dates))
        return w.t("finding.over_contacted_plain", count=a.count, days=a.days)
    if isinstance(a, Refresh) and a.finding == "stale":
        return w.t("finding.stale", days=a.days)
    return w.t(f"finding.{a.finding}")


def planned_text(w: Words, a: PlannedAction) -> str:
    """The sentence of a plan action: its first finding's, or one line for an owner's
    relationships to refresh."""
    first = a.findings[0]
    if a.kind == "refresh" and len(a.findings) > 1 and isinstance(first, Refresh):
        return w.t("action.refresh_many", count=len(a.findings), person=w.name(first.person),
                   last=w.day(first.last) if first.last else w.t("map.detail.never"))
    return action_text(w, first)


def planned_findings(w: Words, a: PlannedAction) -> str:
    """The findings behind a plan action, each once; an owner's refresh line counts them."""
    if a.kind == "refresh" and len(a.findings) > 1:
        return w.t("finding.stale_many", count=len(a.findings))
    texts: list[str] = []
    for x in a.findings:
        text = finding_text(w, x)
        if text not in texts:
            texts.append(text)
    return ("" if w.lang == "ja" else " ").join(texts)  # sentences: no space between in ja


def _follow_up(w: Words, s: Section) -> None:
    """The previous review's actions and what became of them, before the new ones."""
    rows = []
    for item in w.plan.follow_up:
        first = (item.action.get("findings") or [item.action])[0]
        typed = as_action(first) if isinstance(first, dict) else None
        text = action_text(w, typed) if typed is not None else str(item.action.get("subject"))
        owner = item.action.get("owner")
        due = item.action.get("due")
        rows.append([Cell(text), Cell(w.name(str(owner)) if owner else "—"),
                     Cell(w.day(dt.date.fromisoformat(due)) if isinstance(due, str) else "—"),
                     Cell(w.t(f"followup.{item.status}"),
                          "ok" if item.status == "done" else
                          "risk" if item.status == "overdue" else "")])
    s.blocks.append(Subheading(w.t("plan.follow_up", count=len(rows))))
    s.blocks.append(w.table(["action", "owner", "due", "status"], rows))


def _items(w: Words, acts: list[PlannedAction], keyed: bool) -> list[ActionItem]:
    return [ActionItem(planned_text(w, a),
                       w.name(a.owner) if a.owner else w.t("action.no_lead"),
                       w.day(a.due) if a.due else "—", w.money(a.stake),
                       planned_findings(w, a),
                       f"{a.kind}:{a.owner or ''}:{a.subject}" if keyed else "")
            for a in acts]


def summary_actions(w: Words, count: int) -> ActionList | None:
    """The first actions, for page 1 (the list of the actions section carries their keys)."""
    if not w.plan.actions:
        return None
    return ActionList(_items(w, w.plan.actions[:count], keyed=False))


def actions_section(w: Words) -> Section:
    s = Section("actions", w.t("plan.s7"))
    if w.plan.follow_up:
        _follow_up(w, s)
        s.blocks.append(Subheading(w.t("plan.new_actions")))
    acts = w.plan.actions
    check = w.plan.one_voice
    if check is not None:
        s.blocks.append(Paragraph(
            w.t("plan.one_voice_ok", people=check.people) if check.passed else
            w.t("plan.one_voice_conflicts", people=w.names(sorted(check.conflicts)))))
    if not acts:
        s.blocks.append(Paragraph(w.t("plan.no_actions")))
        return s
    items = _items(w, acts[:MAX_ACTIONS], keyed=True)
    more = (w.t("plan.more_actions", count=len(acts) - MAX_ACTIONS)
            if len(acts) > MAX_ACTIONS else None)
    s.blocks.append(ActionList(items, more))
    return s
