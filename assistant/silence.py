"""When the passages touch a question's topic but do not answer it, and say so themselves.

Two signs, both read from the evidence the extractive answerer chose:
- the question's rarest term is only mentioned in sentences that report there is nothing on it ("hebben zich
  geen casussen voorgedaan", "is niet bekend"), so conditions for it cannot be read from the handbooks;
- a figure is asked for a place (Lelystad), the leading figure in the evidence is about a wider scope
  ("In Nederland is in zo'n 3 tot 5% ...") and none names the place, so the handbooks do not give it.
The answer is then a refusal that quotes what the documents do say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.extractive import IdfTable, Selection, asks_for
from ingest.models import Chunk

_NO_INFORMATION = re.compile(
    r"\b(?:geen (?:casussen|casus|gevallen|gegevens|cijfers|informatie|ervaring)\b.*\b(?:voorgedaan|bekend|"
    r"beschikbaar)|(?:hebben|heeft) zich\b.*\bgeen\b.*\bvoorgedaan|(?:is|zijn|was|waren) (?:nog )?niet "
    r"(?:bekend|beschreven|onderzocht|uitgewerkt|vastgesteld))", re.I)
_WIDER_SCOPE = re.compile(r"\b(?:in nederland|landelijke?|nationale?|in het hele land)\b", re.I)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Silence:
    chunk: Chunk
    sentence: str
    reason: str  # Dutch, for the refusal text


def silence(question: str, selection: Selection, idf: IdfTable, places: list[str]) -> Silence | None:
    """A sentence showing that the documents do not answer ``question``, or None."""
    sentences = [(ev, s) for ev in selection.evidence for s in ev.sentences]
    asked = {stem: idf(stem) for stem in idf.analyze(question)}
    if asked:
        topic = max(asked, key=asked.__getitem__)
        carriers = [(ev, s) for ev, s in sentences if topic in idf.analyze(s)]
        if carriers and all(_NO_INFORMATION.search(s) for _, s in carriers):
            ev, s = carriers[0]
            return Silence(ev.chunk, s, "Het onderwerp wordt genoemd, maar niet uitgewerkt.")
    if places and {"number", "amount"} & set(asks_for(question)):
        figures = [(ev, s) for ev, s in sentences if _DIGIT.search(s)]
        # The leading figure is a national one and no figure is about the place asked.
        if figures and _WIDER_SCOPE.search(figures[0][1]) and not any(
                p.lower() in s.lower() for _, s in figures for p in places):
            ev, s = figures[0]
            return Silence(ev.chunk, s, f"Er staat geen cijfer voor {', '.join(places)} in, alleen een landelijk "
                                        "cijfer.")
    return None
