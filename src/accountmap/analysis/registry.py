"""Every declared analysis (``analysis.declare``), for what is derived from all of them: the
query headers (``store/templates.py``) and the checks of the declarations."""

from __future__ import annotations

from typing import Any

from .contacts import CONTACTS
from .coverage import COVERAGE
from .declare import Analysis
from .renewals import RENEWALS
from .stale import STALE
from .threads import KEY_PEOPLE, THREADS
from .whitespace import WHITESPACE

ANALYSES: tuple[Analysis[Any], ...] = (COVERAGE, THREADS, KEY_PEOPLE, CONTACTS, WHITESPACE,
                                       STALE, RENEWALS)
