"""How the relationship map looks: colours and shapes per kind, link styles, and how the risk
overlay (``overlay.Overlay``) turns into borders, sizes, dashes and panel notes.

Everything here produces plain data for vis-network; no string becomes HTML (the page renders
labels on a canvas, tooltips with innerText and the panel with textContent).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..facts import Facts
from ..i18n import Lang, money, t, term
from .overlay import Overlay
from .scope import ColorBy, Redaction

STYLE: dict[str, dict[str, Any]] = {
    "group": {"shape": "box", "color": "#1e293b", "font": "#ffffff", "size": 34},
    "company": {"shape": "box", "color": "#1d4ed8", "font": "#ffffff", "size": 26},
    "department": {"shape": "box", "color": "#bfdbfe", "font": "#1e3a8a", "size": 16},
    "stakeholder": {"shape": "dot", "color": "#0d9488", "font": "#134e4a", "size": 12},
    "owner": {"shape": "diamond", "color": "#f59e0b", "font": "#78350f", "size": 14},
    "product": {"shape": "hexagon", "color": "#9333ea", "font": "#581c87", "size": 14},
}
EDGE_STYLE: dict[str, dict[str, Any]] = {
    "IN_GROUP": {"color": "#475569", "width": 2},
    "SUBSIDIARY_OF": {"color": "#1d4ed8", "width": 2.5},
    "PART_OF": {"color": "#60a5fa", "width": 1.5},
    "WORKS_IN": {"color": "#cbd5e1", "width": 1},
    "REPORTS_TO": {"color": "#0f766e", "width": 1.5, "arrows": "to"},
    "KNOWS": {"color": "#5eead4", "width": 1.5, "dashes": [2, 5]},
    "SAME_PERSON_AS": {"color": "#0d9488", "width": 2.5, "dashes": [6, 4]},
    "RELATES_TO": {"color": "#d97706", "width": 2},
    "ASSIGNED_TO": {"color": "#92400e", "width": 2, "arrows": "to", "dashes": [10, 4]},
    "SUBSCRIBES": {"color": "#9333ea", "width": 1.5, "arrows": "to"},
}
RISK_COLORS = {"high": "#dc2626", "medium": "#f97316", "ok": "#16a34a", "none": "#94a3b8"}
#: Badge colours of our people by role (the badge on a stakeholder says who of ours knows
#: them, without a line across the chart).
ROLE_COLORS = {"account_manager": "#1d4ed8", "customer_success": "#15803d",
               "account_executive": "#7e22ce", "customer_sales": "#0e7490",
               "sales_engineer": "#c2410c", "support": "#64748b",
               "executive_sponsor": "#0f172a", "other": "#94a3b8"}
#: Buying roles and fields a customer must not see on a page shown to them.
INTERNAL_ROLES = {"blocker", "influencer"}
#: Level of detail: labels of these kinds are not drawn below this many screen pixels (no
#: 4 px text); group and company labels are always drawn (and grow when zoomed out, see the
#: page script, so they stay readable at "Fit").
HIDE_LABEL_BELOW = {"department": 9, "stakeholder": 9, "owner": 9, "product": 9}


@dataclass(frozen=True)
class NodeContext:
    """What styling a node needs besides the node: the graph, its facts, the overlay and the
    options that change how a node looks."""

    G: nx.MultiDiGraph[str]
    f: Facts
    overlay: Overlay
    redact: Redaction | None
    color_by: ColorBy
    lang: Lang = "en"
    public: dict[str, str] = field(default_factory=dict)  # node id -> id on the page

    def name(self, n: str) -> str:
        return display_name(self.G, n, self.redact)

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def label(self, key: str) -> str:
        """The label of a detail row (``map.detail.KEY``)."""
        return t(f"map.detail.{key}", self.lang)

    @property
    def for_customer(self) -> bool:
        return self.redact == "customer"

    def money(self, n: str, amount: float) -> str:
        return money(amount, self.f.currency.get(self.f.group_of.get(n, "")), self.lang)


def initials(name: str) -> str:
    """'Haruka Sato' -> 'H.S.' (used by --redact names)."""
    return "".join(part[0].upper() + "." for part in name.split() if part[:1].isalnum()) or "?"


def display_name(G: nx.MultiDiGraph[str], n: str, redact: Redaction | None) -> str:
    """A node's name as the map shows it: people's names become initials with ``names``."""
    a = G.nodes[n]
    name = str(a.get("name", n))
    if redact == "names" and a["kind"] in ("stakeholder", "owner"):
        return initials(name)
    return name


def _contact(ctx: NodeContext, value: Any) -> str:
    return ctx.label("redacted") if ctx.redact else str(value)


def _stakeholder_details(ctx: NodeContext, n: str, a: dict[str, Any]) -> list[list[str]]:
    f, lang = ctx.f, ctx.lang
    out = []
    if a.get("title") and ctx.redact != "names":  # a title names the person too
        out.append([ctx.label("title"), str(a["title"])])
    for key in ("seniority", "sentiment"):
        if a.get(key) and not (key == "sentiment" and ctx.for_customer):
            out.append([ctx.label(key), term(key, str(a[key]), lang)])
    out.append([ctx.label("works_at"), f.name[f.company_of[n]]])
    dept = f.stakeholder_dept[n]
    if dept:
        out.append([ctx.label("department"), f.name[dept]])
    roles = [r for r in a.get("roles") or ()
             if not (ctx.for_customer and r in INTERNAL_ROLES)]
    if roles:
        out.append([ctx.label("roles"), t("list.separator", lang).join(
            term("buying_role", r, lang) for r in roles)])
    out.extend(_post_details(ctx, n, a))
    for o in sorted(f.owners_of.get(n, ())):  # each relationship: strength, last contact
        pair = f.pairs[(o, n)]
        when = pair.last_contact.isoformat() if pair.last_contact else ctx.label("never")
        out.append([ctx.label("relationship"), ctx.t(
            "map.relationship", owner=ctx.name(o),
            role=term("owner_role", f.owner_role.get(o, "other"), lang),
            strength=pair.strength, last=when)])
    last = ctx.overlay.last_contact.get(n)
    out.append([ctx.label("last_contact"), last.isoformat() if last else ctx.label("never")])
    out.extend([ctx.label(key), _contact(ctx, a[key])] for key in ("email", "phone")
               if a.get(key))
    return out


def _post_details(ctx: NodeContext, n: str, a: dict[str, Any]) -> list[list[str]]:
    """The post's dates, where a person who left went and who took over, and the person's
    other posts (兼務, 出向)."""
    f, out = ctx.f, []
    if a.get("joined_on"):
        out.append([ctx.label("joined_on"), a["joined_on"].isoformat()])
    if a.get("status") == "left":
        out.append([ctx.label("status"), ctx.label("left")])
        if a.get("left_on"):
            out.append([ctx.label("left_on"), a["left_on"].isoformat()])
    for key in ("moved_to", "successor"):
        other = a.get(key)
        if other and other in f.company_of:
            out.append([ctx.label(key), ctx.t("map.post", name=ctx.name(other),
                                              company=f.name[f.company_of[other]])])
    for other in f.other_posts(n):
        kind = ctx.G.nodes[other if ctx.G.nodes[n].get("same_person_as") is None else n].get(
            "post_kind") or "concurrent"
        out.append([ctx.label(f"post_{kind}"), ctx.t(
            "map.post", name=ctx.name(other), company=f.name[f.company_of[other]])])
    return out


def _owner_details(ctx: NodeContext, n: str, a: dict[str, Any]) -> list[list[str]]:
    out = [[ctx.label("role"), term("owner_role", a["role"], ctx.lang)]]
    if a.get("team"):
        out.append([ctx.label("team"), str(a["team"])])
    if a.get("email"):
        out.append([ctx.label("email"), _contact(ctx, a["email"])])
    return out


def _account_details(ctx: NodeContext, n: str, a: dict[str, Any]) -> list[list[str]]:
    f = ctx.f
    out = [[ctx.label("group"), f.name[f.group_of[n]]],
           [ctx.label("current_mrr"), ctx.money(n, f.current_mrr(n))]]
    if not ctx.for_customer:  # what we hope to sell is ours to know
        out.append([ctx.label("potential_mrr"), ctx.money(n, f.potential.get(n, 0.0))])
        if f.pipeline.get(n):
            out.append([ctx.label("pipeline"), ctx.money(n, f.pipeline[n])])
    cells = ctx.overlay.cells.get(n, {})
    held = [p for p, status in cells.items() if status == "active"]
    out.append([ctx.label("products"), t("list.separator", ctx.lang).join(
        f.name[p] for p in held) or t("value.none", ctx.lang)])
    white = [p for p, status in cells.items() if status == "white"]
    if white and not ctx.for_customer:
        out.append([ctx.label("white_space"),
                    t("list.separator", ctx.lang).join(f.name[p] for p in white)])
    renewal = ctx.overlay.next_renewal.get(n)
    if renewal is not None:
        out.append([ctx.label("next_renewal"), renewal.renewal.isoformat()])
        if renewal.risks and not ctx.for_customer:
            out.append([ctx.label("renewal_risks"), t("list.separator", ctx.lang).join(
                term("risk", r, ctx.lang) for r in renewal.risks)])
    out.extend([ctx.label(key), str(a[key])] for key in ("country", "industry", "function")
               if a.get(key))
    assigned = sorted({o for o, _ in f.assigned_on.get(n, ())})
    if assigned:
        out.append([ctx.label("assigned"),
                    t("list.separator", ctx.lang).join(ctx.name(o) for o in assigned)])
    return out


def _group_details(ctx: NodeContext, n: str, a: dict[str, Any]) -> list[list[str]]:
    return [[ctx.label("industry"), str(a["industry"])]] if a.get("industry") else []


_DETAILS = {"stakeholder": _stakeholder_details, "owner": _owner_details,
            "company": _account_details, "department": _account_details,
            "group": _group_details}


def _details(ctx: NodeContext, n: str, a: dict[str, Any]) -> list[list[str]]:
    """The details panel of a node: kind, id (unless redacted), its fields, its risks."""
    kind = a["kind"]
    details: list[list[str]] = [[ctx.label("kind"), term("kind", kind, ctx.lang)]]
    if ctx.redact != "names" or kind not in ("stakeholder", "owner"):
        details.append([ctx.label("id"), n])
    if kind in _DETAILS:
        details.extend(_DETAILS[kind](ctx, n, a))
    currency = ctx.f.currency.get(ctx.f.group_of.get(n, ""))
    details.extend([ctx.label("risk"), note]
                   for note in ctx.overlay.notes(n, ctx.lang, currency))
    return details


@dataclass
class _Look:
    fill: str
    border: str
    border_width: int = 1
    dashes: bool = False


def _look(ctx: NodeContext, n: str, a: dict[str, Any]) -> _Look:
    """Fill and border: by kind with risks as borders, or by risk severity."""
    kind, overlay = a["kind"], ctx.overlay
    look = _Look(STYLE[kind]["color"], STYLE[kind]["color"])
    if ctx.color_by == "risk":
        severity = overlay.severity(n) if kind not in ("group", "product") else "none"
        look.fill = look.border = RISK_COLORS[severity]
    if kind == "stakeholder" and a.get("status") == "left":
        look.fill = look.border = "#cbd5e1"
    if ctx.color_by != "kind":
        return look
    reasons = overlay.uncovered.get(n, ())
    if "dark" in reasons:
        look.border, look.border_width = RISK_COLORS["high"], 3
        look.dashes = "unassigned" in reasons
    elif reasons:
        look.border, look.border_width = RISK_COLORS["medium"], 3
    if n in overlay.threads and "dark" not in reasons:  # dark keeps its red border
        look.border, look.border_width = "#db2777", 4
    if n in overlay.contacts:
        look.fill, look.border, look.border_width = "#fb923c", "#c2410c", 3
    return look


def label_px(label: str, size: float) -> float:
    """About how wide a label draws at a font size, in px: its widest line, wide (CJK)
    characters a full em, others a little over half; plus the box's margins."""
    import unicodedata

    def line(text: str) -> float:
        return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)

    return max((line(x) for x in label.split("\n")), default=0.0) * size + 12


