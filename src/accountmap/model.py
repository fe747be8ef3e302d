"""The accountmap data format, version 1, as pydantic models.

A *book of business* (``Dataset``) describes customer corporate groups and our side of the
relationship:

- **groups** are corporate groups; **companies** are legal entities in a group, arranged in a
  subsidiary tree by ``parent``; **departments** are units inside one company, arranged by
  ``parent`` inside that company.
- **stakeholders** are the customer's people, working at a company (and optionally a
  department), with reporting lines (``reports_to``), acquaintances (``knows``) and buying roles.
- **owners** are our people; **relationships** say which owner knows which stakeholder and how
  well; **assignments** make an owner responsible for an account (a company or department) or
  for a whole group.
- **products**, **subscriptions** (active MRR), **opportunities** (pipeline) and
  **touchpoints** (meetings, calls, emails) complete the picture.

These models check each record on its own (types, ranges, enums, unknown fields). Rules that
span records (references, cycles, duplicates) live in ``validate``.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum, StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    WithJsonSchema,
    model_validator,
)

from .identifiers import corporate_number_valid, lei_valid
from .limits import MAX_COUNT as MAX_COUNT
from .limits import MAX_DATE as MAX_DATE
from .limits import MAX_DAYS as MAX_DAYS
from .limits import MAX_MONEY as MAX_MONEY
from .limits import MIN_DATE as MIN_DATE
from .limits import check_one_of as check_one_of
from .references import RECORD_LINKS as RECORD_LINKS
from .references import REFERENCES as REFERENCES
from .references import RecordLink as RecordLink
from .references import Reference as Reference
from .references import link_fields as link_fields
from .references import node_links as node_links

FORMAT_VERSION = 1


#: What a value with control characters is told.
CONTROL_CHARACTERS = "must not contain control characters (newlines, tabs, ...)"


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


# Numbers are strict: a number must be written as a number (not true, not '12'); YAML reads
# only decimal notation as numbers (io), so 0x1F or 1_000 are text, hence errors too.
#: Ids have no control characters: checked inside pydantic-core by a pattern (a million ids in
#: a 1,000-group book), with validation's own message (``validate.ID_PATTERN``); the JSON
#: Schema states the lengths, as it always did.
ID_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
Id = Annotated[str, Field(min_length=1, max_length=200, pattern=ID_PATTERN),
               WithJsonSchema({"maxLength": 200, "minLength": 1, "type": "string"})]
Text = Annotated[str, Field(max_length=10_000)]
Name = Annotated[str, Field(min_length=1, max_length=10_000), AfterValidator(_not_blank)]
Money = Annotated[float, Strict(), Field(ge=0, le=MAX_MONEY, allow_inf_nan=False)]
Count = Annotated[int, Strict(), Field(ge=0, le=MAX_COUNT)]
Day = Annotated[dt.date, Field(ge=MIN_DATE, le=MAX_DATE)]


class OwnerRole(StrEnum):
    account_manager = "account_manager"
    account_executive = "account_executive"
    customer_success = "customer_success"
    customer_sales = "customer_sales"
    sales_engineer = "sales_engineer"
    support = "support"
    executive_sponsor = "executive_sponsor"
    other = "other"


class BuyingRole(StrEnum):
    champion = "champion"
    economic_buyer = "economic_buyer"
    decision_maker = "decision_maker"
    technical_evaluator = "technical_evaluator"
    user = "user"
    influencer = "influencer"
    blocker = "blocker"
    procurement = "procurement"


class Seniority(StrEnum):
    executive = "executive"
    director = "director"
    manager = "manager"
    staff = "staff"


class Sentiment(StrEnum):
    supporter = "supporter"
    neutral = "neutral"
    detractor = "detractor"


class PersonStatus(StrEnum):
    active = "active"
    left = "left"


class SubscriptionStatus(StrEnum):
    active = "active"
    churned = "churned"


class OpportunityStatus(StrEnum):
    open = "open"
    won = "won"
    lost = "lost"


class OpportunityKind(StrEnum):
    new_business = "new_business"
    expansion = "expansion"
    renewal = "renewal"


class PostKind(StrEnum):
    concurrent = "concurrent"
    secondment = "secondment"


class TouchpointKind(StrEnum):
    meeting = "meeting"
    call = "call"
    email = "email"
    event = "event"
    webinar = "webinar"
    other = "other"


class Record(BaseModel):
    """Base of every record: unknown fields are errors, values are immutable after checks.
    An explicit null on a field that has a default means that default (as if left out): a
    field whose default is None takes the null as it is (its type allows None), and the
    models with other defaults derive from ``DefaultedRecord``, which drops the nulls first.
    (Only those pay for a Python call per record: a million touchpoints need none.)"""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class DefaultedRecord(Record):
    """A record with defaults other than None: an explicit null is left out before checks,
    so the field takes its default."""

    @model_validator(mode="before")
    @classmethod
    def _null_means_default(cls, data: Any) -> Any:
        if isinstance(data, dict) and None in data.values():
            fields = cls.model_fields
            return {k: v for k, v in data.items()
                    if v is not None or k not in fields or fields[k].is_required()}
        return data


class Product(Record):
    id: Id
    name: Name
    line: Text | None = None


class Owner(Record):
    id: Id
    name: Name
    role: OwnerRole
    team: Text | None = None
    email: Text | None = None


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$",
                                 description="An ISO 4217 code such as JPY, USD or EUR.")]
#: The longest span of days any field or option takes (a hundred years).
Days = Annotated[int, Strict(), Field(ge=0, le=MAX_DAYS)]


class FxRate(Record):
    """Units of the group's currency per one unit of ``currency``."""

    currency: Currency
    rate: Annotated[float, Strict(), Field(gt=0, le=MAX_MONEY, allow_inf_nan=False)]


