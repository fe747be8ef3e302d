"""The plan in words: ``Plan`` (data) -> ``Document`` (headings, sentences, tables) in one
language, from the message catalogue. Markdown and HTML print the same document, so the two
never say different things.

People are named by name everywhere; an id is added in brackets only where two records of the
book share that name. Amounts use the group's currency, dates the chosen style.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..analysis.renewals import Renewal
from ..analysis.revenue import exact_ratios
from ..i18n import DateStyle, Lang, money, percent, term
from .action_words import actions_section, summary_actions
from .blocks import (
    CODE,
    Cell,
    Document,
    Items,
    MapSlot,
    Paragraph,
    Section,
    Subheading,
    Table,
)
from .model import BUYING_ROLES, OUR_ROLES, Plan
from .words import Words, collisions, num


def build_document(plan: Plan, lang: Lang, style: DateStyle = "long") -> Document:
    w = Words(plan, lang, style)
    subtitle_values = {"as_of": w.day(plan.as_of), "since": w.day(plan.since)}
    subtitle = (w.t("plan.subtitle", currency=plan.currency, **subtitle_values)
                if plan.currency else w.t("plan.subtitle_plain", **subtitle_values))
    sections = [_summary(w), _glance(w), _renewals(w), _coverage(w), _risks(w),
                _white_space(w), _changes(w), actions_section(w), _map(w)]
    labels = {k: w.t(f"plan.{k}") for k in ("contents", "print")}
    labels.update({k: w.t(f"plan.col.{k}") for k in ("owner", "due", "at_stake", "finding")})
    names = sorted({w.name(n) for n in plan.names if n in plan.places or n in
                    plan.companies_of or plan.names[n] != n}, key=lambda x: (-len(x), x))
    return Document(lang, w.t("plan.title", group=plan.group_name), subtitle, sections, labels,
                    [n for n in names if len(n) > 1])


#: The rows a long table shows on paper (the screen, Markdown and JSON have them all).
PRINT_ROWS = 6
#: The first page: how many of the renewals due and of the top actions it shows.
SUMMARY_RENEWALS, SUMMARY_ACTIONS = 5, 5


def _summary(w: Words) -> Section:
    """Page 1: where the group stands, the renewals whose notice comes first, the top actions
    (the full sections follow)."""
    p = w.plan
    s = Section("summary", w.t("plan.s0"))
    s.blocks.append(_target_sentence(w))
    due = sorted((r for r in p.renewals if r.notice_date >= p.as_of),
                 key=lambda r: (r.notice_date, -r.mrr, r.account))[:SUMMARY_RENEWALS]
    if due:
        s.blocks.append(Subheading(w.t("plan.renewals_due")))
        s.blocks.append(w.table(
            ["notice", "renewal", "account", "product", "mrr", "owner"],
            [[Cell(w.day(r.notice_date)), Cell(w.day(r.renewal)), Cell(w.name(r.account)),
              Cell(w.name(r.product)), num(_contract_money(w, r)),
              Cell(w.name(r.renewal_owner), "" if r.renewal_owner else "gap")] for r in due],
            numeric=("mrr",)))
    top = summary_actions(w, SUMMARY_ACTIONS)
    if top is not None:
        s.blocks.append(Subheading(w.t("plan.top_actions")))
        s.blocks.append(top)
    return s


def _target_sentence(w: Words) -> Paragraph:
    g = w.plan.glance
    if g.target_mrr is None or g.gap_to_target is None:
        return Paragraph(w.t("plan.mrr_no_target", mrr=w.money(g.mrr)))
    if g.gap_to_target > 0:
        return Paragraph(w.t("plan.mrr_vs_target_short", mrr=w.money(g.mrr),
                             target=w.money(g.target_mrr), gap=w.money(g.gap_to_target)))
    return Paragraph(w.t("plan.mrr_vs_target_met", mrr=w.money(g.mrr),
                         target=w.money(g.target_mrr), excess=w.money(-g.gap_to_target)))


def _glance(w: Words) -> Section:
    p, g = w.plan, w.plan.glance
    s = Section("glance", w.t("plan.s1"))
    s.blocks.append(Subheading(w.t("plan.entities")))
    s.blocks.append(w.table(
        ["entity", "ownership", "country", "mrr", "potential"],
        [[Cell("\u3000" * e.depth + ("└ " if e.depth else "") + w.name(e.id)),
          num(percent(e.ownership / 100, w.lang) if e.ownership is not None
               else ("—" if e.depth == 0 else w.t("value.unknown"))),
          Cell(e.country or w.t("value.unknown")), num(w.money(e.mrr)),
          num(w.money(e.potential_mrr))] for e in g.entities],
        numeric=("ownership", "mrr", "potential")))
    s.blocks.append(Subheading(w.t("plan.by_line")))
    s.blocks.append(w.table(
        ["line", "products", "mrr"],
        [[Cell(line.line or w.t("plan.no_line")), Cell(w.names(line.products)),
          num(w.money(line.mrr))] for line in g.by_line], numeric=("mrr",)))
    r = g.revenue
    s.blocks.append(Subheading(w.t("plan.movements", since=w.day(p.since))))
    measures = [("plan.m.start", r.start_mrr, {"day": w.day(p.since)}),
                ("plan.m.new_entity", r.new_entity_mrr, {}),
                ("plan.m.cross_sell", r.cross_sell_mrr, {}),
                ("plan.m.expansion", r.expansion_mrr, {}),
                ("plan.m.contraction", -r.contraction_mrr, {}),
                ("plan.m.product_churn", -r.product_churn_mrr, {}),
                ("plan.m.churned", -r.churned_mrr, {}),
                ("plan.m.end", r.end_mrr, {"day": w.day(p.as_of)})]
    if r.acquired_mrr or r.divested_mrr:  # M&A, shown only when the period had some
        measures[2:2] = [("plan.m.acquired", r.acquired_mrr, {})]
        measures[-1:-1] = [("plan.m.divested", -r.divested_mrr, {})]
    rows = [[Cell(w.t(k, **v)), num(w.money(amount))] for k, amount, v in measures]
    nrr, grr = exact_ratios(r)
    rows += [[Cell(w.t("plan.m.nrr")), num(percent(nrr, w.lang))],
             [Cell(w.t("plan.m.grr")), num(percent(grr, w.lang))]]
    s.blocks.append(w.table(["measure", "amount"], rows, numeric=("amount",)))
    moved = [c for c in r.companies if c.movement not in ("flat", "none")]
    if moved:
        s.blocks.append(w.table(
            ["entity", "movement", "start_mrr", "end_mrr"],
            [[Cell(w.name(c.id)), Cell(term("movement", c.movement, w.lang),
                                       "risk" if c.movement in ("churned", "contraction")
                                       else "ok"),
              num(w.money(c.start_mrr)), num(w.money(c.end_mrr))] for c in moved],
            numeric=("start_mrr", "end_mrr")))
    s.blocks.append(Subheading(w.t("plan.pipeline")))
    s.blocks.append(w.table(
        ["kind", "count", "contract_value", "added_mrr", "weighted_mrr"],
        [[Cell(w.t(f"plan.pipe.{x.kind}")), num(str(x.count)), num(w.money(x.amount)),
          num(w.money(x.mrr)), num(w.money(x.weighted_mrr))] for x in g.pipeline],
        numeric=("count", "contract_value", "added_mrr", "weighted_mrr")))
    in_period = g.new_money_in_period_mrr
    if g.gap_to_target is not None:
        if g.gap_to_target <= 0:
            s.blocks.append(Paragraph(w.t("plan.gap_closed", mrr=w.money(in_period))))
        elif g.new_money_covers_gap:
            s.blocks.append(Paragraph(w.t("plan.covers_gap", mrr=w.money(in_period),
                                          gap=w.money(g.gap_to_target))))
        else:
            s.blocks.append(Paragraph(w.t(
                "plan.short_of_gap", mrr=w.money(in_period), gap=w.money(g.gap_to_target),
                rest=w.money(g.gap_to_target - in_period))))
    if g.unweighted:
        s.blocks.append(Paragraph(w.t("plan.unweighted", count=len(g.unweighted),
                                      deals=", ".join(g.unweighted))))
    unknown = sum(x.without_mrr for x in g.pipeline)
    if unknown:
        s.blocks.append(Paragraph(w.t("plan.mrr_unknown_deals", count=unknown)))
    return s


def _risk_cell(w: Words, risks: Sequence[str], account: str | None = None) -> Cell:
    return Cell(w.risks(risks, account), "risk" if risks else "ok")


def _renewals(w: Words) -> Section:
    p = w.plan
    s = Section("renewals", w.t("plan.s2", days=p.renewals_within))
    if not p.renewals:
        s.blocks.append(Paragraph(w.t("plan.no_renewals", days=p.renewals_within)))
        return s
    s.blocks.append(w.table(
        ["renewal", "notice", "status", "account", "product", "mrr", "owner", "risks"],
        [[Cell(w.day(r.renewal)),
          Cell(w.day(r.notice_date), "risk" if r.notice_date < p.as_of else ""),
          Cell(term("renewal_status", r.status, w.lang),
               "risk" if r.status in ("lapsing", "churn_notified") else ""),
          Cell(w.name(r.account)), Cell(w.name(r.product)), num(_contract_money(w, r)),
          Cell(w.name(r.renewal_owner), "" if r.renewal_owner else "gap"),
          _risk_cell(w, r.risks, r.account)] for r in p.renewals],
        numeric=("mrr",), print_rows=2 * PRINT_ROWS))
    f = p.forecast
    s.blocks.append(Paragraph(w.t("plan.forecast", secured=w.money(f.secured_mrr),
                                  at_risk=w.money(f.at_risk_mrr),
                                  churn=w.money(f.notified_churn_mrr))))
    return s


def _contract_money(w: Words, r: Renewal) -> str:
    """A renewal's MRR in the group's currency, with the contract's own amount when it is
    in another currency."""
    amount = w.money(r.mrr_group_currency)
    if r.currency is not None and r.currency != w.plan.currency:
        return f"{amount} ({money(r.mrr, r.currency, w.lang)})"
    return amount


def _coverage(w: Words) -> Section:
    c = w.plan.coverage
    s = Section("coverage", w.t("plan.s3"))
    s.blocks.append(Subheading(w.t("plan.grid")))
    columns = [w.t("plan.col.account"), w.t("plan.col.mrr"), w.t("plan.col.potential")]
    columns += [term("buying_role", r, w.lang) for r in BUYING_ROLES]
    columns += [term("owner_role", r, w.lang) for r in OUR_ROLES]
    held, gap = w.t("mark.held"), w.t("mark.gap")
    rows = []
    for g in c.grid:
        if not g.expected:  # nothing is needed there: a blank row (it stays in the JSON)
            continue
        row = [Cell(w.name(g.id)), num(w.money(g.mrr)), num(w.money(g.potential_mrr))]
        row += [Cell("") if r not in g.expected else Cell(gap, "gap") if r in g.gaps
                else Cell(held, "ok") for r in (*BUYING_ROLES, *OUR_ROLES)]
        rows.append(row)
    more = (w.t("plan.print_more", count=len(rows) - PRINT_ROWS)
            if len(rows) > PRINT_ROWS else "")
    s.blocks.append(Table(columns, rows, [False, True, True] + [False] * (len(columns) - 3),
                          PRINT_ROWS, more))
    s.blocks.append(Paragraph(w.t("plan.grid_note")))
    s.blocks.append(Subheading(w.t("plan.handoff")))
    if c.handoff:
        s.blocks.append(Items([
            w.t("plan.handoff_no_am", account=w.name(h.account), mrr=w.money(h.mrr))
            if h.kind == "no_account_manager" else
            w.t("plan.handoff_no_cs", account=w.name(h.account), line=h.product_line,
                mrr=w.money(h.mrr))
            if h.kind == "no_customer_success" else
            w.t("plan.handoff_ae_only", account=w.name(h.account), deal=w.name(h.deal),
                owner=w.names(h.owners)) for h in c.handoff]))
    else:
        s.blocks.append(Paragraph(w.t("plan.no_handoff")))
    _part(w, s, w.t("plan.uncovered"), w.t("plan.no_uncovered"),
          ["entity", "kind", "reasons", "potential", "mrr"],
          [[Cell(w.name(e.id)), Cell(term("kind", e.kind, w.lang)),
            _risk_cell(w, e.reasons), num(w.money(e.potential_mrr)),
            num(w.money(e.current_mrr))] for e in c.uncovered],
          ("potential", "mrr"))
    return s


def _part(w: Words, s: Section, heading: str, empty: str, columns: Sequence[str],
          rows: list[list[Cell]], numeric: Sequence[str] = ()) -> None:
    """A titled part of a section: its table (on paper its first PRINT_ROWS rows), or the
    sentence that says it is empty."""
    s.blocks.append(Subheading(heading))
    s.blocks.append(w.table(columns, rows, numeric, PRINT_ROWS) if rows else Paragraph(empty))


def _risks(w: Words) -> Section:
    r = w.plan.risks
    s = Section("risks", w.t("plan.s4"))
    _part(w, s, w.t("plan.threads"), w.t("plan.no_threads"),
          ["account", "mrr", "pipeline", "contacts", "owners", "risks"],
          [[Cell(w.name(a.id)), num(w.money(a.mrr)), num(w.money(a.pipeline)),
            num(str(a.customer_threads)), num(str(a.owner_threads)),
            _risk_cell(w, a.flags, a.id)] for a in r.single_threaded],
          ("mrr", "pipeline", "contacts", "owners"))
    _part(w, s, w.t("plan.key_people"), w.t("plan.no_key_people"),
          ["person", "side", "mrr_at_risk", "pipeline", "accounts"],
          [[Cell(w.name(k.id)), Cell(w.t(f"plan.side.{k.kind}")),
            num(w.money(k.mrr_at_risk)), num(w.money(k.pipeline_at_risk)),
            Cell(w.names(k.accounts))] for k in r.key_people],
          ("mrr_at_risk", "pipeline"))
    _part(w, s, w.t("plan.left"), w.t("plan.no_left"),
          ["person", "role", "left_on", "account", "moved_to", "successor"],
          [[Cell(w.name(p.id)), Cell(w.terms("buying_role", p.roles)), Cell(w.day(p.left_on)),
            Cell(w.name(p.unit)), Cell(w.name(p.moved_unit) if p.moved_unit else ""),
            Cell(w.name(p.successor) if p.successor else "")]
           for p in r.left])
    _part(w, s, w.t("plan.stale"), w.t("plan.no_stale"),
          ["owner", "stakeholder", "last_contact", "days"],
          [[Cell(w.name(x.owner)), Cell(w.name(x.stakeholder)), Cell(w.day(x.last_contact)),
            num(str(x.days) if x.days is not None else w.t("value.unknown"))]
           for x in r.stale], ("days",))
    _part(w, s, w.t("plan.over_contacted", days=w.plan.contact_window),
          w.t("plan.no_over_contacted"),
          ["stakeholder", "account", "owners", "collisions", "single_contact"],
          [[Cell(w.name(o.contact.id)), Cell(w.name(o.contact.company)),
            Cell(w.names(o.contact.owners)), Cell(collisions(w, o.collision_dates)),
            Cell(w.name(o.contact.suggested_contact), "ok")] for o in r.over_contacted])
    return s


def _path_text(w: Words, nodes: Sequence[str]) -> str:
    return " → ".join(w.name(n) for n in nodes)


def _white_space(w: Words) -> Section:
    s = Section("white-space", w.t("plan.s5"))
    rows = w.plan.white_space
    if not rows:
        s.blocks.append(Paragraph(w.t("plan.no_white_space")))
        return s
    body = []
    for x in rows:
        target = w.names(x.decision_makers) if x.decision_makers else w.t("plan.no_target_known")
        path = (Cell(_path_text(w, x.path.nodes), "ok") if x.path is not None
                else Cell(w.t("plan.no_path"), "gap"))
        body.append([Cell(w.name(x.id)), Cell(term("kind", x.kind, w.lang)),
                     num(w.money(x.value)), Cell(target), path])
    s.blocks.append(w.table(["entity", "kind", "white_space", "target", "path"], body,
                            numeric=("white_space",), print_rows=PRINT_ROWS))
    return s


def _change_value(w: Words, change: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float | int) and change.startswith("mrr_"):
        return w.money(float(value))
    if isinstance(value, list):
        return w.t("list.separator").join(
            term("buying_role", str(v), w.lang) if change == "roles_changed"
            else term("risk", str(v), w.lang) for v in value)
    if isinstance(value, str):
        if change == "sentiment_changed":
            return term("sentiment", value, w.lang)
        if value in w.plan.names:
            return w.name(value)
    return str(value)


def _changes(w: Words) -> Section:
    p = w.plan
    title = (w.t("plan.s6_previous", previous=p.previous) if p.previous
             else w.t("plan.s6", since=w.day(p.since)))
    s = Section("changes", title)
    if not p.changes:
        s.blocks.append(Paragraph(w.t("plan.no_changes")))
        return s
    s.blocks.append(w.table(
        ["change", "subject", "owner", "before", "after"],
        [[Cell(term("change", c.change, w.lang)), Cell(w.name(c.id)),
          Cell(w.name(c.owner) if c.owner else ""),
          Cell(_change_value(w, c.change, c.before)),
          Cell(_change_value(w, c.change, c.after))] for c in p.changes],
        print_rows=2 * PRINT_ROWS))
    return s


def _map(w: Words) -> Section:
    s = Section("map", w.t("plan.s8"))
    command = f"accountmap plan SOURCE --group {w.plan.group} -o plan.html"
    s.blocks.append(MapSlot(w.t("plan.map_note"), w.t("plan.map_markdown", command=CODE),
                            command))
    return s
