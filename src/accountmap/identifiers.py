"""Registry identifiers of a legal entity, checked by their check digits.

- **法人番号** (corporate number, Japan's National Tax Agency): 13 digits; the FIRST is the
  check digit 9 - (Σ Pₙ×Qₙ mod 9), where Pₙ is the n-th of the 12 base digits counted from
  the right and Qₙ is 1 for odd n, 2 for even n.
- **LEI** (ISO 17442, the GLEIF registry): 18 upper-case letters or digits and 2 check
  digits; valid when the whole code, letters read as 10-35, is 1 mod 97 (ISO 7064 MOD 97-10).

And the readable ids accountmap makes of names (``slug``), and names compared without case
or spacing differences (``normal_name``).
"""

from __future__ import annotations

import re
import unicodedata

_CORPORATE_NUMBER = re.compile(r"^[0-9]{13}$")
_LEI = re.compile(r"^[0-9A-Z]{18}[0-9]{2}$")


def corporate_number_check_digit(base: str) -> int:
    """The check digit of the 12 base digits of a 法人番号."""
    total = sum(int(d) * (1 if n % 2 else 2)
                for n, d in enumerate(reversed(base), start=1))
    return 9 - total % 9


def corporate_number_valid(value: str) -> bool:
    """A 13-digit 法人番号 whose first digit is the check digit of the other 12."""
    if not _CORPORATE_NUMBER.match(value):
        return False
    return int(value[0]) == corporate_number_check_digit(value[1:])


def _lei_number(code: str) -> int:
    """The code as a number, letters read as 10-35 (ISO 7064)."""
    return int("".join(str(int(ch, 36)) for ch in code))


def lei_valid(value: str) -> bool:
    """An ISO 17442 LEI whose check digits hold (the code as a number is 1 mod 97)."""
    return bool(_LEI.match(value)) and _lei_number(value) % 97 == 1


def lei_check_digits(base: str) -> str:
    """The two check digits that make an LEI of 18 base characters valid (MOD 97-10)."""
    return f"{98 - _lei_number(base + '00') % 97:02d}"


def slug(text: str) -> str:
    """A readable id part: 'Human Resources & IT' -> 'human-resources-it' (Japanese and other
    letters are kept as they are)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[^\w]+", "-", text).strip("-_") or "x"


def normal_name(text: str) -> str:
    """A name compared without case or spacing differences ('Human  resources ' ==
    'human resources')."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
