"""The conversation engine end to end: real index (BM25), real rules, real SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer import Answer
from assistant.engine import Assistant, ChatRequest, UnknownRegion
from ingest.loaders import source_lines
from ingest.quotes import is_verbatim
from tests.conftest import real_engine
from verwijswijzer.settings import Settings


@pytest.fixture
def settings(indexed_data: Path, tmp_path: Path) -> Settings:
    return Settings(data_dir=indexed_data, embedder="none", database_url=f"sqlite:///{tmp_path / 'c.sqlite3'}")


@pytest.fixture
def engine(settings: Settings) -> Assistant:
    return real_engine(settings)


class Conversation:
    def __init__(self, engine: Assistant, region: str | None = None) -> None:
        self.engine, self.region, self.id = engine, region, None

    def say(self, message: str) -> Answer:
        answer = self.engine.chat(ChatRequest(message=message, conversation_id=self.id, region=self.region))
        self.id, self.region = answer.conversation_id, None
        assert_citations_verbatim(answer)
        return answer


def assert_citations_verbatim(answer: Answer) -> None:
    for c in answer.citations:
        assert is_verbatim(source_lines(c.document_id), c.line_start, c.line_end, c.quote), c
        assert f"[{c.n}]" in answer.text


def test_tariff_follow_up_to_micro_provider(engine: Assistant) -> None:
    talk = Conversation(engine, "noord-limburg")
    first = talk.say("wat kost P1 licht?")
    assert first.kind == "answer"
    assert "€1.306,20" in first.text and "€1.112,76" in first.text and "45L11" in first.text
    assert first.tool_calls[0].name == "tariff"
    second = talk.say("en bij een micro-aanbieder?")
    assert second.kind == "answer" and "€1.112,76" in second.text and "€1.306,20" not in second.text


def test_stacking_follow_up_to_same_provider(engine: Assistant) -> None:
    talk = Conversation(engine, "noord-limburg")
    first = talk.say("mag GGZ samen met P1?")
    assert first.kind == "answer" and "onder voorwaarden" in first.text
    second = talk.say("en bij dezelfde aanbieder?")
    assert "niet samen" in second.text and second.tool_calls[0].input["same_provider"] is True


def test_clarification_then_answer(engine: Assistant) -> None:
    talk = Conversation(engine, "noord-limburg")
    ask = talk.say("wat kost GGZ?")
    assert ask.kind == "clarification" and ask.options == ["GGZ licht", "GGZ midden", "GGZ zwaar"]
    answer = talk.say("zwaar")
    assert answer.kind == "answer" and "54L03" in answer.text and "€5.333,64" in answer.text


def test_region_switch_reads_the_product_anew(engine: Assistant) -> None:
    talk = Conversation(engine, "west-brabant-west")
    assert "€ 18.886,-" in talk.say("Wat kost P6 intensief?").text
    switched = talk.say("en in Noord-Limburg?")
    assert switched.region == "noord-limburg"
    assert "18.886" not in switched.text


def test_missing_region_is_asked_once_and_remembered(engine: Assistant) -> None:
    talk = Conversation(engine)
    ask = talk.say("Vanaf welke datum geldt het afwegingskader light-contracten?")
    assert ask.kind == "clarification" and "Haarlem" in ask.options
    answer = talk.say("Haarlem")
    assert answer.kind == "answer" and answer.region == "haarlem" and "20 augustus 2020" in answer.text
    assert answer.citations[0].document_id == "haarlem-light-contracten"


def test_municipality_in_the_question_sets_the_region(engine: Assistant) -> None:
    answer = Conversation(engine).say("Wat kost P1 licht in Venlo?")
    assert answer.region == "noord-limburg" and "45L11" in answer.text


def test_refusals_name_the_documents_and_who_can_help(engine: Assistant) -> None:
    code = Conversation(engine, "west-brabant-west").say("Wat is het tarief voor dyslexieonderzoek (50EDP)?")
    assert code.kind == "refusal" and "Jeugdhulpcatalogus" in code.text and "toegang" in code.text
    year = Conversation(engine, "noord-limburg").say("Welke tarieven gelden er in 2024 voor GGZ zwaar?")
    assert year.kind == "refusal" and year.tool_calls[0].output["status"] == "not_in_documents"


def test_extractive_answer_cites_its_source(engine: Assistant) -> None:
    answer = Conversation(engine, "noord-limburg").say("Heb ik een beschikking nodig om consultatie en advies in "
                                                       "te zetten?")
    assert answer.kind == "answer" and "geen beschikking" in answer.text
    assert answer.citations and answer.citations[0].document_id == "noord-limburg-handboek"
    assert "noord-limburg-handboek" in answer.documents_version


def test_a_restart_loses_no_conversation(settings: Settings, engine: Assistant) -> None:
    talk = Conversation(engine, "noord-limburg")
    talk.say("wat kost GGZ?")
    restarted = real_engine(settings)
    answer = restarted.chat(ChatRequest(message="midden", conversation_id=talk.id))
    assert answer.kind == "answer" and "54L02" in answer.text


def test_unknown_region_is_an_error(engine: Assistant) -> None:
    with pytest.raises(UnknownRegion, match="noord-limburg"):
        engine.chat(ChatRequest(message="vraag", region="utrecht"))


def test_age_questions_use_the_age_rules(engine: Assistant) -> None:
    answer = Conversation(engine, "noord-limburg").say("Kan ik beschermd wonen indiceren voor een jongen van 16?")
    assert answer.kind == "answer" and "17 jaar" in answer.text and "Wmo" in answer.text
    assert answer.tool_calls[0].name == "age" and answer.tool_calls[0].output["verdict"] == "forbidden"
    consent = Conversation(engine, "west-brabant-west").say("Jongen van 14: moet hij zelf akkoord geven?")
    assert "ouders" in consent.text and "zelf" in consent.text


def test_the_sentence_that_qualifies_the_answer_comes_along(engine: Assistant) -> None:
    answer = Conversation(engine, "west-brabant-west").say(
        "Mogen huisartsen een kind direct doorverwijzen naar jeugdhulpaanbieders?")
    assert answer.kind == "answer" and "direct door te verwijzen" in answer.text
    assert "contract" in answer.text  # "Uiteraard kan alleen worden doorverwezen naar aanbieders waarmee ..."


def test_synonyms_and_separable_verbs_find_the_answering_sentence(engine: Assistant) -> None:
    overrun = Conversation(engine, "west-brabant-west").say(
        "Het traject loopt uit: mag de aanbieder de extra uren declareren?")
    assert overrun.kind == "answer" and "Meerwerk" in overrun.text and "in rekening" in overrun.text
    family_home = Conversation(engine, "noord-limburg").say("Bij wie meld ik een jeugdige aan voor een gezinshuis?")
    assert family_home.kind == "answer" and "PactumEntree@vigogroep.nl" in family_home.text


def test_a_topic_the_documents_only_mention_is_refused_with_what_they_say(engine: Assistant) -> None:
    abroad = Conversation(engine, "haarlem").say(
        "Wat zijn de voorwaarden voor een light-contract als de zorg in het buitenland plaatsvindt?")
    assert abroad.kind == "refusal" and "geen casussen voorgedaan" in abroad.text
    assert abroad.citations and abroad.citations[0].document_id == "haarlem-light-contracten"
    national = Conversation(engine, "lelystad").say("Hoeveel huishoudens in Lelystad kampen met multiproblematiek?")
    assert national.kind == "refusal" and "landelijk" in national.text and "In Nederland" in national.text


def test_a_price_the_documents_do_not_give_is_refused_not_guessed(engine: Assistant) -> None:
    # Lelystad's report names costs of single cases (13.000 euro for half a year), never an hourly rate.
    answer = Conversation(engine, "lelystad").say("Welk uurtarief rekent een aanbieder in Lelystad voor begeleiding?")
    assert answer.kind == "refusal" and "13.000" not in answer.text


def test_one_product_stacking_question_gets_the_products_general_rule(engine: Assistant) -> None:
    answer = Conversation(engine, "noord-limburg").say("Mag ik een drangtraject stapelen met hulp die al loopt?")
    assert answer.kind == "answer" and "afstemming met de gemeente toegang" in answer.text
    assert answer.tool_calls[0].name == "stacking" and answer.tool_calls[0].output["verdict"] == "conditional"


def test_one_product_without_a_general_rule_asks_for_the_other_product(engine: Assistant) -> None:
    talk = Conversation(engine, "noord-limburg")
    asked = talk.say("Wat mag naast kindergeneeskunde?")
    assert asked.kind == "clarification" and "Met welk product" in asked.text
    answer = talk.say("GGZ")  # the reply names the other product
    assert answer.kind == "answer" and answer.tool_calls[0].name == "stacking"
    assert len(answer.tool_calls[0].input["products"]) == 2


def test_a_deadline_rule_that_does_not_count_what_is_asked_leaves_it_to_the_passages(engine: Assistant) -> None:
    # The looptijd of Duurzaam (a deadline rule) is not its number of tranches.
    answer = Conversation(engine, "west-brabant-west").say("Hoeveel tranches Duurzaam mogen er maximaal?")
    assert answer.kind == "answer" and "3 tranches" in answer.text and "6 tranches" in answer.text
    assert not any(c.name == "deadline" for c in answer.tool_calls)
    counted = Conversation(engine, "noord-limburg").say("hoeveel logeren mag ik maximaal indiceren?")
    assert counted.tool_calls[0].name == "deadline" and "16 etmalen" in counted.text


def test_warm_up_loads_each_regions_product_index(engine: Assistant) -> None:
    from rules.products import _index

    _index.cache_clear()
    engine.warm_up()
    assert _index.cache_info().currsize == len(engine.catalogue.regions)
    assert "idf" in engine.deps.__dict__  # the sentence statistics are built


def test_a_rate_or_count_the_documents_do_not_give_is_refused_with_what_they_say(engine: Assistant) -> None:
    # Lelystad's report gives yearly case costs, never an hourly rate; Haarlem's memo names budget ceilings
    # without an amount.
    rate = Conversation(engine, "lelystad").say("Welk uurtarief vergoedt Lelystad voor huishoudelijke hulp via pgb?")
    assert rate.kind == "refusal" and rate.text.startswith("Een uurtarief hiervoor noemen de documenten niet.")
    assert rate.citations and "Wel staat er" in rate.text
    ceiling = Conversation(engine, "haarlem").say("Hoe hoog is het budgetplafond van een aanbieder?")
    assert ceiling.kind == "refusal" and "bedrag" in ceiling.text
    counted = Conversation(engine, "west-brabant-west").say("Binnen hoeveel werkdagen reageert de gemeente op een "
                                                           "ingediend arrangement?")
    assert counted.kind == "answer" and "10 werkdagen" in counted.text


def test_without_a_region_a_question_no_document_answers_is_refused_not_asked_back(engine: Assistant) -> None:
    answer = Conversation(engine).say("Hoeveel tranches kent het hoogcomplexe zorgtraject in Zweden?")
    assert answer.kind == "refusal" and answer.text.startswith("Dit staat niet in de documenten.")
    assert "Doorzocht:" in answer.text
    asked = Conversation(engine).say("Wat kost GGZ licht?")
    assert asked.kind == "clarification"


def test_care_started_during_running_care_is_a_stacking_question(engine: Assistant) -> None:
    answer = Conversation(engine, "noord-limburg").say(
        "Tijdens een lopend traject Ambulante hulp Perspectief 1 wordt crisishulp ingezet. Wat gebeurt er met P1?")
    assert answer.tool_calls[0].name == "stacking" and "op pauze" in answer.text


def test_one_product_on_top_of_running_care_is_answered_from_the_passages(engine: Assistant) -> None:
    answer = Conversation(engine, "west-brabant-west").say(
        "Bij een kind met een lopend arrangement loopt de situatie thuis uit de hand. Mag AHS daar bovenop?")
    assert answer.kind == "answer" and "stabiliseren" in answer.text


def test_each_part_of_a_two_part_question_gets_its_answering_sentence(engine: Assistant) -> None:
    answer = Conversation(engine, "lelystad").say(
        "Wat kostte de gezinsuitkering voor de familie Voortman, en wat had een uithuisplaatsing gekost?")
    assert answer.kind == "answer" and "€ 1.500" in answer.text and "€ 15.000" in answer.text


def test_a_price_question_told_as_a_story_is_answered_with_the_price_of_what_it_names(engine: Assistant) -> None:
    # The best sentences retell the case (the ZBL gave home schooling) without an amount; the passages do give
    # the ZBL's cost, and an amount for what was not named (a day of Time-out) is still refused.
    asked = Conversation(engine, "lelystad").say(
        "Wat kostte de zorgbegeleider die bij de familie Derksen thuisonderwijs gaf?")
    assert asked.kind == "answer" and "€ 13.000" in asked.text
    assert Conversation(engine, "west-brabant-west").say("Wat kost een dag in de Time-out voorziening?").kind == \
        "refusal"


def test_the_handbooks_list_of_changes_answers_only_questions_about_changes(engine: Assistant) -> None:
    asked = Conversation(engine, "noord-limburg").say("Welke gegevens moeten in een verwijzing van de huisarts staan?")
    assert not any(c.section.startswith("Augustus 2023") for c in asked.citations)
    changes = Conversation(engine, "noord-limburg").say("Wat is er in augustus 2023 in het handboek aangepast?")
    assert changes.kind == "answer" and any(c.section.startswith("Augustus 2023") for c in changes.citations)


def test_without_a_region_the_general_framework_answers_what_it_covers(engine: Assistant) -> None:
    # The general framework need not outrank Haarlem's "Afwegingskader light-contracten" to answer: it applies
    # everywhere, so the region is not asked.
    answer = Conversation(engine).say("Wat is maatwerk volgens het afwegingskader?")
    assert answer.kind == "answer" and {c.document_id for c in answer.citations} == {"afwegingskader-maatwerk"}


def test_a_numbered_product_the_region_lacks_is_asked_back_not_priced_as_another(engine: Assistant) -> None:
    # Noord-Limburg numbers Perspectief 1 and 2; "P3" once got the Logeren table's amounts.
    talk = Conversation(engine, "noord-limburg")
    asked = talk.say("Wat kost P3 licht?")
    assert asked.kind == "clarification" and asked.options == ["Perspectief 1", "Perspectief 2"]
    assert "€" not in asked.text
    answer = talk.say("Perspectief 1")
    assert answer.kind == "answer" and "45L11" in answer.text and "1.306,20" in answer.text


def test_an_hourly_price_of_a_per_traject_product_says_what_the_handbook_gives_per_hour(engine: Assistant) -> None:
    answer = Conversation(engine, "noord-limburg").say("Wat is de uurprijs voor vaktherapie?")
    assert answer.kind == "answer" and "per traject" in answer.text
    assert "PGB-maximum: € 75,60 (micro-aanbieder) en € 88,75 (reguliere aanbieder) per uur" in answer.text
    assert [c.input["basis"] for c in answer.tool_calls] == ["zin", "pgb_max"]
    daily = Conversation(engine, "noord-limburg").say("dagprijs pleegzorg bij een micro-aanbieder?")
    assert "per etmaal" in daily.text and "per dag noemen" not in daily.text


def test_a_follow_up_after_an_answered_clarification_builds_on_the_product_chosen(engine: Assistant) -> None:
    talk = Conversation(engine, "noord-limburg")
    assert talk.say("Wat kost GGZ?").kind == "clarification"
    assert "4.543,44" in talk.say("zwaar").text
    answer = talk.say("bij een reguliere aanbieder")
    assert answer.kind == "answer" and "GGZ zwaar (54L03)" in answer.text and "5.333,64" in answer.text


def test_without_an_age_now_the_age_a_question_looks_ahead_to_is_used(engine: Assistant) -> None:
    answer = Conversation(engine, "noord-limburg").say("Kan pleegzorg doorlopen na het 18e jaar?")
    assert answer.kind == "answer" and "21e jaar" in answer.text
    assert [c.name for c in answer.tool_calls] == ["age"] and answer.tool_calls[0].input["age"] == 18