def node_label(ctx: NodeContext, n: str) -> str:
    """The label the map draws for a node."""
    return _label(ctx, n, ctx.G.nodes[n])


def _label(ctx: NodeContext, n: str, a: dict[str, Any]) -> str:
    label = _short(ctx.name(n))
    if n in ctx.overlay.threads:
        label = "⚠ " + label
    if a.get("status") == "left":
        label = ctx.t("map.left_suffix", name=label)
    if a["kind"] == "company":  # what the company is worth, readable at overview
        label += "\n" + ctx.t("map.company_line", mrr=ctx.money(n, ctx.f.current_mrr(n)),
                              people=len(ctx.f.members.get(n, ())))
    elif a["kind"] == "department" and ctx.f.current_mrr(n):
        label += "\n" + ctx.t("map.mrr_line", mrr=ctx.money(n, ctx.f.current_mrr(n)))
    if a["kind"] in ("company", "department"):  # products held (and white), next renewal
        cells = ctx.overlay.cells.get(n, {})
        held = sum(1 for status in cells.values() if status == "active")
        white = sum(1 for status in cells.values() if status != "active")
        label += "\n" + (ctx.t("map.products_line", held=held) if ctx.for_customer
                         else ctx.t("map.products_white_line", held=held, total=held + white))
        renewal = ctx.overlay.next_renewal.get(n)
        if renewal is not None:
            label += "\n" + ctx.t("map.renewal_line", date=renewal.renewal.isoformat())
    return label