def _month_day(value: str) -> str:
    try:
        dt.date.fromisoformat(f"2001-{value}")
    except ValueError:
        raise ValueError(f"must be a day of the year as MM-DD (such as 04-01), got "
                         f"{value!r}") from None
    return value


MonthDay = Annotated[str, Field(pattern=r"^\d{2}-\d{2}$"), AfterValidator(_month_day)]


def _time_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (an IANA name such as Asia/Tokyo, "
                         "Europe/London or UTC)") from None
    return value


TimeZoneName = Annotated[str, Strict(), Field(min_length=1, max_length=100),
                         AfterValidator(_time_zone)]
Probability = Annotated[int, Strict(), Field(ge=0, le=100)]


def _corporate_number(value: str) -> str:
    if not corporate_number_valid(value):
        raise ValueError("must be a 13-digit 法人番号 whose first digit is its check digit")
    return value


def _lei(value: str) -> str:
    if not lei_valid(value):
        raise ValueError("must be an ISO 17442 LEI: 18 upper-case letters or digits and 2 "
                         "check digits (the whole code mod 97 is 1)")
    return value


CorporateNumber = Annotated[
    str, Strict(), Field(pattern=r"^[0-9]{13}$", description="法人番号: 13 digits, quoted."),
    AfterValidator(_corporate_number)]
Lei = Annotated[str, Strict(), Field(pattern=r"^[0-9A-Z]{18}[0-9]{2}$",
                                     description="ISO 17442 Legal Entity Identifier."),
                AfterValidator(_lei)]


class Group(Record):
    id: Id
    name: Name
    industry: Text | None = None
    target_mrr: Money | None = None
    currency: Currency | None = None


class Company(DefaultedRecord):
    id: Id
    name: Name
    group: Id
    parent: Id | None = None
    ownership: Annotated[float, Strict(), Field(ge=0, le=100, allow_inf_nan=False)] | None = None
    country: Text | None = None
    industry: Text | None = None
    employees: Count | None = None
    potential_mrr: Money = 0.0
    joined_group_on: Day | None = Field(
        default=None, description="The day it joined the group (acquired or founded into it); "
                                  "before it the company is not in the book.")
    left_group_on: Day | None = Field(
        default=None, description="The first day it is no longer in the group (sold, or "
                                  "absorbed: merged_into).")
    merged_into: Id | None = Field(
        default=None, description="The company of the same group that absorbed it (吸収合併) "
                                  "on left_group_on.")
    corporate_number: CorporateNumber | None = None
    lei: Lei | None = None
    point_of_contact: Id | None = Field(
        default=None, description="Our one voice toward this company's people (窓口): an "
                                  "owner id; a person's own point_of_contact wins.")


