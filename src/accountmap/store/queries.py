"""Named Cypher queries: the files in ``queries/`` (shipped inside the package).

Each file starts with a comment block: the first line ``// NAME: one-line purpose``, then
``Purpose:``, ``Parameters:`` and ``Columns:`` sections. A parameter line reads
``$name (type, default X): meaning`` with type one of string, integer, float, date, boolean
(``default null`` allowed). ``bind`` turns the user's ``--param key=value`` text into values
of those types, so a date is sent as a date (a string would silently compare as null), fills
defaults, and refuses unknown or missing parameters. ``$dataset`` and ``$as_of`` default to
the dataset being queried and its as_of date.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import MissingParameterError, NotFoundError, UsageError
from ..model import article


def query_dir() -> Path:
    """Where the ``.cypher`` files are: inside the installed package (the wheel maps the
    top-level ``queries/`` folder to ``accountmap/queries``), else in the source tree beside
    ``src/`` (editable installs and checkouts)."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "queries", package.parents[1] / "queries"):
        if (candidate / "schema.cypher").is_file():
            return candidate
    raise NotFoundError(f"the Cypher query files are missing (looked in {package / 'queries'} "
                        f"and {package.parents[1] / 'queries'})")


_PARAM = re.compile(r"^\$(\w+)\s*\(([^)]*)\)")
_MISSING = object()


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Any = _MISSING  # already converted; _MISSING when the parameter is required


@dataclass(frozen=True)
class QueryInfo:
    name: str
    purpose: str
    params: dict[str, Param] = field(default_factory=dict)
    columns: str = ""


def query_names() -> list[str]:
    """Names of the shipped queries (schema excluded: it is not a read query)."""
    return sorted(p.stem for p in query_dir().glob("*.cypher") if p.stem != "schema")


def query_text(name: str) -> str:
    """The text of query NAME. Raises NotFoundError naming the available ones."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
        raise NotFoundError(f"no query named {name!r}")
    path = query_dir() / f"{name}.cypher"
    if not path.is_file():
        raise NotFoundError(f"no query named '{name}' (available: {', '.join(query_names())})")
    return path.read_text(encoding="utf-8")


def convert(raw: Any, kind: str, name: str) -> Any:
    """A parameter value of the declared type (text from the command line, or a value)."""
    if not isinstance(raw, str):
        return raw
    if raw == "null":
        return None
    try:
        if kind == "date":
            return dt.date.fromisoformat(raw)
        if kind == "integer":
            value = int(raw)
            if not -(2**63) <= value < 2**63:
                raise UsageError(f"parameter {name} is out of range (a 64-bit integer), got "
                                 f"{raw[:30]!r}")
            return value
        if kind == "float":
            number = float(raw)
            if not math.isfinite(number):
                raise UsageError(f"parameter {name} must be a finite number, got {raw!r}")
            return number
        if kind == "map":
            parsed = json.loads(raw)
            if not isinstance(parsed, dict) or not all(
                    isinstance(v, int | float) and not isinstance(v, bool)
                    for v in parsed.values()):
                raise ValueError(raw)
            return {str(k): float(v) for k, v in parsed.items()}
        if kind == "boolean":
            if raw.lower() not in ("true", "false"):
                raise ValueError(raw)
            return raw.lower() == "true"
    except ValueError:
        raise UsageError(f"parameter {name} must be {article(kind)}, got {raw!r}") from None
    return raw


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
    params: dict[str, Param] = {}
    for line in sections["parameters"]:
        m = _PARAM.match(line)
        if not m:
            continue
        spec = [part.strip() for part in m.group(2).split(",")]
        kind = spec[0]
        default: Any = _MISSING
        for part in spec[1:]:
            if part.startswith("default "):
                default = convert(part[len("default "):].strip(), kind, m.group(1))
        params[m.group(1)] = Param(m.group(1), kind, default)
    title = header[0].split(":", 1)[-1].strip() if header else name
    purpose = " ".join(sections["purpose"]) or title
    return QueryInfo(name, purpose, params, " ".join(sections["columns"]))


def bind(info: QueryInfo, given: dict[str, Any], *, dataset: str,
         as_of: dt.date, fx: dict[str, float] | None = None) -> dict[str, Any]:
    """The parameters of one run: given values converted to their declared types, defaults
    filled in, ``dataset``, ``as_of`` and ``fx`` from the dataset unless given."""
    unknown = sorted(set(given) - set(info.params))
    if unknown:
        accepted = ", ".join(sorted(info.params)) or "none"
        raise UsageError(f"query {info.name} has no parameter {', '.join(unknown)} "
                         f"(parameters: {accepted})")
    values: dict[str, Any] = {}
    for name, param in info.params.items():
        if name in given:
            values[name] = convert(given[name], param.type, name)
        elif name == "dataset":
            values[name] = dataset
        elif name == "as_of":
            values[name] = as_of
        elif name == "fx":
            values[name] = dict(fx or {})
        elif param.default is not _MISSING:
            values[name] = param.default
        else:
            raise MissingParameterError(info.name, name, param.type)
    return values