def style_node(ctx: NodeContext, n: str, *, public_id: str,
               xy: tuple[float, float], max_font: float | None = None) -> dict[str, Any]:
    """The vis-network node of ``n``: shape, colours, size, label, tooltip and panel details."""
    a = ctx.G.nodes[n]
    kind = a["kind"]
    style = STYLE[kind]
    details = _details(ctx, n, a)
    look = _look(ctx, n, a)
    size = style["size"]
    if n in ctx.overlay.key:
        size += min(40, 3 * math.sqrt(ctx.overlay.key[n].mrr_at_risk / 100))
    is_unit = kind in ("group", "company", "department")
    font_color = "#0f172a"
    if is_unit:
        font_color = style["font"] if ctx.color_by == "kind" else "#ffffff"
    x, y = xy
    node: dict[str, Any] = {
        "id": public_id, "label": _label(ctx, n, a), "name": ctx.name(n), "kind": kind,
        "shape": style["shape"], "title": "\n".join([ctx.name(n), *[f"{k}: {v}" for k, v in
                                                                    details[1:]]]),
        "details": details, "x": x, "y": y, "size": round(size, 1),
        "borderWidth": look.border_width,
        # hover keeps the node's own colours (vis's default light blue made white labels
        # unreadable)
        "color": {"background": look.fill, "border": look.border,
                  "highlight": {"background": look.fill, "border": "#111827"},
                  "hover": {"background": look.fill, "border": "#111827"}},
        "scaling": {"label": {"drawThreshold": HIDE_LABEL_BELOW.get(kind, 0),
                              "maxVisible": 48}},
        "font": {"color": font_color, "size": style["size"] if is_unit else 14,
                 # labels drawn outside dots/diamonds get a halo to stay legible over edges
                 "strokeWidth": 0 if style["shape"] == "box" else 3, "strokeColor": "#ffffff"},
        "shapeProperties": {"borderDashes": [6, 4] if look.dashes else False},
    }
    if kind == "stakeholder":
        node["badges"] = [{"owner": ctx.public.get(o, o), "initials": initials(ctx.name(o)),
                           "color": ROLE_COLORS.get(ctx.f.owner_role.get(o, "other"), "#94a3b8")}
                          for o in sorted(ctx.f.owners_of.get(n, ()))]
    if kind == "owner":
        node["hidden"] = True  # owners are badges on the people they know (toggle to show)
    if max_font is not None:  # the page grows the label at Fit up to this, inside its block
        node["maxFont"] = round(max_font, 1)
    return node


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def style_edge(u: str, v: str, etype: str, attrs: dict[str, Any], stale: bool,
               as_of: dt.date, lang: Lang = "en", currency: str | None = None) -> dict[str, Any]:
    """The vis-network edge of one map link: colour, width, dashes, tooltip."""
    style = EDGE_STYLE[etype]
    edge: dict[str, Any] = {"from": u, "to": v, "type": etype, "color": style["color"],
                            "width": style["width"],
                            "title": edge_label(etype, lang).split(" (")[0].split("（")[0]}
    if style.get("arrows"):
        edge["arrows"] = style["arrows"]
    if style.get("dashes"):
        edge["dashes"] = style["dashes"]
    if etype in ("RELATES_TO", "ASSIGNED_TO"):
        edge["hidden"] = True  # shown on hover or selection, or all with the toggle
    if etype == "RELATES_TO":
        edge["width"] = attrs["strength"]
        last = attrs["last_contact"]
        when = (t("map.tip.days_ago", lang, date=last.isoformat(), days=(as_of - last).days)
                if last else t("map.detail.never", lang))
        edge["title"] = t("map.tip.relationship", lang, strength=attrs["strength"], when=when)
        if stale:
            edge["dashes"] = [8, 6]
            edge["title"] = t("map.tip.stale", lang, tip=edge["title"])
    elif etype == "ASSIGNED_TO":
        edge["title"] = t("map.tip.assigned", lang, role=term("owner_role", attrs["role"], lang))
    elif etype == "SUBSCRIBES":
        edge["title"] = t("map.tip.subscription", lang,
                          status=term("subscription_status", attrs["status"], lang),
                          mrr=money(attrs["mrr"], currency, lang))
        if attrs["status"] != "active":
            edge["dashes"] = [3, 3]
    return edge


def edge_label(etype: str, lang: Lang) -> str:
    return t(f"map.edge.{etype}", lang)


def risk_legend(lang: Lang, by_color: bool) -> list[tuple[str, str, str]]:
    """(colour, line style of the ring, label) of each entry of the risk legend."""
    if by_color:
        return [(RISK_COLORS[s], "solid", t(f"map.severity.{s}", lang))
                for s in ("high", "medium", "ok", "none")]
    return [(RISK_COLORS["high"], "solid", t("map.risk.dark", lang)),
            (RISK_COLORS["high"], "dashed", t("map.risk.dark_unassigned", lang)),
            (RISK_COLORS["medium"], "solid", t("map.risk.unassigned", lang)),
            ("#db2777", "solid", t("map.risk.threads", lang)),
            ("#64748b", "solid", t("map.risk.key", lang))]
