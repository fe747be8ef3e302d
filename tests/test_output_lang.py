"""Every data command speaks the language: --lang ja (or ACCOUNTMAP_LANG=ja) gives Japanese
table and CSV headers and vocabulary words; JSON keeps the codes; tables are laid out for 80
columns when stdout is not a terminal and never break a Japanese name."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from rich.cells import cell_len

from tests.conftest import EXAMPLE
from tests.ja_group import nine_company_book


def test_tables_and_csv_in_japanese(run: Any) -> None:
    table = run("threads", EXAMPLE, "--lang", "ja").stdout
    assert "顧客側の窓口数" in table and "フラグ" in table and "顧客側の窓口が1人" in table
    assert "single_threaded" not in table
    csv = run("contacts", EXAMPLE, "--lang", "ja", "--excel").stdout_bytes.decode("utf-8")
    assert csv.startswith("\ufeff対象,ID,名前") and "\r\n" in csv
    assert "当社の接触者が多すぎる" in csv


def test_json_keeps_the_codes(run: Any) -> None:
    en = json.loads(run("threads", EXAMPLE, "--format", "json").stdout)
    ja = json.loads(run("threads", EXAMPLE, "--format", "json", "--lang", "ja").stdout)
    assert en == ja and "single_threaded" in ja[0]["flags"]


def test_the_language_from_the_environment(run: Any) -> None:
    result = run("renewals", EXAMPLE, env={"ACCOUNTMAP_LANG": "ja"})
    assert result.exit_code == 0 and "更新日" in result.stdout and "通知期限" in result.stdout
    bad = run("renewals", EXAMPLE, env={"ACCOUNTMAP_LANG": "fr"})
    assert bad.exit_code == 2


def test_japanese_names_never_wrap(run: Any, tmp_path: Path) -> None:
    book = tmp_path / "ja9.json"
    data = nine_company_book()
    book.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    names = {s["name"] for s in data["stakeholders"]} | {o["name"] for o in data["owners"]}
    families = "|".join(sorted({n.split()[0] for n in names}, key=len, reverse=True))
    # a name broken across lines leaves its family name alone at the end of its cell
    broken = re.compile(rf"(^|\s)({families})(\s{{2,}}|$)")
    for command in (["stale"], ["contacts"], ["renewals"], ["threads", "--by", "person"]):
        out = run(*command, book, "--lang", "ja").stdout
        assert out.strip()
        for line in out.splitlines():
            assert not broken.search(line), (command, line)
    table = run("summary", book, "--lang", "ja").stdout
    assert all(cell_len(line) <= 80 for line in table.splitlines())


def test_csv_puts_names_next_to_ids(run: Any) -> None:
    import csv as csvmod
    import io

    rows = list(csvmod.DictReader(io.StringIO(run("contacts", EXAMPLE, "--format",
                                                  "csv").stdout)))
    sato = next(r for r in rows if r["id"] == "s-sato")
    assert "o-tanaka" in sato["owners"] and "Kenji Tanaka" in sato["owners_name"]
    assert sato["suggested_contact_name"] == "Kenji Tanaka"
    renewals = list(csvmod.DictReader(io.StringIO(run("renewals", EXAMPLE, "--format",
                                                      "csv").stdout)))
    assert renewals[0]["renewal_owner"] == "o-tanaka"
    assert renewals[0]["renewal_owner_name"] == "Kenji Tanaka"
