"""How an answer from passages is written: the answering sentence first, where it stands next, then only what
carries it."""

from __future__ import annotations

from assistant.extractive import Evidence
from assistant.stages.passages import best_first
from assistant.wording import source_line
from ingest.models import Chunk

CHUNK = Chunk(id="c", document_id="d", region="r", title="Handboek", section="3 Producten > 3.4 Logeren",
              text="x", line_start=1, line_end=9)


def evidence(sentences: list[str], kinds: list[str]) -> Evidence:
    return Evidence(chunk=CHUNK, sentences=sentences, score=1.0, kinds=kinds)


def test_the_best_sentence_opens_when_it_stands_on_its_own() -> None:
    ev = evidence(["Logeren is bedoeld om ouders te ontlasten.", "Er geldt een maximum van 48 etmalen per jaar."],
                  ["sentence", "sentence"])
    assert best_first(ev, ev.sentences[1])[0] == [ev.sentences[1], ev.sentences[0]]


def test_document_order_stays_when_the_best_sentence_needs_the_one_before() -> None:
    points_back = evidence(["Het maximum is 48 etmalen.", "Dit geldt per kalenderjaar."], ["sentence", "sentence"])
    assert best_first(points_back, points_back.sentences[1])[0] == points_back.sentences
    listed = evidence(["Voorwaarden:", "• een indicatie", "• een plan"], ["sentence", "item", "item"])
    assert best_first(listed, listed.sentences[2])[0] == listed.sentences  # an item belongs under its lead-in
    first = evidence(["Het maximum is 48 etmalen.", "Meer kan met maatwerk."], ["sentence", "sentence"])
    assert best_first(first, first.sentences[0])[0] == first.sentences


def test_the_source_line_names_document_and_section() -> None:
    assert source_line("Handboek", "3 Producten > 3.4 Logeren") == "(Bron: Handboek, 3.4 Logeren)"
    assert source_line("Handboek", "") == "(Bron: Handboek)"
