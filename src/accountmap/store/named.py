"""Running a named query from ``queries/`` against one dataset: pick the dataset, bind the
parameters as the query's header declares them, run it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .connection import Connection, run_query
from .queries import bind, query_info, query_text
from .reader import choose_dataset
from .shape import settings_from


def dataset_fx(conn: Connection, dataset: str) -> dict[str, float]:
    """The dataset's fx rates (currency -> units of the group's currency), as loaded."""
    _, rows = run_query(conn, "MATCH (d:Dataset {name: $dataset}) "
                              "RETURN d.fx_currencies AS fx_currencies, d.fx_rates AS fx_rates",
                        {"dataset": dataset})
    rates = settings_from(rows[0]).get("fx_rates", []) if rows else []
    return {r["currency"]: r["rate"] for r in rates}


#: the anchor of a query's walk: every node of one label in the dataset
_ANCHOR = re.compile(r"\((\w+):(Group|Account|Company|Department|Stakeholder|Opportunity|"
                     r"Touchpoint) \{dataset: \$dataset\}\)")


def group_scoped(text: str) -> str:
    """A query's text with each walk anchored on one group's records (``{dataset: $dataset,
    scope: $group}``: the (dataset, scope) index, so the query touches that group's subgraph,
    not the dataset's). The text added is fixed; the group stays a parameter."""
    return _ANCHOR.sub(r"(\1:\2 {dataset: $dataset, scope: $group})", text)


def run_named(conn: Connection, name: str, given: dict[str, Any], *,
              dataset: str | None = None, as_of: dt.date | None = None
              ) -> tuple[list[str], list[dict[str, Any]]]:
    """(columns, rows) of query NAME. ``dataset`` defaults to the only one in the database;
    ``$as_of`` to ``as_of``, else the dataset's, else today."""
    info = query_info(name)
    bind(info, given, dataset=dataset or "", as_of=as_of or dt.date.today())  # bad values
    # are refused before any connection is made
    name_of_dataset, stored_as_of = choose_dataset(conn, dataset)
    fx = dataset_fx(conn, name_of_dataset) if "fx" in info.params else {}
    values = bind(info, given, dataset=name_of_dataset,
                  as_of=as_of or stored_as_of or dt.date.today(), fx=fx)
    text = query_text(name)
    if "group" in info.params and values.get("group") is not None:
        text = group_scoped(text)
    return run_query(conn, text, values)
