"""The recommended actions, one type per kind, each with its own fields.

Every action has who acts (``owner``: None when nobody is there to act), its ``subject`` (the
id it is about), a ``due`` date when the data gives one, the MRR or potential at ``stake``,
and the ``finding`` behind it. The fields after those are the action's own: ids (accounts,
people, products), amounts, dates. ``plan/actions.py`` makes them; ``plan/action_words.py`` words
them, dispatching on the type. In the plan's JSON a finding keeps the shape
``{kind, subject, owner, due, stake, finding, values}``, ``values`` holding its own fields
(``plain_view``); the plan's actions (``PlannedAction``) merge the findings one of our people
acts on for one customer person or account.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """What every action has (see the module docstring); ``kind`` names its sentence."""

    kind: ClassVar[str] = ""
    subject: str
    owner: str | None
    due: dt.date | None
    stake: float
    finding: str

    #: the base fields, not among the action's own ``values``
    BASE: ClassVar[tuple[str, ...]] = ("subject", "owner", "due", "stake", "finding")
    #: the fields naming the customer people the action involves, the one it is for first
    PEOPLE: ClassVar[tuple[str, ...]] = ()

    def people(self) -> list[str]:
        """The customer people (stakeholder ids) the action involves, the one it is for
        first (``PEOPLE``)."""
        return [str(getattr(self, name)) for name in self.PEOPLE
                if getattr(self, name) is not None]

    def values(self) -> dict[str, object]:
        """The action's own fields, in their declared order (see ``order``)."""
        own = [f.name for f in dataclasses.fields(self) if f.name not in self.BASE]
        return {name: getattr(self, name) for name in self.order(own)}

    def order(self, names: list[str]) -> list[str]:
        """The order of the own fields in ``values`` (most kinds: as declared)."""
        return names

    def plain_view(self) -> dict[str, object]:
        """The JSON shape of an action (``render.plain``)."""
        return {"kind": self.kind, "subject": self.subject, "owner": self.owner,
                "due": self.due, "stake": self.stake, "finding": self.finding,
                "values": self.values()}


@dataclass(frozen=True, slots=True, kw_only=True)
class RenewalAction(Action):
    """A renewal in the window (finding ``renewal``)."""

    risks: list[str]
    account: str
    product: str
    mrr: float
    renewal: dt.date
    notice: dt.date


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenRenewal(RenewalAction):
    """No renewal opportunity is open for it."""

    kind: ClassVar[str] = "open_renewal"


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfirmRenewal(RenewalAction):
    """A renewal whose notice date is in the window, with no other risk: confirm it before
    the notice date."""

    kind: ClassVar[str] = "confirm_renewal"


@dataclass(frozen=True, slots=True, kw_only=True)
class SecureRenewal(RenewalAction):
    """A renewal opportunity is open, but other risks stand."""

    kind: ClassVar[str] = "secure_renewal"


@dataclass(frozen=True, slots=True, kw_only=True)
class LeftAction(Action):
    """A champion or economic buyer left (finding ``left``)."""

    person: str
    role: str
    account: str
    left_on: dt.date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowMoved(LeftAction):
    """They moved inside the group: follow them there."""

    kind: ClassVar[str] = "follow_moved"
    PEOPLE: ClassVar[tuple[str, ...]] = ("moved_to",)
    new_unit: str
    moved_to: str

    def order(self, names: list[str]) -> list[str]:
        return ["new_unit", "moved_to", *(n for n in names if n not in ("new_unit",
                                                                         "moved_to"))]


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetSuccessor(LeftAction):
    """They left and the book names who took the post over: meet the successor."""

    kind: ClassVar[str] = "meet_successor"
    PEOPLE: ClassVar[tuple[str, ...]] = ("successor",)
    successor: str

    def order(self, names: list[str]) -> list[str]:
        return ["successor", *(n for n in names if n != "successor")]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplaceLeft(LeftAction):
    """They left without a move: find their successor."""

    kind: ClassVar[str] = "replace_left"


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignAm(Action):
    """Revenue with no account manager or customer success (finding ``no_am``)."""

    kind: ClassVar[str] = "assign_am"
    account: str
    mrr: float


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignSuccess(Action):
    """An account pays for a product line that no customer success covers there (finding
    ``no_cs``)."""

    kind: ClassVar[str] = "assign_customer_success"
    account: str
    product_line: str
    mrr: float


