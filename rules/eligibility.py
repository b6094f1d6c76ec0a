"""Decision frameworks (maatwerk, Haarlem light-contract, PGB) and the micro/regular provider test.

A framework is data: yes/no facts, criteria (each met when all its facts have the required value) and
exceptions with a status (in force, applied in practice, only proposed, external advice). Unknown facts are
returned as questions, never assumed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from rules.loader import check_region, load
from rules.models import Citation, Framework, MissingFact, Requirement, RuleOutput, Status, Verdict

STATUS_RANK: dict[str, int] = {"in_force": 0, "advice": 0, "practice": 1, "proposed": 2}
STATUS_NL = {"in_force": "geldend kader", "advice": "extern advies", "practice": "in de praktijk toegepast",
             "proposed": "alleen voorgesteld (nog geen beleid)"}
YES_NO = ["ja", "nee"]


class CriterionResult(BaseModel):
    id: str
    label: str
    kind: str
    status: Status
    met: bool | None
    applied: bool = True  # False: reported only (status beyond the chosen level)
    note: str = ""


class FrameworkResult(RuleOutput):
    framework: str
    region: str
    verdict: Verdict
    criteria: list[CriterionResult]
    reasons_met: list[str] = Field(default_factory=list)
    reasons_not_met: list[str] = Field(default_factory=list)


class FrameworkInput(BaseModel):
    facts: dict[str, bool | None] = Field(default_factory=dict, description="Feiten (ja/nee) per naam")


def _met(req: Requirement, facts: dict[str, bool | None]) -> bool | None:
    values = [facts.get(name) for name in req.all_of]
    if any(v is not None and v != req.all_of[name] for name, v in zip(req.all_of, values, strict=True)):
        return False
    return None if None in values else True


def evaluate(fw: Framework, facts: dict[str, bool | None], level: str = "in_force") -> FrameworkResult:
    known = {f.name for f in fw.facts}
    unknown = sorted(set(facts) - known)
    if unknown:
        raise ValueError(f"Onbekende feiten voor {fw.id}: {', '.join(unknown)}. Geldig: {', '.join(sorted(known))}")
    questions = {f.name: f.question for f in fw.facts}
    results: list[CriterionResult] = []
    citations: list[Citation] = []
    conditions = [r.text for r in fw.remarks]
    for remark in fw.remarks:
        citations += remark.provenance

    def run(reqs: list[Requirement]) -> list[CriterionResult]:
        out = []
        for req in reqs:
            applied = STATUS_RANK[req.status] <= STATUS_RANK[level]
            out.append(CriterionResult(id=req.id, label=req.label, kind=req.kind, status=req.status,
                                       met=_met(req, facts), applied=applied, note=req.note))
            citations.extend(req.provenance)
        return out

    crit = run(fw.criteria)
    exc = run(fw.exceptions)
    results = crit + exc
    applied_exc = [e for e in exc if e.applied and e.met]
    if fw.mode == "any":
        verdict: Verdict = ("allowed" if any(c.met for c in crit) else
                            "forbidden" if all(c.met is False for c in crit) else "conditional")
        undecided = [c for c in crit if c.met is None] if verdict == "conditional" else []
    else:
        if applied_exc:
            verdict = "allowed"
        elif any(c.met is False for c in crit):
            verdict = "forbidden"
        else:
            verdict = "allowed" if all(c.met for c in crit) else "conditional"
        undecided = [c for c in crit if c.met is None] if verdict != "allowed" else []
        if verdict != "allowed":
            undecided += [e for e in exc if e.met is None and e.applied]
    for e in exc:
        if e.met and not e.applied:
            conditions.append(f"Uitzondering '{e.label}' is {STATUS_NL[e.status]}; niet toegepast op niveau "
                              f"'{STATUS_NL[level]}'.")
    for c in results:
        if c.note and c.met is not None:
            conditions.append(c.note)
    if fw.status_note:
        conditions.insert(0, fw.status_note)
    reqs = {r.id: r for r in [*fw.criteria, *fw.exceptions]}
    # Ask first for what completes a half-established reason.
    undecided.sort(key=lambda c: -sum(facts.get(n) is True for n in reqs[c.id].all_of))
    missing_names: list[str] = []
    for c in undecided:
        for name in reqs[c.id].all_of:
            if facts.get(name) is None and name not in missing_names:
                missing_names.append(name)
    return FrameworkResult(
        framework=fw.id, region=fw.region, verdict=verdict, criteria=results,
        reasons_met=[c.label for c in results if c.met and c.applied],
        reasons_not_met=[c.label for c in results if c.met is False],
        missing=[MissingFact(name=n, question=questions[n], options=YES_NO) for n in missing_names],
        conditions=conditions, citations=citations)


def _framework(region: str, name: str) -> Framework:
    fw = load(check_region(region), name, Framework)
    if fw is None:
        raise ValueError(f"Regio {region} heeft geen afwegingskader '{name}'.")
    return fw


class MaatwerkInput(FrameworkInput):
    """Afwegingskader maatwerk (niet-gecontracteerde aanbieder), geldt in elke regio."""


def maatwerk(facts: dict[str, bool | None] | None = None) -> FrameworkResult:
    """Is maatwerk (zorg van een niet-gecontracteerde aanbieder) gerechtvaardigd volgens het afwegingskader?"""
    args = MaatwerkInput(facts=facts or {})
    return evaluate(_framework("algemeen", "maatwerk"), args.facts)


class LightContractInput(FrameworkInput):
    """Haarlem: afwegingskader light-contracten."""

    level: Literal["in_force", "practice", "proposed"] = Field(
        "in_force", description="Toets aan het geldende kader, ook aan de praktijk, of ook aan voorstellen")


def light_contract(facts: dict[str, bool | None] | None = None, level: str = "in_force") -> FrameworkResult:
    """Haarlem light-contract: inhoudelijke eisen, proceseisen en uitzonderingen, met hun status."""
    args = LightContractInput(facts=facts or {}, level=level)  # type: ignore[arg-type]
    return evaluate(_framework("haarlem", "light-contract"), args.facts, args.level)


PGB_ALLOWED = ("persoonlijke verzorging", "kortdurend verblijf", "vervoer", "begeleiding", "logeren")
PGB_FORBIDDEN = ("verblijf", "verblijfszorg", "pleegzorg", "gezinshuis", "woonleefgroep", "behandeling met verblijf")


class PgbInput(FrameworkInput):
    region: str = Field("noord-limburg", description="'noord-limburg' (stappen PGB) of 'haarlem' (wettelijk doel)")
    purpose: str | None = Field(None, description="Waarvoor het PGB is, bv. 'persoonlijke verzorging'")


def pgb(region: str = "noord-limburg", purpose: str | None = None,
        facts: dict[str, bool | None] | None = None) -> FrameworkResult:
    """Mag een PGB worden ingezet? Checkt het doel (persoonlijke verzorging, kortdurend verblijf, vervoer,
    begeleiding) en, in Noord-Limburg, de vier stappen (PGB-vaardig, budgetplan, kwaliteit, prijs)."""
    args = PgbInput(region=region, purpose=purpose, facts=facts or {})
    merged = dict(args.facts)
    if args.purpose:
        text = args.purpose.lower()
        if any(w in text for w in PGB_ALLOWED):
            merged["doel_toegestaan"] = True
        elif any(w in text for w in PGB_FORBIDDEN):
            merged["doel_toegestaan"] = False
    fw = _framework(args.region, "pgb")
    result = evaluate(fw, {k: v for k, v in merged.items() if k in {f.name for f in fw.facts}})
    if fw.region != "haarlem":
        purpose_fw = _framework("haarlem", "pgb")
        purpose_result = evaluate(purpose_fw, {"doel_toegestaan": merged.get("doel_toegestaan")})
        result = _combine(result, purpose_result)
    return result


def _combine(main: FrameworkResult, extra: FrameworkResult) -> FrameworkResult:
    order = {"allowed": 0, "conditional": 1, "unknown": 2, "forbidden": 3}
    verdict = max(main.verdict, extra.verdict, key=order.__getitem__)
    return main.model_copy(update={
        "verdict": verdict, "criteria": main.criteria + extra.criteria,
        "reasons_met": main.reasons_met + extra.reasons_met,
        "reasons_not_met": main.reasons_not_met + extra.reasons_not_met,
        "missing": main.missing + [m for m in extra.missing if m not in main.missing],
        "conditions": [*main.conditions, "Het wettelijke doel van een PGB staat in de Haarlemse memo "
                       "(algemene regel): " + extra.criteria[0].label + "."],
        "citations": main.citations + extra.citations})


# ---------------------------------------------------------------- micro vs regular (Noord-Limburg)

class ProviderClassInput(BaseModel):
    region: str = Field("noord-limburg", description="Alleen Noord-Limburg kent micro-/reguliere tarieven")
    balance_total: float | None = Field(None, ge=0, description="Balanstotaal in euro")
    net_turnover: float | None = Field(None, ge=0, description="Netto omzet in euro")
    fte: float | None = Field(None, ge=0, description="Aantal fte personeel")


class ProviderClassResult(RuleOutput):
    region: str
    verdict: Literal["regular", "micro", "undetermined"]
    criteria: list[CriterionResult]


THRESHOLDS = (("balance_total", "Balanstotaal van meer dan € 350.000", 350_000, "gt"),
              ("net_turnover", "Netto omzet van meer dan € 700.000", 700_000, "gt"),
              ("fte", "Minimaal 10 fte personeel", 10, "ge"))


def provider_class(region: str = "noord-limburg", balance_total: float | None = None,
                   net_turnover: float | None = None, fte: float | None = None) -> ProviderClassResult:
    """Micro- of reguliere aanbieder (Noord-Limburg): balanstotaal > € 350.000, netto omzet > € 700.000,
    minimaal 10 fte (afgelopen 3 boekjaren)."""
    args = ProviderClassInput(region=region, balance_total=balance_total, net_turnover=net_turnover, fte=fte)
    check_region(args.region)
    if args.region != "noord-limburg":
        raise ValueError("Het onderscheid micro-/reguliere aanbieder staat alleen in het handboek Noord-Limburg.")
    from rules.products import catalogue

    cat = catalogue(args.region)
    assert cat is not None
    criteria: list[CriterionResult] = []
    missing: list[MissingFact] = []
    for field, label, limit, op in THRESHOLDS:
        value = getattr(args, field)
        met = None if value is None else (value > limit if op == "gt" else value >= limit)
        criteria.append(CriterionResult(id=field, label=label, kind="drempel", status="in_force", met=met))
        if value is None:
            missing.append(MissingFact(name=field, question=f"{label.split(' van ')[0]}: hoeveel?", options=[]))
    mets = [c.met for c in criteria]
    conditions = ["De aanbieder moet de criteria aantonen (op basis van de afgelopen 3 boekjaren). Bij de MGR en "
                  "backoffices is bekend welke aanbieders micro-aanbieder zijn; het heeft geen invloed op de "
                  "indicatie."]
    if all(m is True for m in mets):
        verdict: Literal["regular", "micro", "undetermined"] = "regular"
    elif all(m is False for m in mets):
        verdict = "micro"
    else:
        verdict = "undetermined"
        if None not in mets:
            conditions.append("De aanbieder voldoet aan een deel van de criteria; het handboek zegt niet of alle "
                              "drie of één criterium nodig is. Vraag het na bij de MGR of de backoffice.")
    return ProviderClassResult(region=args.region, verdict=verdict, criteria=criteria, missing=missing,
                               conditions=conditions, citations=list(cat.tariff_notes))
