"""Intent and slot extraction for Dutch referrer questions (rules and patterns, no model)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

Intent = Literal["tariff", "stacking", "eligibility", "deadline", "general"]

_STACKING = re.compile(
    r"\b(samen met|naast|tegelijk|tegelijkertijd|gelijktijdig|combineren|combinatie|gecombineerd|stapel\w*|"
    r"erbij|ernaast|bovenop|in aanvulling op|aanvullend)\b", re.I)
_TARIFF = re.compile(
    r"\b(wat kost\w*|kosten|kost|\w*tarie\w+|\w*prijs|\w*prijzen|\w*bedrag(?:en)?|vergoeding|"
    r"betaald|uitbetaald|declareren|wat krijgt|hoeveel krijgt|wat ontvangt|hoeveel ontvangt|ontvangen|waard)\b", re.I)
_DEADLINE = re.compile(r"\b(hoe lang|termijn|binnen hoeveel|doorlooptijd|looptijd|geldig|duur|maximaal|"
                       r"hoeveel tijd|garantie\w*)\b", re.I)
_ELIGIBILITY = re.compile(r"\b(mag ik|mogen we|mag een|kan ik|kunnen we|komt .* in aanmerking|voorwaarde\w*|"
                          r"toegestaan|recht op|maatwerk|light-contract\w*|pgb)\b", re.I)
_MICRO = re.compile(r"\bmicro\W?(aanbieder|zorgaanbieder)?s?\b", re.I)
_REGULAR = re.compile(r"\b(regulier\w*|gewone aanbieder|grote aanbieder)\b", re.I)
_SAME = re.compile(r"\b(dezelfde|zelfde|één|een) (zorg)?aanbieder\b", re.I)
_OTHER = re.compile(r"\b(andere|verschillende|twee|aparte) (zorg)?aanbieders?\b", re.I)
_YEAR = re.compile(r"\b(20[1-3]\d)\b")
_QUANTITY = re.compile(r"\b(\d+(?:,\d+)?)\s*(uur|uren|etmalen|etmaal|dagdelen|dagdeel|ritten|rit|trajecten|"
                       r"tranches|vouchers|maanden|weken|dagen)\b", re.I)
# Product codes as the handbooks write them: 45L11, 44A07, 54L51, 50EDP …
CODE = re.compile(r"\b\d{2}[A-Z]{1,3}\d{0,3}\b")
_FOLLOW_UP = re.compile(r"^\s*(en|maar|ook|wat als|bij|voor|met|in|hoe zit het)\b", re.I)
# A word that points back to what was said before ("Hoeveel daarvan …", "Wie beslist daarover?"): the message
# builds on the previous question.
_POINTS_BACK = re.compile(r"\b(?:daar|hier|er)(?:van|bij|na|voor|mee|in|aan|over|door|uit|op|tegen|naast)\b", re.I)


# "Tijdens een lopend traject P1 wordt crisishulp ingezet": two products at once without a stacking word.
_CONCURRENT = re.compile(r"\b(tijdens|lopende?|loopt al|al loopt|bestaande|reeds)\b", re.I)


# "Hoeveel tranches …", "binnen hoeveel werkdagen …": the word after "hoeveel" is what the question counts.
_HOW_MANY = re.compile(r"\bhoeveel\s+(\w+)", re.I)
# Counting these asks for a length of time, not for a number of things.
TIME_COUNTS = frozenset({"tijd", "dagen", "dag", "werkdagen", "weken", "week", "maanden", "maand", "jaar", "jaren",
                         "uur", "uren", "keer"})
# The money questions that only an amount answers (stricter than any mention of costs): without an amount in the
# evidence they are refused, not answered with the story around the price.
_PRICE_QUESTION = re.compile(
    r"\b(wat kost|hoeveel kost|hoe hoog (?:is|zijn) (?:het|de) \w*(?:tarief|bedrag|budget|plafond|prijs|vergoeding)|"
    r"welke? \w*(?:tarief|bedrag|prijs)|wat is het \w*tarief|welke tarieven|wat zijn de tarieven|wat is de prijs|"
    r"uurtarief|dagprijs|uurprijs)", re.I)


_CHANGES = re.compile(r"\b(?:wijziging\w*|gewijzigd|veranderd|verandering\w*|aangepast|aanpassing\w*|update\w*|"
                      r"versie)\b", re.I)


# "16-jarige", "jongen van 14", "dochter is 9", "12 jaar oud": the age of the child the question is about. A number
# followed by a unit of time is a duration, not an age ("kind is 5 maanden geleden uit zorg gegaan").
_CHILD_AGE = re.compile(r"\b(\d{1,2})[- ]?jarige\b|\b(?:jongen|meisje|kind|jeugdige|jongere|zoon|dochter|cliënt)\s+"
                        r"(?:van|is)\s+(\d{1,2})\b(?!\s*(?:maand|maanden|week|weken|dag|dagen|uur|uren|keer|"
                        r"jaar geleden|jaar in zorg|jaar bekend))|\b(\d{1,2}) jaar oud\b", re.I)


def age_of_child(text: str) -> int | None:
    """The age of the child a question tells about, or None."""
    m = _CHILD_AGE.search(text)
    return int(next(g for g in m.groups() if g)) if m else None


def asks_about_changes(question: str) -> bool:
    """Whether the question is about what changed in a document ("Wat is er in augustus 2023 aangepast?")."""
    return bool(_CHANGES.search(question))


def counted(question: str) -> str | None:
    """What "hoeveel …" counts, lower-cased; None when the question counts nothing."""
    m = _HOW_MANY.search(question)
    return m.group(1).lower() if m else None


def asks_price(question: str) -> bool:
    """Whether only an amount answers the question ("wat kost …", "welk uurtarief …")."""
    return bool(_PRICE_QUESTION.search(question))


def speaks_of_concurrent_care(text: str) -> bool:
    """Whether the text places care next to care that is already running (read with two products named)."""
    return bool(_CONCURRENT.search(text))


def mentions_stacking(text: str) -> bool:
    """Whether the text speaks of using products together (stapelen, naast, combineren …)."""
    return bool(_STACKING.search(text))


class Understanding(BaseModel):
    intent: Intent
    provider: Literal["micro", "regulier"] | None = None
    same_provider: bool | None = None
    year: int | None = None
    quantity: float | None = None
    codes: list[str] = []
    follow_up: bool = False


def understand(message: str) -> Understanding:
    """What the message asks and which facts it gives; products are found by the rules' resolver."""
    if mentions_stacking(message) and not re.search(r"\bnaast\b.*\b(kost|tarief)", message, re.I):
        intent: Intent = "stacking"
    elif _TARIFF.search(message):
        intent = "tariff"
    elif _DEADLINE.search(message):
        intent = "deadline"
    elif _ELIGIBILITY.search(message):
        intent = "eligibility"
    else:
        intent = "general"
    provider: Literal["micro", "regulier"] | None = None
    if _MICRO.search(message):
        provider = "micro"
    elif _REGULAR.search(message):
        provider = "regulier"
    same: bool | None = True if _SAME.search(message) else False if _OTHER.search(message) else None
    year = int(m.group(1)) if (m := _YEAR.search(message)) else None
    quantity = float(m.group(1).replace(",", ".")) if (m := _QUANTITY.search(message)) else None
    words = message.split()
    follow_up = bool(_FOLLOW_UP.match(message) or _POINTS_BACK.search(message)) or len(words) <= 4
    return Understanding(intent=intent, provider=provider, same_provider=same, year=year, quantity=quantity,
                         codes=CODE.findall(message), follow_up=follow_up)
