"""Stacking (stapeling): may these products be indicated at the same time?

Rules are evaluated in file order and the first rule whose selectors match the pair (either way round) decides.
A product named only by its family ('P1', 'logeren') may leave a selector undecided; such rules are reported
as depending on the variant. No rule -> ``unknown``: the text does not decide, and we say so.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Literal

from pydantic import BaseModel, Field

from rules.loader import check_region, load
from rules.models import Attributes, Citation, MissingFact, RuleOutput, Selector, StackingData, StackingRule, Verdict
from rules.products import catalogue, get_family, get_product, members_of, require

SEVERITY: dict[str, int] = {"allowed": 0, "conditional": 1, "unknown": 2, "forbidden": 3}
VERDICT_NL = {"allowed": "toegestaan", "conditional": "onder voorwaarden", "unknown": "onbekend",
              "forbidden": "niet toegestaan"}
SAME_PROVIDER_QUESTION = MissingFact(name="same_provider", question="Worden beide door dezelfde aanbieder geleverd?",
                                     options=["ja", "nee"])


class Entity(BaseModel):
    """A product (or a family when only the family was named) with the attributes selectors look at."""

    label: str
    product_id: str | None = None
    attributes: Attributes
    members: list[Entity] = []  # a family: its products; a selector matches it only if it matches them all
    question: MissingFact | None = None  # asked when a rule needs the exact variant


class StackingInput(BaseModel):
    region: str = Field(description="Regio-id, bv. 'noord-limburg' of 'west-brabant-west'")
    products: list[str] = Field(min_length=1, description="Twee of meer productnamen, codes of aliassen; één "
                                "product: wat het handboek zegt over stapelen met andere hulp in het algemeen")
    same_provider: bool | None = Field(None, description="Leveren dezelfde aanbieder(s) de producten? Leeg = onbekend")


class PairVerdict(BaseModel):
    a: str
    b: str
    verdict: Verdict
    rule_id: str | None = None
    source: Literal["matrix", "text"] | None = None
    footnote: int | None = None
    conditions: list[str] = []


class StackingResult(RuleOutput):
    region: str
    products: list[str]
    verdict: Verdict
    pairs: list[PairVerdict]


def _match(sel: Selector, e: Entity) -> bool | None:
    """Three-valued: True/False for a product; for a family True (all members match), False (none) or None."""
    if e.members:
        hits = {_match(sel, m) for m in e.members}
        return hits.pop() if len(hits) == 1 else None
    attrs = e.attributes
    checks = [
        not sel.products or e.product_id in sel.products,
        not sel.groups or attrs.group in sel.groups,
        not sel.intensities or attrs.intensity in sel.intensities,
        not sel.profiles or attrs.profile in sel.profiles,
        not sel.tags or bool(set(sel.tags) & set(attrs.tags)),
    ]
    return all(checks)


def _pair_match(rule: StackingRule, x: Entity, y: Entity) -> bool | None:
    def both(p: bool | None, q: bool | None) -> bool | None:
        if p is False or q is False:
            return False
        return None if p is None or q is None else True

    ways = [both(_match(rule.a, x), _match(rule.b, y)), both(_match(rule.a, y), _match(rule.b, x))]
    if True in ways:
        return True
    return None if None in ways else False


def _apply_provider(rule: StackingRule, same: bool | None) -> tuple[Verdict, list[str], bool]:
    """The rule's verdict for this provider situation, extra conditions, and whether to ask about it."""
    if same is True:
        return rule.same_provider or rule.verdict, [], False
    if same is False:
        return rule.different_provider or rule.verdict, [], False
    if_same, if_diff = rule.same_provider or rule.verdict, rule.different_provider or rule.verdict
    if if_same == if_diff:
        return rule.verdict, [], False
    worst = max(if_same, if_diff, key=SEVERITY.__getitem__)
    best = min(if_same, if_diff, key=SEVERITY.__getitem__)
    note = (f"Bij dezelfde aanbieder: {VERDICT_NL[if_same]}; bij verschillende aanbieders: {VERDICT_NL[if_diff]}.")
    return ("conditional" if worst == "forbidden" and best != "forbidden" else worst), [note], True


class _Outcome(BaseModel):
    pair: PairVerdict
    citations: list[Citation] = []
    missing: list[MissingFact] = []


def _decide(data: StackingData, x: Entity, y: Entity, same: bool | None) -> _Outcome:
    pending: list[StackingRule] = []
    for rule in data.rules:
        hit = _pair_match(rule, x, y)
        if hit is False:
            continue
        if hit is None:
            pending.append(rule)
            continue
        verdict, extra, ask = _apply_provider(rule, same)
        conditions = [*rule.conditions, *extra]
        citations = list(rule.provenance)
        missing = [SAME_PROVIDER_QUESTION] if ask else []
        if pending and any(p.verdict != verdict for p in pending):
            conditions = [f"Hangt af van de precieze variant; zonder nadere keuze: {VERDICT_NL[verdict]}.",
                          *conditions, *[c for p in pending for c in p.conditions]]
            citations += [c for p in pending for c in p.provenance]
            missing += [e.question for e in (x, y) if e.question and e.product_id is None]
            verdict = "conditional" if verdict != "unknown" else verdict
        return _Outcome(pair=PairVerdict(a=x.label, b=y.label, verdict=verdict, rule_id=rule.id, source=rule.source,
                                         footnote=rule.footnote, conditions=conditions),
                        citations=citations, missing=missing)
    if pending:
        rule = pending[0]
        return _Outcome(
            pair=PairVerdict(a=x.label, b=y.label, verdict="conditional", rule_id=rule.id, source=rule.source,
                             footnote=rule.footnote,
                             conditions=["Hangt af van de precieze variant.", *rule.conditions]),
            citations=list(rule.provenance), missing=[e.question for e in (x, y) if e.question and not e.product_id])
    return _Outcome(pair=PairVerdict(a=x.label, b=y.label, verdict="unknown", conditions=[data.unknown_note]),
                    citations=list(data.unknown_provenance))


