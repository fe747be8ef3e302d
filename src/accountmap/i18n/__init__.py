"""The one message catalogue (English and Japanese) for the plan, the map and table headers.

Every sentence a person reads is one catalogue entry with named placeholders, written whole
in each language (``t("plan.gap_short", lang, gap=...)``): no sentence is ever assembled from
translated fragments, because word order differs (English puts the amount after the verb,
Japanese before it). Vocabularies (risks, roles, movements, changes, kinds) are entries too,
under ``risk.*``, ``owner_role.*`` and so on (``term(vocabulary, value, lang)``).

Amounts are formatted with the group's currency (``money``): ``¥1,200,000`` in English and
``1,200,000円`` in Japanese for JPY, a symbol or the ISO code for others, plain digits when the
group has no currency. Dates (``day``) are ``14 Apr 2026`` / ``2026年4月14日`` in the ``long``
style (the default) and ``2026-04-14`` in both languages in the ``iso`` style.
"""

from __future__ import annotations

import datetime as dt
import string
from typing import TYPE_CHECKING, Literal, get_args

from ..errors import UsageError
from .messages import MESSAGES

if TYPE_CHECKING:
    from decimal import Decimal

Lang = Literal["en", "ja"]
LANGS: tuple[Lang, ...] = get_args(Lang)
DateStyle = Literal["long", "iso"]
DATE_STYLES: tuple[DateStyle, ...] = get_args(DateStyle)

__all__ = ["DATE_STYLES", "LANGS", "MESSAGES", "DateStyle", "Lang", "check_lang", "day",
           "money", "percent", "placeholders", "t", "term"]


def check_lang(lang: str) -> Lang:
    for known in LANGS:
        if lang == known:
            return known
    raise UsageError(f"unknown language '{lang}': use one of {', '.join(LANGS)}")


def t(key: str, lang: Lang, /, **values: object) -> str:
    """The message ``key`` in ``lang``, its placeholders filled with ``values``."""
    try:
        text = MESSAGES[key][lang]
    except KeyError:
        raise KeyError(f"no message '{key}' in {lang}") from None
    return text.format(**values) if values else text


def term(vocabulary: str, value: str, lang: Lang) -> str:
    """A vocabulary word (``term("risk", "stale", "ja")``); an unknown value is shown as is."""
    key = f"{vocabulary}.{value}"
    return MESSAGES[key][lang] if key in MESSAGES else value


def placeholders(text: str) -> set[str]:
    """The named placeholders of a catalogue text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


#: Symbols written before the amount in English (and in Japanese, but for the yen).
SYMBOLS = {"JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "CNY": "CN¥", "KRW": "₩",
           "INR": "₹", "AUD": "A$", "CAD": "CA$", "SGD": "S$", "HKD": "HK$", "THB": "฿"}
#: Currencies without minor units in everyday amounts.
NO_DECIMALS = {"JPY", "KRW"}


def money(amount: float | None, currency: str | None, lang: Lang) -> str:
    """An amount with the group's currency: ``¥1,200,000`` (en), ``1,200,000円`` (ja)."""
    if amount is None:
        return t("value.unknown", lang)
    negative = amount < 0
    value = abs(amount)
    whole = currency in NO_DECIMALS or float(value).is_integer()
    digits = f"{value:,.0f}" if whole else f"{value:,.2f}"
    if currency == "JPY" and lang == "ja":
        text = f"{digits}円"
    elif currency in SYMBOLS:
        text = f"{SYMBOLS[currency]}{digits}"
    elif currency:
        text = f"{digits} {currency}"
    else:
        text = digits
    return f"-{text}" if negative else text


def percent(value: float | Decimal | None, lang: Lang) -> str:
    """A fraction as a percent with one decimal, rounded once, half up (0.789473... is
    78.9%); "n/a" (対象外) when it does not apply."""
    if value is None:
        return t("value.na", lang)
    from decimal import ROUND_HALF_UP, Decimal  # (imported when a percentage is shown)

    shown = (Decimal(str(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{shown}%"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: dt.date | None, lang: Lang, style: DateStyle = "long") -> str:
    """A date: ``14 Apr 2026`` / ``2026年4月14日`` (long), ``2026-04-14`` (iso)."""
    if value is None:
        return t("value.unknown", lang)
    if style == "iso":
        return value.isoformat()
    if lang == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
