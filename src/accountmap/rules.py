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

from . import asof, contracts, organisation
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
    """Holding the post on ``day`` by its own dates: started (``joined_on``) and not left
    (``asof.stakeholder_left``)."""
    return organisation.stakeholder_started(person, day) and not asof.stakeholder_left(
        person, day)


def person_active(person: Stakeholder, units: list[Any], day: dt.date) -> bool:
    """Active on ``day``: holding the post (``stakeholder_active``), and every unit it sits in
    (its company, its department and the departments above it) exists that day."""
    return stakeholder_active(person, day) and all(
        organisation.unit_exists(u, day) for u in units)


def account_exists(units: list[Any], day: dt.date) -> bool:
    """A company or department exists on ``day``: it and every unit above it, up to its
    company (``organisation.existence``)."""
    return all(organisation.unit_exists(u, day) for u in units)


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


def _literal(text: str) -> str:
    """Fragment text embedded in another fragment's template (braces kept as braces)."""
    return text.replace("{", "{{").replace("}", "}}")


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
    "(({s}.joined_on IS NULL OR {s}.joined_on <= $as_of)"
    " AND CASE WHEN {s}.left_on IS NULL THEN {s}.status = 'active' ELSE $as_of < {s}.left_on"
    " END)",
    stakeholder_active, "holding the post by its dates: joined_on <= D (or none) and D before "
                        "left_on (no left_on: status)")
UNIT_EXISTS = Fragment(
    "unit_exists", ("u",),
    "(({u}.joined_group_on IS NULL OR {u}.joined_group_on <= $as_of)"
    " AND ({u}.left_group_on IS NULL OR $as_of < {u}.left_group_on)"
    " AND ({u}.created_on IS NULL OR {u}.created_on <= $as_of)"
    " AND ({u}.closed_on IS NULL OR $as_of < {u}.closed_on))",
    organisation.unit_exists, "a company in its group, or a department open, on D (the unit "
                              "alone)")
_UNIT_GONE = _literal(UNIT_EXISTS("unit_up"))
ACCOUNT_EXISTS = Fragment(
    "account_exists", ("e",),
    "NOT EXISTS {{ MATCH ({e})-[:PART_OF*0..]->(unit_up:Account)"
    f" WHERE NOT {_UNIT_GONE} }}}}",
    account_exists, "the company or department and every unit above it exist on D")
_HELD = STAKEHOLDER_ACTIVE("{s}")
PERSON_ACTIVE = Fragment(
    "person_active", ("s",),
    f"({_HELD} AND NOT EXISTS {{{{ MATCH ({{s}})-[:WORKS_AT|WORKS_IN]->(:Account)"
    f"-[:PART_OF*0..]->(unit_up:Account) WHERE NOT {_UNIT_GONE} }}}})",
    person_active, "active on D: holding the post, in units that all exist on D")
HELD_UNITS = Fragment(
    "held_units", ("r",),
    "([{r}] + [held_path = (held_unit:Account)-[:PART_OF*0..]->(:Company)-[:MERGED_INTO*1..]"
    "->({r}) WHERE all(n IN nodes(held_path) WHERE n = {r} OR n:Department"
    " OR n.left_group_on <= $as_of) | held_unit])",
    organisation.Existence.account, "the accounts whose contracts are the account's on D: "
    "itself, and the companies absorbed into it by then (merged_into) with their departments")
PERSON_OF = Fragment(
    "person_of", ("s",),
    "head([person_path = ({s})-[:SAME_PERSON_AS*0..]->(person_root:Stakeholder)"
    f" WHERE all(n IN nodes(person_path) WHERE {_literal(PERSON_ACTIVE('n'))})"
    " AND NOT EXISTS {{ MATCH (person_root)-[:SAME_PERSON_AS]->(person_up:Stakeholder)"
    f" WHERE {_literal(PERSON_ACTIVE('person_up'))} }}}} | person_root])",
    organisation.person_of, "the post that stands for the person holding post s: the end "
    "of its same_person_as chain among the active posts")
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
#: the meeting is found from the stakeholder (only touchpoints are ATTENDED_BY anything): no
#: label on ``pair_touch``, so no planner starts from the touchpoints' date index and scans
#: every touchpoint of the database up to D
_COUNTING = _literal(TOUCHPOINT_COUNTS("pair_touch"))
PAIRED = Fragment(
    "paired", ("s",),
    "(EXISTS {{ (:Owner)-[:RELATES_TO]->({s}) }}"
    " OR EXISTS {{ (:Owner)<-[:ATTENDED_BY]-(pair_touch)-[:ATTENDED_BY]->({s})"
    f" WHERE {_COUNTING} }}}})",
    pair_known, "the stakeholder has a relationship pair with some owner")
PAIR_OWNERS = Fragment(
    "pair_owners", ("s",),
    "([(pair_owner:Owner)-[:RELATES_TO]->({s}) | pair_owner]"
    " + [(pair_owner:Owner)<-[:ATTENDED_BY]-(pair_touch)-[:ATTENDED_BY]->({s})"
    f" WHERE {_COUNTING} | pair_owner])",
    pair_known, "the owners paired with the stakeholder (a list that may repeat an owner)")
BELONGS_TO = Fragment(
    "belongs_to", ("s", "e"),
    "({s}:Stakeholder)-[:WORKS_AT|WORKS_IN]->(:Account)-[:PART_OF*0..]->({e})",
    belongs_to, "a pattern: the stakeholder belongs to the entity")

FRAGMENTS: dict[str, Fragment] = {f.name: f for f in (
    SUBSCRIPTION_STARTED, SUBSCRIPTION_ACTIVE, STAKEHOLDER_ACTIVE, UNIT_EXISTS, ACCOUNT_EXISTS,
    PERSON_ACTIVE, HELD_UNITS, PERSON_OF, OPPORTUNITY_EXISTS, OPPORTUNITY_OPEN,
    TOUCHPOINT_COUNTS, SUBSCRIPTION_MRR, PAIRED, PAIR_OWNERS, BELONGS_TO)}

#: The header lines of ``$dataset`` and ``$as_of``, the same in every query.
DATASET_LINE = "$dataset (string): the dataset name (the CLI fills in the only one)."
AS_OF_LINE = ("$as_of (date): the analysis date (the CLI passes --as-of, else the dataset's "
              "as_of); every record is as it stood that day (docs/analytics.md, \"As of D\"; "
              "the rules are the fragments of src/accountmap/rules.py).")
FX_LINE = ("$fx (map): the book's fx_rates, currency -> units of the group's currency (the "
           "CLI fills them in from the dataset); amounts are summed in each group's currency.")
