"""Age rules (18-/18+, product age bands, consent by age) and deadlines/durations as look-ups."""

from __future__ import annotations

from pydantic import BaseModel, Field

from rules.loader import check_region, load
from rules.models import AgeRule, AgeRules, Deadline, Deadlines, MissingFact, RuleOutput, Verdict
from rules.products import _key, require


class AgeInput(BaseModel):
    region: str = Field(description="Regio-id")
    age: float = Field(ge=0, le=30, description="Leeftijd van de jeugdige in jaren")
    product: str | None = Field(None, description="Optioneel product om de leeftijdsgrens van te toetsen")


class AgeResult(RuleOutput):
    region: str
    age: float
    product: str | None = None
    verdict: Verdict
    rules: list[str] = Field(default_factory=list)


def _in_band(rule: AgeRule, age: float) -> bool:
    return (rule.min_age is None or age >= rule.min_age) and (rule.max_age is None or age < rule.max_age)


def _opens(rule: AgeRule, age: float) -> bool:
    """Whether the rule's exception is on the side of the band where ``age`` falls ("soms jonger" is no
    opening for an 18-year-old)."""
    if not rule.exception:
        return False
    side = "younger" if rule.min_age is not None and age < rule.min_age else "older"
    return rule.exception_for in (None, side)


def age_rules(region: str, age: float, product: str | None = None) -> AgeResult:
    """Which age rules apply at this age; with a product, whether the age is within its band."""
    args = AgeInput(region=region, age=age, product=product)
    data = load(check_region(args.region), "age", AgeRules)
    rules = data.rules if data else []
    product_id = None
    if args.product:
        res = require(args.region, args.product)
        product_id = res.product.id if res.product else None
        ids = {product_id} if product_id else {c.id for c in res.candidates}
        relevant = [r for r in rules if set(r.products) & ids]
    else:
        relevant = [r for r in rules if not r.products and _in_band(r, args.age)]
    verdict: Verdict = "unknown"
    conditions: list[str] = []
    if args.product:
        bands = [r for r in relevant if r.min_age is not None or r.max_age is not None]
        if bands:
            inside = [r for r in bands if _in_band(r, args.age)]
            opened = [r for r in bands if r not in inside and _opens(r, args.age)]
            verdict = "allowed" if len(inside) == len(bands) else "conditional" if opened else "forbidden"
            conditions += [r.exception for r in opened]
        else:
            conditions.append("De documenten noemen voor dit product geen leeftijdsgrens.")
        relevant += [r for r in rules if not r.products and _in_band(r, args.age)]
    elif relevant:
        verdict = "allowed"
    if not relevant:
        conditions.append("De documenten noemen voor deze leeftijd geen specifieke regel.")
    return AgeResult(region=args.region, age=args.age, product=product_id or args.product, verdict=verdict,
                     rules=[r.text for r in relevant], conditions=conditions,
                     citations=[c for r in relevant for c in r.provenance])


class DeadlineInput(BaseModel):
    region: str = Field(description="Regio-id")
    topic: str = Field(min_length=2, description="Onderwerp, bv. 'garantiefase', 'logeren', 'reactie arrangement'")


class DeadlineEntry(BaseModel):
    id: str
    topic: str
    text: str
    value: float | None = None
    unit: str | None = None
    binding: str = ""


class DeadlineResult(RuleOutput):
    region: str
    topic: str
    found: bool
    entries: list[DeadlineEntry] = Field(default_factory=list)


def _score(entry: Deadline, query: str) -> int:
    q, words = f" {query} ", set(query.split())
    best = 0
    for alias in [entry.topic, *entry.aliases]:
        key = _key(alias)
        if key and (f" {key} " in q or set(key.split()) <= words):
            best = max(best, len(key))
    return best


def deadline(region: str, topic: str) -> DeadlineResult:
    """Deadlines and durations (doorlooptijden, garantiefase, indicatieduur, maxima) for a topic."""
    args = DeadlineInput(region=region, topic=topic)
    data = load(check_region(args.region), "deadlines", Deadlines)
    entries = data.deadlines if data else []
    query = _key(args.topic)
    scored = sorted(((s, e) for e in entries if (s := _score(e, query))), key=lambda x: -x[0])
    if not scored:
        note = "De documenten van deze regio noemen voor dit onderwerp geen termijn."
        return DeadlineResult(region=args.region, topic=args.topic, found=False, conditions=[note], missing=[
            MissingFact(name="topic", question="Over welke termijn gaat het?", options=[e.topic for e in entries])])
    top = scored[0][0]
    hits = [e for s, e in scored if s == top]
    return DeadlineResult(
        region=args.region, topic=args.topic, found=True,
        entries=[DeadlineEntry(**e.model_dump(include={"id", "topic", "text", "value", "unit", "binding"}))
                 for e in hits],
        conditions=[e.text for e in hits], citations=[c for e in hits for c in e.provenance])
