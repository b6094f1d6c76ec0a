"""Passage text split into answer units: sentences, list items (with their later sentences), headings."""

from __future__ import annotations

from assistant.extractive import IdfTable, Selection, select
from assistant.text import in_list, units
from ingest.models import Chunk


def test_a_bulleted_item_keeps_its_later_sentences() -> None:
    text = ("Aanmelden gaat via de aanbieders.\n"
            "• Er is één aanmeldpunt voor alle aanbieders. Het is bereikbaar per mail. Bel bij spoed.\n"
            "Daarna volgt een gesprek.")
    kinds = [(u.kind, u.text[:12]) for u in units(text)]
    assert kinds == [("sentence", "Aanmelden ga"), ("item", "• Er is één "), ("item-more", "Het is berei"),
                     ("item-more", "Bel bij spoe"), ("sentence", "Daarna volgt")]
    # Under a lead-in ending in ':' a short line is an item as it stands.
    listed = units("Aanmelden gaat zo:\n• Eén aanmeldpunt. Per mail.\nDaarna een gesprek")
    assert [u.kind for u in listed] == ["sentence", "item", "item"]
    assert in_list("item-more") and in_list("item") and not in_list("sentence")


def test_money_asked_in_any_tense_and_amounts_written_in_words() -> None:
    from assistant.extractive import _ASK_PATTERN, asks_for

    assert "amount" in asks_for("Wat kostte de begeleiding?") and "amount" in asks_for("Wat kosten twee tranches?")
    assert _ASK_PATTERN["amount"].search("De kosten zijn 13.000 euro.")
    assert _ASK_PATTERN["amount"].search("tussen de € 22.000 en € 56.000")
    assert not _ASK_PATTERN["amount"].search("Een halfjaar lang, tien uur in de week.")


def test_a_concepts_synonyms_count_once_and_only_beyond_the_words_that_named_it() -> None:
    from assistant.extractive import Concept, Query

    query = Query({"light": 4.0, "contract": 3.0, "verlengd": 5.0},
                  [Concept({"light", "contract"}, {"maatwerkovereenkomst": 2.5, "maatwerk": 1.0, "overeenkomst": 1.0})])
    # Named in the user's words: the synonyms add nothing more.
    assert query.weight({"light", "contract", "maatwerkovereenkomst", "maatwerk", "overeenkomst"}) == 7.0
    # Only synonyms: the best of them counts, once.
    assert query.weight({"maatwerkovereenkomst", "maatwerk", "overeenkomst", "verlengd"}) == 7.5
    assert query.total == 12.0


def test_contact_details_and_compound_money_words_are_asks() -> None:
    from assistant.extractive import _ASK_PATTERN, asks_for

    assert "contact" in asks_for("Welk nummer bel ik voor crisishulp?")
    assert "amount" in asks_for("Welk trajectbedrag hoort daarbij?")
    for written in ("is 24/7 te bereiken op 043-6045777.", "Venray 0478-523 333 keuze 1", "mail naar a.b@venlo.nl"):
        assert _ASK_PATTERN["contact"].search(written), written
    assert not _ASK_PATTERN["contact"].search("€ 1.236,- per arrangement, 12 tranches")


def test_a_question_what_an_abbreviation_is_asks_for_the_sentence_that_spells_it_out() -> None:
    from assistant.extractive import _ask_patterns

    define = _ask_patterns("Wat is JEL precies?")["definition"]
    assert define.search("Sinds juli 2021 zijn de teams van JEL (Jeugd Lelystad) gestart")
    assert define.search("de nieuwe organisatie Jeugd Lelystad (JEL) nam de toegang over")
    assert not define.search("Het JEL-team werkt wijkgericht.")
    assert "definition" not in _ask_patterns("Wat is het tarief voor Duurzaam?")


def test_a_message_with_two_questions_is_split_where_the_second_starts() -> None:
    from assistant.extractive import question_parts

    assert question_parts("Wat kostte de gezinsuitkering, en wat had een uithuisplaatsing gekost?") == [
        "Wat kostte de gezinsuitkering", "wat had een uithuisplaatsing gekost?"]
    assert question_parts("Mag GGZ samen met P1 en P2?") == ["Mag GGZ samen met P1 en P2?"]


