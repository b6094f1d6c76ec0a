"""LLM-judged faithfulness and relevancy (only when an LLM is configured; never required for the gate)."""

from __future__ import annotations

import re

from assistant.answer import Answer
from eval.dataset import Turn
from verwijswijzer.settings import Settings

_PROMPT = """Je beoordeelt een antwoord van een assistent voor verwijzers jeugdhulp.
Vraag: {question}
Antwoord: {answer}
Geciteerde bronpassages:
{quotes}
Geef twee scores tussen 0 en 1, precies in dit formaat:
faithfulness=<score> (staat alles in het antwoord in de bronpassages?)
relevancy=<score> (beantwoordt het antwoord de vraag?)"""
_SCORE = re.compile(r"(faithfulness|relevancy)\s*=\s*([01](?:[.,]\d+)?)", re.IGNORECASE)


class LlmJudge:
    def __init__(self, settings: Settings) -> None:
        from langchain_openai import ChatOpenAI

        self.model = ChatOpenAI(base_url=settings.llm_base_url, model=settings.llm_model,
                                api_key=settings.llm_api_key.get_secret_value() or "none",
                                timeout=settings.llm_timeout_s, temperature=0)

    def __call__(self, turn: Turn, answer: Answer) -> dict[str, float]:
        quotes = "\n".join(f"[{c.n}] {c.quote}" for c in answer.citations) or "(geen)"
        try:
            reply = self.model.invoke(_PROMPT.format(question=turn.message, answer=answer.text, quotes=quotes))
        except Exception:  # a judge failure leaves this turn unjudged; it never fails the run
            return {}
        return {name.lower(): min(1.0, float(value.replace(",", ".")))
                for name, value in _SCORE.findall(str(reply.content))}
