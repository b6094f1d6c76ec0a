"""Tariffs: the amount for a product, per provider type and year, and (WBW) what is paid when."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from rules.models import Citation, MissingFact, Product, ProductCatalogue, RuleOutput, Tariff
from rules.money import as_written, euro
from rules.products import ProductRef, catalogue, get_product, ref, require

_PROVIDER_WORDS = {
    "micro": "micro", "micro-aanbieder": "micro", "microaanbieder": "micro", "klein": "micro",
    "regular": "regular", "regulier": "regular", "reguliere": "regular", "reguliere aanbieder": "regular",
}
PROVIDER_LABEL = {"micro": "micro-aanbieder", "regular": "reguliere aanbieder", "single": "alle aanbieders"}
PROVIDER_QUESTION = MissingFact(
    name="provider",
    question="Gaat het om een micro-aanbieder of een reguliere aanbieder?",
    options=["micro-aanbieder", "reguliere aanbieder"],
)


def _provider(value: str | None) -> str | None:
    if value is None:
        return None
    key = " ".join(value.lower().replace("_", " ").split())
    if key not in _PROVIDER_WORDS:
        raise ValueError("provider moet 'micro' of 'regulier' zijn")
    return _PROVIDER_WORDS[key]


class TariffInput(BaseModel):
    region: str = Field(description="Regio-id, bv. 'noord-limburg' of 'west-brabant-west'")
    product: str = Field(description="Productnaam, code of alias, bv. 'GGZ zwaar', '45L11', 'P6 intensief'")
    provider: str | None = Field(None, description="'micro' of 'regulier' (Noord-Limburg); leeg = onbekend")
    year: int | None = Field(None, description="Tariefjaar; leeg = het jaar in de documenten")
    quantity: float | None = Field(None, gt=0, description="Aantal eenheden (uren, etmalen, ritten, tranches)")
    basis: Literal["zin", "pgb_max"] = Field("zin", description="'zin' (zorg in natura) of 'pgb_max' (PGB-maximum)")

    _norm_provider = field_validator("provider")(lambda cls, v: _provider(v))


class TariffLine(BaseModel):
    product_id: str
    product_name: str
    code: str | None
    provider: str
    amount_eur: float
    amount_text: str
    unit: str | None
    year: int
    basis: str
    max_quantity: int | None = None
    max_quantity_note: str = ""


class PaymentStep(BaseModel):
    moment: str
    share: float | None = None
    amount_eur: float | None = None
    amount_text: str | None = None
    paid: bool | None = None  # None: depends on facts not given


class TariffResult(RuleOutput):
    region: str
    query: str
    status: Literal["ok", "needs_choice", "not_in_documents"]
    product: ProductRef | None = None
    provider: str | None = None
    amount_eur: float | None = None
    amount_text: str | None = None
    unit: str | None = None
    code: str | None = None
    year: int | None = None
    quantity: float | None = None
    total_eur: float | None = None
    total_text: str | None = None
    options: list[TariffLine] = Field(default_factory=list)
    payment_schedule: list[PaymentStep] = Field(default_factory=list)
    note: str = ""


def _written(t: Tariff) -> str:
    """The tariff as its source prints it ("€1.083,48", "€ 1.236,-")."""
    return as_written(t.amount, [p.quote for p in t.provenance])


def _line(product: Product, t: Tariff) -> TariffLine:
    return TariffLine(
        product_id=product.id, product_name=product.name, code=product.codes[0] if product.codes else None,
        provider=t.provider, amount_eur=t.amount, amount_text=_written(t), unit=t.unit or product.unit,
        year=t.year, basis=t.basis, max_quantity=t.max_quantity, max_quantity_note=t.max_quantity_note,
    )


def _cites(*groups: list[Citation]) -> list[Citation]:
    out: list[Citation] = []
    for group in groups:
        out.extend(c for c in group if c not in out)
    return out


def _tariffs(product: Product, basis: str) -> list[Tariff]:
    chosen = [t for t in product.tariffs if t.basis == basis]
    # A product priced only as a PGB maximum (persoonlijke verzorging) answers a plain tariff question too.
    return chosen or [t for t in product.tariffs if basis == "zin" and t.basis == "pgb_max"]


def tariff(region: str, product: str, provider: str | None = None, year: int | None = None,
           quantity: float | None = None, basis: str = "zin") -> TariffResult:
    """The amount for ``product``; both amounts and a question when the provider type decides it."""
    args = TariffInput(region=region, product=product, provider=provider, year=year, quantity=quantity,
                       basis=basis)
    res = require(args.region, args.product)
    cat = catalogue(args.region)
    assert cat is not None  # require() found a product, so the region has a catalogue
    base = {"region": args.region, "query": args.product, "quantity": args.quantity}
    general = [c for c in cat.tariff_notes]
    if res.status == "ambiguous":
        return _needs_variant(args, res.candidates, res.question or "Welk product bedoel je?", cat, base)
    assert res.product is not None
    prod = get_product(args.region, res.product.id)
    if not prod.tariffs:
        return TariffResult(**base, status="not_in_documents", product=ref(prod), code=_code(prod), unit=prod.unit,
                            note=prod.no_tariff_reason, conditions=[prod.no_tariff_reason],
                            citations=_cites(prod.provenance))
    tariffs = _tariffs(prod, args.basis)
    if not tariffs:
        note = "De documenten noemen voor dit product geen PGB-maximum."
        return TariffResult(**base, status="not_in_documents", product=ref(prod), code=_code(prod), note=note,
                            conditions=[note], citations=_cites(prod.provenance))
    years = sorted({t.year for t in tariffs})
    if args.year is not None and args.year not in years:
        note = (f"De documenten bevatten geen tarief voor {args.year}; de opgenomen tarieven gelden voor "
                f"{', '.join(map(str, years))}.")
        return TariffResult(**base, status="not_in_documents", product=ref(prod), code=_code(prod), year=args.year,
                            note=note, conditions=[note, cat.validity.note],
                            citations=_cites(cat.validity.provenance))
    tariffs = [t for t in tariffs if t.year == (args.year or years[-1])]
    conditions = [*prod.notes]
    if args.provider and not any(t.provider in (args.provider, "single") for t in tariffs):
        note = f"Voor {prod.name} noemen de documenten geen tarief voor een {PROVIDER_LABEL[args.provider]}."
        return TariffResult(**base, status="not_in_documents", product=ref(prod), code=_code(prod),
                            provider=args.provider, note=note, conditions=[note, *conditions],
                            options=[_line(prod, t) for t in tariffs],
                            citations=_cites(*[t.provenance for t in tariffs]))
    chosen = [t for t in tariffs if args.provider is None or t.provider in (args.provider, "single")]
    amounts = {t.amount for t in chosen}
    options = [_line(prod, t) for t in chosen]
    citations = _cites(*[t.provenance for t in chosen], general)
    if len(amounts) > 1:
        return TariffResult(**base, status="needs_choice", product=ref(prod), code=_code(prod),
                            unit=options[0].unit, year=chosen[0].year, options=options, conditions=conditions,
                            missing=[PROVIDER_QUESTION], citations=citations)
    t = chosen[0]
    line = _line(prod, t)
    result = TariffResult(**base, status="ok", product=ref(prod), provider=args.provider or t.provider,
                          amount_eur=t.amount, amount_text=line.amount_text, unit=line.unit, code=line.code,
                          year=t.year, options=options, conditions=conditions, citations=citations)
    if t.max_quantity:
        result.conditions.append(f"Maximum: {t.max_quantity_note}.")
    if args.quantity is not None:
        result.total_eur = round(t.amount * args.quantity, 2)
        result.total_text = euro(result.total_eur)
        if t.max_quantity and args.quantity > t.max_quantity:
            result.conditions.append(
                f"Let op: {args.quantity:g} is meer dan het maximum ({t.max_quantity_note}).")
    schedule = payment_steps(cat, prod, t.amount)
    if schedule:
        result.payment_schedule = schedule[0]
        result.citations = _cites(result.citations, schedule[1])
    return result


def _code(prod: Product) -> str | None:
    return prod.codes[0] if prod.codes else None


def _needs_variant(args: TariffInput, candidates: list[ProductRef], question: str, cat: ProductCatalogue,
                   base: dict) -> TariffResult:
    """A family was named ('GGZ-traject'): list every candidate's amounts and ask which one is meant."""
    options: list[TariffLine] = []
    citations: list[Citation] = []
    providers: set[str] = set()
    for cand in candidates:
        prod = get_product(args.region, cand.id)
        for t in _tariffs(prod, args.basis):
            if args.provider is None or t.provider in (args.provider, "single"):
                options.append(_line(prod, t))
                providers.add(t.provider)
                citations = _cites(citations, t.provenance)
    missing = [MissingFact(name="product", question=question, options=[c.name for c in candidates])]
    if args.provider is None and {"micro", "regular"} <= providers:
        missing.append(PROVIDER_QUESTION)
    return TariffResult(**base, status="needs_choice", options=options, missing=missing,
                        citations=_cites(citations, cat.tariff_notes))