class Department(DefaultedRecord):
    id: Id
    name: Name
    company: Id
    parent: Id | None = None
    function: Text | None = None
    headcount: Count | None = None
    potential_mrr: Money = 0.0
    created_on: Day | None = Field(default=None, description="The first day it exists.")
    closed_on: Day | None = Field(
        default=None, description="The first day it no longer exists; its people's posts end "
                                  "that day.")


class Stakeholder(DefaultedRecord):
    id: Id
    name: Name
    title: Text | None = None
    company: Id
    department: Id | None = None
    reports_to: Id | None = None
    knows: list[Id] = Field(default_factory=list)
    roles: list[BuyingRole] = Field(default_factory=list)
    seniority: Seniority | None = None
    influence: Annotated[int, Strict(), Field(ge=1, le=5)] | None = None
    sentiment: Sentiment | None = None
    status: PersonStatus = PersonStatus.active
    left_on: Day | None = Field(
        default=None, description="The day the person left: status left from that day.")
    moved_to: Id | None = Field(
        default=None,
        description="The stakeholder record of the same person after a move inside the group.")
    cadence_days: Annotated[int, Strict(), Field(ge=1, le=MAX_DAYS)] | None = Field(
        default=None, description="Expected days between contacts (stale uses it when set).")
    email: Text | None = None
    phone: Text | None = None
    joined_on: Day | None = Field(
        default=None, description="The first day in this post; before it the record does not "
                                  "exist.")
    successor: Id | None = Field(default=None,
                                 description="The stakeholder who took over this post.")
    same_person_as: Id | None = Field(
        default=None, description="Another record of the same human: a concurrent post (兼務) "
                                  "or a secondment (出向).")
    post_kind: PostKind = Field(
        default=PostKind.concurrent,
        description="With same_person_as: concurrent (兼務) or secondment (出向).")
    point_of_contact: Id | None = Field(
        default=None, description="Our one voice toward this person (窓口): an owner id "
                                  "(default: their company's).")


class Relationship(Record):
    owner: Id
    stakeholder: Id
    strength: Annotated[int, Strict(), Field(ge=1, le=5)] | None = Field(
        default=None, description="1-5; when absent, derived from the pair's touchpoints.")
    last_contact: Day | None = None


class Assignment(Record):
    owner: Id
    account: Id
    role: OwnerRole | None = Field(
        default=None, description="The owner's role on this account; defaults to the owner's role."
    )
    product_line: Text | None = Field(
        default=None, description="The product line the owner covers there; without it, every "
                                  "line (a line of the book's products).")


class Subscription(DefaultedRecord):
    account: Id
    product: Id
    mrr: Money
    status: SubscriptionStatus = SubscriptionStatus.active
    start: Day | None = Field(default=None, description="First day the subscription is active.")
    end: Day | None = Field(default=None,
                            description="The day it stopped (no longer active from that day).")
    renewal: Day | None = None
    notice_days: Days = Field(default=60,
                              description="Days before renewal by which notice is due.")
    currency: Currency | None = Field(
        default=None, description="The contract's currency (default the group's); converted "
                                  "by fx_rates for every total.")
    term_months: Annotated[int, Strict(), Field(ge=1, le=1200)] = Field(
        default=12, description="Months one term runs: the next renewal comes that much later.")
    auto_renew: Annotated[bool, Strict()] = Field(
        default=False, description="Renews by itself unless the customer gives notice (自動更新).")
    notice_received: Day | None = Field(
        default=None, description="The day the customer's notice of non-renewal arrived.")
    champion: Id | None = Field(default=None,
                                description="The stakeholder who champions this contract.")
    economic_buyer: Id | None = Field(
        default=None, description="The stakeholder who signs for this contract.")


