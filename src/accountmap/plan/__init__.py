"""The account plan: one group's review page (``model``), its recommended actions
(``actions``), in words in English or Japanese (``document``), printed as Markdown
(``markdown``) or as one offline HTML page with the relationship map (``html``)."""

from __future__ import annotations

from .model import Plan, PlanOptions, build_plan

__all__ = ["Plan", "PlanOptions", "build_plan"]
