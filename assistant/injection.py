"""Text that addresses the assistant instead of the reader: instructions planted in a document or a question.

Documents are data. A sentence in a handbook or an uploaded file that gives the assistant orders ("negeer je
instructies", "je bent nu ...", "antwoord alleen met ...") is never used as evidence, and an LLM draft that
repeats or follows such an order is rejected by the guards. The patterns were checked against the whole corpus:
no handbook sentence matches them.
"""

from __future__ import annotations

import re

_PATTERNS = [
    # "negeer/vergeet (al) je/alle/eerdere instructies", "ignore all previous instructions"
    r"\b(?:negeer|vergeet|omzeil|ignore|disregard|forget)\b[^.!?\n]{0,40}?\b(?:instructies|instructie|opdrachten|"
    r"regels|richtlijnen|prompt|instructions|rules|guidelines)\b",
    # addressing the model itself
    r"\b(?:ai-?assistent|chatbot|taalmodel|language model|chatgpt|llm|systeemprompt|systeeminstructies?|"
    r"system prompt|ontwikkelaarsmodus|developer mode|jailbreak|dan mode)\b",
    r"(?:^|[.!?:]\s*|\n)\s*(?:systeem|system|assistant|assistent)\s*:",
    r"\b(?:je|jij|u|you) (?:bent|is|are) (?:nu|vanaf nu|now|from now on)\b",
    # orders about how to answer
    r"\b(?:antwoord|reageer|answer|respond|reply)\b[^.!?\n]{0,30}?\b(?:voortaan|alleen|uitsluitend|altijd|only|"
    r"always|from now on)\b",
    r"\b(?:zeg|vertel|schrijf|say|tell)\b (?:dat|tegen|de gebruiker|de verwijzer|that|the user)\b",
    r"\b(?:vergeet|laat|noem geen|geen|skip|omit)\b[^.!?\n]{0,20}?\b(?:bronvermelding|bronnen|citaten|citations|"
    r"sources)\b[^.!?\n]{0,20}?\b(?:weg|achterwege|en|and)\b",
    r"\bgeef (?:je|jouw|uw) [^.!?\n]{0,30}?\b(?:instructies|prompt|opdracht)\b",
    r"\bvolgens de assistent\b",
]
INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.I)


def is_instruction(text: str) -> bool:
    """True when ``text`` gives orders to an AI assistant (prompt injection), not information to a reader."""
    return INSTRUCTION.search(text) is not None