def payment_steps(cat: ProductCatalogue, prod: Product, amount: float) -> tuple[list[PaymentStep], list[Citation]]:
    rules = [r for r in cat.payment_rules if r.id in prod.payment]
    steps: list[PaymentStep] = []
    for rule in rules:
        if rule.per_tranche:
            steps.append(PaymentStep(moment="per tranche (evenredig over het jaar)", amount_eur=amount,
                                     amount_text=euro(amount)))
            continue
        for moment, share in (("start zorg", rule.start_share), ("einde zorg", rule.end_share)):
            if share:
                value = round(amount * share, 2)
                steps.append(PaymentStep(moment=moment, share=share, amount_eur=value, amount_text=euro(value)))
    return steps, _cites(*[r.provenance for r in rules])


class PaymentInput(BaseModel):
    region: str = Field(description="Regio-id; betaalschema's staan in de WBW-catalogus")
    product: str = Field(description="Arrangement, bv. 'P4 intensief', 'profiel 3 perspectief', 'voucher'")
    dropout: str | None = Field(None, description="Reden van uitval (bv. 'recent-gestart'); leeg = geen uitval")
    tranches: int | None = Field(None, gt=0, description="Aantal ingezette tranches (Duurzaam)")


class PaymentResult(RuleOutput):
    region: str
    product: ProductRef | None = None
    amount_eur: float | None = None
    amount_text: str | None = None
    schedule: list[PaymentStep] = Field(default_factory=list)
    total_paid_eur: float | None = None
    total_paid_text: str | None = None
    status: Literal["ok", "needs_choice", "not_in_documents"]


