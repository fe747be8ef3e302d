"""Builds examples/nakamura-group.yaml: the curated story in examples/README.md.

The structure (companies, departments, people, owners, revenue) is written out by hand below;
only the background touchpoints are drawn from a seeded random generator. Re-run after editing:
``python examples/build_examples.py``. The output is deterministic.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml

AS_OF = dt.date(2026, 6, 30)
rng = random.Random(20260630)


def d(days_ago: int) -> str:
    return (AS_OF - dt.timedelta(days=days_ago)).isoformat()


products = [
    {"id": "p-qc", "name": "Quality Cloud", "line": "quality"},
    {"id": "p-audit", "name": "Audit Trail", "line": "quality"},
    {"id": "p-ops", "name": "Ops Hub", "line": "operations"},
    {"id": "p-field", "name": "Field Service", "line": "operations"},
]

owners = [
    {"id": "o-tanaka", "name": "Kenji Tanaka", "role": "account_manager", "team": "enterprise-jp",
     "email": "k.tanaka@vendor.example"},
    {"id": "o-mori", "name": "Yuki Mori", "role": "account_executive", "team": "quality",
     "email": "y.mori@vendor.example"},
    {"id": "o-abe", "name": "Shin Abe", "role": "account_executive", "team": "operations",
     "email": "s.abe@vendor.example"},
    {"id": "o-chen", "name": "Grace Chen", "role": "customer_success", "team": "enterprise-jp",
     "email": "g.chen@vendor.example"},
    {"id": "o-ueda", "name": "Mika Ueda", "role": "customer_sales", "team": "quality",
     "email": "m.ueda@vendor.example"},
    {"id": "o-lopez", "name": "Diego Lopez", "role": "sales_engineer", "team": "quality",
     "email": "d.lopez@vendor.example"},
    {"id": "o-ishii", "name": "Rin Ishii", "role": "sales_engineer", "team": "operations",
     "email": "r.ishii@vendor.example"},
    {"id": "o-kim", "name": "Jae Kim", "role": "support", "team": "support",
     "email": "j.kim@vendor.example"},
    {"id": "o-yamada", "name": "Hiroshi Yamada", "role": "executive_sponsor", "team": "exec",
     "email": "h.yamada@vendor.example"},
    {"id": "o-brown", "name": "Alex Brown", "role": "account_manager", "team": "enterprise-us",
     "email": "a.brown@vendor.example"},
    {"id": "o-weber", "name": "Lena Weber", "role": "other", "team": "partners",
     "email": "l.weber@vendor.example"},
]

groups = [
    {"id": "g-nakamura", "name": "Nakamura Group", "industry": "Food & Retail",
     "target_mrr": 60000.0},
    {"id": "g-harbor", "name": "Harbor Outdoor Group", "industry": "Outdoor Retail",
     "target_mrr": 15000.0, "currency": "USD"},
]

C = [  # id, name, parent, ownership, country, employees, potential_mrr
    ("c-nk-hd", "Nakamura Holdings", None, None, "JP", 320, 4000),
    ("c-nk-foods", "Nakamura Foods", "c-nk-hd", 100, "JP", 5200, 18000),
    ("c-nk-retail", "Nakamura Retail", "c-nk-hd", 100, "JP", 8100, 15000),
    ("c-nk-logi", "Nakamura Logistics", "c-nk-hd", 100, "JP", 2400, 8000),
    ("c-nk-chem", "Nakamura Chemical", "c-nk-hd", 66.7, "JP", 1900, 12000),
    ("c-nk-kyushu", "Nakamura Foods Kyushu", "c-nk-foods", 100, "JP", 1300, 6000),
    ("c-nk-frozen", "Nakamura Frozen Foods", "c-nk-foods", 80, "JP", 900, 5000),
    ("c-nk-super", "Nakamura Supermarkets", "c-nk-retail", 100, "JP", 6400, 14000),
    ("c-nk-conv", "Nakamura Convenience", "c-nk-retail", 51, "JP", 1500, 7000),
    ("c-nk-th", "Nakamura Logistics Thailand", "c-nk-logi", 100, "TH", 700, 4000),
    ("c-nk-kplant", "Kyushu Plant Services", "c-nk-kyushu", 100, "JP", 300, 2500),
    ("c-nk-sg", "Nakamura Trading Singapore", "c-nk-th", 100, "SG", 120, 2000),
    ("c-hb-hd", "Harbor Outdoor Inc.", None, None, "US", 1100, 6000),
    ("c-hb-eu", "Harbor Outdoor Europe GmbH", "c-hb-hd", 100, "DE", 350, 4000),
    ("c-hb-shop", "Harbor Online Shop LLC", "c-hb-hd", 100, "US", 90, 2500),
]
companies = []
for cid, name, parent, own, country, emp, pot in C:
    rec = {"id": cid, "name": name, "group": "g-harbor" if cid.startswith("c-hb") else
           "g-nakamura"}
    if parent:
        rec["parent"] = parent
        rec["ownership"] = float(own)
    rec.update({"country": country, "employees": emp, "potential_mrr": float(pot)})
    companies.append(rec)

D = [  # id, name, company, parent, function, headcount, potential
    ("d-hd-it", "Group IT", "c-nk-hd", None, "it", 60, 3000),
    ("d-hd-hr", "Group HR", "c-nk-hd", None, "hr", 40, 1000),
    ("d-foods-qa", "Quality Assurance", "c-nk-foods", None, "quality", 180, 6000),
    ("d-foods-qa-lab", "QA Laboratory", "c-nk-foods", "d-foods-qa", "quality", 45, 1500),
    ("d-foods-plants", "Plant Operations", "c-nk-foods", None, "operations", 2900, 7000),
    ("d-foods-plant-shizuoka", "Shizuoka Plant", "c-nk-foods", "d-foods-plants", "operations",
     800, 3000),
    ("d-foods-it", "Foods IT", "c-nk-foods", None, "it", 70, 1500),
    ("d-retail-stores", "Store Operations", "c-nk-retail", None, "retail", 5200, 6000),
    ("d-retail-it", "Retail IT", "c-nk-retail", None, "it", 90, 2000),
    ("d-super-stores", "Supermarket Stores", "c-nk-super", None, "retail", 5100, 6000),
    ("d-super-qa", "Food Safety", "c-nk-super", None, "quality", 60, 3000),
    ("d-logi-wh", "Warehousing", "c-nk-logi", None, "logistics", 1600, 4000),
    ("d-chem-rnd", "R&D Center", "c-nk-chem", None, "rnd", 300, 5000),
    ("d-chem-qa", "Chemical QA", "c-nk-chem", None, "quality", 80, 3000),
    ("d-kyushu-plant", "Kagoshima Plant", "c-nk-kyushu", None, "operations", 700, 3000),
    ("d-hb-stores", "Retail Stores", "c-hb-hd", None, "retail", 800, 2500),
]
departments = []
for did, name, comp, parent, func, hc, pot in D:
    rec = {"id": did, "name": name, "company": comp}
    if parent:
        rec["parent"] = parent
    rec.update({"function": func, "headcount": hc, "potential_mrr": float(pot)})
    departments.append(rec)

S = [  # id, name, title, company, department, reports_to, roles, seniority, influence, sentiment
    ("s-nakamura", "Takeshi Nakamura", "Group CEO", "c-nk-hd", None, None, ["economic_buyer"],
     "executive", 5, "neutral"),
    ("s-hayashi", "Naoko Hayashi", "Group CIO", "c-nk-hd", "d-hd-it", "s-nakamura",
     ["decision_maker", "economic_buyer"], "executive", 5, "supporter"),
    ("s-okada", "Ryo Okada", "IT Architecture Manager", "c-nk-hd", "d-hd-it", "s-hayashi",
     ["technical_evaluator"], "manager", 3, "supporter"),
    ("s-fujii", "Emi Fujii", "Group HR Director", "c-nk-hd", "d-hd-hr", "s-nakamura", [],
     "director", 3, "neutral"),
    ("s-kondo", "Akira Kondo", "Group Procurement Manager", "c-nk-hd", None, "s-nakamura",
     ["procurement"], "manager", 3, "neutral"),
    ("s-ishikawa", "Daiki Ishikawa", "President, Nakamura Foods", "c-nk-foods", None,
     "s-nakamura", ["economic_buyer"], "executive", 5, "neutral"),
    ("s-sato", "Haruka Sato", "Head of Quality Assurance", "c-nk-foods", "d-foods-qa",
     "s-ishikawa", ["champion", "decision_maker"], "director", 5, "supporter"),
    ("s-goto", "Kaito Goto", "QA Manager", "c-nk-foods", "d-foods-qa", "s-sato", ["user"],
     "manager", 3, "supporter"),
    ("s-murata", "Sayaka Murata", "Laboratory Lead", "c-nk-foods", "d-foods-qa-lab", "s-sato",
     ["technical_evaluator", "user"], "manager", 3, "neutral"),
    ("s-ono", "Kenta Ono", "Lab Analyst", "c-nk-foods", "d-foods-qa-lab", "s-murata", ["user"],
     "staff", 1, "neutral"),
    ("s-kimura", "Jun Kimura", "Plant Operations Director", "c-nk-foods", "d-foods-plants",
     "s-ishikawa", ["decision_maker"], "director", 4, "neutral"),
    ("s-sakai", "Yui Sakai", "Shizuoka Plant Manager", "c-nk-foods", "d-foods-plant-shizuoka",
     "s-kimura", ["user", "influencer"], "manager", 3, "supporter"),
    ("s-endo", "Taro Endo", "Maintenance Lead", "c-nk-foods", "d-foods-plant-shizuoka",
     "s-sakai", ["user"], "staff", 2, "neutral"),
    ("s-noguchi", "Mai Noguchi", "Foods IT Manager", "c-nk-foods", "d-foods-it", "s-ishikawa",
     ["technical_evaluator"], "manager", 3, "detractor"),
    ("s-aoki", "Shota Aoki", "Purchasing Specialist", "c-nk-foods", None, "s-ishikawa",
     ["procurement"], "staff", 2, "neutral"),
    ("s-matsuda", "Kazuo Matsuda", "President, Nakamura Retail", "c-nk-retail", None,
     "s-nakamura", ["economic_buyer"], "executive", 5, "neutral"),
    ("s-inoue", "Rika Inoue", "Store Operations Director", "c-nk-retail", "d-retail-stores",
     "s-matsuda", ["decision_maker"], "director", 4, "supporter"),
    ("s-hara", "Yusuke Hara", "Regional Store Manager", "c-nk-retail", "d-retail-stores",
     "s-inoue", ["user"], "manager", 2, "neutral"),
    ("s-maeda", "Aya Maeda", "Retail IT Manager", "c-nk-retail", "d-retail-it", "s-matsuda",
     ["technical_evaluator"], "manager", 3, "neutral"),
    ("s-kobayashi", "Hideo Kobayashi", "Former Retail CIO", "c-nk-retail", "d-retail-it",
     "s-matsuda", ["champion"], "executive", 4, "supporter"),
    ("s-takagi", "Noriko Takagi", "President, Nakamura Supermarkets", "c-nk-super", None,
     "s-matsuda", ["economic_buyer"], "executive", 5, "neutral"),
    ("s-yoshida", "Ken Yoshida", "Food Safety Manager", "c-nk-super", "d-super-qa",
     "s-takagi", ["champion", "user"], "manager", 4, "supporter"),
    ("s-nomura", "Eri Nomura", "Store Systems Lead", "c-nk-super", "d-super-stores",
     "s-takagi", ["user"], "staff", 2, "neutral"),
    ("s-kaneko", "Masato Kaneko", "Store Area Director", "c-nk-super", "d-super-stores",
     "s-takagi", ["decision_maker"], "director", 4, "neutral"),
    ("s-hirano", "Sho Hirano", "President, Nakamura Convenience", "c-nk-conv", None,
     "s-matsuda", ["economic_buyer"], "executive", 4, "neutral"),
    ("s-kudo", "Mio Kudo", "Franchise Quality Manager", "c-nk-conv", None, "s-hirano", ["user"],
     "manager", 3, "neutral"),
    ("s-mizuno", "Tetsuya Mizuno", "President, Nakamura Logistics", "c-nk-logi", None,
     "s-nakamura", ["economic_buyer", "decision_maker"], "executive", 5, "neutral"),
    ("s-arai", "Kumiko Arai", "Warehouse Operations Manager", "c-nk-logi", "d-logi-wh",
     "s-mizuno", ["champion", "user"], "manager", 3, "supporter"),
    ("s-shimizu", "Daisuke Shimizu", "Logistics IT Specialist", "c-nk-logi", "d-logi-wh",
     "s-arai", ["technical_evaluator"], "staff", 2, "neutral"),
    ("s-ota", "Hiroki Ota", "President, Nakamura Chemical", "c-nk-chem", None, "s-nakamura",
     ["economic_buyer"], "executive", 5, "neutral"),
    ("s-nishida", "Asuka Nishida", "R&D Director", "c-nk-chem", "d-chem-rnd", "s-ota",
     ["decision_maker"], "director", 4, "neutral"),
    ("s-kubo", "Yoshiko Kubo", "Chemical QA Manager", "c-nk-chem", "d-chem-qa", "s-ota",
     ["user", "influencer"], "manager", 3, "neutral"),
    ("s-miyazaki", "Jiro Miyazaki", "President, Nakamura Foods Kyushu", "c-nk-kyushu", None,
     "s-ishikawa", ["economic_buyer"], "executive", 4, "neutral"),
    ("s-nagai", "Chika Nagai", "Kagoshima Plant Manager", "c-nk-kyushu", "d-kyushu-plant",
     "s-miyazaki", ["champion", "user"], "manager", 3, "supporter"),
    ("s-imai", "Koji Imai", "President, Nakamura Frozen Foods", "c-nk-frozen", None,
     "s-ishikawa", ["economic_buyer"], "executive", 4, "neutral"),
    ("s-kato", "Sakura Kato", "Frozen QA Manager", "c-nk-frozen", None, "s-imai",
     ["user", "influencer"], "manager", 3, "neutral"),
    ("s-somchai", "Somchai Wongsa", "Managing Director, Thailand", "c-nk-th", None,
     "s-mizuno", ["economic_buyer"], "executive", 4, "neutral"),
    ("s-tan", "Tan Wei Ming", "General Manager, Singapore", "c-nk-sg", None, "s-somchai",
     ["decision_maker"], "director", 3, "neutral"),
    ("s-ikeda", "Kenji Ikeda", "Site Manager", "c-nk-kplant", None, "s-nagai", ["user"],
     "manager", 2, "neutral"),
    ("s-ueno", "Mariko Ueno", "Sustainability Officer", "c-nk-hd", None, "s-nakamura",
     ["influencer"], "director", 3, "supporter"),
    ("s-harris", "Megan Harris", "CEO, Harbor Outdoor", "c-hb-hd", None, None,
     ["economic_buyer"], "executive", 5, "neutral"),
    ("s-cole", "Ryan Cole", "VP Retail Operations", "c-hb-hd", "d-hb-stores", "s-harris",
     ["champion", "decision_maker"], "director", 4, "supporter"),
    ("s-diaz", "Lucia Diaz", "Store Systems Manager", "c-hb-hd", "d-hb-stores", "s-cole",
     ["technical_evaluator", "user"], "manager", 3, "supporter"),
    ("s-fischer", "Jonas Fischer", "Managing Director Europe", "c-hb-eu", None, "s-harris",
     ["economic_buyer"], "executive", 4, "neutral"),
    ("s-wagner", "Anna Wagner", "Operations Manager Europe", "c-hb-eu", None, "s-fischer",
     ["user"], "manager", 3, "neutral"),
    ("s-lee", "Chris Lee", "E-commerce Lead", "c-hb-shop", None, "s-harris", ["user"],
     "manager", 2, "neutral"),
]
S.append(("s-kobayashi-hd", "Hideo Kobayashi", "Group IT Strategy Director", "c-nk-hd",
          "d-hd-it", "s-hayashi", ["influencer"], "director", 4, "supporter"))
stakeholders = []
for sid, name, title, comp, dept, boss, roles, sen, infl, sent in S:
    rec = {"id": sid, "name": name, "title": title, "company": comp}
    if dept:
        rec["department"] = dept
    if boss:
        rec["reports_to"] = boss
    rec.update({"roles": roles, "seniority": sen, "influence": infl, "sentiment": sent})
    if sid == "s-kobayashi":  # the retail champion left on 15 March, for a group role
        rec.update({"status": "left", "left_on": "2026-03-15", "moved_to": "s-kobayashi-hd"})
    if sid == "s-nagai":
        rec["cadence_days"] = 60  # a monthly-review contact: stale after 60 days, not 180
    rec["email"] = f"{sid[2:]}@{'harbor' if comp.startswith('c-hb') else 'nakamura'}.example"
    stakeholders.append(rec)
KNOWS = {"s-ueno": ["s-nishida", "s-okada"], "s-kondo": ["s-aoki", "s-kubo"],
         "s-arai": ["s-somchai"], "s-sato": ["s-yoshida", "s-kato"], "s-okada": ["s-maeda"],
         "s-cole": ["s-wagner"]}
for rec in stakeholders:
    if rec["id"] in KNOWS:
        rec["knows"] = KNOWS[rec["id"]]

R = [  # owner, stakeholder, strength, last_contact (days ago) or None
    ("o-tanaka", "s-hayashi", 4, 40), ("o-tanaka", "s-ishikawa", 3, 75),
    ("o-tanaka", "s-sato", 5, 5), ("o-tanaka", "s-matsuda", 2, 260),
    ("o-yamada", "s-nakamura", 3, 120), ("o-yamada", "s-hayashi", 3, 200),
    ("o-chen", "s-goto", 4, 12), ("o-chen", "s-murata", 3, 30), ("o-chen", "s-sato", 4, 8),
    ("o-mori", "s-sato", 3, 20), ("o-mori", "s-kimura", 2, 300),
    ("o-lopez", "s-okada", 4, 60), ("o-lopez", "s-murata", 3, 25),
    ("o-ueda", "s-sato", 3, 15), ("o-ueda", "s-yoshida", 5, 35),
    ("o-abe", "s-arai", 4, 50), ("o-abe", "s-mizuno", 2, None),
    ("o-ishii", "s-shimizu", 3, 45), ("o-ishii", "s-sakai", 3, 190),
    ("o-kim", "s-noguchi", 2, 100), ("o-tanaka", "s-kobayashi", 5, 400),
    ("o-abe", "s-ueno", 3, 150), ("o-brown", "s-cole", 4, 20), ("o-brown", "s-harris", 3, 95),
    ("o-weber", "s-fischer", 2, 230), ("o-chen", "s-diaz", 3, 60),
    ("o-tanaka", "s-nagai", 3, 70),
]
relationships = []
for o, s, strength, ago in R:
    rec = {"owner": o, "stakeholder": s, "strength": strength}
    if (o, s) == ("o-chen", "s-diaz"):
        del rec["strength"]  # no recorded strength: derived from their touchpoints
    if ago is not None:
        rec["last_contact"] = d(ago)
    relationships.append(rec)

assignments = [
    {"owner": "o-tanaka", "account": "c-nk-hd"},
    {"owner": "o-tanaka", "account": "c-nk-foods"},
    {"owner": "o-chen", "account": "c-nk-foods"},
    {"owner": "o-tanaka", "account": "c-nk-retail", "role": "account_manager"},
    {"owner": "o-ueda", "account": "c-nk-super"},
    {"owner": "o-abe", "account": "c-nk-logi", "role": "account_manager"},
    {"owner": "o-chen", "account": "d-foods-qa", "role": "customer_success"},
    {"owner": "o-tanaka", "account": "c-nk-kyushu"},
    {"owner": "o-brown", "account": "c-hb-hd"},
    # Customer success at Harbor covers the operations line only; the group's account
    # manager (on the group) never stands in for customer success.
    {"owner": "o-chen", "account": "c-hb-hd", "product_line": "operations"},
    {"owner": "o-brown", "account": "g-harbor", "role": "account_manager"},
]

subscriptions = [
    # A price change (expansion): one line ends and the next starts the same day.
    {"account": "d-foods-qa", "product": "p-qc", "mrr": 7500.0, "start": "2024-04-01",
     "end": "2026-04-01"},
    {"account": "d-foods-qa", "product": "p-qc", "mrr": 9000.0, "status": "active",
     "start": "2026-04-01", "renewal": "2027-03-31"},
    # Renews by itself (自動更新): its notice date (180 days before) passed with no notice.
    {"account": "d-foods-qa-lab", "product": "p-audit", "mrr": 2500.0, "status": "active",
     "start": "2025-01-01", "renewal": "2026-11-30", "notice_days": 180,
     "auto_renew": True},
    {"account": "c-nk-hd", "product": "p-qc", "mrr": 1200.0, "status": "active",
     "start": "2025-04-01", "renewal": "2027-03-31"},
    {"account": "d-super-qa", "product": "p-qc", "mrr": 6500.0, "status": "active",
     "start": "2024-10-01", "renewal": "2026-09-30"},
    # The retail champion who left stood behind this contract; the customer's notice of
    # non-renewal arrived on 20 June.
    {"account": "c-nk-retail", "product": "p-ops", "mrr": 4000.0, "status": "active",
     "start": "2023-07-01", "renewal": "2026-08-31", "champion": "s-kobayashi",
     "notice_received": "2026-06-20"},
    # A contraction: fewer warehouse seats from May.
    {"account": "d-logi-wh", "product": "p-ops", "mrr": 6000.0, "start": "2024-06-01",
     "end": "2026-05-01"},
    {"account": "d-logi-wh", "product": "p-ops", "mrr": 5200.0, "status": "active",
     "start": "2026-05-01", "renewal": "2027-05-31"},
    # At the same company: a product dropped (Quality Cloud at the warehouse, to June) and a
    # cross-sell (Audit Trail from June): the company's net hides the product churn.
    {"account": "d-logi-wh", "product": "p-qc", "mrr": 1200.0, "start": "2025-04-01",
     "end": "2026-06-01"},
    {"account": "c-nk-logi", "product": "p-audit", "mrr": 900.0, "status": "active",
     "start": "2026-06-01", "renewal": "2027-05-31"},
    {"account": "d-foods-plants", "product": "p-field", "mrr": 1800.0, "status": "churned",
     "start": "2023-01-01", "renewal": "2025-12-31"},
    # A new legal entity in the group (won in January).
    {"account": "c-nk-kyushu", "product": "p-qc", "mrr": 1500.0, "status": "active",
     "start": "2026-02-01", "renewal": "2026-08-31", "notice_days": 30},
    {"account": "c-hb-hd", "product": "p-ops", "mrr": 3000.0, "status": "active",
     "start": "2025-02-01", "renewal": "2027-01-31"},
    # A churn: the European subsidiary stopped at the end of February...
    {"account": "c-hb-eu", "product": "p-qc", "mrr": 800.0, "status": "churned",
     "start": "2024-01-01", "end": "2026-03-01", "renewal": "2026-12-31"},
    # ...and came back on the first day of our fiscal year, in euros (converted to the
    # group's dollars by fx_rates), for a line no customer success covers there.
    {"account": "c-hb-eu", "product": "p-field", "mrr": 1000.0, "status": "active",
     "start": "2026-04-01", "renewal": "2027-03-31", "currency": "EUR"},
]

opportunities = [
    {"id": "op-foods-ops", "account": "d-foods-plants", "product": "p-ops", "amount": 60000.0,
     "stage": "propose", "status": "open", "owner": "o-abe", "close_date": "2026-09-30",
     "kind": "expansion"},
    {"id": "op-chem-qc", "account": "c-nk-chem", "product": "p-qc", "amount": 90000.0,
     "stage": "qualify", "status": "open", "owner": "o-mori", "close_date": "2026-12-15",
     "kind": "new_business", "probability": 30},
    {"id": "op-super-audit", "account": "d-super-qa", "product": "p-audit", "amount": 24000.0,
     "stage": "negotiate", "status": "open", "owner": "o-ueda", "close_date": "2026-07-31",
     "kind": "expansion"},
    {"id": "op-frozen-qc", "account": "c-nk-frozen", "product": "p-qc", "amount": 30000.0,
     "stage": "discover", "status": "open", "owner": "o-mori", "close_date": "2026-10-31",
     "kind": "new_business"},
    {"id": "op-retail-renew", "account": "c-nk-retail", "product": "p-ops", "amount": 48000.0,
     "stage": "negotiate", "status": "open", "owner": "o-tanaka", "close_date": "2026-08-31",
     "kind": "renewal"},
    {"id": "op-hd-audit", "account": "c-nk-hd", "product": "p-audit", "amount": 15000.0,
     "stage": "closed", "status": "lost", "owner": "o-mori", "close_date": "2026-02-28",
     "kind": "expansion"},
    {"id": "op-hb-field", "account": "c-hb-hd", "product": "p-field", "amount": 20000.0,
     "stage": "propose", "status": "open", "owner": "o-brown", "close_date": "2026-09-15",
     "kind": "expansion"},
    {"id": "op-kyushu-qc", "account": "c-nk-kyushu", "product": "p-qc", "amount": 18000.0,
     "stage": "closed", "status": "won", "owner": "o-tanaka", "close_date": "2026-01-20",
     "kind": "new_business"},
]

# When each opportunity was created, and the MRR it would add (amount is the contract value).
CREATED = {'op-foods-ops': ('2026-03-10', 5000.0), 'op-chem-qc': ('2026-05-20', 7500.0), 'op-super-audit': ('2026-02-01', 2000.0), 'op-frozen-qc': ('2026-06-01', 2500.0), 'op-retail-renew': ('2026-05-01', 4000.0), 'op-hd-audit': ('2025-11-01', 1250.0), 'op-hb-field': ('2026-04-15', 1700.0), 'op-kyushu-qc': ('2025-10-01', 1500.0)}
for opp in opportunities:
    created, mrr = CREATED[opp["id"]]
    opp["created"], opp["mrr"] = created, mrr

touchpoints: list[dict] = []


def tp(days_ago: int, who: list[str], whom: list[str], kind: str, topic: str) -> None:
    touchpoints.append({"id": f"tp-{len(touchpoints) + 1:04d}", "date": d(days_ago),
                        "owners": sorted(who), "stakeholders": sorted(whom), "kind": kind,
                        "topic": topic})


# Planted: Haruka Sato (Foods QA head, our champion) is met by five of our people in the last
# quarter, often days apart and never together: the "too many contact points" finding.
tp(5, ["o-tanaka"], ["s-sato"], "meeting", "Quarterly business review prep")
tp(8, ["o-chen"], ["s-sato", "s-goto"], "call", "Adoption check-in")
tp(12, ["o-ueda"], ["s-sato"], "meeting", "Audit Trail upsell")
tp(15, ["o-mori"], ["s-sato"], "email", "New module pricing")
tp(20, ["o-lopez"], ["s-sato", "s-murata"], "meeting", "Lab integration demo")
tp(33, ["o-ueda"], ["s-sato"], "call", "Follow-up on Audit Trail")
tp(36, ["o-chen", "o-tanaka"], ["s-sato"], "meeting", "Joint success plan")
tp(60, ["o-mori"], ["s-sato"], "email", "Event invitation")
# ... and a sixth owner (support) in Foods IT, so the company as a whole has more than five.
tp(30, ["o-kim"], ["s-noguchi"], "call", "Support escalation")
# Planted: Supermarkets' food-safety revenue hangs on Ken Yoshida and Mika Ueda alone.
tp(35, ["o-ueda"], ["s-yoshida"], "meeting", "Audit Trail negotiation")
tp(70, ["o-ueda"], ["s-yoshida"], "call", "Renewal timeline")
# Harbor: a healthy, multi-threaded small account.
tp(20, ["o-brown"], ["s-cole"], "meeting", "Field Service proposal")
tp(40, ["o-chen"], ["s-diaz"], "call", "Onboarding review")
tp(44, ["o-brown", "o-chen"], ["s-cole", "s-diaz"], "meeting", "Quarterly review")
tp(95, ["o-brown"], ["s-harris"], "meeting", "Executive dinner")

# Background: a year of ordinary contact along the existing relationships (not on the planted
# people in the last quarter, so the findings above stay exactly as the README tells them).
KINDS = ["meeting", "call", "call", "email", "email", "email", "webinar", "event"]
TOPICS = ["Status update", "Training", "Support escalation", "Roadmap briefing",
          "Usage review", "Invoice question", "Product webinar", "User conference"]
planted = {"s-sato", "s-yoshida", "s-noguchi"}
pairs = [(o, s) for o, s, _, ago in R if ago is not None and ago < 365
         and s not in {"s-kobayashi"}]
while len(touchpoints) < 170:
    o, s = rng.choice(pairs)
    ago = rng.randint(100 if s in planted else 1, 364)
    last = next(a for oo, ss, _, a in R if oo == o and ss == s)
    ago = max(ago, last)  # never more recent than the recorded last contact
    tp(ago, [o], [s], rng.choice(KINDS), rng.choice(TOPICS))
# One touchpoint after as_of (a planned meeting): every analysis must ignore it.
touchpoints.append({"id": "tp-future", "date": (AS_OF + dt.timedelta(days=10)).isoformat(),
                    "owners": ["o-abe"], "stakeholders": ["s-ota"], "kind": "meeting",
                    "topic": "Planned intro to Nakamura Chemical"})
touchpoints.sort(key=lambda t: (t["date"], t["id"]))

book = {"version": 1, "as_of": AS_OF.isoformat(),
        # Our fiscal year starts on 1 April; deals weigh by their stage unless they say.
        "fiscal_year_start": "04-01",
        "fx_rates": [{"currency": "EUR", "rate": 1.08}],
        "stage_probabilities": {"discover": 10, "qualify": 20, "propose": 40,
                                "negotiate": 70},
        "products": products, "owners": owners,
        "groups": groups, "companies": companies, "departments": departments,
        "stakeholders": stakeholders, "relationships": relationships,
        "assignments": assignments, "subscriptions": subscriptions,
        "opportunities": opportunities, "touchpoints": touchpoints}


class _Flow(yaml.SafeDumper):
    pass


def _short_lists_inline(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = all(isinstance(x, str) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Flow.add_representer(list, _short_lists_inline)

header = ("# Nakamura Group and Harbor Outdoor Group: the accountmap example book of business.\n"
          "# Fictional. Generated by examples/build_examples.py; the story is in "
          "examples/README.md.\n"
          "# yaml-language-server: $schema=../docs/accountmap.schema.json\n")
out = Path(__file__).with_name("nakamura-group.yaml")
out.write_text(header + yaml.dump(book, Dumper=_Flow, sort_keys=False, allow_unicode=True,
                                  width=100), encoding="utf-8")
print(f"wrote {out} ({len(stakeholders)} stakeholders, {len(touchpoints)} touchpoints)")
