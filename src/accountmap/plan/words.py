"""Formatting helpers of the plan's words, bound to one plan and language (``Words``):
names (a repeated department name with its company's; an id only where two names are still
equal), money, dates, risk and vocabulary terms, and tables with catalogue headers."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from ..i18n import DateStyle, Lang, day, money, t, term
from .blocks import Cell, Table
from .model import Plan


class Words:
    """Formatting helpers bound to one plan and language."""

    def __init__(self, plan: Plan, lang: Lang, style: DateStyle):
        self.plan, self.lang, self.style = plan, lang, style
        counts = Counter(plan.names.values())
        repeated = {n for n, c in counts.items() if c > 1}
        # a department whose name repeats is named with its company (会社名 部署名); an id
        # is added only where two names are still equal
        self.shown = {n: self._qualified(n, repeated) for n in plan.names}
        again = Counter(self.shown.values())
        self.ambiguous = {n for n, c in again.items() if c > 1}
        self.no_contact = {a.id for a in plan.risks.single_threaded if a.customer_threads == 0}

    def _qualified(self, node: str, repeated: set[str]) -> str:
        name = self.plan.names[node]
        company = self.plan.companies_of.get(node)
        if name in repeated and company is not None:
            return self.t("name.department", company=self.plan.names.get(company, company),
                          department=name)
        return name

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def name(self, node: str | None) -> str:
        if node is None:
            return t("value.unassigned", self.lang)
        name = self.shown.get(node, node)
        return f"{name} ({node})" if name in self.ambiguous else name

    def risks(self, values: Sequence[str], account: str | None = None) -> str:
        """Risk names; an account with no contact at all says so (not "single-threaded")."""
        if account in self.no_contact:
            values = ["no_contact" if v == "single_threaded" else v for v in values]
        return self.terms("risk", values)

    def names(self, nodes: Sequence[str]) -> str:
        if not nodes:
            return t("value.none", self.lang)
        return t("list.separator", self.lang).join(self.name(n) for n in nodes)

    def money(self, amount: float | None) -> str:
        return money(amount, self.plan.currency, self.lang)

    def day(self, value: dt.date | None) -> str:
        return day(value, self.lang, self.style)

    def terms(self, vocabulary: str, values: Sequence[str]) -> str:
        if not values:
            return t("value.none", self.lang)
        return t("list.separator", self.lang).join(term(vocabulary, v, self.lang)
                                                   for v in values)

    def table(self, column_keys: Sequence[str], rows: list[list[Cell]],
              numeric: Sequence[str] = (), print_rows: int | None = None) -> Table:
        """A table with the catalogue's headers; on paper its first ``print_rows`` rows and
        a note of how many more there are."""
        more = (self.t("plan.print_more", count=len(rows) - print_rows)
                if print_rows is not None and len(rows) > print_rows else "")
        return Table([self.t(f"plan.col.{k}") for k in column_keys], rows,
                     [k in numeric for k in column_keys], print_rows, more)


def num(text: str) -> Cell:
    return Cell(text, "num")



def collisions(w: Words, pairs: Sequence[tuple[dt.date, dt.date]]) -> str:
    """The days on which separate contacts collided (each day once, in order)."""
    if not pairs:
        return w.t("value.none")
    days = sorted({d for pair in pairs for d in pair})
    return w.t("list.separator").join(w.day(d) for d in days)
