"""The named queries (``queries/*.cypher``) rendered from templates (``store/cypher/``).

A template is a query whose shared rules are named, not written: ``{{subscription_active(x)}}``
becomes that fragment of ``rules.py`` for the variable ``x``, and the header line
``// {{parameters}}`` becomes the ``Parameters:`` block: ``$dataset``, ``$as_of`` (one text
for every query), then the parameters the analysis declares (``analysis.declare``), then any
parameter lines the template writes itself (queries that are not analyses). The rendered
files stay at the top level for users to read and run, and are committed; a test fails when
one differs from its rendering (``python -m accountmap.store.templates --write`` renders
them again; ``--check`` says which differ, exit 1).
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

from ..analysis.declare import Analysis
from ..analysis.registry import ANALYSES
from ..rules import AS_OF_LINE, DATASET_LINE, FRAGMENTS, FX_LINE
from .queries import query_dir

TEMPLATES = Path(__file__).resolve().parent / "cypher"
_CALL = re.compile(r"\{\{(\w+)\(([\w., ]*)\)\}\}")
_INDENT = "//             "
_WIDTH = 100


def template_names() -> list[str]:
    return sorted(p.stem for p in TEMPLATES.glob("*.cypher"))


def _analysis_of(query: str) -> Analysis[object] | None:
    return next((a for a in ANALYSES if a.query == query), None)


def parameter_block(query: str, template: str) -> list[str]:
    """The header's ``Parameters:`` lines of a query (``template``: its text), wrapped to the
    width of the files."""
    entries = [DATASET_LINE, AS_OF_LINE]
    if "{{subscription_mrr(" in template:
        entries.append(FX_LINE)
    analysis = _analysis_of(query)
    if analysis is not None:
        entries += analysis.header_lines()
    lines = []
    for i, entry in enumerate(entries):
        first = "// Parameters: " if i == 0 else _INDENT
        lines += textwrap.wrap(entry, _WIDTH, initial_indent=first, subsequent_indent=_INDENT,
                               break_on_hyphens=False, break_long_words=False)
    return lines


def _fragment(match: re.Match[str]) -> str:
    name, args = match.group(1), [a.strip() for a in match.group(2).split(",") if a.strip()]
    if name not in FRAGMENTS:
        raise KeyError(f"unknown rule fragment {name!r} (known: {', '.join(FRAGMENTS)})")
    return FRAGMENTS[name](*args)


def render_query(name: str) -> str:
    """The text of ``queries/NAME.cypher`` from its template."""
    out = []
    template = (TEMPLATES / f"{name}.cypher").read_text(encoding="utf-8")
    for line in template.splitlines():
        if line.strip() == "// {{parameters}}":
            out += parameter_block(name, template)
        else:
            out.append(_CALL.sub(_fragment, line))
    return "\n".join(out) + "\n"


def stale_files() -> list[str]:
    """Names of the query files that differ from their rendering."""
    return [n for n in template_names()
            if not (query_dir() / f"{n}.cypher").is_file()
            or (query_dir() / f"{n}.cypher").read_text(encoding="utf-8") != render_query(n)]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--write"]:
        for n in template_names():
            (query_dir() / f"{n}.cypher").write_text(render_query(n), encoding="utf-8")
        print(f"rendered {len(template_names())} queries into {query_dir()}")
        return 0
    if args == ["--check"]:
        stale = stale_files()
        for n in stale:
            print(f"queries/{n}.cypher differs from its template: run "
                  "python -m accountmap.store.templates --write", file=sys.stderr)
        return 1 if stale else 0
    print("usage: python -m accountmap.store.templates --write | --check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
