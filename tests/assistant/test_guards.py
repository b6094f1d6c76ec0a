from assistant.guards import violations

PASSAGES = {1: "Pleegzorg (44A07) micro-aanbieder € 50,20 per etmaal.", 2: "reactie binnen 10 werkdagen"}
REGIONS = {"noord-limburg": ["Noord-Limburg", "Venlo"], "west-brabant-west": ["West-Brabant West", "Roosendaal"]}


def check(text: str, outputs: list[dict] | None = None) -> list[str]:
    return violations(text, PASSAGES, outputs or [], "noord-limburg", REGIONS)


def test_grounded_answer_passes() -> None:
    assert check("Pleegzorg (44A07) kost bij een micro-aanbieder € 50,20 per etmaal [1].") == []


def test_invented_amount_code_and_marker_fail() -> None:
    assert any("€ 60,00" in p for p in check("Pleegzorg kost € 60,00 per etmaal [1]."))
    assert any("45L99" in p for p in check("Gebruik code 45L99 [1]."))
    assert any("[3]" in p for p in check("Zie de bron [3]."))
    assert "geen bronverwijzing" in check("Pleegzorg kost € 50,20.")


def test_period_must_be_in_cited_passage_or_tool_output() -> None:
    assert check("De gemeente reageert binnen 10 werkdagen [2].") == []
    assert check("De gemeente reageert binnen 10 werkdagen [1].") != []
    assert check("Maximaal 16 etmalen [1].", [{"max": "16 etmalen"}]) == []


def test_other_region_and_rights_language_fail() -> None:
    assert any("west-brabant-west" in p for p in check("In Roosendaal geldt € 50,20 [1]."))
    assert any("recht" in p for p in check("U heeft recht op pleegzorg [1]."))
