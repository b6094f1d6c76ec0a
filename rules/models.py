"""Pydantic models shared by the rule data and the rule functions.

Data models (what ``rules/data/**/*.yaml`` holds) are strict (``extra="forbid"``) so a typo in a reviewed file is an
error at load time, not a silently ignored field. Output models are what every rule function returns.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Provenance(Strict):
    """Where a rule comes from: 1-based inclusive lines of the shipped corpus file and a verbatim quote."""

    document_id: str
    line_start: int = Field(ge=1)
    line_end: int = Field(ge=1)
    quote: str = Field(min_length=3)


Citation = Provenance

ProviderType = Literal["micro", "regular", "single"]
Unit = Literal["traject", "etmaal", "dagdeel", "uur", "rit", "arrangement", "tranche", "voucher"]
Verdict = Literal["allowed", "forbidden", "conditional", "unknown"]


class Validity(Strict):
    """What the region's data is valid for: tariff year (prijspeil) and document version."""

    tariff_year: int | None = None
    document_version: str
    note: str = ""
    provenance: list[Provenance]


class Tariff(Strict):
    provider: ProviderType
    amount: float = Field(ge=0)
    year: int
    basis: Literal["zin", "pgb_max"] = "zin"
    unit: Unit | None = None  # overrides the product's unit (e.g. an hourly PGB maximum for a traject product)
    max_quantity: int | None = None  # e.g. WBW maximum number of Duurzaam tranches
    max_quantity_note: str = ""
    provenance: list[Provenance]


class Attributes(Strict):
    """Attributes shared by products and families; the stacking selectors match on these."""

    group: str | None = None  # Noord-Limburg: the stapelingsmatrix row
    segment: str | None = None
    intensity: str | None = None
    profile: int | None = None
    tags: list[str] = []


class Family(Attributes):
    """A name that covers several products (e.g. 'P1' = Perspectief 1 licht/midden/zwaar)."""

    id: str
    name: str
    aliases: list[str] = []
    question: str = "Welke variant bedoel je?"
    provenance: list[Provenance]


class Product(Attributes):
    id: str
    name: str
    codes: list[str] = []
    families: list[str] = []
    variant: str | None = None  # the word that picks this product out of its family (licht, meerwerk, ...)
    candidate: bool = True  # offered as a candidate when only the family is named
    unit: Unit | None = None
    aliases: list[str] = []
    tariffs: list[Tariff] = []
    no_tariff_reason: str = ""  # Dutch sentence: why the documents give no amount
    payment: list[str] = []  # ids of payment rules (WBW)
    notes: list[str] = []  # Dutch remarks, e.g. a recorded conflict between two tables
    provenance: list[Provenance]


class PaymentRule(Strict):
    """WBW: what is paid when, per intensity."""

    id: str
    start_share: float | None = None  # share of the amount paid at start zorg
    end_share: float | None = None
    per_tranche: bool = False
    text: str
    provenance: list[Provenance]


class DropoutRule(Strict):
    """WBW: whether the last 50% is paid when the client drops out (uitval), per reason."""

    id: str
    label: str
    final_share_paid: bool
    provenance: list[Provenance]


class ProductCatalogue(Strict):
    region: str
    document_id: str
    validity: Validity
    families: list[Family] = []
    products: list[Product]
    payment_rules: list[PaymentRule] = []
    dropout_rules: list[DropoutRule] = []
    tariff_notes: list[Provenance] = []  # general tariff conditions cited with every tariff answer


class Selector(Strict):
    """Which products a stacking rule applies to; every given field must match (lists are alternatives)."""

    groups: list[str] = []
    products: list[str] = []
    intensities: list[str] = []
    profiles: list[int] = []
    tags: list[str] = []


class StackingRule(Strict):
    id: str
    a: Selector
    b: Selector
    verdict: Verdict
    same_provider: Verdict | None = None  # verdict when both are delivered by the same provider
    different_provider: Verdict | None = None
    source: Literal["matrix", "text"] = "text"
    footnote: int | None = None
    conditions: list[str] = []
    provenance: list[Provenance]


class StackingData(Strict):
    region: str
    groups: list[str] = []  # all matrix rows (Noord-Limburg), for counting decided/unknown cells
    unknown_note: str
    unknown_provenance: list[Provenance] = []
    forbidden_note: str = ""  # e.g. the hardheidsclausule
    forbidden_provenance: list[Provenance] = []
    rules: list[StackingRule]


# ---------------------------------------------------------------- outputs


class MissingFact(BaseModel):
    """A fact the rule still needs: the assistant asks exactly this question with these options."""

    name: str
    question: str
    options: list[str] = []


class RuleOutput(BaseModel):
    conditions: list[str] = []
    missing: list[MissingFact] = []
    citations: list[Citation] = []


# ---------------------------------------------------------------- decision frameworks, ages, deadlines

Status = Literal["in_force", "practice", "proposed", "advice"]


class Fact(Strict):
    """A yes/no fact a framework asks the referrer about."""

    name: str
    question: str


class Requirement(Strict):
    """A reason, requirement or exception: met when every listed fact has the listed value."""

    id: str
    label: str
    kind: str = ""
    status: Status = "in_force"
    all_of: dict[str, bool]
    note: str = ""
    provenance: list[Provenance]


class Remark(Strict):
    text: str
    provenance: list[Provenance]


class Framework(Strict):
    """``any``: one met reason suffices (maatwerk); ``all``: every requirement must hold (light-contract)."""

    id: str
    region: str
    title: str
    mode: Literal["any", "all"]
    status_note: str = ""
    facts: list[Fact]
    criteria: list[Requirement]
    exceptions: list[Requirement] = []
    remarks: list[Remark] = []


class AgeRule(Strict):
    id: str
    topic: str
    products: list[str] = []
    min_age: float | None = None
    max_age: float | None = None  # exclusive upper bound ("tot 18 jaar" -> 18)
    text: str
    exception: str = ""
    exception_for: Literal["younger", "older"] | None = None  # the side of the band the exception opens
    provenance: list[Provenance]


class AgeRules(Strict):
    region: str
    rules: list[AgeRule]


class Deadline(Strict):
    id: str
    topic: str
    aliases: list[str] = []
    text: str
    value: float | None = None
    unit: str | None = None
    binding: str = ""
    provenance: list[Provenance]


class Deadlines(Strict):
    region: str
    deadlines: list[Deadline]