@dataclass(frozen=True, slots=True, kw_only=True)
class HandOver(Action):
    """Only account executives after a won deal (finding ``ae_only``)."""

    kind: ClassVar[str] = "hand_over"
    account: str
    ae: str
    deal: str | None

    def values(self) -> dict[str, object]:
        return {"account": self.account, "owner": self.ae, "deal": self.deal}


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadAction(Action):
    """A single-threaded or single-owner revenue account (finding ``single_threaded`` or
    ``single_owner``)."""

    account: str
    mrr: float
    pipeline: float


@dataclass(frozen=True, slots=True, kw_only=True)
class IntroduceInAccount(ThreadAction):
    """Ask the only contact (``via``) to introduce another person there (``target``)."""

    kind: ClassVar[str] = "ask_introduction"
    PEOPLE: ClassVar[tuple[str, ...]] = ("target", "via")
    via: str
    target: str

    def order(self, names: list[str]) -> list[str]:
        return ["via", "target", "account", "mrr", "pipeline"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FindSecondContact(ThreadAction):
    """Nobody to introduce: find a second contact beside ``contact``."""

    kind: ClassVar[str] = "find_second_contact"
    PEOPLE: ClassVar[tuple[str, ...]] = ("contact",)
    contact: str

    def order(self, names: list[str]) -> list[str]:
        return ["contact", "account", "mrr", "pipeline"]


@dataclass(frozen=True, slots=True, kw_only=True)
class AddSecondOwner(ThreadAction):
    """Several contacts, one owner of ours: add a second."""

    kind: ClassVar[str] = "add_second_owner"


@dataclass(frozen=True, slots=True, kw_only=True)
class WhiteSpaceAction(Action):
    """Reachable white space (finding ``white_space``)."""

    account: str
    value: float


@dataclass(frozen=True, slots=True, kw_only=True)
class WarmPathAction(WhiteSpaceAction):
    """A warm path to ``target`` at the white-space entity (``via``: the first person on
    it; ``to_decision_maker``: whether the target decides or buys there)."""

    target: str
    via: str | None
    to_decision_maker: bool

    def values(self) -> dict[str, object]:
        if self.to_decision_maker:
            via = {} if self.via is None else {"via": self.via}
            return {**via, "target": self.target, "account": self.account, "value": self.value}
        return {"target": self.target, "via": self.via, "account": self.account,
                "value": self.value}


@dataclass(frozen=True, slots=True, kw_only=True)
class IntroduceToWhiteSpace(WarmPathAction):
    kind: ClassVar[str] = "ask_introduction"
    PEOPLE: ClassVar[tuple[str, ...]] = ("target", "via")


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetDirectly(WarmPathAction):
    kind: ClassVar[str] = "meet_directly"
    PEOPLE: ClassVar[tuple[str, ...]] = ("target",)


@dataclass(frozen=True, slots=True, kw_only=True)
class NewIntroduction(WhiteSpaceAction):
    """No path to anyone deciding there: a new introduction is needed."""

    kind: ClassVar[str] = "new_introduction"


@dataclass(frozen=True, slots=True, kw_only=True)
class Consolidate(Action):
    """An over-contacted stakeholder: one voice (finding ``over_contacted``)."""

    kind: ClassVar[str] = "consolidate"
    PEOPLE: ClassVar[tuple[str, ...]] = ("person",)
    person: str
    company: str
    contact: str | None
    count: int
    dates: list[tuple[dt.date, dt.date]]
    days: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Refresh(Action):
    """A stale relationship (finding ``stale``, or ``never`` without a contact)."""

    kind: ClassVar[str] = "refresh"
    PEOPLE: ClassVar[tuple[str, ...]] = ("person",)
    person: str
    unit: str
    last: dt.date | None
    days: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignOwner(Action):
    """An unassigned entity with potential (finding ``unassigned``)."""

    kind: ClassVar[str] = "assign_owner"
    account: str
    potential: float


@dataclass(frozen=True, slots=True)
class PlannedAction:
    """One action of the plan: what one of our people (``owner``) does about one customer
    person or account (``subject``), with every finding behind it (``findings``, each an
    ``Action`` with its own kind and due date), due on the earliest of their dates, staking
    the largest of their stakes, involving the customer ``people`` named (ids). ``kind`` is
    the first finding's; ``refresh`` collects one owner's stale relationships."""

    kind: str
    owner: str | None
    subject: str
    due: dt.date | None
    stake: float
    people: list[str]
    findings: list[Action]

    def plain_view(self) -> dict[str, object]:
        """The JSON shape: the action, then its findings in their own shape."""
        return {"kind": self.kind, "owner": self.owner, "subject": self.subject,
                "due": self.due, "stake": self.stake, "people": self.people,
                "findings": [f.plain_view() for f in self.findings]}
