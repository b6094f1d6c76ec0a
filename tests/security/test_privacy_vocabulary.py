"""The negative suite: the handbooks' own vocabulary is never redacted — regions, municipalities, product names
and aliases, the providers the handbooks name (also those that look like a person: "Jan Arends B.V."), and
places and care institutions outside the handbooks that referrers name ("Utrecht", "Pluryn")."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from tests.security.pii import redactor
from verwijswijzer.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
# Named by referrers, not printed in the handbooks: Dutch places and regions, and care institutions.
OUTSIDE = ["Utrecht", "Amsterdam", "Rotterdam", "Midden-Limburg", "Zuid-Limburg", "Twente", "Den Bosch",
           "'s-Hertogenbosch", "Tiel", "Ede", "Eindhoven", "Groningen", "Zwolle", "Almere", "Pluryn", "Karakter",
           "Lunet zorg", "Dichterbij", "Youké", "Levvel", "Parlan", "Accare", "Yulius", "GGz Centraal", "Lentis",
           "Amphia", "Veilig Thuis"]
TEMPLATES = ["Kan ik {} inzetten voor een jongen van 12?", "{} is wat we willen, kan dat?",
             "Wat zegt het handboek over {}?", "Mag dat ook via {}, bijvoorbeeld in 2024?"]


def handbook_vocabulary() -> list[str]:
    terms: set[str] = set()
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    for region in manifest["regions"].values():
        terms.update([region["name"], *region["municipalities"]])
    for path in (PROJECT_ROOT / "rules" / "data").glob("*/products.yaml"):
        for product in yaml.safe_load(path.read_text(encoding="utf-8"))["products"]:
            terms.update([product["name"], *(product.get("aliases") or [])])
    text = " ".join(p.read_text(encoding="utf-8") for p in CORPUS.glob("*.txt"))
    providers = re.findall(r"[A-Z][A-Za-z'&-]+(?: [A-Z][A-Za-z'&-]+)* (?:B\.V\.|BV)|"
                           r"Stichting [A-Z][A-Za-z-]+(?: [A-Z][A-Za-z-]+)?", text)
    return sorted(terms | set(providers))


VOCABULARY = handbook_vocabulary()


def test_the_list_is_the_handbooks_vocabulary() -> None:
    assert len(VOCABULARY) > 500
    assert {"Venlo", "Horst aan de Maas", "Jan Arends B.V.", "Stichting Koraal"} <= set(VOCABULARY)


@pytest.mark.parametrize("template", TEMPLATES)
def test_handbook_vocabulary_is_never_redacted(template: str) -> None:
    changed = [(t, r.text) for t in VOCABULARY + OUTSIDE if (r := redactor().redact(template.format(t))).changed]
    assert changed == []
