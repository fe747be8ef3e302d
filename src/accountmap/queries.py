"""Named Cypher queries: the files in ``queries/`` (shipped inside the package).

Each file starts with a comment block: the first line ``// NAME: one-line purpose``, then
``Purpose:``, ``Parameters:`` and ``Columns:`` sections. ``$dataset`` (the dataset name) is
passed to every query by the CLI; ``Parameters:`` lines read ``$name (type, default X):
meaning``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import NotFoundError

QUERY_DIR = Path(__file__).resolve().parent / "queries"
_PARAM = re.compile(r"^\$(\w+)\s*(?:\(([^)]*)\))?\s*:?\s*(.*)$")


@dataclass(frozen=True)
class QueryInfo:
    name: str
    purpose: str
    parameters: dict[str, str] = field(default_factory=dict)  # name -> "(type, default) text"
    defaults: dict[str, str] = field(default_factory=dict)
    columns: str = ""


def query_names() -> list[str]:
    """Names of the shipped queries (schema excluded: it is not a read query)."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.cypher") if p.stem != "schema")


def query_text(name: str) -> str:
    """The text of query NAME. Raises NotFoundError naming the available ones."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise NotFoundError(f"no query named {name!r}")
    path = QUERY_DIR / f"{name}.cypher"
    if not path.is_file():
        raise NotFoundError(f"no query named '{name}' (available: {', '.join(query_names())})")
    return path.read_text(encoding="utf-8")


def query_info(name: str) -> QueryInfo:
    """Parse the header comment block of a query file."""
    header = []
    for line in query_text(name).splitlines():
        if not line.startswith("//"):
            break
        header.append(line[2:].strip())
    sections: dict[str, list[str]] = {"purpose": [], "parameters": [], "columns": []}
    current = "purpose"
    for line in header[1:]:
        key = line.split(":", 1)[0].strip().lower()
        if key in sections and ":" in line:
            current = key
            line = line.split(":", 1)[1].strip()
        if line:
            sections[current].append(line)
    params: dict[str, str] = {}
    defaults: dict[str, str] = {}
    for line in sections["parameters"]:
        m = _PARAM.match(line)
        if m:
            params[m.group(1)] = line
            spec = m.group(2) or ""
            d = re.search(r"default\s+([^,)]+)", spec)
            if d:
                defaults[m.group(1)] = d.group(1).strip()
    title = header[0].split(":", 1)[-1].strip() if header else name
    purpose = " ".join(sections["purpose"]) or title
    return QueryInfo(name, purpose, params, defaults, " ".join(sections["columns"]))
