"""Contract terms: the fiscal year and its periods, currencies, renewal status, the chance to
win.

- **Periods** (``resolve_period``): ``FY2026`` is the fiscal year that starts in calendar year
  2026 on ``fiscal_year_start`` (``MM-DD``, default ``01-01``): with ``04-01``, 2026-04-01 ..
  2027-03-31. ``2026H1``/``2026H2`` are its halves and ``2026Q1``..``2026Q4`` its quarters
  (with ``04-01``, 2026Q3 = 2026-10-01 .. 2026-12-31); ``2026-09`` is a calendar month. A
  period that ends after as_of ends on as_of. A period *starts* on its first day: its opening
  MRR is the MRR at the end of the day before (``opening_day``), so a contract that starts on
  the first day is a movement of the period.
- **Currencies** (``to_group``): a contract in another currency than its group's is converted
  by the book's ``fx_rates`` (units of the group's currency per one unit of the contract's),
  rounded to the cent, for every total; rows show the contract's own amount too.
- **Renewal status** (``renewal_status``): ``churn_notified`` when the customer's notice of
  non-renewal arrived on or before as_of; else, while the notice date (renewal - notice_days)
  is ahead (on or after as_of), ``notice_due`` when it is at most 14 days away, else
  ``open``; once it has passed, ``renewed_by_default`` for an auto-renewing contract (secured
  for the next term, the next renewal = renewal + term_months) or one whose renewal deal was
  won, else ``lapsing``.
- **Chance to win** (``win_probability``): the opportunity's ``probability``, else the
  book's ``stage_probabilities`` for its stage, else none (the deal is *unweighted*).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import UsageError
from .limits import MAX_DATE, MIN_DATE

if TYPE_CHECKING:
    from .model import Dataset, Opportunity, Subscription

DEFAULT_FISCAL_YEAR_START = "01-01"
#: A notice date at most this many days ahead makes a renewal ``notice_due``.
NOTICE_DUE_DAYS = 14
STATUSES = ("open", "notice_due", "renewed_by_default", "lapsing", "churn_notified")


@dataclass(frozen=True, slots=True)
class Period:
    """A span of days, both ends included."""

    first: dt.date
    last: dt.date

    def opening_day(self) -> dt.date:
        """The day whose end is the period's opening state: the day before its first."""
        return self.first - dt.timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (earlier when negative; the month's last day if
    shorter)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def fiscal_year(start: str | None, year: int) -> Period:
    """Fiscal year ``year``: from ``start`` (MM-DD) in that calendar year, twelve months."""
    month, day = (int(x) for x in (start or DEFAULT_FISCAL_YEAR_START).split("-"))
    first = dt.date(year, month, day)
    return Period(first, add_months(first, 12) - dt.timedelta(days=1))


def fiscal_year_of(start: str | None, day: dt.date) -> Period:
    """The fiscal year that contains ``day``."""
    this = fiscal_year(start, day.year)
    return this if day >= this.first else fiscal_year(start, day.year - 1)


_PERIOD = re.compile(r"^(?:FY(\d{4})|(\d{4})H([12])|(\d{4})Q([1-4])|(\d{4})-(\d{2}))$")


def resolve_period(text: str, start: str | None, as_of: dt.date, *, cap: bool = True,
                   future: bool = False) -> Period:
    """The period ``text`` names (see module docstring), ended on as_of when it runs past
    it (unless not ``cap``: the renewal calendar looks ahead). UsageError for anything else,
    or a period that starts after as_of (unless ``future``)."""
    m = _PERIOD.match(text.strip())
    if not m:
        raise UsageError(f"unknown period {text!r} (use FY2026, 2026H1, 2026Q3 or 2026-09)")
    fy, hy, half, qy, quarter, my, month = m.groups()
    number = int(fy or hy or qy or my)
    if not MIN_DATE.year <= number <= MAX_DATE.year - 1:
        raise UsageError(f"the period {text} is outside the calendar of the format "
                         f"({MIN_DATE.year}-{MAX_DATE.year - 1})")
    if fy:
        period = fiscal_year(start, int(fy))
    elif hy:
        year = fiscal_year(start, int(hy))
        first = add_months(year.first, 6 * (int(half) - 1))
        period = Period(first, add_months(first, 6) - dt.timedelta(days=1))
    elif qy:
        year = fiscal_year(start, int(qy))
        first = add_months(year.first, 3 * (int(quarter) - 1))
        period = Period(first, add_months(first, 3) - dt.timedelta(days=1))
    else:
        if not 1 <= int(month) <= 12:
            raise UsageError(f"unknown period {text!r}: no month {month}")
        first = dt.date(int(my), int(month), 1)
        period = Period(first, add_months(first, 1) - dt.timedelta(days=1))
    if period.first > as_of and not future:
        raise UsageError(f"the period {text} starts on {period.first}, after as_of {as_of}")
    return Period(period.first, min(period.last, as_of) if cap else period.last)


