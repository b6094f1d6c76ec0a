"""A gold answerer (returns each turn's gold answer with a verbatim citation) and a gold retriever for the eval
tests; the LLM-free assistant cannot reach these numbers yet, and the gate test needs a known-good answerer."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answer import Answer, Citation
from assistant.engine import ChatRequest
from eval.dataset import Dataset, Turn
from ingest.quotes import locate
from verwijswijzer.corpus import Catalogue

SINGLE_TURN_ROWS = [
    {"id": "t-01", "region": "noord-limburg", "doc": "noord-limburg-handboek", "kind": "tariff",
     "question": "Tarief van GGZ licht bij een reguliere aanbieder?", "answer": "€ 1.083,48 per traject (54L01).",
     "must_contain": ["1.083,48"], "lines": [10335, 10337], "quote": "Reguliere aanbieder: €1.083,48"},
    {"id": "t-02", "region": "west-brabant-west", "doc": "wbw-jeugdhulpcatalogus", "kind": "process",
     "question": "Kan een aanbieder extra uren declareren als het traject langer duurt?",
     "answer": "Nee, meerwerk kan niet in rekening worden gebracht.", "must_contain": ["meerwerk"],
     "lines": [3705, 3706],
     "quote": "Meerwerk, dus wanneer het traject langer duurt dan vooraf geschat, kan niet in rekening worden "
              "gebracht."},
    {"id": "t-03", "region": "noord-limburg", "doc": "noord-limburg-handboek", "kind": "ambiguous",
     "question": "Wat is de prijs van een GGZ-traject?", "answer": "Licht, midden of zwaar?",
     "must_contain": ["licht", "zwaar"],
     "lines": [10335, 10345], "quote": "GGZ Licht 54L01 Traject Micro-aanbieder: €922,92"},
    {"id": "t-04", "region": "haarlem", "doc": "haarlem-light-contracten", "kind": "unanswerable",
     "question": "Hoeveel light-contracten sloot Haarlem in 2030?", "answer": "", "must_contain": [], "lines": [],
     "quote": ""},
]


def write_single_turn(path: Path) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in SINGLE_TURN_ROWS) + "\n", encoding="utf-8")
    return path


class GoldAnswerer:
    """Answers every message of a dataset with its gold answer and a verbatim citation of the gold lines."""

    def __init__(self, dataset: Dataset, catalogue: Catalogue) -> None:
        self.unstarted = [list(c.turns) for c in dataset.conversations]
        self.running: dict[str, list[Turn]] = {}  # conversation id -> turns still to come
        self.catalogue = catalogue

    def _next_turn(self, request: ChatRequest) -> tuple[str, Turn]:
        if request.conversation_id is None:
            turns = next(t for t in self.unstarted if t[0].message == request.message)
            self.unstarted.remove(turns)
            cid = f"c{len(self.running)}"
            self.running[cid] = turns
        else:
            cid = request.conversation_id
        turn = self.running[cid].pop(0)
        assert turn.message == request.message
        return cid, turn

    def citation(self, turn: Turn) -> Citation:
        assert turn.doc and turn.lines
        lines = self.catalogue.path(turn.doc).read_text(encoding="utf-8").splitlines()
        quote = locate(lines, turn.lines[0], turn.lines[1], turn.quote)
        assert quote is not None, turn.quote
        return Citation(n=1, document_id=turn.doc, title=self.catalogue.document(turn.doc).title,
                        line_start=quote.line_start, line_end=quote.line_end, quote=quote.text)

    def chat(self, request: ChatRequest) -> Answer:
        cid, turn = self._next_turn(request)
        if turn.expected in ("clarification", "ambiguous"):
            return Answer(conversation_id=cid, kind="clarification", text="Welke bedoel je?",
                          options=turn.must_contain)
        if turn.expected == "refusal":
            return Answer(conversation_id=cid, kind="refusal", text="Dit staat niet in de handboeken.")
        text = f"{turn.answer} {' '.join(turn.must_contain)} [1]"
        citations = [self.citation(turn)] if turn.has_gold_citation else []
        return Answer(conversation_id=cid, kind="answer", text=text, citations=citations)


class StripsCitations(GoldAnswerer):
    def chat(self, request: ChatRequest) -> Answer:
        return super().chat(request).model_copy(update={"citations": []})


class GoldSearcher:
    """Returns the gold quote of the question as the top passage, then a distractor."""

    def __init__(self, dataset: Dataset) -> None:
        self.quotes = {t.message: t.quote for c in dataset.conversations for t in c.turns}

    def passages(self, query: str, region: str | None, k: int) -> list[str]:
        return [self.quotes.get(query, ""), "Een passage die er niet over gaat."][:k]
