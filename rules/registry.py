"""Every rule function with its name, Dutch description and input/output models (for the API and the tools)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from rules.eligibility import (
    FrameworkResult,
    LightContractInput,
    MaatwerkInput,
    PgbInput,
    ProviderClassInput,
    ProviderClassResult,
    light_contract,
    maatwerk,
    pgb,
    provider_class,
)
from rules.stacking import StackingInput, StackingResult, stacking
from rules.tariffs import PaymentInput, PaymentResult, TariffInput, TariffResult, payment_schedule, tariff
from rules.timing import AgeInput, AgeResult, DeadlineInput, DeadlineResult, age_rules, deadline


@dataclass(frozen=True)
class RuleFunction:
    name: str
    description: str
    input_model: type[BaseModel]
    output_model: type[BaseModel]
    func: Callable[..., BaseModel]

    def call(self, payload: BaseModel) -> BaseModel:
        """Run the function on a validated input model."""
        return self.func(**payload.model_dump())

    def schema(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description,
                "input_schema": self.input_model.model_json_schema(),
                "output_schema": self.output_model.model_json_schema()}


REGISTRY: dict[str, RuleFunction] = {f.name: f for f in [
    RuleFunction("stacking", "Mogen deze producten tegelijk worden ingezet (stapeling)? Oordeel per paar en "
                 "overall: allowed, forbidden, conditional of unknown.", StackingInput, StackingResult, stacking),
    RuleFunction("tariff", "Tarief van een product: bedrag, eenheid, code en jaar; bij onbekend aanbiederstype "
                 "beide bedragen met de vraag welke.", TariffInput, TariffResult, tariff),
    RuleFunction("payment_schedule", "West-Brabant West: wat wordt bij start zorg, einde zorg of per tranche "
                 "betaald, ook bij uitval.", PaymentInput, PaymentResult, payment_schedule),
    RuleFunction("maatwerk", "Afwegingskader maatwerk: is zorg van een niet-gecontracteerde aanbieder "
                 "gerechtvaardigd? Redenen als toetsbare feiten.", MaatwerkInput, FrameworkResult, maatwerk),
    RuleFunction("light_contract", "Haarlem: afwegingskader light-contracten (inhoudelijke eisen, proceseisen, "
                 "uitzonderingen; geldend, praktijk of voorstel).", LightContractInput, FrameworkResult,
                 light_contract),
    RuleFunction("pgb", "Mag een PGB worden ingezet (doel, PGB-vaardigheid, budgetplan, kwaliteit, prijs)?",
                 PgbInput, FrameworkResult, pgb),
    RuleFunction("provider_class", "Noord-Limburg: micro- of reguliere aanbieder volgens balanstotaal, omzet en "
                 "fte.", ProviderClassInput, ProviderClassResult, provider_class),
    RuleFunction("age", "Leeftijdsregels: leeftijdsgrenzen van producten, 18-/18+, verlengde jeugdhulp, "
                 "instemming naar leeftijd.", AgeInput, AgeResult, age_rules),
    RuleFunction("deadline", "Termijnen en duur: doorlooptijden, garantiefase, indicatieduur, maxima, "
                 "reactietermijnen.", DeadlineInput, DeadlineResult, deadline),
]}


def describe() -> list[dict[str, Any]]:
    return [f.schema() for f in REGISTRY.values()]
