"""The plan's words as an account manager reads them: names people use, "no contact" for
none, numbers rounded once, n/a where nothing applies, no -0, the company tree in Markdown."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from accountmap.i18n import percent
from tests.conftest import EXAMPLE

TWO_QA: dict[str, Any] = {
    "version": 1, "as_of": "2026-06-30",
    "products": [{"id": "p-q", "name": "品質クラウド"}],
    "owners": [{"id": "o-am", "name": "武田 直樹", "role": "account_manager"}],
    "groups": [{"id": "g-kai", "name": "海成グループ", "currency": "JPY"}],
    "companies": [
        {"id": "c-hd", "name": "海成ホールディングス", "group": "g-kai"},
        {"id": "c-drink", "name": "海成飲料", "group": "g-kai", "parent": "c-hd"},
        {"id": "c-food", "name": "海成フーズ", "group": "g-kai", "parent": "c-hd"}],
    "departments": [
        {"id": "d-drink-qa", "name": "品質保証部", "company": "c-drink", "potential_mrr": 50000},
        {"id": "d-food-qa", "name": "品質保証部", "company": "c-food", "potential_mrr": 40000},
        {"id": "d-food-it", "name": "情報システム部", "company": "c-food"}],
    "stakeholders": [
        {"id": "s-pres", "name": "海野 太郎", "title": "代表取締役社長", "company": "c-food",
         "roles": ["economic_buyer"]},
        {"id": "s-qa", "name": "佐伯 三郎", "company": "c-food", "department": "d-food-qa",
         "reports_to": "s-pres", "roles": ["decision_maker"]},
        {"id": "s-it", "name": "伊藤 二郎", "company": "c-food", "department": "d-food-it",
         "reports_to": "s-pres"}],
    "relationships": [{"owner": "o-am", "stakeholder": "s-it", "strength": 4}],
    "assignments": [{"owner": "o-am", "account": "g-kai"}],
    "subscriptions": [{"account": "d-food-it", "product": "p-q", "mrr": 100000,
                       "start": "2025-01-01", "renewal": "2027-01-01"},
                      {"account": "d-drink-qa", "product": "p-q", "mrr": 30000,
                       "start": "2025-01-01", "renewal": "2027-01-01"}],
}


def _plan_md(run: Any, book: Path, *args: Any) -> str:
    result = run("plan", book, *args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def test_repeated_department_names_carry_their_company(run: Any, tmp_path: Path) -> None:
    book = tmp_path / "kai.yaml"
    book.write_text(yaml.safe_dump(TWO_QA, allow_unicode=True), "utf-8")
    text = _plan_md(run, book, "--group", "g-kai", "--lang", "ja")
    assert "海成飲料 品質保証部" in text and "海成フーズ 品質保証部" in text
    assert "(d-drink-qa)" not in text and "(d-food-qa)" not in text
    assert "情報システム部" in text and "海成フーズ 情報システム部" not in text  # unique: as is
    english = _plan_md(run, book, "--group", "g-kai")
    assert "海成飲料 / 品質保証部" in english


def test_an_account_without_contacts_says_so(run: Any) -> None:
    en = _plan_md(run, EXAMPLE, "--group", "g-nakamura")
    row = next(line for line in en.splitlines() if line.startswith("| Nakamura Chemical |")
               and "single owner" in line)
    assert "no contact" in row and "single-threaded" not in row
    ja = _plan_md(run, EXAMPLE, "--group", "g-nakamura", "--lang", "ja")
    assert "窓口なし" in ja


def test_markdown_keeps_the_company_tree(run: Any) -> None:
    text = _plan_md(run, EXAMPLE, "--group", "g-nakamura")
    assert "| \u3000└ Nakamura Foods |" in text
    assert "| \u3000\u3000└ Nakamura Foods Kyushu |" in text


def test_ratios_are_rounded_once_and_na_where_nothing_applies(run: Any) -> None:
    assert percent(Decimal(3000) / Decimal(3800), "en") == "78.9%"
    assert percent(None, "en") == "n/a" and percent(None, "ja") == "対象外"
    result = run("revenue", EXAMPLE, "--from", "2026-01-01", "--group", "g-harbor")
    assert "GRR 78.9%" in result.stdout  # 3,000 / 3,800, not 79.0% (0.7895 rounded again)
    assert "unknown" not in result.stdout and "n/a" in result.stdout
    assert not re.search(r"[-+]0\b(?![.,]\d)", result.stdout)  # never -0 or +0
