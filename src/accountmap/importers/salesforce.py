"""A folder of Salesforce export CSVs (Data Export / Data Loader layout: headers are the
objects' API field names) -> a book of business.

==========================  =======================================================
file (object)               becomes
==========================  =======================================================
Account.csv                 companies; each account's group is its top-most ancestor
                            (``ParentId``), one group per hierarchy, named after it
Contact.csv                 stakeholders (``Name``, else ``FirstName LastName``; ``Title``,
                            ``Email``, ``ReportsToId`` inside the group); ``Department``
                            strings become departments of the contact's company (case and
                            spacing ignored when matching)
User.csv                    owners (role from ``UserRole``/``Title``, else ``other``)
AccountTeamMember.csv       assignments (``TeamMemberRole`` mapped, see ``TEAM_ROLES``)
Opportunity.csv             opportunities (``IsClosed``/``IsWon`` -> status, ``Type`` ->
                            kind, ``OwnerId`` -> owner, ``Amount`` -> amount)
OpportunityLineItem.csv     the opportunity's product (``Product2Id``; ``Product2.csv`` names
Product2.csv                it); without them, one "Unspecified product"
OpportunityContactRole.csv  buying roles on the contact (``CONTACT_ROLES``) and a
                            relationship between the opportunity's owner and the contact
Event.csv, Task.csv         touchpoints (``WhoId`` contact, ``OwnerId`` user,
EventRelation.csv           ``ActivityDate``; ``EventRelation`` adds attendees)
Subscriptions.csv           subscriptions (not a standard object: ``account``, ``product``,
                            ``mrr``, ``status``, optional ``start``, ``end``, ``renewal``);
                            or, with ``won_as_subscriptions``, each Closed Won opportunity
                            becomes an active subscription of MRR = Amount / 12
==========================  =======================================================

Real exports' quirks: 15- and 18-character ids name the same record (the 18-character form is
the 15-character one plus a checksum, so ids are compared on their first 15 characters), a
UTF-8 byte-order mark, CRLF line ends, empty strings for nulls, timestamps with offsets
(their own date is kept), and references to records that are not in the export: each is
reported and the record (or just the reference) is left out; nothing is fatal. A mapping
(``Mapping``) renames files and columns and extends the value mappings for orgs with custom
fields.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..identifiers import normal_name, slug
from .common import (
    ImportReport,
    Progress,
    Row,
    cut_loops,
    parse_amount,
    parse_bool,
    parse_day,
    read_csv,
)
from .repair import WHERE, repaired

TEAM_ROLES = {
    "account manager": "account_manager", "account executive": "account_executive",
    "sales rep": "account_executive", "sales representative": "account_executive",
    "sales manager": "account_executive", "customer success manager": "customer_success",
    "customer success": "customer_success", "csm": "customer_success",
    "sales engineer": "sales_engineer", "solutions engineer": "sales_engineer",
    "pre-sales consultant": "sales_engineer", "presales consultant": "sales_engineer",
    "executive sponsor": "executive_sponsor", "support": "support",
    "technical support": "support", "customer sales": "customer_sales",
    "renewals manager": "customer_sales",
}
CONTACT_ROLES = {
    "economic buyer": "economic_buyer", "economic decision maker": "economic_buyer",
    "decision maker": "decision_maker", "technical buyer": "technical_evaluator",
    "technical evaluator": "technical_evaluator", "evaluator": "technical_evaluator",
    "business user": "user", "user": "user", "end user": "user", "influencer": "influencer",
    "champion": "champion", "procurement": "procurement", "purchasing": "procurement",
    "blocker": "blocker", "executive sponsor": "decision_maker",
}
OPPORTUNITY_KINDS = {
    "new business": "new_business", "new customer": "new_business",
    "existing customer - upgrade": "expansion", "upgrade": "expansion", "upsell": "expansion",
    "expansion": "expansion", "add-on": "expansion", "cross-sell": "expansion",
    "renewal": "renewal", "existing customer - renewal": "renewal",
}
ACTIVITY_KINDS = {"meeting": "meeting", "call": "call", "email": "email", "event": "event",
                  "webinar": "webinar", "demo": "meeting", "visit": "meeting"}
FILES = ("Account", "Contact", "User", "AccountTeamMember", "Opportunity",
         "OpportunityLineItem", "Product2", "OpportunityContactRole", "Event", "Task",
         "EventRelation", "Subscriptions")
UNSPECIFIED = {"id": "p-unspecified", "name": "Unspecified product"}


@dataclass(frozen=True)
class Mapping:
    """Overrides for orgs with custom fields: file names per object, column names per object
    (``{"Contact": {"Department": "Dept__c"}}``), and extra value mappings
    (``team_roles``, ``contact_roles``, ``opportunity_kinds``, ``activity_kinds``)."""

    files: dict[str, str] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def value(self, vocabulary: str, raw: str | None, default: dict[str, str]) -> str | None:
        if not raw:
            return None
        extra = {normal_name(k): v for k, v in self.values.get(vocabulary, {}).items()}
        key = normal_name(raw)
        return extra.get(key) or default.get(key)


def sfid(value: str | None) -> str | None:
    """A record id compared on its case-sensitive 15-character form."""
    if not value:
        return None
    value = value.strip()
    return value[:15] if len(value) == 18 else value


class _Export:
    """The export's files, read through the mapping (renamed columns appear under their
    standard names)."""

    def __init__(self, folder: Path, mapping: Mapping, report: ImportReport,
                 progress: Progress | None, encoding: str = "utf-8") -> None:
        self.folder, self.mapping, self.report, self.progress = folder, mapping, report, progress
        self.encoding = encoding

    def rows(self, obj: str) -> list[Row]:
        name = self.mapping.files.get(obj, f"{obj}.csv")
        path = self.folder / name
        if not path.exists():
            return []
        renamed = self.mapping.columns.get(obj, {})
        rows = []
        for i, row in enumerate(read_csv(path, self.report, encoding=self.encoding), 1):
            for standard, custom in renamed.items():
                row[standard] = row.get(custom)
            row["__where__"] = f"{name}:{row['__line__']}"
            rows.append(row)
            if self.progress is not None and i % 5000 == 0:
                self.progress(name, i, i)
        if self.progress is not None:
            self.progress(name, len(rows), len(rows))
        return rows


def import_salesforce(folder: Path, *, mapping: Mapping | None = None,
                      as_of: dt.date | None = None, won_as_subscriptions: bool = False,
                      progress: Progress | None = None, encoding: str = "utf-8"
                      ) -> tuple[dict[str, Any], ImportReport]:
    """The book of business of an export folder and the report (see module docstring)."""
    report = ImportReport(str(folder))
    export = _Export(folder, mapping or Mapping(), report, progress, encoding)
    book = _Builder(export, report, as_of or dt.date.today(), won_as_subscriptions).build()
    book = repaired(book, report, str(folder))
    report.imported = {k: len(v) for k, v in book.items() if isinstance(v, list) and v}
    return book, report


class _Builder:
    def __init__(self, export: _Export, report: ImportReport, as_of: dt.date,
                 won_as_subscriptions: bool) -> None:
        self.x, self.report, self.as_of = export, report, as_of
        self.won_as_subscriptions = won_as_subscriptions
        self.group_of: dict[str, str] = {}
        self.company: dict[str, dict[str, Any]] = {}
        self.contact: dict[str, dict[str, Any]] = {}
        self.owner: dict[str, dict[str, Any]] = {}
        self.departments: dict[tuple[str, str], dict[str, Any]] = {}
        self.products: dict[str, dict[str, Any]] = {}
        self.opportunity: dict[str, dict[str, Any]] = {}
        self._taken: set[str] = set()

    def _unique(self, wanted: str) -> str:
        """An id no record has taken yet: ``wanted``, else with a stable suffix (``-2``, ...),
        so two names with one slug (``R&D`` and ``R-D``) stay two records."""
        taken = self._taken
        rid, n = wanted, 2
        while rid in taken:
            rid, n = f"{wanted}-{n}", n + 1
        taken.add(rid)
        return rid

    def build(self) -> dict[str, Any]:
        groups = self._accounts()
        self._contacts()
        self._users()
        assignments = self._team()
        self._products()
        self._opportunities()
        relationships = self._contact_roles()
        touchpoints = self._activities()
        subscriptions = self._subscriptions()
        products = list(self.products.values())
        return {"version": 1, "as_of": self.as_of.isoformat(), "products": products,
                "owners": list(self.owner.values()), "groups": groups,
                "companies": list(self.company.values()),
                "departments": list(self.departments.values()),
                "stakeholders": list(self.contact.values()), "relationships": relationships,
                "assignments": assignments, "subscriptions": subscriptions,
                "opportunities": list(self.opportunity.values()), "touchpoints": touchpoints}

    # -- accounts: companies and groups ---------------------------------------------------
    def _accounts(self) -> list[dict[str, Any]]:
        rows = self.x.rows("Account")
        parent: dict[str, str | None] = {}
        for row in rows:
            account = sfid(row.get("Id"))
            if account is None:
                self.report.skip("account without an Id", str(row["__where__"]))
                continue
            if account in self.company:
                self.report.skip("account listed twice (first kept)", str(row["__where__"]))
                continue
            company: dict[str, Any] = {"id": account, "name": row.get("Name") or account,
                                       WHERE: row["__where__"]}
            country = row.get("BillingCountry") or row.get("ShippingCountry")
            if country:
                company["country"] = country
            if row.get("Industry"):
                company["industry"] = row["Industry"]
            employees = parse_amount(row.get("NumberOfEmployees"))
            if employees is not None and employees >= 0:
                company["employees"] = int(employees)
            self.company[account] = company
            parent[account] = sfid(row.get("ParentId"))
        for account, up in parent.items():
            if up is not None and up not in self.company:
                self.report.skip("parent account not in the export (account made top of its "
                                 "own group)", f"{account} -> {up}")
                parent[account] = None
        groups = []
        for account in self.company:
            top, seen = account, {account}
            while parent.get(top) is not None:
                up = parent[top]
                assert up is not None
                if up in seen:  # a loop of parents: cut it here
                    self.report.skip("account parents closing a loop (cut)", top)
                    parent[top] = None
                    break
                seen.add(up)
                top = up
            self.group_of[account] = f"g-{top}"
        for account, company in self.company.items():
            company["group"] = self.group_of[account]
            if parent.get(account) is not None:
                company["parent"] = parent[account]
            if parent.get(account) is None:
                groups.append({"id": f"g-{account}", "name": company["name"]})
        return groups

    # -- contacts: stakeholders and departments -------------------------------------------
    def _contacts(self) -> None:
        reports: dict[str, str] = {}
        for row in self.x.rows("Contact"):
            contact, account = sfid(row.get("Id")), sfid(row.get("AccountId"))
            if contact is None:
                self.report.skip("contact without an Id", str(row["__where__"]))
                continue
            if account is None or account not in self.company:
                self.report.skip("contact whose account is not in the export (left out)",
                                 str(row["__where__"]))
                continue
            name = row.get("Name") or " ".join(p for p in (row.get("FirstName"),
                                                           row.get("LastName")) if p)
            person: dict[str, Any] = {"id": contact, "name": name or contact,
                                      "company": account, WHERE: row["__where__"]}
            if row.get("Title"):
                person["title"] = row["Title"]
            if row.get("Email"):
                person["email"] = row["Email"]
            if row.get("Phone") or row.get("MobilePhone"):
                person["phone"] = row.get("Phone") or row.get("MobilePhone")
            dept = row.get("Department")
            if dept:
                key = (account, normal_name(dept))
                if key not in self.departments:
                    self.departments[key] = {"id": self._unique(f"d-{account}-{slug(dept)}"),
                                             "name": " ".join(dept.split()),
                                             "company": account}
                person["department"] = self.departments[key]["id"]
            boss = sfid(row.get("ReportsToId"))
            if boss:
                reports[contact] = boss
            self.contact[contact] = person
        for contact, boss in reports.items():
            person = self.contact[contact]
            if boss not in self.contact:
                self.report.skip("manager (ReportsToId) not in the export (line left out)",
                                 f"{contact} -> {boss}")
            elif self.group_of[self.contact[boss]["company"]] != \
                    self.group_of[person["company"]]:
                self.report.skip("manager in another account hierarchy (line left out)",
                                 f"{contact} -> {boss}")
            else:
                person["reports_to"] = boss
        cut_loops(self.contact, "reports_to", self.report,
                  "reporting line closing a loop (left out)")

    # -- users and account teams -----------------------------------------------------------
    def _users(self) -> None:
        for row in self.x.rows("User"):
            user = sfid(row.get("Id"))
            if user is None:
                continue
            role = (self.x.mapping.value("team_roles", row.get("UserRole"), TEAM_ROLES)
                    or self.x.mapping.value("team_roles", row.get("Title"), TEAM_ROLES)
                    or "other")
            owner: dict[str, Any] = {"id": user, "name": row.get("Name") or " ".join(
                p for p in (row.get("FirstName"), row.get("LastName")) if p) or user,
                "role": role}
            if row.get("Email"):
                owner["email"] = row["Email"]
            self.owner[user] = owner

    def _team(self) -> list[dict[str, Any]]:
        out, seen = [], set()
        for row in self.x.rows("AccountTeamMember"):
            account, user = sfid(row.get("AccountId")), sfid(row.get("UserId"))
            if account not in self.company or user not in self.owner:
                self.report.skip("team member whose account or user is not in the export",
                                 str(row["__where__"]))
                continue
            raw = row.get("TeamMemberRole")
            role = self.x.mapping.value("team_roles", raw, TEAM_ROLES)
            if raw and role is None:
                self.report.skip("team role not mapped (assigned as 'other')",
                                 f"{row['__where__']}: {raw}")
            key = (user, account, role or "other")
            if key in seen:
                continue
            seen.add(key)
            out.append({"owner": user, "account": account, "role": role or "other",
                        WHERE: row["__where__"]})
        return out

    # -- products and opportunities ----------------------------------------------------------
    def _products(self) -> None:
        for row in self.x.rows("Product2"):
            product = sfid(row.get("Id"))
            if product:
                entry: dict[str, Any] = {"id": product, "name": row.get("Name") or product}
                if row.get("Family"):
                    entry["line"] = row["Family"]
                self.products[product] = entry

    def _opportunities(self) -> None:
        product_of: dict[str, str] = {}
        for row in self.x.rows("OpportunityLineItem"):
            opp, product = sfid(row.get("OpportunityId")), sfid(row.get("Product2Id"))
            if opp and product and opp not in product_of:
                if product not in self.products:
                    self.products[product] = {"id": product, "name": product}
                product_of[opp] = product
        for row in self.x.rows("Opportunity"):
            opp, account = sfid(row.get("Id")), sfid(row.get("AccountId"))
            if opp is None:
                continue
            if account not in self.company:
                self.report.skip("opportunity whose account is not in the export",
                                 str(row["__where__"]))
                continue
            closed, won = parse_bool(row.get("IsClosed")), parse_bool(row.get("IsWon"))
            amount = parse_amount(row.get("Amount"))
            entry: dict[str, Any] = {
                WHERE: row["__where__"],
                "id": opp, "account": account, "amount": max(amount or 0.0, 0.0),
                "stage": row.get("StageName") or "unknown",
                "status": "won" if won else "lost" if closed else "open"}
            product = product_of.get(opp)
            if product is None:
                self.products.setdefault(UNSPECIFIED["id"], dict(UNSPECIFIED))
                product = UNSPECIFIED["id"]
            entry["product"] = product
            kind = self.x.mapping.value("opportunity_kinds", row.get("Type"), OPPORTUNITY_KINDS)
            if kind:
                entry["kind"] = kind
            owner = sfid(row.get("OwnerId"))
            if owner in self.owner:
                entry["owner"] = owner
            elif owner:
                self.report.skip("opportunity owner not in the export (owner left out)",
                                 str(row["__where__"]))
            created, close = parse_day(row.get("CreatedDate")), parse_day(row.get("CloseDate"))
            if created:
                entry["created"] = created.isoformat()
            if close and (created is None or close >= created):
                entry["close_date"] = close.isoformat()
            self.opportunity[opp] = entry

    def _contact_roles(self) -> list[dict[str, Any]]:
        pairs: dict[tuple[str, str], dict[str, Any]] = {}
        for row in self.x.rows("OpportunityContactRole"):
            contact, opp = sfid(row.get("ContactId")), sfid(row.get("OpportunityId"))
            if contact not in self.contact or opp not in self.opportunity:
                self.report.skip("contact role whose contact or opportunity is not in the "
                                 "export", str(row["__where__"]))
                continue
            raw = row.get("Role")
            role = self.x.mapping.value("contact_roles", raw, CONTACT_ROLES)
            person = self.contact[contact]
            if role and role not in person.setdefault("roles", []):
                person["roles"].append(role)
            elif raw and role is None:
                self.report.skip("contact role not mapped (role left out)",
                                 f"{row['__where__']}: {raw}")
            owner = self.opportunity[opp].get("owner")
            if owner and (owner, contact) not in pairs:
                pairs[(owner, contact)] = {"owner": owner, "stakeholder": contact}
        for person in self.contact.values():
            if person.get("roles") == []:
                del person["roles"]
        return list(pairs.values())

    # -- activities: touchpoints ---------------------------------------------------------------
    def _activities(self) -> list[dict[str, Any]]:
        attendees: dict[str, set[str]] = defaultdict(set)
        for row in self.x.rows("EventRelation"):
            event, who = sfid(row.get("EventId")), sfid(row.get("RelationId"))
            if event and who:
                attendees[event].add(who)
        out = []
        for obj, default_kind in (("Event", "meeting"), ("Task", "other")):
            for row in self.x.rows(obj):
                activity = sfid(row.get("Id"))
                present = {w for w in (sfid(row.get("WhoId")), sfid(row.get("OwnerId"))) if w}
                present |= attendees.get(activity or "", set())
                owners = sorted(w for w in present if w in self.owner)
                people = sorted(w for w in present if w in self.contact)
                day = parse_day(row.get("ActivityDate")) or parse_day(
                    row.get("StartDateTime")) or parse_day(row.get("ActivityDateTime"))
                if not owners or not people or day is None:
                    self.report.skip(f"{obj.lower()} without a user and a contact in the export, "
                                     "or without a date", str(row["__where__"]))
                    continue
                raw = row.get("TaskSubtype") or row.get("Type") or row.get("EventSubtype")
                kind = self.x.mapping.value("activity_kinds", raw, ACTIVITY_KINDS) or default_kind
                tp: dict[str, Any] = {"date": day.isoformat(), "owners": owners,
                                      "stakeholders": people, "kind": kind,
                                      WHERE: row["__where__"]}
                if activity:
                    tp["id"] = activity
                if row.get("Subject"):
                    tp["topic"] = row["Subject"]
                out.append(tp)
        return out

    # -- subscriptions ---------------------------------------------------------------------------
    def _subscriptions(self) -> list[dict[str, Any]]:
        out = []
        for row in self.x.rows("Subscriptions"):
            account = sfid(row.get("account") or row.get("AccountId"))
            product = row.get("product") or row.get("Product2Id")
            mrr = parse_amount(row.get("mrr") or row.get("MRR"))
            if account not in self.company or not product or mrr is None or mrr < 0:
                self.report.skip("subscription without a known account, a product or an MRR",
                                 str(row["__where__"]))
                continue
            product = sfid(product) or product
            if product not in self.products:
                self.products[product] = {"id": product, "name": row.get("product_name")
                                          or product}
            sub: dict[str, Any] = {"account": account, "product": product, "mrr": mrr,
                                   WHERE: row["__where__"]}
            status = normal_name(row.get("status") or "active")
            sub["status"] = "churned" if status in ("churned", "cancelled", "canceled",
                                                   "inactive", "expired") else "active"
            for key in ("start", "end", "renewal"):
                day = parse_day(row.get(key))
                if day:
                    sub[key] = day.isoformat()
            if "end" in sub and "start" in sub and sub["end"] <= sub["start"]:
                del sub["end"]
            if sub["status"] == "active" and "end" in sub and sub["end"] <= \
                    self.as_of.isoformat():
                sub["status"] = "churned"
            out.append(sub)
        if self.won_as_subscriptions:
            for opp in self.opportunity.values():
                if opp["status"] == "won" and opp.get("kind") != "renewal" and opp["amount"]:
                    sub = {"account": opp["account"], "product": opp["product"],
                           "mrr": round(opp["amount"] / 12, 2)}
                    if opp.get("close_date") and opp["close_date"] <= self.as_of.isoformat():
                        sub["start"] = opp["close_date"]
                    out.append(sub)
        return out
