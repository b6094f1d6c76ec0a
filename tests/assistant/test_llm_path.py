"""The optional LLM path: drafts that pass the guards are used; the rule tools are callable by the model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.engine import Assistant, ChatRequest
from assistant.llm import LangChainDrafter
from ingest.loaders import source_lines
from ingest.quotes import is_verbatim
from rules.tools import rule_tools
from tests.conftest import real_engine
from verwijswijzer.settings import Settings

QUESTION = ChatRequest(message="Heb ik een beschikking nodig om consultatie en advies in te zetten?",
                       region="noord-limburg")


class QuotingDrafter:
    """A stand-in LLM that writes its answer from the last passage it was given, citing it."""

    def __init__(self) -> None:
        self.seen: dict[int, str] = {}

    def draft(self, question: str, passages: dict[int, str], tool_outputs: list[dict[str, Any]],
              region_name: str | None) -> str:
        self.seen = passages
        n = max(passages)
        return f"Kort gezegd: {passages[n][:120]} [{n}]"


@pytest.fixture
def engine(indexed_data: Path, tmp_path: Path) -> Assistant:
    settings = Settings(data_dir=indexed_data, embedder="none", database_url=f"sqlite:///{tmp_path / 'c.db'}")
    return real_engine(settings)


def test_a_grounded_draft_is_used_and_its_citations_renumbered(engine: Assistant) -> None:
    drafter = QuotingDrafter()
    engine.drafter = drafter
    answer = engine.chat(QUESTION)
    assert answer.kind == "answer" and answer.text.startswith("Kort gezegd:")
    assert len(drafter.seen) > 1  # the LLM saw more context than the default answer cites
    assert [c.n for c in answer.citations] == [1] and answer.text.endswith("[1]")
    c = answer.citations[0]
    assert is_verbatim(source_lines(c.document_id), c.line_start, c.line_end, c.quote)


def test_a_draft_with_an_invented_amount_falls_back(engine: Assistant) -> None:
    default = engine.chat(QUESTION)
    fake = GenericFakeChatModel(messages=iter([AIMessage("Consultatie en advies kost € 99,99 per uur [1].")]))
    engine.drafter = LangChainDrafter(fake)
    answer = engine.chat(QUESTION)
    assert answer.text == default.text and answer.citations == default.citations


def test_the_model_can_call_a_rule_tool() -> None:
    call = {"name": "tariff", "args": {"region": "noord-limburg", "product": "45L11", "provider": "micro"},
            "id": "call-1", "type": "tool_call"}
    fake = GenericFakeChatModel(messages=iter([AIMessage("", tool_calls=[call]),
                                               AIMessage("P1 licht kost bij een micro-aanbieder € 1.112,76 [1].")]))

    class Bindable(GenericFakeChatModel):
        def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
            return self

    model = Bindable(messages=fake.messages)
    drafter = LangChainDrafter(model, rule_tools())
    outputs: list[dict[str, Any]] = []
    text = drafter.draft("Wat kost P1 licht bij een micro-aanbieder?", {1: "tarieventabel"}, outputs,
                         "Noord-Limburg")
    assert text.endswith("[1].")
    assert outputs and outputs[0]["amount_text"] == "€1.112,76"
