"""LLM-judged metrics: parsed from the judge's reply, skipped with a message when no LLM is configured."""

from __future__ import annotations

from pathlib import Path

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.answer import Answer, Citation
from eval.dataset import Turn, load_dataset
from eval.evaluate import build_components
from eval.judge import LlmJudge
from verwijswijzer.settings import Settings

from .fakes import write_single_turn


def _answer() -> Answer:
    cite = Citation(n=1, document_id="d", title="t", line_start=1, line_end=1, quote="GGZ licht € 1.083,48")
    return Answer(conversation_id="c", kind="answer", text="€ 1.083,48 [1]", citations=[cite])


def test_judge_scores_are_read_from_the_reply() -> None:
    judge = LlmJudge(Settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="stub"))
    judge.model = FakeListChatModel(responses=["faithfulness=0,9\nrelevancy=1"])
    turn = Turn(message="Wat kost GGZ licht?", expected="answer", category="tariff")
    assert judge(turn, _answer()) == {"faithfulness": 0.9, "relevancy": 1.0}


def test_without_llm_the_judge_is_skipped_with_a_message(tmp_path: Path) -> None:
    dataset = load_dataset(write_single_turn(tmp_path / "d.jsonl"))
    settings = Settings(data_dir=tmp_path / "data", llm_base_url="", llm_model="")
    parts = build_components(settings, "http://127.0.0.1:9", "", dataset.model_copy(update={"conversations": []}))
    assert parts.judge is None
    assert "no LLM configured" in parts.skipped["judge"]