class Opportunity(DefaultedRecord):
    id: Id
    account: Id
    product: Id
    amount: Money = Field(description="Total contract value.")
    mrr: Money | None = Field(default=None,
                              description="The monthly recurring revenue it would add.")
    stage: Text
    status: OpportunityStatus = OpportunityStatus.open
    owner: Id | None = None
    created: Day | None = None
    close_date: Day | None = None
    kind: OpportunityKind | None = None
    probability: Annotated[int, Strict(), Field(ge=0, le=100)] | None = Field(
        default=None, description="Chance to win, 0-100 (else stage_probabilities).")


class Touchpoint(Record):
    id: Id | None = None
    date: Day
    owners: Annotated[list[Id], Field(min_length=1)]
    stakeholders: Annotated[list[Id], Field(min_length=1)]
    kind: TouchpointKind
    topic: Text | None = None


#: Each list section of the format, in file order, with its record model.
SECTIONS: dict[str, type[Record]] = {
    "products": Product,
    "owners": Owner,
    "groups": Group,
    "companies": Company,
    "departments": Department,
    "stakeholders": Stakeholder,
    "relationships": Relationship,
    "assignments": Assignment,
    "subscriptions": Subscription,
    "opportunities": Opportunity,
    "touchpoints": Touchpoint,
}

#: Sections whose records carry an ``id`` that names an entity (ids are unique across them).
ID_KINDS: dict[str, str] = {
    "products": "product",
    "owners": "owner",
    "groups": "group",
    "companies": "company",
    "departments": "department",
    "stakeholders": "stakeholder",
    "opportunities": "opportunity",
    "touchpoints": "touchpoint",
}


def plain_value(value: Any) -> Any:
    """A record value with enums as their plain string values (lists element-wise)."""
    if isinstance(value, Enum):
        return value._value_  # (``.value`` is a Python-level property: a million calls)
    if isinstance(value, list):
        return [v._value_ if isinstance(v, Enum) else plain_value(v) if isinstance(v, list)
                else v for v in value]
    return value


def article(noun: str) -> str:
    """'a company', 'an owner': the noun with its indefinite article."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


class Dataset(BaseModel):
    """A whole book of business, version 1 of the format. Every list is optional."""

    model_config = ConfigDict(
        extra="forbid",
        title="accountmap data file",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    version: Annotated[int, Strict(), Field(ge=FORMAT_VERSION, le=FORMAT_VERSION)] = (
        FORMAT_VERSION)
    as_of: Day | None = Field(
        default=None, description="The date analyses treat as today (default: today)."
    )
    fiscal_year_start: MonthDay | None = Field(
        default=None, description="The first day of our fiscal year, MM-DD (default 01-01).")
    timezone: TimeZoneName | None = Field(
        default=None, description="The IANA time zone that decides a meeting's date when "
                                  "calendars are imported (default UTC), e.g. Asia/Tokyo.")
    fx_rates: list[FxRate] = Field(default_factory=list)
    stage_probabilities: dict[Text, Probability] = Field(
        default_factory=dict,
        description="Chance to win by opportunity stage, for opportunities without one.")
    products: list[Product] = Field(default_factory=list)
    owners: list[Owner] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    companies: list[Company] = Field(default_factory=list)
    departments: list[Department] = Field(default_factory=list)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)
    assignments: list[Assignment] = Field(default_factory=list)
    subscriptions: list[Subscription] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)
    touchpoints: list[Touchpoint] = Field(default_factory=list)

    def effective_as_of(self) -> dt.date:
        """The file's ``as_of``, or today when the file has none."""
        return self.as_of or dt.date.today()

    def counts(self) -> dict[str, int]:
        """Number of records per section, in format order."""
        return {name: len(self.records(name)) for name in SECTIONS}

    def records(self, section: str) -> list[Any]:
        """The records of one section (a name from ``SECTIONS``)."""
        return getattr(self, section)  # type: ignore[no-any-return]


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the data format, for editors and validators."""
    return Dataset.model_json_schema()
