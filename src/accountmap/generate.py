"""Deterministic synthetic books of business, at any scale.

``generate_book(groups=N, seed=S)`` returns plain data in the accountmap format (version 1)
describing N corporate groups: subsidiary trees up to three levels deep, departments (some
nested), stakeholders with titles, reporting lines, acquaintances and buying roles, a sales
organisation of owners across every role, products in two lines, subscriptions, opportunities,
relationships, assignments and touchpoints over the last year, and a dated organisation:
leavers with successors, people who joined, concurrent posts (兼務) and secondments (出向),
departments created and closed, registry identifiers, and per hundred groups one acquisition
of a paying company, one merger and one sale. The same arguments always give
the same data. With the defaults, ``groups=1000`` gives about 100k stakeholders and 1M
touchpoints.

The output is plain dicts (not models) so it can be written fast and then checked by the same
validation as any user file.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from .identifiers import corporate_number_check_digit, lei_check_digits

FIRST = ["Aiko", "Akira", "Daiki", "Emi", "Haruto", "Hina", "Kenji", "Mei", "Ren", "Sakura",
         "Sota", "Yui", "Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia", "Leo", "Sofia",
         "Mateo", "Chloe", "Arjun", "Priya", "Wei", "Lin", "Jonas", "Lena", "Marco", "Giulia"]
LAST = ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
        "Kobayashi", "Kato", "Smith", "Johnson", "Brown", "Garcia", "Miller", "Davis", "Muller",
        "Schmidt", "Rossi", "Bianchi", "Chen", "Wang", "Patel", "Singh", "Dubois", "Martin"]
SECTORS = ["Manufacturing", "Retail", "Logistics", "Chemicals", "Electronics", "Food",
           "Construction", "Pharma", "Automotive", "Finance"]
SUFFIX = ["Holdings", "Industries", "Trading", "Systems", "Logistics", "Foods", "Electric",
          "Materials", "Retail", "Engineering", "Services", "Chemical"]
COUNTRIES = ["JP", "JP", "JP", "JP", "US", "DE", "SG", "TH", "CN", "GB"]
FUNCTIONS = [("Quality Assurance", "quality"), ("Information Technology", "it"),
             ("Human Resources", "hr"), ("Finance", "finance"), ("Procurement", "procurement"),
             ("Plant Operations", "operations"), ("Stores", "retail"), ("R&D", "rnd"),
             ("Logistics", "logistics"), ("Sales", "sales"), ("Legal", "legal")]
TITLES = {"executive": ["President", "Chief Operating Officer", "Chief Information Officer",
                        "Chief Financial Officer"],
          "director": ["Director", "General Manager", "Head"],
          "manager": ["Manager", "Section Manager", "Team Lead"],
          "staff": ["Engineer", "Specialist", "Analyst", "Coordinator"]}
BUYING_ROLES = ["champion", "economic_buyer", "decision_maker", "technical_evaluator", "user",
                "influencer", "blocker", "procurement"]
OWNER_ROLES = ["account_manager", "account_executive", "customer_success", "customer_sales",
               "sales_engineer", "support", "executive_sponsor", "other"]
PRODUCTS = [("p-core", "Quality Cloud", "quality"), ("p-audit", "Audit Trail", "quality"),
            ("p-insight", "Quality Insight", "quality"), ("p-ops", "Ops Hub", "operations"),
            ("p-field", "Field Service", "operations"), ("p-plan", "Demand Planner", "operations")]
TOUCH_KINDS = ["meeting", "meeting", "call", "call", "email", "email", "email", "event",
               "webinar"]
STAGES = ["qualify", "discover", "propose", "negotiate"]


def generate_book(groups: int = 10, *, seed: int = 1,
                  companies_per_group: int = 7,
                  stakeholders_per_company: int = 14,
                  touchpoints_per_stakeholder: int = 10,
                  as_of: dt.date = dt.date(2026, 6, 30),
                  progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """A deterministic book of business as plain data (see module docstring);
    ``progress(done, total)`` is called after each group."""
    gen = _Generator(random.Random(seed), as_of, companies_per_group, stakeholders_per_company,
                     touchpoints_per_stakeholder)
    owners = gen.owners(max(len(OWNER_ROLES), groups // 2 + 8))
    for g in range(groups):
        gen.group(g)
        if progress is not None:
            progress(g + 1, groups)
    _Dating(random.Random(seed + 1), gen.out, as_of).run()
    return {"version": 1, "as_of": as_of.isoformat(), "products": gen.products,
            "owners": owners, **gen.out}


Row = dict[str, Any]


class _Generator:
    """One book being generated; every random draw goes through ``self.rng`` in a fixed order,
    so the same arguments always give the same book."""

    def __init__(self, rng: random.Random, as_of: dt.date, companies_per_group: int,
                 stakeholders_per_company: int, touchpoints_per_stakeholder: int) -> None:
        self.rng = rng
        self.as_of, self.year_ago = as_of, as_of - dt.timedelta(days=364)
        self.companies_per_group = companies_per_group
        self.stakeholders_per_company = stakeholders_per_company
        self.touchpoints_per_stakeholder = touchpoints_per_stakeholder
        self.products = [{"id": pid, "name": name, "line": line}
                         for pid, name, line in PRODUCTS]
        self.by_role: dict[str, list[str]] = {}
        self.out: dict[str, list[Row]] = {k: [] for k in (
            "groups", "companies", "departments", "stakeholders", "relationships",
            "assignments", "subscriptions", "opportunities", "touchpoints")}
        self.tp_seq = 0

    def day(self, start: dt.date, span: int) -> str:
        return (start + dt.timedelta(days=self.rng.randint(0, span))).isoformat()

    def owners(self, count: int) -> list[Row]:
        choice = self.rng.choice
        owners = []
        for i in range(count):
            role = OWNER_ROLES[i % len(OWNER_ROLES)] if i < len(OWNER_ROLES) else choice(
                OWNER_ROLES[:5])
            owners.append({"id": f"o{i:05d}", "name": f"{choice(FIRST)} {choice(LAST)}",
                           "role": role, "team": choice(["quality", "operations"]),
                           "email": f"owner{i}@vendor.example"})
        for o in owners:
            self.by_role.setdefault(o["role"], []).append(o["id"])
        return owners

    def group(self, g: int) -> None:
        rng = self.rng
        gid = f"g{g:05d}"
        sector = rng.choice(SECTORS)
        base = f"{rng.choice(LAST)} {rng.choice(SUFFIX)}"
        self.out["groups"].append({"id": gid, "name": f"{base} Group", "industry": sector,
                                   "target_mrr": float(rng.randint(20, 200) * 1000)})
        team = {r: rng.choice(ids) for r, ids in self.by_role.items()}
        n_comp = max(1, int(self.companies_per_group * (0.5 + rng.random())))
        levels: dict[str, int] = {}
        for c in range(n_comp):
            self.company(gid, c, base, sector, levels, team)

    def company(self, gid: str, c: int, base: str, sector: str, levels: dict[str, int],
                team: dict[str, str]) -> None:
        rng = self.rng
        cid = f"{gid}-c{c:02d}"
        comp: Row = {"id": cid, "name": base if c == 0 else
                     f"{base.split()[0]} {rng.choice(SUFFIX)} {c}", "group": gid,
                     "country": rng.choice(COUNTRIES), "industry": sector,
                     "employees": rng.randint(50, 20000),
                     "potential_mrr": float(rng.randint(1, 40) * 500)}
        if c:
            parent = rng.choice([p for p, level in levels.items() if level < 2])
            comp["parent"] = parent
            comp["ownership"] = float(rng.choice([100, 100, 100, 80, 66.7, 51]))
            levels[cid] = levels[parent] + 1
        else:
            levels[cid] = 0
        self.out["companies"].append(comp)
        depts = self.departments(cid)
        people = self.people(comp, c, depts)
        known = self.coverage(cid, people, team)
        self.revenue(cid, depts, team)
        self.touchpoints(known or people[:1], people, list(team.values()))

    def departments(self, cid: str) -> list[str]:
        rng = self.rng
        depts: list[str] = []
        for d, (fname, func) in enumerate(rng.sample(FUNCTIONS, rng.randint(2, 5))):
            did = f"{cid}-d{d}"
            dept: Row = {"id": did, "name": fname, "company": cid, "function": func,
                         "headcount": rng.randint(5, 800),
                         "potential_mrr": float(rng.randint(0, 10) * 250)}
            if depts and rng.random() < 0.25:
                dept["parent"] = rng.choice(depts)
            self.out["departments"].append(dept)
            depts.append(did)
        return depts

    def people(self, comp: Row, c: int, depts: list[str]) -> list[str]:
        rng, choice, randint = self.rng, self.rng.choice, self.rng.randint
        cid = comp["id"]
        n_people = max(1, int(self.stakeholders_per_company * (0.5 + rng.random())))
        people: list[str] = []
        for p in range(n_people):
            sid = f"{cid}-s{p:03d}"
            seniority = "executive" if p == 0 else choice(
                ["director", "manager", "manager", "staff", "staff", "staff"])
            person: Row = {
                "id": sid, "name": f"{choice(FIRST)} {choice(LAST)}",
                "title": choice(TITLES[seniority]), "company": cid,
                "roles": sorted(rng.sample(BUYING_ROLES, randint(0, 2))),
                "seniority": seniority, "influence": randint(1, 5),
                "sentiment": choice(["supporter", "neutral", "neutral", "detractor"]),
                "status": "left" if rng.random() < 0.05 else "active",
                "email": f"{sid}@customer.example"}
            if p and depts:
                person["department"] = choice(depts)
            if p:
                person["reports_to"] = people[randint(0, p - 1) // 2 * 2 if p > 2 else 0]
            elif c:
                person["reports_to"] = f"{comp['parent']}-s000"
            if p > 1 and rng.random() < 0.3:
                person["knows"] = [people[randint(0, p - 1)]]
            if person["status"] == "left" and rng.random() < 0.8:
                person["left_on"] = self.day(self.year_ago, 364)
            if rng.random() < 0.1:
                person["cadence_days"] = choice([30, 60, 90])
            self.out["stakeholders"].append(person)
            people.append(sid)
        return people

    def coverage(self, cid: str, people: list[str], team: dict[str, str]) -> list[str]:
        """Assignments and relationship records; returns the people our team knows."""
        rng = self.rng
        covered = rng.random() < 0.7
        if covered:
            self.out["assignments"].append({"owner": team["account_manager"], "account": cid,
                                            "role": "account_manager"})
            if rng.random() < 0.5:
                self.out["assignments"].append({"owner": team["customer_success"],
                                                "account": cid})
        known = [s for s in people if rng.random() < (0.5 if covered else 0.1)]
        for s in known:
            record = {"owner": rng.choice(list(team.values())), "stakeholder": s,
                      "strength": rng.randint(1, 5), "last_contact": self.day(self.year_ago, 364)}
            if rng.random() < 0.2:
                del record["strength"]  # derived from touchpoints
            self.out["relationships"].append(record)
        return known

    def revenue(self, cid: str, depts: list[str], team: dict[str, str]) -> None:
        rng = self.rng
        for prod in rng.sample(self.products, rng.randint(0, 3)):
            account = rng.choice([cid, *depts]) if depts else cid
            sub: Row = {
                "account": account, "product": prod["id"],
                "mrr": float(rng.randint(1, 30) * 100),
                "status": "churned" if rng.random() < 0.1 else "active",
                "start": (self.year_ago - dt.timedelta(days=rng.randint(0, 900))).isoformat(),
                "renewal": (self.as_of + dt.timedelta(days=rng.randint(1, 365))).isoformat()}
            change = rng.random()
            # ends fall after every start (starts are on or before year_ago)
            if sub["status"] == "churned" and change < 0.5:
                sub["end"] = self.day(self.year_ago + dt.timedelta(days=1), 363)
            elif sub["status"] == "active" and change < 0.15:  # a price change in the year
                day = self.day(self.year_ago + dt.timedelta(days=1), 363)
                self.out["subscriptions"].append({**sub, "status": "churned", "end": day,
                                                  "renewal": day})
                sub.update(start=day, mrr=float(rng.randint(1, 30) * 100))
            self.out["subscriptions"].append(sub)
        if rng.random() < 0.4:
            prod = rng.choice(self.products)
            status = rng.choice(["open", "open", "open", "won", "lost"])
            close = self.as_of + dt.timedelta(days=rng.randint(-60, 180))
            if status != "open":  # closed deals closed in the past
                close = min(close, self.as_of)
            amount = float(rng.randint(5, 100) * 1000)
            self.out["opportunities"].append({
                "id": f"{cid}-op", "account": cid, "product": prod["id"],
                "amount": amount, "mrr": round(amount / 12, 2), "stage": rng.choice(STAGES),
                "status": status, "owner": team["account_executive"],
                "created": (close - dt.timedelta(days=rng.randint(30, 240))).isoformat(),
                "close_date": close.isoformat(),
                "kind": rng.choice(["new_business", "expansion", "renewal"])})

    def touchpoints(self, contacts: list[str], people: list[str], team_ids: list[str]) -> None:
        rng = self.rng
        for _ in range(self.touchpoints_per_stakeholder * len(people)):
            who = [rng.choice(contacts)]
            if rng.random() < 0.2:
                who.append(rng.choice(people))
            ours = [rng.choice(team_ids)]
            if rng.random() < 0.15:
                ours.append(rng.choice(team_ids))
            self.out["touchpoints"].append({
                "id": f"t{self.tp_seq:07d}", "date": self.day(self.year_ago, 364),
                "owners": sorted(set(ours)), "stakeholders": sorted(set(who)),
                "kind": rng.choice(TOUCH_KINDS)})
            self.tp_seq += 1


class _Dating:
    """Dates the organisation of a generated book, with its own random stream (so the book's
    other records are those of an undated book). Every change keeps the book consistent: a
    successor takes over the leaver's later meetings, a closed department's people leave
    when it closes, and nothing refers to a record before it exists."""

    def __init__(self, rng: random.Random, out: dict[str, list[Row]], as_of: dt.date) -> None:
        self.rng, self.out, self.as_of = rng, out, as_of
        self.year_ago = as_of - dt.timedelta(days=364)
        self.people: dict[str, list[Row]] = {}
        for person in out["stakeholders"]:
            self.people.setdefault(person["company"], []).append(person)
        self.touches: dict[str, list[Row]] = {}
        for t in out["touchpoints"]:
            for s in t["stakeholders"]:
                self.touches.setdefault(s, []).append(t)
        self.accounts = {x["account"] for k in ("subscriptions", "opportunities", "assignments")
                         for x in out[k]}

    def day(self) -> dt.date:
        return self.year_ago + dt.timedelta(days=self.rng.randint(20, 340))

    def run(self) -> None:
        companies: dict[str, list[Row]] = {}
        for c in self.out["companies"]:
            companies.setdefault(c["group"], []).append(c)
        for g, group in enumerate(self.out["groups"]):
            members = companies.get(group["id"], [])
            for c in members:
                self.identifiers(c)
                for person in list(self.people.get(c["id"], [])):
                    self.person(person, members)
            if members and self.rng.random() < 0.6:
                self.new_department(self.rng.choice(members))
            self.deals(g, members)
        self.close_departments()

    def identifiers(self, c: Row) -> None:
        if self.rng.random() < 0.5:
            base = "".join(str(self.rng.randint(0, 9)) for _ in range(12))
            c["corporate_number"] = f"{corporate_number_check_digit(base)}{base}"
        if self.rng.random() < 0.3:
            chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            base = "5493" + "".join(self.rng.choice(chars) for _ in range(14))
            c["lei"] = base + lei_check_digits(base)

    def person(self, person: Row, members: list[Row]) -> None:
        if (person.get("status") == "left" or person["id"].endswith("-s000")
                or "joined_on" in person):  # (a post created by this pass stays as it is)
            return
        roll = self.rng.random()
        if roll < 0.04:
            self.succeed(person)
        elif roll < 0.16 and len(members) > 1 and person["company"] == members[0]["id"]:
            self.second_post(person, self.rng.choice(members[1:]))

    def _clone(self, person: Row, suffix: str, **fields: Any) -> Row:
        copy = {k: v for k, v in person.items()
                if k not in ("knows", "left_on", "status", "cadence_days")}
        copy.update(id=f"{person['id']}-{suffix}", email=f"{person['id']}-{suffix}@c.example",
                    **fields)
        self.out["stakeholders"].append(copy)
        self.people.setdefault(copy["company"], []).append(copy)
        return copy

    def _hand_over(self, old: str, new: str, since: dt.date, share: float) -> None:
        """Touchpoints of ``old`` on or after ``since`` (a ``share`` of them) now meet ``new``."""
        for t in self.touches.get(old, []):
            if t["date"] >= since.isoformat() and self.rng.random() < share:
                t["stakeholders"] = sorted({new if s == old else s for s in t["stakeholders"]})

    def succeed(self, person: Row) -> None:
        handover = self.day()
        successor = self._clone(person, "n", joined_on=handover.isoformat(),
                                name=f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}")
        person.update(status="left", left_on=handover.isoformat(), successor=successor["id"])
        self._hand_over(person["id"], successor["id"], handover, 1.0)

    def second_post(self, person: Row, subsidiary: Row) -> None:
        start = self.day()
        kind = self.rng.choice(["concurrent", "concurrent", "secondment"])
        post = self._clone(person, "k", company=subsidiary["id"], joined_on=start.isoformat(),
                           same_person_as=person["id"], post_kind=kind)
        post.pop("department", None)
        post.pop("reports_to", None)
        self._hand_over(person["id"], post["id"], start, 0.5)

    def new_department(self, c: Row) -> None:
        created = self.day()
        did = f"{c['id']}-dx"
        self.out["departments"].append({"id": did, "name": "DX Office", "company": c["id"],
                                        "function": "it", "created_on": created.isoformat(),
                                        "potential_mrr": 1000.0})
        for i in range(self.rng.randint(1, 2)):
            joined = created + dt.timedelta(days=self.rng.randint(0, 20))
            self.out["stakeholders"].append({
                "id": f"{did}-s{i}", "name": f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}",
                "title": "Manager", "company": c["id"], "department": did,
                "joined_on": joined.isoformat(), "seniority": "manager"})

    def close_departments(self) -> None:
        parents = {d.get("parent") for d in self.out["departments"]}
        people_in: dict[str, list[Row]] = {}
        for person in self.out["stakeholders"]:
            if person.get("department"):
                people_in.setdefault(person["department"], []).append(person)
        for d in self.out["departments"]:
            if (d["id"] in parents or d["id"] in self.accounts or "created_on" in d
                    or any("joined_on" in p for p in people_in.get(d["id"], []))
                    or self.rng.random() >= 0.03):
                continue
            closed = self.day().isoformat()
            d["closed_on"] = closed
            for person in people_in.get(d["id"], []):
                if person.get("left_on") is None or person["left_on"] > closed:
                    person.update(left_on=closed, status="left")
                    person.pop("successor", None)
                for t in self.touches.get(person["id"], []):
                    if t["date"] >= closed and person["id"] in t["stakeholders"]:
                        t["stakeholders"] = [s for s in t["stakeholders"] if s != person["id"]]
        self.out["touchpoints"] = [t for t in self.out["touchpoints"] if t["stakeholders"]]

    def deals(self, g: int, members: list[Row]) -> None:
        """An acquisition, a merger and a sale, each once per hundred groups."""
        parents = {c.get("parent") for c in members}
        leaves = [c for c in members[1:] if c["id"] not in parents]
        if not leaves:
            return
        c = leaves[-1]
        if g % 100 == 3:  # bought by the customer (its contracts started before)
            c["joined_group_on"] = self.day().isoformat()
        elif g % 100 == 5:
            c.update(left_group_on=self.day().isoformat(), merged_into=c["parent"])
        elif g % 100 == 7:
            c["left_group_on"] = self.day().isoformat()
