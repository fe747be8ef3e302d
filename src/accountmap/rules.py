"""The shared rules in Cypher, each beside its Python twin.

The NetworkX engine applies "as of D" (``asof.py``) and the relationship-pair and belongs-to
rules (``facts.py``) in Python; the Cypher engine applies the same rules inside Neo4j. Each
rule is written here once as a named Cypher fragment, next to the Python function it mirrors,
and ``queries/*.cypher`` are rendered from templates that name the fragments
(``store/templates.py``; ``{{subscription_active(x)}}``). A rule change touches one Python
function and one fragment, side by side. ``tests/test_rules.py`` evaluates every fragment on
hand-made cases, boundaries included (a date equal to D), against its twin, without Neo4j.

Fragments read the stored shape (``store/shape.py``): dates as Neo4j dates, statuses as text,
``$as_of`` the day. Each takes the names of the pattern variables it talks about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import asof, contracts
from .model import Stakeholder, Touchpoint


@dataclass(frozen=True)
class Fragment:
    """A rule in Cypher: ``text`` with ``{variable}`` placeholders, the Python ``twin`` it
    mirrors (documentation and the truth-table tests), and what it is (``doc``)."""

    name: str
    variables: tuple[str, ...]
    text: str
    twin: Callable[..., Any]
    doc: str

    def __call__(self, *names: str) -> str:
        """The fragment with its variables named (``subscription_active("x")``)."""
        if len(names) != len(self.variables):
            raise TypeError(f"{self.name} takes {', '.join(self.variables)}")
        return self.text.format(**dict(zip(self.variables, names, strict=True)))


def stakeholder_active(person: Stakeholder, day: dt.date) -> bool:
    """Active on ``day``: not left (``asof.stakeholder_left``)."""
    return not asof.stakeholder_left(person, day)


def touchpoint_counts(touchpoint: Touchpoint, day: dt.date) -> bool:
    """A touchpoint counts on ``day`` when it is dated on or before it."""
    return touchpoint.date <= day


def pair_known(recorded: bool, touchpoint_dates: Iterable[dt.date], day: dt.date) -> bool:
    """The relationship-pair rule (``facts``): an owner and a stakeholder are a pair when a
    relationship record names them or a touchpoint that counts on ``day`` has both."""
    return recorded or any(d <= day for d in touchpoint_dates)


def belongs_to(company: str, department: str | None, parent: dict[str, str | None],
               entity: str) -> bool:
    """The belongs-to rule (``facts``): a stakeholder belongs to its company, its department
    and the department's ancestors; not to other companies (subsidiaries or parents)."""
    unit = department
    units = [company]
    while unit is not None:
        units.append(unit)
        unit = parent.get(unit)
    return entity in units


TOUCHPOINT_COUNTS = Fragment(
    "touchpoint_counts", ("t",),
    "{t}.date <= $as_of",
    touchpoint_counts, "dated on or before D")
SUBSCRIPTION_STARTED = Fragment(
    "subscription_started", ("x",),
    "({x}.start IS NULL OR {x}.start <= $as_of)",
    asof.subscription_started, "the subscription exists: no start, or started by D")
SUBSCRIPTION_ACTIVE = Fragment(
    "subscription_active", ("x",),
    f"({SUBSCRIPTION_STARTED.text}"
    " AND CASE WHEN {x}.end IS NULL THEN {x}.status = 'active' ELSE $as_of < {x}.end END)",
    asof.subscription_active, "active on D: started, and before its end (no end: status)")
STAKEHOLDER_ACTIVE = Fragment(
    "stakeholder_active", ("s",),
    "(CASE WHEN {s}.left_on IS NULL THEN {s}.status = 'active' ELSE $as_of < {s}.left_on END)",
    stakeholder_active, "not left by D: D before left_on (no left_on: status)")
OPPORTUNITY_EXISTS = Fragment(
    "opportunity_exists", ("o",),
    "({o}.created IS NULL OR {o}.created <= $as_of)",
    asof.opportunity_exists, "the opportunity exists: no created date, or created by D")
OPPORTUNITY_OPEN = Fragment(
    "opportunity_open", ("o",),
    f"({OPPORTUNITY_EXISTS.text}"
    " AND ({o}.status = 'open' OR coalesce({o}.close_date >= $as_of, false)))",
    asof.opportunity_open, "open on D: exists, and open or closed on or after D")
SUBSCRIPTION_MRR = Fragment(
    "subscription_mrr", ("x", "currency"),
    "(CASE WHEN {x}.currency IS NULL OR {x}.currency = {currency} THEN {x}.mrr"
    " ELSE round({x}.mrr * $fx[{x}.currency], 2) END)",
    contracts.to_group, "the subscription's MRR in its group's currency ({currency}: the "
                        "group's currency; $fx: the book's rates)")
_COUNTING = TOUCHPOINT_COUNTS("pair_touch").replace("{", "{{").replace("}", "}}")
PAIRED = Fragment(
    "paired", ("s",),
    "(EXISTS {{ (:Owner)-[:RELATES_TO]->({s}) }}"
    " OR EXISTS {{ (:Owner)<-[:ATTENDED_BY]-(pair_touch:Touchpoint)-[:ATTENDED_BY]->({s})"
    f" WHERE {_COUNTING} }}}})",
    pair_known, "the stakeholder has a relationship pair with some owner")
PAIR_OWNERS = Fragment(
    "pair_owners", ("s",),
    "([(pair_owner:Owner)-[:RELATES_TO]->({s}) | pair_owner]"
    " + [(pair_owner:Owner)<-[:ATTENDED_BY]-(pair_touch:Touchpoint)-[:ATTENDED_BY]->({s})"
    f" WHERE {_COUNTING} | pair_owner])",
    pair_known, "the owners paired with the stakeholder (a list that may repeat an owner)")
BELONGS_TO = Fragment(
    "belongs_to", ("s", "e"),
    "({s}:Stakeholder)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->({e})",
    belongs_to, "a pattern: the stakeholder belongs to the entity")

FRAGMENTS: dict[str, Fragment] = {f.name: f for f in (
    SUBSCRIPTION_STARTED, SUBSCRIPTION_ACTIVE, STAKEHOLDER_ACTIVE, OPPORTUNITY_EXISTS,
    OPPORTUNITY_OPEN, TOUCHPOINT_COUNTS, SUBSCRIPTION_MRR, PAIRED, PAIR_OWNERS, BELONGS_TO)}

#: The header lines of ``$dataset`` and ``$as_of``, the same in every query.
DATASET_LINE = "$dataset (string): the dataset name (the CLI fills in the only one)."
AS_OF_LINE = ("$as_of (date): the analysis date (the CLI passes --as-of, else the dataset's "
              "as_of); every record is as it stood that day (docs/analytics.md, \"As of D\"; "
              "the rules are the fragments of src/accountmap/rules.py).")
FX_LINE = ("$fx (map): the book's fx_rates, currency -> units of the group's currency (the "
           "CLI fills them in from the dataset); amounts are summed in each group's currency.")