def payment_schedule(region: str, product: str, dropout: str | None = None,
                     tranches: int | None = None) -> PaymentResult:
    """What is paid at start, at end and per tranche; with ``dropout`` whether the last part is still paid."""
    args = PaymentInput(region=region, product=product, dropout=dropout, tranches=tranches)
    cat = catalogue(args.region)
    res = require(args.region, args.product)
    assert cat is not None
    if res.status == "ambiguous":
        return PaymentResult(region=args.region, status="needs_choice", missing=[MissingFact(
            name="product", question=res.question or "Welk arrangement?", options=[c.name for c in res.candidates])])
    assert res.product is not None
    prod = get_product(args.region, res.product.id)
    if not prod.payment or not prod.tariffs:
        note = "De documenten geven voor dit product geen betaalschema."
        return PaymentResult(region=args.region, product=ref(prod), status="not_in_documents", conditions=[note],
                             citations=_cites(prod.provenance))
    t = prod.tariffs[0]
    steps, citations = payment_steps(cat, prod, t.amount)
    citations = _cites([p for p in t.provenance], citations)
    conditions: list[str] = [r.text for r in cat.payment_rules if r.id in prod.payment]
    missing: list[MissingFact] = []
    per_tranche = any(r.per_tranche for r in cat.payment_rules if r.id in prod.payment)
    total: float | None
    if per_tranche:
        total = round(t.amount * args.tranches, 2) if args.tranches else None
        if args.dropout:
            conditions.append("Bij uitval wordt na het moment einde zorg geen nieuwe tranche uitbetaald.")
            citations = _cites(citations, [r.provenance[0] for r in cat.dropout_rules[:1]])
    else:
        total = round(sum(s.amount_eur or 0 for s in steps), 2)
        end = next((s for s in steps if s.moment == "einde zorg"), None)
        if args.dropout and end:
            rule = next((r for r in cat.dropout_rules if r.id == args.dropout), None)
            if rule is None:
                end.paid = None
                total = round(total - (end.amount_eur or 0), 2)
                missing.append(MissingFact(
                    name="dropout", question="Wat is de situatie bij de uitval?",
                    options=[r.label for r in cat.dropout_rules]))
            else:
                end.paid = rule.final_share_paid
                conditions.append(f"Uitval: {rule.label} — de laatste 50% wordt "
                                  f"{'wel' if rule.final_share_paid else 'niet'} uitbetaald.")
                citations = _cites(citations, rule.provenance)
                if not rule.final_share_paid:
                    total = round(total - (end.amount_eur or 0), 2)
    return PaymentResult(
        region=args.region, product=ref(prod), amount_eur=t.amount,
        amount_text=_written(t), schedule=steps,
        total_paid_eur=total, total_paid_text=euro(total) if total is not None else None, status="ok",
        conditions=conditions, missing=missing, citations=citations)
