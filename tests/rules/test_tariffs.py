"""Tariffs and WBW payment schedules, golden from the documents."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from rules.errors import UnknownProduct
from rules.money import amount_value, as_written, euro
from rules.tariffs import payment_schedule, tariff

NL, WBW = "noord-limburg", "west-brabant-west"


@pytest.mark.parametrize(("region", "product", "provider", "amount", "unit", "code", "line"), [
    (NL, "pleegzorg", "micro", 50.20, "etmaal", "44A07", 4876),
    (NL, "pleegzorg", "regulier", 54.31, "etmaal", "44A07", 4876),
    (NL, "consultatie en advies WO", "regulier", 128.18, "uur", "50L02", 464),
    (NL, "consultatie en advies WO", "micro", 109.18, "uur", "50L02", 464),
    (NL, "dyslexiebehandeling", "micro", 4563.54, "traject", "54L51", 11305),
    (NL, "Duurzaam meerwerk", "regulier", 79.89, "uur", "45L05", 9708),
    (NL, "GGZ zwaar", "micro", 4543.44, "traject", "54L03", 10343),
    (NL, "P1 licht", "regulier", 1306.20, "traject", "45L11", 8705),
    (NL, "41L14", "micro", 22932.00, "traject", "41L14", 7386),
    (NL, "logeren dagdeel zwaar", "regulier", 83.84, "dagdeel", "44A93", 6314),
    (NL, "gezinshuis", "regulier", 152.18, "etmaal", "44A08", 5321),
    (NL, "medicijncontrole", None, 194.71, "uur", "54L06", 11884),
    (NL, "53A05", "micro", 1341.71, "traject", "53A05", 11776),
    (WBW, "P6 intensief", None, 18886, "arrangement", None, 3757),
    (WBW, "profiel 7 perspectief", None, 1622, "arrangement", None, 3763),
    (WBW, "P8 duurzaam", None, 1818, "tranche", None, 3769),
    (WBW, "profiel 10 zwaar", None, 3210, "tranche", None, 3781),
    (WBW, "voucher", None, 376, "voucher", None, 3801),
])
def test_golden_amounts(region, product, provider, amount, unit, code, line) -> None:
    r = tariff(region, product, provider)
    assert r.status == "ok" and r.amount_eur == pytest.approx(amount)
    # The amount as the cited passage prints it, so it can be found in the document.
    assert r.amount_text in " ".join(c.quote for c in r.citations)
    assert r.unit == unit and r.code == code and r.year == 2023
    assert any(c.line_start == line for c in r.citations)
    assert not r.missing


def test_dutch_money_format() -> None:
    assert euro(1306.2) == "€ 1.306,20"
    assert euro(18886) == "€ 18.886,00"
    assert euro(11.79) == "€ 11,79"
    # As the source writes it when it holds the amount; otherwise the standard form.
    assert as_written(1083.48, ["Micro-aanbieder: €922,92 Reguliere aanbieder: €1.083,48"]) == "€1.083,48"
    assert as_written(1622, ["Profiel 7  € 1.236,-  € 1622,-  € 5.520,-"]) == "€ 1622,-"
    assert as_written(18886, ["Profiel 6 € 8.962,-"]) == "€ 18.886,00"
    # One reading of written amounts, shared with the answer guards.
    assert [amount_value(t) for t in ("€ 1.306,20", "1306,20", "1.306", "€ 1.236,-", "1306.2", "€")] == [
        Decimal("1306.2"), Decimal("1306.2"), Decimal("1306"), Decimal("1236"), Decimal("1306.2"), None]


def test_missing_provider_gives_both_amounts_and_asks() -> None:
    r = tariff(NL, "consultatie en advies WO")
    assert r.status == "needs_choice" and r.amount_eur is None
    assert {(o.provider, o.amount_eur) for o in r.options} == {("micro", 109.18), ("regular", 128.18)}
    assert r.missing[0].name == "provider" and "micro-aanbieder" in r.missing[0].options


def test_same_amount_for_both_providers_needs_no_choice() -> None:
    r = tariff(NL, "vervoer")
    assert r.status == "ok" and r.amount_text == "€ 11,79" and r.unit == "rit" and r.code == "42A03"
    assert any("prijspeil 2022" in c for c in r.conditions)


def test_family_lists_every_intensity_and_asks() -> None:
    r = tariff(NL, "GGZ-traject")
    assert r.status == "needs_choice"
    amounts = {(o.product_id, o.provider): o.amount_text for o in r.options}
    assert amounts[("ggz-licht", "regular")] == "€1.083,48"
    assert amounts[("ggz-zwaar", "micro")] == "€4.543,44"
    assert [m.name for m in r.missing] == ["product", "provider"]
    duurzaam = tariff(WBW, "Duurzaam")
    assert {o.amount_eur for o in duurzaam.options} == {1288, 1818, 2114, 3210}
    assert duurzaam.missing[0].question.startswith("Om welk profiel")


def test_year_not_in_documents() -> None:
    r = tariff(NL, "GGZ zwaar", year=2024)
    assert r.status == "not_in_documents" and r.amount_eur is None and "2024" in r.note
    assert tariff(NL, "GGZ zwaar", "micro", year=2023).amount_eur == 4543.44


@pytest.mark.parametrize(("region", "product", "words"), [
    (NL, "50L71", "segment 1"), (NL, "beschermd wonen", "niet openbaar"), (NL, "drangtraject", "49C01"),
    (WBW, "50EDP", "50EDP"), (WBW, "hoog complexe zorg", "hoog complex"),
])
def test_products_without_tariff_say_so(region, product, words) -> None:
    r = tariff(region, product)
    assert r.status == "not_in_documents" and r.amount_eur is None and words in r.note and r.citations


def test_no_micro_tariff_for_gezinshuis() -> None:
    r = tariff(NL, "gezinshuis", "micro")
    assert r.status == "not_in_documents" and r.options[0].amount_eur == 152.18


def test_pgb_maximum() -> None:
    r = tariff(NL, "persoonlijke verzorging", "regulier")
    assert r.amount_text == "€ 79,89" and r.unit == "uur"
    assert any(c.line_start == 1541 for c in r.citations)
    hourly = tariff(NL, "schoolvervangende dagbehandeling 2", "regulier", basis="pgb_max")
    assert hourly.amount_eur == 25.51 and hourly.unit == "uur"
    none = tariff(NL, "GGZ licht", basis="pgb_max")
    assert none.status == "not_in_documents"


def test_quantity_and_tranche_maximum() -> None:
    r = tariff(NL, "logeren etmaal zwaar", "micro", quantity=3)
    assert r.total_eur == pytest.approx(875.91) and r.total_text == "€ 875,91"
    p2 = tariff(WBW, "profiel 2 duurzaam", quantity=4)
    assert p2.total_eur == 5152 and any("maximum" in c for c in p2.conditions)
    assert tariff(WBW, "profiel 1 duurzaam").options[0].max_quantity == 12
    assert tariff(WBW, "profiel 6 duurzaam").options[0].max_quantity == 6


def test_bad_input() -> None:
    with pytest.raises(ValidationError):
        tariff(NL, "P1 licht", "groot")
    with pytest.raises(UnknownProduct):
        tariff(NL, "fietskar")


@pytest.mark.parametrize(("product", "start", "end"), [
    ("P3 perspectief", 347, 347), ("P6 intensief", 9443, 9443), ("voucher", 376, None), ("P2 acuut", 1236, None),
])
def test_payment_schedule(product, start, end) -> None:
    r = payment_schedule(WBW, product)
    steps = {s.moment: s.amount_eur for s in r.schedule}
    assert steps.get("start zorg") == start and steps.get("einde zorg") == end


def test_tariff_includes_payment_schedule() -> None:
    r = tariff(WBW, "P3 perspectief")
    assert [s.amount_text for s in r.payment_schedule] == ["€ 347,00", "€ 347,00"]
    assert any(c.line_start == 3858 for c in r.citations)


def test_dropout() -> None:
    recent = payment_schedule(WBW, "P4 intensief", dropout="recent-gestart")
    assert recent.total_paid_eur == 5151 and recent.schedule[1].paid is False
    done = payment_schedule(WBW, "P4 intensief", dropout="grotendeels-voltooid")
    assert done.total_paid_eur == 10302 and done.schedule[1].paid is True
    unclear = payment_schedule(WBW, "P4 intensief", dropout="anders")
    assert unclear.missing and unclear.schedule[1].paid is None and unclear.total_paid_eur == 5151
    tranches = payment_schedule(WBW, "P8 duurzaam", tranches=3, dropout="recent-gestart")
    assert tranches.total_paid_eur == 5454 and any("geen nieuwe tranche" in c for c in tranches.conditions)
    assert payment_schedule(WBW, "Duurzaam").status == "needs_choice"
    assert payment_schedule(WBW, "pleegzorg").status == "not_in_documents"



def test_the_payment_schedule_says_which_share_is_paid_when() -> None:
    from assistant.stages.rules import _render_tariff

    result = tariff(region="west-brabant-west", product="Profiel 2 intensief")
    assert [(s.moment, s.share) for s in result.payment_schedule] == [("start zorg", 0.5), ("einde zorg", 0.5)]
    assert "• start zorg (50%): € 2.201,00" in _render_tariff(result, "[1]")
