"""A second Japanese book for the plan's print and typography tests: one group of nine
companies (a generated book, seeded, with Japanese names: 海成グループ), written as plain data."""

from __future__ import annotations

from typing import Any

from accountmap.generate import generate_book

FAMILY = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
          "吉田", "山田", "佐々木", "山口", "松本"]
GIVEN = ["一郎", "花子", "健", "美咲", "大輔", "直樹", "陽子", "翔太", "結衣", "蓮"]
COMPANIES = ["ホールディングス", "飲料", "フーズ", "物流", "化学", "商事", "リテール",
             "エンジニアリング", "システムズ"]
DEPARTMENTS = ["品質保証部", "情報システム部", "経営企画部", "製造部", "物流部", "営業部",
               "研究開発部", "総務部", "人事部", "購買部", "法務部"]


def nine_company_book() -> dict[str, Any]:
    """海成グループ: nine companies, Japanese names, amounts in yen."""
    book = generate_book(1, seed=1, companies_per_group=9, stakeholders_per_company=8,
                         touchpoints_per_stakeholder=4)
    assert len(book["companies"]) == 9
    for i, c in enumerate(book["companies"]):
        c["name"] = f"海成{COMPANIES[i % len(COMPANIES)]}株式会社"
    for i, d in enumerate(book["departments"]):
        d["name"] = DEPARTMENTS[i % len(DEPARTMENTS)]
    for i, s in enumerate(book["stakeholders"]):
        s["name"] = f"{FAMILY[i % len(FAMILY)]} {GIVEN[(i // len(FAMILY)) % len(GIVEN)]}"
    for i, o in enumerate(book["owners"]):
        o["name"] = f"{FAMILY[(i + 3) % len(FAMILY)]} {GIVEN[(i + 1) % len(GIVEN)]}"
    book["groups"][0].update(name="海成グループ", currency="JPY")
    return book
