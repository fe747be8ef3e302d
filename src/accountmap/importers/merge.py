"""Several books of business -> one (e.g. an org-chart import and a CRM import of the same
customer).

Matching rule: records with an id are the same record when they have the same id **in the
same section** (a company ``c1`` in both files is one company). Their fields are combined:
a field only one file gives is kept; lists (``roles``, ``knows``) are united; when two files
give different values, the later file on the command line wins and the conflict is reported
(section, id, field, both values). The same id in two different sections (a company in one
file, a stakeholder in the other) cannot be merged: that is an error naming both.
Records without an id are matched by what identifies them: relationships by (owner,
stakeholder), assignments by (owner, account, role), subscriptions by (account, product,
start), touchpoints by all their fields (identical ones are one). A field left at its default
(or left out) never overrides a value another file gives. The merged book's
``as_of`` is the latest of the files'. The result is validated like any book before it is
written: a reference one file makes to a record only another file has is resolved there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import DataError, Problem
from ..model import ID_KINDS, SECTIONS, Dataset

KEYS: dict[str, tuple[str, ...]] = {
    "relationships": ("owner", "stakeholder"),
    "assignments": ("owner", "account", "role"),
    "subscriptions": ("account", "product", "start"),
}
UNITED = {"roles", "knows"}


@dataclass
class MergeReport:
    sources: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = [{"what": "merged", "section": k, "id": "", "field": "",
                                      "kept": n, "dropped": ""} for k, n in self.counts.items()]
        out += [{"what": "conflict", **c} for c in self.conflicts]
        return out


def merge_books(books: list[tuple[str, Dataset]]) -> tuple[dict[str, Any], MergeReport]:
    """The merged book (plain data) and the report (see module docstring)."""
    report = MergeReport([source for source, _ in books])
    merged: dict[str, dict[Any, dict[str, Any]]] = {s: {} for s in SECTIONS}
    origin: dict[str, tuple[str, str]] = {}  # id -> (section, source)
    problems: list[Problem] = []
    as_of = None
    settings: dict[str, Any] = {}
    for source, ds in books:
        data = ds.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        day = ds.effective_as_of()
        as_of = day if as_of is None or day > as_of else as_of
        settings = _settings(settings, data, source, report)
        for section in SECTIONS:
            for record in data.get(section) or []:
                key = _key(section, record)
                if section in ID_KINDS and "id" in record and record["id"] is not None:
                    seen = origin.get(record["id"])
                    if seen is not None and seen[0] != section:
                        problems.append(Problem(source, f"{section}.{record['id']}",
                                                f"'{record['id']}' is in {seen[0]} in "
                                                f"{seen[1]}: the same id cannot be two kinds"))
                        continue
                    origin[record["id"]] = (section, source)
                old = merged[section].get(key)
                merged[section][key] = record if old is None else _combine(
                    section, old, record, source, report)
    if problems:
        raise DataError(problems)
    out: dict[str, Any] = {"version": 1, "as_of": as_of.isoformat() if as_of else None,
                           **settings}
    for section in SECTIONS:
        out[section] = list(merged[section].values())
        report.counts[section] = len(out[section])
    return out, report


#: The top-level settings a merge carries over (``fx_rates`` and ``stage_probabilities`` are
#: united by currency and stage; the later file wins a conflict, which is listed).
SETTINGS = ("fiscal_year_start", "timezone", "fx_rates", "stage_probabilities")


def _settings(kept: dict[str, Any], data: dict[str, Any], source: str,
              report: MergeReport) -> dict[str, Any]:
    out = dict(kept)
    for name in ("fiscal_year_start", "timezone"):
        if name in data:
            old = out.get(name)
            if old is not None and old != data[name]:
                report.conflicts.append({"section": "settings", "id": name, "field": name,
                                         "kept": data[name], "dropped": old, "from": source})
            out[name] = data[name]
    rates = {r["currency"]: r["rate"] for r in out.get("fx_rates", [])}
    for r in data.get("fx_rates", []):
        if r["currency"] in rates and rates[r["currency"]] != r["rate"]:
            report.conflicts.append({"section": "fx_rates", "id": r["currency"],
                                     "field": "rate", "kept": r["rate"],
                                     "dropped": rates[r["currency"]], "from": source})
        rates[r["currency"]] = r["rate"]
    if rates:
        out["fx_rates"] = [{"currency": c, "rate": v} for c, v in rates.items()]
    stages = {**out.get("stage_probabilities", {}), **data.get("stage_probabilities", {})}
    if stages:
        out["stage_probabilities"] = stages
    return out


def _key(section: str, record: dict[str, Any]) -> Any:
    if section in ID_KINDS and record.get("id") is not None:
        return record["id"]
    fields = KEYS.get(section)
    if fields:
        return tuple(record.get(f) for f in fields)
    return repr(sorted(record.items()))


def _combine(section: str, old: dict[str, Any], new: dict[str, Any], source: str,
             report: MergeReport) -> dict[str, Any]:
    out = dict(old)
    for name, value in new.items():
        if name not in out or out[name] == value:
            out[name] = value
        elif name in UNITED and isinstance(value, list):
            out[name] = [*out[name], *(v for v in value if v not in out[name])]
        else:
            report.conflicts.append({"section": section, "id": str(old.get("id") or
                                                                    _key(section, old)),
                                     "field": name, "kept": value, "dropped": out[name],
                                     "from": source})
            out[name] = value
    return out
