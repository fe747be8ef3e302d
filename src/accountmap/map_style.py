"""How the relationship map looks: colours and shapes per kind, link styles, and the risk
overlay (what the analyses found, turned into borders, sizes, dashes and panel notes).

Everything here produces plain data for vis-network; no string becomes HTML (the page renders
labels on a canvas, tooltips with innerText and the panel with textContent).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import networkx as nx

from .analysis.contacts import contact_load
from .analysis.coverage import uncovered_entities
from .analysis.definitions import facts
from .analysis.stale import stale_relationships
from .analysis.threads import key_person_risk, single_threaded_accounts

STYLE: dict[str, dict[str, Any]] = {
    "group": {"shape": "box", "color": "#1e293b", "font": "#ffffff", "size": 30,
              "label": "Group"},
    "company": {"shape": "box", "color": "#1d4ed8", "font": "#ffffff", "size": 22,
                "label": "Company"},
    "department": {"shape": "box", "color": "#bfdbfe", "font": "#1e3a8a", "size": 18,
                   "label": "Department"},
    "stakeholder": {"shape": "dot", "color": "#0d9488", "font": "#134e4a", "size": 12,
                    "label": "Customer stakeholder"},
    "owner": {"shape": "diamond", "color": "#f59e0b", "font": "#78350f", "size": 14,
              "label": "Our owner"},
    "product": {"shape": "hexagon", "color": "#9333ea", "font": "#581c87", "size": 14,
                "label": "Product"},
}
EDGE_STYLE: dict[str, dict[str, Any]] = {
    "IN_GROUP": {"color": "#475569", "width": 2, "label": "in group"},
    "SUBSIDIARY_OF": {"color": "#1d4ed8", "width": 2.5, "label": "subsidiary of"},
    "PART_OF": {"color": "#60a5fa", "width": 1.5, "label": "part of"},
    "WORKS_IN": {"color": "#cbd5e1", "width": 1, "label": "works in"},
    "REPORTS_TO": {"color": "#0f766e", "width": 1.5, "arrows": "to", "label": "reports to"},
    "KNOWS": {"color": "#5eead4", "width": 1.5, "dashes": [2, 5], "label": "knows"},
    "RELATES_TO": {"color": "#d97706", "width": 2, "label": "our relationship (width = "
                   "strength; dashed = stale)"},
    "ASSIGNED_TO": {"color": "#92400e", "width": 2, "arrows": "to", "dashes": [10, 4],
                    "label": "assigned to"},
    "SUBSCRIBES": {"color": "#9333ea", "width": 1.5, "arrows": "to", "label": "subscribes"},
}
RISK_LEGEND_BY_COLOR = [
    ("#dc2626", "high: dark entity, single-threaded revenue, over-contacted, or MRR hangs on "
                "this person alone"),
    ("#f97316", "medium: unassigned entity, or pipeline hangs on this person alone"),
    ("#16a34a", "no risk found"),
    ("#94a3b8", "not assessed (groups, products)")]
RISK_COLORS = {"high": "#dc2626", "medium": "#f97316", "ok": "#16a34a", "none": "#94a3b8"}
RISK_LEGEND = [("#dc2626", "dark entity (nobody of ours knows anyone there)"),
               ("#f97316", "unassigned entity / over-contacted stakeholder"),
               ("#db2777", "single-threaded revenue account (⚠)"),
               ("#64748b", "larger = more MRR hangs on this person")]


class Overlay:
    """The analyses' findings, indexed for styling."""

    def __init__(self, G: nx.MultiDiGraph, on: bool):
        self.uncovered = {e.id: e.reasons for e in uncovered_entities(G)} if on else {}
        self.threads = {a.id: a for a in single_threaded_accounts(G)} if on else {}
        self.contacts = ({s.id: s for s in contact_load(G).stakeholders} if on else {})
        self.key = {p.id: p for p in key_person_risk(G)} if on else {}
        self.stale = ({(r.owner, r.stakeholder) for r in stale_relationships(G)} if on
                      else set())
        self.last_contact: dict[str, Any] = {}
        for (_, s), pair in facts(G).pairs.items():
            if pair.last_contact and (s not in self.last_contact
                                      or pair.last_contact > self.last_contact[s]):
                self.last_contact[s] = pair.last_contact

    def notes(self, node: str) -> list[str]:
        out = []
        for reason in self.uncovered.get(node, ()):
            out.append("dark: nobody of ours knows anyone here" if reason == "dark"
                       else "unassigned: no owner is responsible")
        if node in self.threads:
            a = self.threads[node]
            out.append(f"{' and '.join(a.flags).replace('_', ' ')}: {a.customer_threads} "
                       f"contact(s), {a.owner_threads} owner(s) for {a.mrr:,.0f} MRR")
        if node in self.contacts:
            c = self.contacts[node]
            out.append(f"over-contacted: {c.owner_count} owners, {c.collisions} collision(s) "
                       f"in the window")
        if node in self.key:
            k = self.key[node]
            out.append(f"key person: {k.mrr_at_risk:,.0f} MRR and {k.pipeline_at_risk:,.0f} "
                       f"pipeline hang on them alone")
        return out

    def severity(self, node: str) -> str:
        if "dark" in self.uncovered.get(node, ()) or node in self.threads \
                or node in self.contacts or (node in self.key and self.key[node].mrr_at_risk):
            return "high"
        if node in self.uncovered or node in self.key:
            return "medium"
        return "ok"