def test_a_list_that_runs_on_into_the_next_passage_comes_along() -> None:
    from assistant.extractive import IdfTable, select
    from ingest.models import Chunk

    def chunk(n: int, text: str) -> Chunk:
        return Chunk(id=f"c{n}", document_id="d", region="r", title="T", text=text, line_start=n * 10,
                     line_end=n * 10 + 9)

    first = chunk(1, "Een light-contract komt tot stand na overleg met contractmanagement. Redenen hiervoor waren:\n"
                     "• de casus viel duidelijk onder een uitzondering;")
    second = chunk(2, "• de urgentie was te groot om op het overleg te wachten;\n• de agenda was te vol.\n"
                      "Daarna volgt een ander onderwerp.")
    other = chunk(3, "Iets heel anders over vervoer en taxi's.")
    idf = IdfTable([first, second, other])
    selection = select("Komt een light-contract tot stand na overleg met contractmanagement?", [first], idf,
                       following=lambda c: second if c.id == "c1" else None)
    assert [e.chunk.id for e in selection.evidence] == ["c1", "c2"] and selection.evidence[1].continues
    assert any("urgentie" in t for t in selection.evidence[1].sentences)
    assert not any("ander onderwerp" in t for t in selection.evidence[1].sentences)


def _passage(n: int, text: str) -> Chunk:
    return Chunk(id=f"c{n}", document_id="d", region="r", title="T", text=text, line_start=n, line_end=n)


def _select(question: str, *texts: str) -> Selection:
    """The answer selection from passages with ``texts`` (and an unrelated one, so idf is not flat)."""
    passages = [_passage(n, t) for n, t in enumerate(texts, 1)]
    return select(question, passages, IdfTable([*passages, _passage(99, "Iets over vervoer.")]))


def test_a_qualifier_after_a_sentence_that_continues_the_best_one_comes_along() -> None:
    # The second sentence goes on about the question (half its terms) without being chosen on its own.
    text = ("Binnen het expertiseoverleg zijn veel aanvragen voor light-contracten besproken door het team. Toch "
            "kwam een light-contract voor zulke aanvragen vaak tot stand met contractmanagement. Redenen hiervoor "
            "waren:\n• er was sprake van urgentie;\n• de agenda was te vol.")
    selection = _select("Worden aanvragen voor light-contracten in het expertiseoverleg besproken door het team?", text)
    answer = " ".join(selection.evidence[0].sentences)
    assert "Toch kwam" in answer and "urgentie" in answer


def test_a_heading_ingest_found_is_a_heading_even_when_long_and_numbered() -> None:
    from assistant.text import units

    text = ("3. Light-contracten altijd in overleg tussen CJG, GI en contractmanagement\n"
            "Binnen het overleg zijn veel aanvragen besproken.")
    assert units(text)[0].kind == "item"  # read alone it looks like a numbered list item
    heading = "3. Light-contracten altijd in overleg tussen CJG, GI en contractmanagement"
    assert [u.kind for u in units(text, [heading])] == ["heading", "sentence"]


def test_how_many_of_a_thing_prefers_the_sentence_that_counts_that_thing() -> None:
    # Both sentences hold two of the question's words; only the second counts casussen (the first has a year).
    text = "Voor de analyse is in 2021 naar casussen gevraagd. Uiteindelijk zijn negen casussen opgenomen."
    assert _select("Hoeveel casussen zijn in de analyse opgenomen?", text).best.startswith("Uiteindelijk")


def test_the_article_een_is_not_a_count() -> None:
    from assistant.extractive import _ask_patterns

    number = _ask_patterns("Hoeveel light-contracten waren er in 2020?")["number"]
    assert number.search("Van de 77 light-contracten in 2020") and not number.search("een light-contract met")


def test_the_words_that_ask_for_a_phone_number_are_not_the_topic() -> None:
    bel = "Het BEL verbindt kennis over complexe problematiek bij crisis en jeugdhulp."
    phone = "Crisishulp is 24/7 te bereiken op 043-6045777 bij een crisis."
    assert "043-6045777" in _select("Wie moet ik bellen bij een crisis?", bel, phone).best


def test_a_question_the_handbook_asks_is_not_the_answer() -> None:
    text = "Hoeveel uur heeft de indicatie consultatie? De indicatie consultatie telt ook indirecte uren."
    assert _select("Hoeveel uur heeft de indicatie consultatie?", text).best.startswith("De indicatie")


def test_a_sentence_that_points_back_brings_the_sentence_it_points_to() -> None:
    text = ("In een enkele casus voorkomt intensieve ondersteuning een uithuisplaatsing van meerdere kinderen. "
            "Dit resulteert in dure maatwerkoplossingen, maar is inhoudelijk proportioneel.")
    answer = _select("Zijn dure maatwerkoplossingen proportioneel?", text).evidence[0].sentences
    assert answer[0].startswith("In een enkele casus") and answer[1].startswith("Dit resulteert")
