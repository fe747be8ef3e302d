"""Which roles the coverage grid expects where: only material gaps are marked.

An account (a company or department of the grid) is in one or more **states**:

- ``company`` / ``department``: its level;
- ``paying``: it has active MRR directly on it (the product is used there);
- ``new_business``: a deal other than a renewal is open directly on it;
- ``any``: every account.

The expectation table names, per state, the buying roles (held by an active stakeholder
belonging to the account) and our roles (assigned on the account or above it) expected there;
an account expects the union over its states. Defaults:

=============  ==========================================  ==================================
state          buying roles                                our roles
=============  ==========================================  ==================================
company        economic_buyer, decision_maker
paying         champion, user                              account_manager, customer_success
new_business                                               account_executive
=============  ==========================================  ==================================

Customer success is held only when it covers every product line the account pays for. Cells
not expected are blank; an expected role nobody holds is a gap. ``--expect FILE`` (YAML or
JSON, the same shape: ``buying_roles`` and ``our_roles``, each a mapping of state to roles)
replaces the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UsageError

STATES = ("any", "company", "department", "paying", "new_business")
BUYING = ("economic_buyer", "decision_maker", "champion", "technical_evaluator", "user",
          "influencer", "blocker", "procurement")
OURS = ("account_manager", "customer_success", "account_executive", "customer_sales",
        "sales_engineer", "support", "executive_sponsor", "other")


@dataclass(frozen=True)
class Expectations:
    """Per state, the buying roles and our roles expected (see module docstring)."""

    buying_roles: dict[str, tuple[str, ...]] = field(default_factory=lambda: {
        "company": ("economic_buyer", "decision_maker"), "paying": ("champion", "user")})
    our_roles: dict[str, tuple[str, ...]] = field(default_factory=lambda: {
        "paying": ("account_manager", "customer_success"),
        "new_business": ("account_executive",)})

    def expected(self, states: set[str]) -> set[str]:
        """The roles (buying and ours) an account in these states is expected to have."""
        out: set[str] = set()
        for table in (self.buying_roles, self.our_roles):
            for state in {"any", *states}:
                out.update(table.get(state, ()))
        return out


def read_expectations(path: str | Path) -> Expectations:
    """An expectation table from a YAML or JSON file; UsageError naming the file and the
    key for anything else."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UsageError(f"{path}: cannot read the expectation table: {exc}") from None
    if not isinstance(data, dict) or not set(data) <= {"buying_roles", "our_roles"}:
        raise UsageError(f"{path}: an expectation table is a mapping with 'buying_roles' "
                         "and/or 'our_roles'")
    tables: dict[str, dict[str, tuple[str, ...]]] = {}
    for key, allowed in (("buying_roles", BUYING), ("our_roles", OURS)):
        tables[key] = _table(path, key, data.get(key) or {}, allowed)
    return Expectations(**tables)


def _table(path: str | Path, key: str, value: Any, allowed: tuple[str, ...]
           ) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise UsageError(f"{path}: {key}: a mapping of state ({', '.join(STATES)}) to roles")
    out = {}
    for state, roles in value.items():
        if state not in STATES:
            raise UsageError(f"{path}: {key}.{state}: unknown state (one of: "
                             f"{', '.join(STATES)})")
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise UsageError(f"{path}: {key}.{state}: a list of roles")
        unknown = [r for r in roles if r not in allowed]
        if unknown:
            raise UsageError(f"{path}: {key}.{state}: unknown role {unknown[0]!r} (one of: "
                             f"{', '.join(allowed)})")
        out[str(state)] = tuple(roles)
    return out
