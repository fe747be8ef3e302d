"""The recorded output of every command on the example book (``tests/golden/``).

A refactoring must not change what any command prints or writes. ``CASES`` runs each data
command in each output form and language on ``examples/nakamura-group.yaml``; the recorded
files were written by ``python -m tests.golden --record`` on code known to be right, and
``tests/test_golden.py`` compares every case byte for byte. Record again only with a change of
output that the README's changelog names.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from click.testing import CliRunner

from accountmap.cli import cli

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
BOOK = "examples/nakamura-group.yaml"

#: name -> arguments (``{out}`` is a file the command writes, compared instead of stdout).
CASES: dict[str, list[str]] = {}


def _case(name: str, *args: str) -> None:
    CASES[name] = list(args)


for _fmt in ("table", "json", "csv"):
    _case(f"summary.{_fmt}", "summary", BOOK, "--format", _fmt)
    _case(f"coverage.{_fmt}", "coverage", BOOK, "--format", _fmt)
    _case(f"coverage-group.{_fmt}", "coverage", BOOK, "--group", "g-nakamura", "--kind",
          "company", "--format", _fmt)
    _case(f"threads.{_fmt}", "threads", BOOK, "--format", _fmt)
    _case(f"threads-min3.{_fmt}", "threads", BOOK, "--min-contacts", "3", "--format", _fmt)
    _case(f"key-people.{_fmt}", "threads", BOOK, "--by", "person", "--format", _fmt)
    _case(f"contacts.{_fmt}", "contacts", BOOK, "--format", _fmt)
    _case(f"contacts-60.{_fmt}", "contacts", BOOK, "--window-days", "60", "--max-owners", "2",
          "--format", _fmt)
    _case(f"whitespace.{_fmt}", "whitespace", BOOK, "--format", _fmt)
    _case(f"whitespace-dept.{_fmt}", "whitespace", BOOK, "--level", "department",
          "--format", _fmt)
    _case(f"stale.{_fmt}", "stale", BOOK, "--format", _fmt)
    _case(f"stale-90.{_fmt}", "stale", BOOK, "--stale-days", "90", "--format", _fmt)
    _case(f"path.{_fmt}", "path", BOOK, "--to", "c-nk-chem", "--format", _fmt)
    _case(f"revenue.{_fmt}", "revenue", BOOK, "--from", "2026-01-01", "--format", _fmt)
    _case(f"renewals.{_fmt}", "renewals", BOOK, "--format", _fmt)
    _case(f"renewals-365.{_fmt}", "renewals", BOOK, "--within", "365", "--format", _fmt)
    _case(f"diff.{_fmt}", "diff", BOOK, "--from", "2026-01-01", "--format", _fmt)
    _case(f"asof.{_fmt}", "coverage", BOOK, "--as-of", "2026-03-31", "--format", _fmt)
_case("validate", "validate", BOOK)
_case("schema", "schema")
_case("plan.md", "plan", BOOK, "--group", "g-nakamura")
_case("plan.ja.md", "plan", BOOK, "--group", "g-nakamura", "--lang", "ja")
_case("plan.json", "plan", BOOK, "--group", "g-nakamura", "--format", "json")
_case("plan-since.md", "plan", BOOK, "--group", "g-nakamura", "--since", "2026-01-01",
      "--date-style", "iso")
_case("plan.html", "plan", BOOK, "--group", "g-nakamura", "-o", "{out}")
_case("plan.ja.html", "plan", BOOK, "--group", "g-nakamura", "--lang", "ja", "-o", "{out}")
_case("map.html", "map", BOOK, "--group", "g-nakamura", "-o", "{out}")
_case("map.ja.html", "map", BOOK, "--group", "g-nakamura", "--lang", "ja", "-o", "{out}")
_case("map-focus.html", "map", BOOK, "--focus", "s-sato", "--depth", "2", "-o", "{out}")
_case("generate.yaml", "generate", "--groups", "2", "-o", "{out}")


def run_case(name: str, tmp: Path) -> bytes:
    """What case NAME prints (or writes, for cases with ``{out}``), as bytes."""
    out = tmp / name
    args = [a.replace("{out}", str(out)) for a in CASES[name]]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, (name, result.output)
    if "{out}" in CASES[name]:
        return out.read_bytes()
    return result.stdout_bytes


#: Large outputs (the HTML pages inline vis-network) are recorded as their SHA-256 only.
DIGESTED = (".html", "generate.yaml")


def recorded_name(name: str) -> str:
    return f"{name}.sha256" if name.endswith(DIGESTED) else name


def recorded_form(name: str, output: bytes) -> bytes:
    """What is kept of an output: the bytes, or their digest for the large ones."""
    if name.endswith(DIGESTED):
        return hashlib.sha256(output).hexdigest().encode() + b"\n"
    return output


def main() -> None:
    import os
    import tempfile

    if sys.argv[1:] != ["--record"]:
        sys.exit("usage: python -m tests.golden --record")
    os.chdir(ROOT)
    GOLDEN.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in CASES:
            (GOLDEN / recorded_name(name)).write_bytes(
                recorded_form(name, run_case(name, Path(tmp))))
    print(f"recorded {len(CASES)} cases in {GOLDEN}")


if __name__ == "__main__":
    main()
