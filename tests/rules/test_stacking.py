"""Stacking: golden cases from the matrix footnotes and the prose, same-provider variants, properties."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from rules.errors import UnknownProduct
from rules.products import catalogue
from rules.stacking import matrix, stacking

NL, WBW = "noord-limburg", "west-brabant-west"


@pytest.mark.parametrize(("region", "products", "same", "verdict", "footnote", "line"), [
    (NL, ["vaktherapie", "Perspectief 1"], None, "forbidden", None, 4360),
    (NL, ["gezinshuis", "logeren"], None, "forbidden", None, 4354),
    (NL, ["naschoolse dagbehandeling", "naschoolse dagbesteding"], None, "forbidden", None, 7485),
    (NL, ["GGZ-traject", "P1"], True, "forbidden", 9, 4294),
    (NL, ["GGZ", "P1"], False, "conditional", 9, 4294),
    (NL, ["P1 licht", "P1 zwaar"], True, "forbidden", 7, 4278),
    (NL, ["P1", "P1"], False, "conditional", 7, 4278),
    (NL, ["P2 midden", "GGZ licht"], True, "forbidden", 2, 4244),
    (NL, ["P2 midden", "GGZ licht"], False, "conditional", 2, 4244),
    (NL, ["duurzaam licht", "P2 zwaar"], True, "forbidden", 8, 4284),
    (NL, ["duurzaam licht", "P2 zwaar"], False, "conditional", 8, 4284),
    (NL, ["dyslexie behandeling", "GGZ midden"], True, "conditional", 13, 4308),
    (NL, ["pleegzorg", "P1 midden"], None, "conditional", 4, 4254),
    (NL, ["kleinschalige woonleefgroep", "duurzaam"], None, "conditional", 3, 4250),
    (NL, ["behandeling met verblijf", "pleegzorg"], None, "conditional", 1, 4234),
    (NL, ["naschoolse dagbesteding", "respijtzorg 1"], None, "conditional", 6, 4266),
    (NL, ["schoolvervangende dagbesteding", "naschoolse dagbehandeling"], None, "conditional", 5, 4260),
    (NL, ["drangtraject", "P1 licht"], None, "conditional", 10, 4298),
    (NL, ["medicijncontrole", "GGZ zwaar"], None, "conditional", 11, 4302),
    (NL, ["crisishulp", "pleegzorg"], None, "conditional", 12, 4304),
    (NL, ["logeren etmaal zwaar", "logeren dagdeel zwaar"], None, "allowed", None, 4187),
    (NL, ["logeren etmaal zwaar", "logeren dagdeel licht"], None, "forbidden", None, 4187),
    (NL, ["logeren", "P1 licht"], None, "allowed", None, 6159),
    (NL, ["dyslexie behandeling", "ontwikkelgroep jonge kind"], None, "forbidden", None, 4348),
    (NL, ["behandeling met verblijf", "GGZ zwaar"], None, "forbidden", None, 8276),
    (NL, ["respijtzorg 2", "schoolvervangende dagbesteding"], None, "conditional", 6, 8067),
    (WBW, ["pleegzorg", "P3 intensief"], None, "conditional", None, 2350),
    (WBW, ["P3 intensief", "P4 intensief"], None, "forbidden", None, 2313),
    (WBW, ["P3 perspectief", "P3 intensief"], None, "conditional", None, 2342),
    (WBW, ["P8 duurzaam", "P4 intensief"], None, "conditional", None, 2327),
    (WBW, ["P2 acuut", "P4 intensief"], None, "conditional", None, 2325),
    (WBW, ["kinderarts", "P4 intensief"], None, "allowed", None, 3359),
    (WBW, ["woonzorg", "hoog complexe zorg"], None, "forbidden", None, 2364),
    (WBW, ["woonzorg", "P2 perspectief"], None, "conditional", None, 2362),
    (WBW, ["AHS", "P6 intensief"], None, "allowed", None, 2489),
    (WBW, ["50EDP", "50EDI"], None, "allowed", None, 2336),
    (WBW, ["controleconsult medicatie", "P5 intensief"], None, "allowed", None, 3379),
])
def test_golden(region, products, same, verdict, footnote, line) -> None:
    r = stacking(region, products, same_provider=same)
    assert r.verdict == verdict, r
    assert r.pairs[0].footnote == footnote
    assert any(c.line_start == line for c in r.citations)
    assert r.conditions


def test_forbidden_mentions_hardheidsclausule() -> None:
    r = stacking(NL, ["vaktherapie", "P1"])
    assert any("Hardheidsclausule" in c for c in r.conditions)
    assert any(c.line_start == 4165 for c in r.citations)


def test_unknown_provider_is_asked() -> None:
    r = stacking(NL, ["GGZ-traject", "P1"])
    assert r.verdict == "conditional"
    assert [m.name for m in r.missing] == ["same_provider"]
    assert any("dezelfde aanbieder: niet toegestaan" in c for c in r.conditions)


def test_unknown_when_the_text_does_not_decide() -> None:
    r = stacking(NL, ["P1", "P2"])
    assert r.verdict == "unknown" and "gemeentelijke toegang" in r.conditions[0]
    assert any(c.line_start == 4158 for c in r.citations)
    w = stacking(WBW, ["pleegzorg", "woonzorg"])
    assert w.verdict == "unknown" and "Jeugdprofessional" in w.conditions[0]


def test_variant_dependent_rules_ask_for_the_variant() -> None:
    r = stacking(WBW, ["Duurzaam", "P4 perspectief"])
    assert r.verdict == "conditional" and r.missing[0].question.startswith("Om welk profiel")
    only_pending = stacking(NL, ["dagbehandeling", "dyslexie behandeling"])
    assert only_pending.verdict == "conditional" and only_pending.missing


def test_three_products_take_the_most_restrictive_pair() -> None:
    r = stacking(NL, ["pleegzorg", "P1 licht", "vaktherapie"])
    assert len(r.pairs) == 3 and r.verdict == "forbidden"
    assert {p.verdict for p in r.pairs} == {"conditional", "forbidden"}


def test_region_without_rules_and_bad_input() -> None:
    with pytest.raises(UnknownProduct):
        stacking("lelystad", ["pleegzorg", "P1"])
    with pytest.raises(ValidationError):
        stacking(NL, [])


def test_one_product_gets_its_general_rule_or_asks_for_the_other() -> None:
    drang = stacking(NL, ["drangtraject"])
    assert drang.verdict == "conditional" and drang.pairs[0].footnote == 10
    assert drang.conditions == ["Drangtraject kan alleen ingezet worden door de gemeentelijke toegang. Stapeling van "
                                "drangtraject en een andere hulpvorm kan alleen in nadrukkelijke afstemming met de "
                                "gemeente toegang."]
    assert any(c.line_start == 4298 for c in drang.citations)
    # P1's rules differ per partner product: no general rule, the other product is asked for.
    p1 = stacking(NL, ["P1"])
    assert p1.verdict == "unknown" and p1.missing[0].name == "other_product" and not p1.conditions


def test_matrix_counts() -> None:
    cells = matrix(NL)
    assert len(cells) == 26 * 27 // 2
    counts = Counter(cells.values())
    assert counts["forbidden"] >= 40 and counts["conditional"] >= 60 and counts["unknown"] > 100
    assert cells[("p1", "vaktherapie")] == "forbidden"
    assert cells[("gezinshuis", "logeren")] == "forbidden"


NAMES = {region: [p.name for p in catalogue(region).products] for region in (NL, WBW)}  # type: ignore[union-attr]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from([NL, WBW]).flatmap(
    lambda r: st.tuples(st.just(r), st.sampled_from(NAMES[r]), st.sampled_from(NAMES[r]),
                        st.sampled_from([None, True, False]))))
def test_symmetric(case) -> None:
    region, a, b, same = case
    ab, ba = stacking(region, [a, b], same), stacking(region, [b, a], same)
    assert ab.verdict == ba.verdict
    assert ab.pairs[0].rule_id == ba.pairs[0].rule_id
