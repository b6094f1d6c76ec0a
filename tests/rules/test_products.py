"""Resolver and product mentions: golden cases from referrers' questions, and properties over the catalogue."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.errors import UnknownProduct, UnknownRegion
from rules.products import catalogue, find_products, normalise, require, resolve

NL, WBW = "noord-limburg", "west-brabant-west"


@pytest.mark.parametrize(("region", "text", "product"), [
    (NL, "P1 licht", "p1-licht"), (NL, "perspectief 1 licht", "p1-licht"), (NL, "45L11", "p1-licht"),
    (NL, "perspectief-1 licht", "p1-licht"), (NL, "pleeggezin", "pleegzorg"), (NL, "EED behandeling",
    "dyslexie-behandeling"), (NL, "ED diagnostiek", "dyslexie-diagnostiek"), (NL, "GGZ zwaar", "ggz-zwaar"),
    (NL, "vaktherapie", "vaktherapie"), (NL, "gezinshuizen", "gezinshuis"), (NL, "41A16", "ontwikkelgroep-emb"),
    (WBW, "P6 intensief", "profiel-6-intensief"), (WBW, "profiel 3 perspectief", "profiel-3-perspectief"),
    (WBW, "voucher", "voucher"), (WBW, "pleeggezin", "pleegzorg"), (WBW, "50EDP", "ed-onderzoek"),
    (WBW, "profiel 10 zwaar", "profiel-10-duurzaam-zwaar"),
])
def test_resolves_aliases(region: str, text: str, product: str) -> None:
    res = resolve(region, text)
    assert res.status == "resolved" and res.product and res.product.id == product


@pytest.mark.parametrize(("region", "text", "candidates"), [
    (NL, "P1", {"p1-licht", "p1-midden", "p1-zwaar"}),
    (NL, "GGZ", {"ggz-licht", "ggz-midden", "ggz-zwaar"}),
    (NL, "P2", {"p2-midden", "p2-zwaar"}),
    (NL, "dyslexie", {"dyslexie-diagnostiek", "dyslexie-behandeling"}),
    (WBW, "Duurzaam", {f"profiel-{n}-duurzaam" for n in range(1, 10)}
     | {"profiel-10-duurzaam-licht", "profiel-10-duurzaam-zwaar"}),
    (WBW, "profiel 4", {f"profiel-4-{i}" for i in ("acuut", "perspectief", "intensief", "duurzaam")}),
])
def test_ambiguous_names_give_candidates_and_a_question(region: str, text: str, candidates: set[str]) -> None:
    res = resolve(region, text)
    assert res.status == "ambiguous" and res.product is None
    assert {c.id for c in res.candidates} == candidates and res.question


def test_unknown_name_is_never_guessed() -> None:
    res = resolve(NL, "fietskar")
    assert res.status == "unknown" and res.product is None
    near = resolve(NL, "vaktherpie")
    assert near.status == "unknown" and [c.id for c in near.candidates] == ["vaktherapie"]
    with pytest.raises(UnknownProduct) as err:
        require(NL, "vaktherpie")
    assert err.value.candidates == [{"id": "vaktherapie", "name": "Vaktherapie (enkelvoudig)"}]


def test_region_without_catalogue_and_unknown_region() -> None:
    assert resolve("lelystad", "pleegzorg").status == "unknown"
    assert find_products("lelystad", "pleegzorg") == []
    with pytest.raises(UnknownRegion, match="noord-limburg"):
        resolve("utrecht", "P1")


@pytest.mark.parametrize(("region", "question", "expected"), [
    (NL, "Mag ik vaktherapie inzetten naast Perspectief 1?", [("vaktherapie", "vaktherapie", False),
                                                               ("Perspectief 1", None, True)]),
    (NL, "GGZ-traject en P1 tegelijk bij dezelfde aanbieder, kan dat?", [("GGZ-traject", None, True),
                                                                           ("P1", None, True)]),
    (NL, "uurprijs meerwerk bij Ambulante hulp Duurzaam, reguliere aanbieder?",
     [("Ambulante hulp Duurzaam", "duurzaam-meerwerk", False)]),
    (NL, "naschoolse dagbehandeling en naschoolse dagbesteding tegelijk, mag dat?",
     [("naschoolse dagbehandeling", "tns-naschoolse-dagbehandeling", False),
      ("naschoolse dagbesteding", "naschoolse-dagbesteding", False)]),
    (NL, "Kind in een gezinshuis: kan ik logeren erbij indiceren?", [("gezinshuis", "gezinshuis", False),
                                                                       ("logeren", None, True)]),
    (WBW, "Wat krijgt een aanbieder voor P6 intensief?", [("P6 intensief", "profiel-6-intensief", False)]),
    (WBW, "Profiel 3, perspectief: wat wordt bij de start betaald?",
     [("Profiel 3, perspectief", "profiel-3-perspectief", False)]),
    (WBW, "Het gaat om profiel 3 en de intensiteit is perspectief",
     [("profiel 3 en de intensiteit is perspectief", "profiel-3-perspectief", False)]),
    (WBW, "Wat is het tarief voor Duurzaam?", [("Duurzaam", None, True)]),
])
def test_find_products_in_questions(region: str, question: str, expected: list) -> None:
    mentions = find_products(region, question)
    got = [(m.text, m.product.id if m.product else None, m.ambiguous) for m in mentions]
    assert got == expected
    assert all(question[m.start:m.end] == m.text for m in mentions)


def test_normalise_keeps_positions() -> None:
    text = "Perspectief-1 (licht) én GGZ"
    assert len(normalise(text)) == len(text)
    assert normalise(text).split() == ["perspectief", "1", "licht", "en", "ggz"]


PRODUCTS = [(region, p) for region in (NL, WBW) for p in catalogue(region).products]  # type: ignore[union-attr]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(PRODUCTS), st.sampled_from(["code", "name"]))
def test_every_product_resolves_by_code_and_by_name(item, how) -> None:
    region, product = item
    if how == "code" and not product.codes:
        return
    text = product.codes[0] if how == "code" else product.name
    res = resolve(region, text)
    assert res.status == "resolved" and res.product and res.product.id == product.id


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(PRODUCTS), st.sampled_from(["upper", "lower", "hyphen"]))
def test_resolution_tolerates_case_and_hyphens(item, variant) -> None:
    region, product = item
    text = {"upper": product.name.upper(), "lower": product.name.lower(),
            "hyphen": product.name.replace(" ", "-")}[variant]
    res = resolve(region, text)
    assert res.product and res.product.id == product.id


def test_a_number_the_series_lacks_is_found_with_the_numbers_it_has() -> None:
    from rules.products import unknown_number

    nl = unknown_number("noord-limburg", "Hoe lang duurt Ambulante hulp Perspectief 3?")
    assert nl is not None and nl.written == "Perspectief 3" and nl.options == ["Perspectief 1", "Perspectief 2"]
    assert unknown_number("noord-limburg", "Wat kost P2 zwaar?") is None
    wbw = unknown_number("west-brabant-west", "Wat kost P12 intensief?")  # P is Profiel in West-Brabant West
    assert wbw is not None and wbw.options[-1] == "Profiel 10"
    assert unknown_number("west-brabant-west", "Wat kost profiel 10 Duurzaam?") is None


def test_a_variant_named_word_by_word_resolves_the_product() -> None:
    # "etmaal licht/midden" is named as "per etmaal …, licht": each word of the variant, or one of "a/b".
    mention = find_products("noord-limburg", "Wat kost logeren per etmaal bij een reguliere aanbieder, licht?")[0]
    assert mention.status == "resolved" and mention.product is not None
    assert mention.product.name == "Logeren etmaal licht/midden"
    assert find_products("noord-limburg", "Wat kost logeren?")[0].status == "ambiguous"