_ATTRS = {"group", "segment", "intensity", "profile", "tags"}


def _product_entity(region: str, product_id: str) -> Entity:
    prod = get_product(region, product_id)
    return Entity(label=prod.name, product_id=prod.id, attributes=Attributes(**prod.model_dump(include=_ATTRS)))


def entity(region: str, text: str) -> Entity:
    """The stacking entity for a product name: the product, or its family when only the family is named."""
    res = require(region, text)
    if res.product is not None:
        return _product_entity(region, res.product.id)
    question = MissingFact(name=f"variant:{text}", question=res.question or "Welk product bedoel je?",
                           options=[c.name for c in res.candidates])
    if res.family is not None:
        fam = get_family(region, res.family.id)
        members = [_product_entity(region, p.id) for p in members_of(region, fam.id)]
        return Entity(label=fam.name, attributes=Attributes(**fam.model_dump(include=_ATTRS)), members=members,
                      question=question)
    members = [_product_entity(region, c.id) for c in res.candidates]
    return Entity(label=text, attributes=Attributes(), members=members, question=question)


def stacking_data(region: str) -> StackingData | None:
    return load(check_region(region), "stacking", StackingData)


def _unique(items: list) -> list:
    out: list = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


GENERAL_SHARE = 0.75  # of a product's rules that must carry a condition for it to be the product's general rule
OTHER_PRODUCT = "other_product"


def _with_any(data: StackingData, x: Entity) -> _Outcome:
    """Stacking one product with other help in general: the condition most of its rules carry (a footnote on its
    whole matrix row, e.g. "Stapeling van drangtraject en een andere hulpvorm kan alleen in afstemming ..."),
    else unknown until the other product is named."""
    rules = [r for r in data.rules if True in (_match(r.a, x), _match(r.b, x))]
    counts = Counter(c for rule in rules for c in rule.conditions)
    general = [c for c, n in counts.items() if n >= GENERAL_SHARE * len(rules)] if len(rules) >= 3 else []
    if not general:
        question = MissingFact(name=OTHER_PRODUCT, question=f"Met welk product wil je {x.label} stapelen?")
        return _Outcome(pair=PairVerdict(a=x.label, b="andere hulp", verdict="unknown"), missing=[question])
    carrier = next(r for r in rules if set(general) <= set(r.conditions))
    return _Outcome(pair=PairVerdict(a=x.label, b="andere hulp", verdict="conditional", rule_id=carrier.id,
                                     source=carrier.source, footnote=carrier.footnote, conditions=general),
                    citations=list(carrier.provenance))


def stacking(region: str, products: list[str], same_provider: bool | None = None) -> StackingResult:
    """May these products be stacked? Checks every pair; the overall verdict is the most restrictive one.

    One product: what the rules say about stacking it with other help in general.
    """
    args = StackingInput(region=region, products=products, same_provider=same_provider)
    entities = [entity(args.region, p) for p in args.products]
    data = stacking_data(args.region)
    assert data is not None  # every region with products has stacking rules (tested)
    outcomes = ([_with_any(data, entities[0])] if len(entities) == 1 else
                [_decide(data, x, y, args.same_provider) for x, y in combinations(entities, 2)])
    verdict = max((o.pair.verdict for o in outcomes), key=SEVERITY.__getitem__)
    conditions = _unique([c for o in outcomes for c in o.pair.conditions])
    citations = _unique([c for o in outcomes for c in o.citations])
    if verdict == "forbidden" and data.forbidden_note:
        conditions.append(data.forbidden_note)
        citations += data.forbidden_provenance
    return StackingResult(region=args.region, products=args.products, verdict=verdict,
                          pairs=[o.pair for o in outcomes], conditions=conditions, citations=citations,
                          missing=_unique([m for o in outcomes for m in o.missing]))


def matrix(region: str) -> dict[tuple[str, str], Verdict]:
    """Verdict per pair of matrix groups (Noord-Limburg), unordered pairs incl. the diagonal, without provider."""
    data = stacking_data(region)
    assert data is not None
    cat = catalogue(region)
    assert cat is not None
    groups = {g: Entity(label=g, attributes=Attributes(group=g),
                        members=[_product_entity(region, p.id) for p in cat.products if p.group == g])
              for g in data.groups}
    cells: dict[tuple[str, str], Verdict] = {}
    for i, a in enumerate(data.groups):
        for b in data.groups[i:]:
            cells[(a, b)] = _decide(data, groups[a], groups[b], None).pair.verdict
    return cells
