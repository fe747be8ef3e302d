"""Deterministic synthetic books of business, at any scale.

``generate_book(groups=N, seed=S)`` returns plain data in the accountmap format (version 1)
describing N corporate groups: subsidiary trees up to three levels deep, departments (some
nested), stakeholders with titles, reporting lines, acquaintances and buying roles, a sales
organisation of owners across every role, products in two lines, subscriptions, opportunities,
relationships, assignments and touchpoints over the last year. The same arguments always give
the same data. With the defaults, ``groups=1000`` gives about 100k stakeholders and 1M
touchpoints.

The output is plain dicts (not models) so it can be written fast and then checked by the same
validation as any user file.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

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
                  as_of: dt.date = dt.date(2026, 6, 30)) -> dict[str, Any]:
    """A deterministic book of business as plain data (see module docstring)."""
    rng = random.Random(seed)
    rand, choice, randint = rng.random, rng.choice, rng.randint
    year_ago = as_of - dt.timedelta(days=364)

    products = [{"id": pid, "name": name, "line": line} for pid, name, line in PRODUCTS]
    owner_count = max(len(OWNER_ROLES), groups // 2 + 8)
    owners = []
    for i in range(owner_count):
        role = OWNER_ROLES[i % len(OWNER_ROLES)] if i < len(OWNER_ROLES) else choice(
            OWNER_ROLES[:5])
        owners.append({"id": f"o{i:05d}", "name": f"{choice(FIRST)} {choice(LAST)}",
                       "role": role, "team": choice(["quality", "operations"]),
                       "email": f"owner{i}@vendor.example"})
    by_role: dict[str, list[str]] = {}
    for o in owners:
        by_role.setdefault(o["role"], []).append(o["id"])

    out: dict[str, list[dict[str, Any]]] = {k: [] for k in (
        "groups", "companies", "departments", "stakeholders", "relationships", "assignments",
        "subscriptions", "opportunities", "touchpoints")}
    tp_seq = 0
    for g in range(groups):
        gid = f"g{g:05d}"
        sector = choice(SECTORS)
        base = f"{choice(LAST)} {choice(SUFFIX)}"
        out["groups"].append({"id": gid, "name": f"{base} Group", "industry": sector,
                              "target_mrr": float(randint(20, 200) * 1000)})
        team = {r: choice(ids) for r, ids in by_role.items()}
        n_comp = max(1, int(companies_per_group * (0.5 + rand())))
        company_ids: list[str] = []
        levels: dict[str, int] = {}
        for c in range(n_comp):
            cid = f"{gid}-c{c:02d}"
            comp: dict[str, Any] = {"id": cid, "name": base if c == 0 else
                                    f"{base.split()[0]} {choice(SUFFIX)} {c}", "group": gid,
                                    "country": choice(COUNTRIES), "industry": sector,
                                    "employees": randint(50, 20000),
                                    "potential_mrr": float(randint(1, 40) * 500)}
            if c:
                parent = choice([p for p in company_ids if levels[p] < 2])
                comp["parent"] = parent
                comp["ownership"] = float(choice([100, 100, 100, 80, 66.7, 51]))
                levels[cid] = levels[parent] + 1
            else:
                levels[cid] = 0
            out["companies"].append(comp)
            company_ids.append(cid)

            depts: list[str] = []
            for d, (fname, func) in enumerate(rng.sample(FUNCTIONS, randint(2, 5))):
                did = f"{cid}-d{d}"
                dept: dict[str, Any] = {"id": did, "name": fname, "company": cid,
                                        "function": func, "headcount": randint(5, 800),
                                        "potential_mrr": float(randint(0, 10) * 250)}
                if depts and rand() < 0.25:
                    dept["parent"] = choice(depts)
                out["departments"].append(dept)
                depts.append(did)

            n_people = max(1, int(stakeholders_per_company * (0.5 + rand())))
            people: list[str] = []
            for p in range(n_people):
                sid = f"{cid}-s{p:03d}"
                seniority = "executive" if p == 0 else choice(
                    ["director", "manager", "manager", "staff", "staff", "staff"])
                person: dict[str, Any] = {
                    "id": sid, "name": f"{choice(FIRST)} {choice(LAST)}",
                    "title": choice(TITLES[seniority]), "company": cid,
                    "roles": sorted(rng.sample(BUYING_ROLES, randint(0, 2))),
                    "seniority": seniority, "influence": randint(1, 5),
                    "sentiment": choice(["supporter", "neutral", "neutral", "detractor"]),
                    "status": "left" if rand() < 0.05 else "active",
                    "email": f"{sid}@customer.example"}
                if p and depts:
                    person["department"] = choice(depts)
                if p:
                    person["reports_to"] = people[randint(0, p - 1) // 2 * 2 if p > 2 else 0]
                elif c:
                    person["reports_to"] = f"{comp['parent']}-s000"
                if p > 1 and rand() < 0.3:
                    person["knows"] = [people[randint(0, p - 1)]]
                out["stakeholders"].append(person)
                people.append(sid)

            covered = rand() < 0.7
            if covered:
                out["assignments"].append({"owner": team["account_manager"], "account": cid,
                                           "role": "account_manager"})
                if rand() < 0.5:
                    out["assignments"].append({"owner": team["customer_success"],
                                               "account": cid})
            known = [s for s in people if rand() < (0.5 if covered else 0.1)]
            for s in known:
                out["relationships"].append({
                    "owner": choice(list(team.values())), "stakeholder": s,
                    "strength": randint(1, 5),
                    "last_contact": (year_ago + dt.timedelta(days=randint(0, 364))).isoformat()})
            for prod in rng.sample(products, randint(0, 3)):
                account = choice([cid, *depts]) if depts else cid
                out["subscriptions"].append({
                    "account": account, "product": prod["id"],
                    "mrr": float(randint(1, 30) * 100),
                    "status": "churned" if rand() < 0.1 else "active",
                    "start": (year_ago - dt.timedelta(days=randint(0, 900))).isoformat(),
                    "renewal": (as_of + dt.timedelta(days=randint(1, 365))).isoformat()})
            if rand() < 0.4:
                prod = choice(products)
                out["opportunities"].append({
                    "id": f"{cid}-op", "account": cid, "product": prod["id"],
                    "amount": float(randint(5, 100) * 1000), "stage": choice(STAGES),
                    "status": choice(["open", "open", "open", "won", "lost"]),
                    "owner": team["account_executive"],
                    "close_date": (as_of + dt.timedelta(days=randint(-60, 180))).isoformat(),
                    "kind": choice(["new_business", "expansion", "renewal"])})

            contacts = known or people[:1]
            team_ids = list(team.values())
            for _ in range(touchpoints_per_stakeholder * n_people):
                who = [choice(contacts)]
                if rand() < 0.2:
                    who.append(choice(people))
                ours = [choice(team_ids)]
                if rand() < 0.15:
                    ours.append(choice(team_ids))
                out["touchpoints"].append({
                    "id": f"t{tp_seq:07d}",
                    "date": (year_ago + dt.timedelta(days=randint(0, 364))).isoformat(),
                    "owners": sorted(set(ours)), "stakeholders": sorted(set(who)),
                    "kind": choice(TOUCH_KINDS)})
                tp_seq += 1
    return {"version": 1, "as_of": as_of.isoformat(), "products": products, "owners": owners,
            **out}