def account_groups(ds: Dataset) -> dict[str, str]:
    """Each company's and department's group (the one map from an account to the group whose
    currency its contracts are converted to)."""
    of = {c.id: c.group for c in ds.companies}
    company = {d.id: d.company for d in ds.departments}
    of.update((d, of[c]) for d, c in company.items() if c in of)
    return of


def rates(ds: Dataset) -> dict[str, float]:
    return {r.currency: r.rate for r in ds.fx_rates}


def to_group(amount: float, currency: str | None, group_currency: str | None,
             fx: dict[str, float]) -> float:
    """An amount in the group's currency (see module docstring); unchanged when the contract
    has no currency of its own or the group's. The book was validated, so a rate exists."""
    if currency is None or currency == group_currency:
        return amount
    return round(amount * fx[currency], 2)


def next_renewal(renewal: dt.date, term_months: int) -> dt.date:
    """The renewal after ``renewal``: ``term_months`` later (the month's last day if
    shorter)."""
    return add_months(renewal, term_months)


def renewal_status(notice: dt.date, as_of: dt.date, *, auto_renew: bool,
                   notice_received: dt.date | None, renewal_won: bool = False) -> str:
    """A renewal's status on as_of (see module docstring)."""
    if notice_received is not None and notice_received <= as_of:
        return "churn_notified"
    if notice >= as_of:
        return "notice_due" if (notice - as_of).days <= NOTICE_DUE_DAYS else "open"
    return "renewed_by_default" if auto_renew or renewal_won else "lapsing"


def win_probability(opp: Opportunity, stages: dict[str, int]) -> int | None:
    """The chance to win an opportunity, 0-100, or None when unknown."""
    if opp.probability is not None:
        return opp.probability
    return stages.get(opp.stage)


def product_line(line: str | None, product: str) -> str:
    """A product's line: its ``line``, else the product is a line of its own (its id)."""
    return line or product


def problems(ds: Dataset) -> Iterator[tuple[str, int, tuple[str, ...], str]]:
    """The contract rules that span records, as (section, index, field path, message):
    currencies need a group currency and a rate; product lines must be the book's; each
    currency has one rate."""
    fx = rates(ds)
    seen: set[str] = set()
    for i, r in enumerate(ds.fx_rates):
        if r.currency in seen:
            yield "fx_rates", i, ("currency",), f"a second rate for {r.currency}"
        seen.add(r.currency)
    group_of = account_groups(ds)
    currency = {g.id: g.currency for g in ds.groups}
    for i, sub in enumerate(ds.subscriptions):
        yield from _currency_problems(i, sub, group_of.get(sub.account), currency, fx)
    lines = {product_line(p.line, p.id) for p in ds.products}
    for i, a in enumerate(ds.assignments):
        if a.product_line is not None and a.product_line not in lines:
            yield ("assignments", i, ("product_line",),
                   f"unknown product line '{a.product_line}' (lines: "
                   f"{', '.join(sorted(lines)) or 'none'})")


def _currency_problems(index: int, sub: Subscription, group: str | None,
                       currency: dict[str, str | None], fx: dict[str, float]
                       ) -> Iterator[tuple[str, int, tuple[str, ...], str]]:
    if sub.currency is None or group is None or sub.currency == currency.get(group):
        return
    if currency.get(group) is None:
        yield ("subscriptions", index, ("currency",),
               f"a contract in {sub.currency} needs its group's currency: group '{group}' "
               "has none (set the group's currency to convert by fx_rates)")
    elif sub.currency not in fx:
        yield ("subscriptions", index, ("currency",),
               f"no rate for {sub.currency} in fx_rates (units of {currency[group]} per one "
               f"{sub.currency})")
