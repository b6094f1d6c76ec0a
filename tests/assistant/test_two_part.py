"""A message with two questions, of which a rule function answers one, gets an answer to each part."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.citations import CitationBuilder
from assistant.engine import ChatRequest
from ingest.models import Chunk
from tests.conftest import real_engine
from verwijswijzer.settings import Settings


def test_the_rule_answer_and_the_other_part_both_come(indexed_data: Path, tmp_path: Path) -> None:
    engine = real_engine(Settings(data_dir=indexed_data, embedder="none",
                                  database_url=f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    answer = engine.chat(ChatRequest(message="Wat kost Perspectief 1 licht bij een micro-aanbieder en hoe lang duurt "
                                             "het traject?", region="noord-limburg"))
    assert answer.kind == "answer" and "1.112,76" in answer.text  # the tariff rule
    assert "18 maanden" in answer.text  # the duration, from the passages about the same product
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == {c.n for c in answer.citations} == set(range(1, len(answer.citations) + 1))


def test_merged_citations_are_numbered_after_the_first() -> None:
    lines = [f"regel {i}" for i in range(1, 11)]
    chunk = Chunk(id="c", document_id="d", region="r", title="T", text="regel 2 regel 3", line_start=2, line_end=3)
    later = Chunk(id="e", document_id="d", region="r", title="T", text="regel 7", line_start=7, line_end=7)
    first, second = CitationBuilder(lambda _: lines, {"d": "T"}), CitationBuilder(lambda _: lines, {"d": "T"})
    assert first.cite_sentences(chunk, ["regel 2"]) == 1
    assert second.cite_sentences(later, ["regel 7"]) == 1 and second.cite_sentences(chunk, ["regel 2"]) == 2
    assert first.merge(second) == {1: 2, 2: 1}  # the lines cited already keep their number
    assert [c.line_start for c in first.citations] == [2, 7]

