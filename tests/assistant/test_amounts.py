"""An amount is given only when its sentence is about what the question prices."""

from __future__ import annotations

from pathlib import Path

from assistant.engine import ChatRequest
from tests.conftest import real_engine
from verwijswijzer.settings import Settings


def test_an_amount_is_given_only_when_its_sentence_is_about_what_was_asked(indexed_data: Path,
                                                                          tmp_path: Path) -> None:
    engine = real_engine(Settings(data_dir=indexed_data, embedder="none",
                                  database_url=f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    # Lelystad's report prices its case solutions, never logeren: the cost of another solution is no answer.
    other = engine.chat(ChatRequest(message="Wat kost logeren?", region="lelystad"))
    assert other.kind == "refusal" and other.text.startswith("Een bedrag hiervoor noemen de documenten niet.")
    assert "Wel staat er" in other.text and "€" not in other.text.split("Wel staat er")[0]
    named = engine.chat(ChatRequest(message="Wat kostte de zorgbegeleider?", region="lelystad"))
    assert named.kind == "answer" and "13.000" in named.text


def test_personal_data_in_a_question_does_not_change_its_answer(indexed_data: Path, tmp_path: Path) -> None:
    engine = real_engine(Settings(data_dir=indexed_data, embedder="none",
                                  database_url=f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    question = "Hoeveel etmalen logeren mag ik indiceren?"
    plain = engine.chat(ChatRequest(message=question, region="noord-limburg"))
    told = engine.chat(ChatRequest(message=f"Sanne Jansen, bsn.123456782, wil logeren. {question}",
                                   region="noord-limburg"))
    assert plain.kind == told.kind == "answer"
    assert told.text.startswith(plain.text.split("\n")[0]) and "persoonsgegevens" in told.text