def style_node(G: nx.MultiDiGraph, n: str, *, name_of: Callable[[str], str], public_id: str,
               xy: tuple[float, float], overlay: Overlay, redact: str | None,
               color_by: str) -> dict[str, Any]:
    """The vis-network node of ``n``: shape, colours, size, label, tooltip and panel details."""
    f = facts(G)
    a = G.nodes[n]
    kind = a["kind"]
    style = STYLE[kind]
    details: list[list[str]] = [["kind", style["label"]]]
    if redact != "names" or kind not in ("stakeholder", "owner"):
        details.append(["id", n])
    if kind == "stakeholder":
        for key in ("title", "seniority", "sentiment"):
            if a.get(key):
                details.append([key, str(a[key])])
        details.append(["works at", f.name[f.company_of[n]]])
        if f.stakeholder_dept[n]:
            details.append(["department", f.name[f.stakeholder_dept[n]]])
        if a.get("roles"):
            details.append(["roles", ", ".join(r.replace("_", " ") for r in a["roles"])])
        if a.get("status") == "left":
            details.append(["status", "left the company"])
        ours = sorted(f.owners_of.get(n, ()))
        if ours:
            details.append(["our owners", ", ".join(name_of(o)
                                                    for o in ours)])
        last = overlay.last_contact.get(n)
        details.append(["last contact", last.isoformat() if last else "never"])
        for key in ("email", "phone"):
            if a.get(key):
                details.append([key, "[redacted]" if redact else str(a[key])])
    elif kind == "owner":
        details.append(["role", a["role"].replace("_", " ")])
        if a.get("team"):
            details.append(["team", str(a["team"])])
        if a.get("email"):
            details.append(["email", "[redacted]" if redact else str(a["email"])])
    elif kind in ("company", "department"):
        details.append(["group", f.name[f.group_of[n]]])
        details.append(["current MRR", f"{f.current_mrr(n):,.0f}"])
        details.append(["potential MRR", f"{f.potential.get(n, 0.0):,.0f}"])
        if f.pipeline.get(n):
            details.append(["open pipeline", f"{f.pipeline[n]:,.0f}"])
        for key in ("country", "industry", "function"):
            if a.get(key):
                details.append([key, str(a[key])])
        assigned = sorted({o for o, _ in f.assigned_on.get(n, ())})
        if assigned:
            details.append(["assigned", ", ".join(name_of(o)
                                                 for o in assigned)])
    elif kind == "group" and a.get("industry"):
        details.append(["industry", str(a["industry"])])
    notes = overlay.notes(n)
    for note in notes:
        details.append(["risk", note])

    label = name_of(n)
    if n in overlay.threads:
        label = "⚠ " + label
    if a.get("status") == "left":
        label += " (left)"
    size = style["size"]
    if n in overlay.key:
        size += min(40, 3 * math.sqrt(overlay.key[n].mrr_at_risk / 100))
    fill = style["color"]
    border, border_width, dashes = fill, 1, False
    if color_by == "risk":
        fill = RISK_COLORS[overlay.severity(n) if kind not in ("group", "product") else "none"]
        border = fill
    if kind == "stakeholder" and a.get("status") == "left":
        fill = border = "#cbd5e1"
    if color_by == "kind":
        reasons = overlay.uncovered.get(n, ())
        if "dark" in reasons:
            border, border_width, dashes = RISK_COLORS["high"], 3, "unassigned" in reasons
        elif reasons:
            border, border_width = RISK_COLORS["medium"], 3
        if n in overlay.threads and "dark" not in reasons:  # dark keeps its red border
            border, border_width = "#db2777", 4
        if n in overlay.contacts:
            fill, border, border_width = "#fb923c", "#c2410c", 3
    title = "\n".join([name_of(n), *[f"{k}: {v}" for k, v in details[1:]]])
    x, y = xy
    node: dict[str, Any] = {
        "id": public_id, "label": _short(label), "name": name_of(n), "kind": kind,
        "shape": style["shape"], "title": title, "details": details, "x": x, "y": y,
        "size": round(size, 1), "borderWidth": border_width,
        "color": {"background": fill, "border": border,
                  "highlight": {"background": fill, "border": "#111827"}},
        "font": {"color": style["font"] if kind in ("group", "company", "department")
                 and color_by == "kind" else "#0f172a",
                 "size": style["size"] if kind in ("group", "company", "department") else 16,
                 # labels drawn outside dots/diamonds get a halo to stay legible over edges
                 "strokeWidth": 0 if style["shape"] == "box" else 3, "strokeColor": "#ffffff"},
        "shapeProperties": {"borderDashes": [6, 4] if dashes else False},
    }
    if kind in ("group", "company", "department") and color_by == "risk":
        node["font"]["color"] = "#ffffff"
    return node


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def style_edge(u: str, v: str, etype: str, attrs: dict[str, Any], stale: bool,
          as_of: Any) -> dict[str, Any]:
    style = EDGE_STYLE[etype]
    edge: dict[str, Any] = {"from": u, "to": v, "type": etype, "color": style["color"],
                            "width": style["width"], "title": style["label"].split(" (")[0]}
    if style.get("arrows"):
        edge["arrows"] = style["arrows"]
    if style.get("dashes"):
        edge["dashes"] = style["dashes"]
    if etype == "RELATES_TO":
        edge["width"] = attrs["strength"]
        last = attrs["last_contact"]
        when = f"{last.isoformat()} ({(as_of - last).days} days ago)" if last else "never"
        edge["title"] = f"our relationship · strength {attrs['strength']} · last contact {when}"
        if stale:
            edge["dashes"] = [8, 6]
            edge["title"] += " · stale"
    elif etype == "ASSIGNED_TO":
        edge["title"] = f"assigned as {attrs['role'].replace('_', ' ')}"
    elif etype == "SUBSCRIBES":
        edge["title"] = f"{attrs['status']} subscription · {attrs['mrr']:,.0f} MRR"
        if attrs["status"] != "active":
            edge["dashes"] = [3, 3]
    return edge
