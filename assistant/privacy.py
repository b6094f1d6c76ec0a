"""Personal data in questions: detect it and replace it by placeholders before anything is stored or sent.

Referrers paste case details. Every message is redacted at the door of the engine, so conversations, feedback,
logs, the audit log and any LLM only ever see the placeholders ([BSN], [NAAM], ...).

Detected: BSN (11-proef via python-stdnum, also written with spaces or dots, and any number right after "BSN"),
IBAN (checksum via python-stdnum), Dutch phone numbers, e-mail addresses, postcode (+ house number) and street
addresses, dates of birth (a date next to "geboren", "geb.", "geboortedatum"), and person names.

Names use cues instead of a name lexicon: a capitalised word after "mevrouw", "dhr.", "naam:", "heet", or after a
relation word ("moeder", "cliënt", "zoon") when the word is not in the handbooks' vocabulary; and sequences of
two or more capitalised words (with tussenvoegsels, "Jan de Vries") of which one is unknown to the handbooks. The
handbooks' own vocabulary (place names, product names, the "familie Derksen" of a case study) is never redacted.
The Dutch de-identification library ``deduce`` was measured and not used: 11 s start-up and 1.1 GB RSS per
worker (100 s to build its lookup cache the first time), it pins ``regex<2025`` against the project's pins, and
it also redacts ages, places and municipality names the assistant needs for region detection.

Product codes (45L11), amounts (€ 1.306,20), years, ages and line numbers are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel
from stdnum import iban as std_iban
from stdnum.nl import bsn as std_bsn

NOTICE = ("Let op: uw bericht bevatte persoonsgegevens ({kinds}). Die zijn verwijderd voordat het bericht werd "
          "verwerkt of opgeslagen. Deel geen persoonsgegevens van cliënten in Verwijswijzer; een vraag zonder "
          "naam of nummer geeft hetzelfde antwoord.")

PLACEHOLDERS = {
    "email": "[E-MAIL]",
    "iban": "[IBAN]",
    "bsn": "[BSN]",
    "phone": "[TELEFOON]",
    "address": "[ADRES]",
    "postcode": "[POSTCODE]",
    "birth_date": "[GEBOORTEDATUM]",
    "name": "[NAAM]",
}

KIND_NAMES = {
    "email": "e-mailadres",
    "iban": "IBAN",
    "bsn": "BSN",
    "phone": "telefoonnummer",
    "address": "adres",
    "postcode": "postcode",
    "birth_date": "geboortedatum",
    "name": "naam",
}


class Redaction(BaseModel):
    text: str
    kinds: list[str] = []  # what was found, in detection order, each once

    @property
    def changed(self) -> bool:
        return bool(self.kinds)

    def notice(self) -> str:
        return NOTICE.format(kinds=", ".join(KIND_NAMES[k] for k in self.kinds)) if self.kinds else ""


class Redactor(Protocol):
    def redact(self, text: str) -> Redaction: ...


_WORD = r"[A-Za-zÀ-ÖØ-öø-ÿ]"
_CAP = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?"
_TUSSEN = r"(?:van der|van den|van de|van 't|van|de|der|den|ter|ten|te|het|'t|in 't|op de|op ten|la|le|du|da|el|al)"
_MONTHS = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|" \
          r"jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?"
_DATE = rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)?\d{{2}}|\d{{1,2}}\s+{_MONTHS}\s+(?:19|20)\d{{2}}|" \
        rf"(?:19|20)\d{{2}}-\d{{2}}-\d{{2}})"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b", re.I)
BSN_CUE = re.compile(r"\b(?:bsn|burgerservicenummer|sofinummer)(?:\s*(?:nummer|nr\.?|is|:|=))*\s*(\d[\d .-]{6,12}\d)",
                     re.I)
BSN = re.compile(r"(?<![\d€.,])(?<!€\s)\d(?:[ .-]?\d){8}(?![\d,])")
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)31[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d(?:[ \-)]{0,2}\d){8}(?!\d)")
STREET = re.compile(rf"\b{_CAP}(?:straat|laan|weg|plein|singel|gracht|kade|dijk|pad|hof|steeg|dreef|park|markt|"
                    rf"ring|veld|baan|pad|erf|hoeve|wal)\s+\d{{1,5}}(?:\s?[a-zA-Z](?![a-zA-Z]))?(?:[-\s]?\d{{1,3}})?\b")
POSTCODE = re.compile(r"\b[1-9]\d{3}(?:\s?[A-Z]{2}|[a-z]{2})\b(?:\s*,?\s*\d{1,5}[a-zA-Z]?\b)?")
BIRTH = re.compile(rf"\b(?:geboren|geb\.|geboortedatum|geboortedag|geboortedatum is|d\.o\.b\.?|dob)"
                   rf"(?:\s+(?:op|is|:))*\s*:?\s*({_DATE})", re.I)
_NAME = rf"(?:{_TUSSEN}\s+)*{_CAP}(?:\s+(?:{_TUSSEN}\s+)*{_CAP})*"
# Titles always precede a name; relation words and "heet" only when the next word is not a handbook word.
TITLE_CUE = re.compile(rf"\b(?i:mevrouw|mevr\.|mw\.|meneer|mijnheer|dhr\.|de heer|juffrouw)\s+({_NAME})")
RELATION_CUE = re.compile(rf"\b(?i:cliënte?|client|jeugdige|kind|zoon|dochter|moeder|vader|broer|broertje|zus|"
                          rf"zusje|pleegkind|pleegzoon|pleegdochter|jongere|jongen|meisje|oma|opa|voogd|"
                          rf"pleegmoeder|pleegvader|stiefvader|stiefmoeder|leerling|naam|achternaam|voornaam|heet|"
                          rf"genaamd)\s*[:,]?\s+({_NAME})")
CAP_RUN = re.compile(rf"{_CAP}(?:\s+(?:{_TUSSEN}\s+)*{_CAP})+")
CAP_WORD = re.compile(rf"(?<![\w\[-]){_CAP}(?![\w\]])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n(\"“]\s*)$")


def _tokens(text: str) -> list[str]:
    return re.findall(rf"{_WORD}+", text.lower())


def _is_tussen(word: str) -> bool:
    return re.fullmatch(_TUSSEN, word, re.I) is not None


class PiiRedactor:
    """Regex and checksum detectors plus cue-based names, with the handbooks' vocabulary as the allow-list."""

    def __init__(self, vocabulary: Iterable[str] = (), corpus_text: str = "") -> None:
        self.vocabulary = frozenset(w.lower() for w in vocabulary)
        self.corpus_text = corpus_text  # lower case, whitespace collapsed: phrases the handbooks write

    def redact(self, text: str) -> Redaction:
        kinds: list[str] = []
        for kind, step in self._steps():
            new = step(text)
            if new != text:
                kinds.append(kind)
                text = new
        return Redaction(text=text, kinds=kinds)

    def _steps(self) -> list[tuple[str, Callable[[str], str]]]:
        return [
            ("email", lambda t: EMAIL.sub(PLACEHOLDERS["email"], t)),
            ("iban", self._iban),
            ("bsn", self._bsn),
            ("phone", lambda t: PHONE.sub(PLACEHOLDERS["phone"], t)),
            ("birth_date", lambda t: _sub_group(BIRTH, t, PLACEHOLDERS["birth_date"])),
            ("address", lambda t: STREET.sub(PLACEHOLDERS["address"], t)),
            ("postcode", self._postcode),
            ("name", self._names),
        ]

    @staticmethod
    def _iban(text: str) -> str:
        return IBAN.sub(lambda m: PLACEHOLDERS["iban"] if std_iban.is_valid(m.group(0)) else m.group(0), text)

    @staticmethod
    def _bsn(text: str) -> str:
        text = _sub_group(BSN_CUE, text, PLACEHOLDERS["bsn"])
        return BSN.sub(lambda m: PLACEHOLDERS["bsn"] if std_bsn.is_valid(re.sub(r"\D", "", m.group(0)))
                       else m.group(0), text)

    @staticmethod
    def _postcode(text: str) -> str:
        def replace(m: re.Match[str]) -> str:
            code = m.group(0)
            digits = int(code[:4])
            has_house_number = re.search(r"[A-Za-z]{2}\s*,?\s*\d", code) is not None
            # "in 2024 GI-trajecten": a year followed by two capitals is only a postcode with a house number.
            if 1900 <= digits <= 2099 and " " in code[:6] and not has_house_number:
                return code
            if code[4:6].upper() in {"SA", "SD", "SS"}:  # never issued as postcode letters
                return code
            return PLACEHOLDERS["address"] if has_house_number else PLACEHOLDERS["postcode"]

        return POSTCODE.sub(replace, text)

    def _unknown(self, words: str) -> bool:
        return any(t not in self.vocabulary for t in _tokens(words) if not _is_tussen(t))

    def _names(self, text: str) -> str:
        text = _sub_group(TITLE_CUE, text, PLACEHOLDERS["name"])
        text = _sub_group(RELATION_CUE, text, PLACEHOLDERS["name"], keep=self._unknown)
        text = CAP_RUN.sub(self._cap_run, text)
        return CAP_WORD.sub(self._cap_word, text)

    def _cap_run(self, m: re.Match[str]) -> str:
        """Two or more capitalised words ("Sanne Jansen", "Jan de Vries") that the handbooks never write."""
        words = m.group(0).split()
        prefix = ""
        # A known word capitalised only because it starts the sentence is not part of the name ("Mag Sanne ...").
        if _at_sentence_start(m) and words[0].lower() in self.vocabulary and not _is_tussen(words[1]):
            prefix, words = words[0] + " ", words[1:]
        if sum(not _is_tussen(w) for w in words) < 2 or " ".join(words).lower() in self.corpus_text:
            return m.group(0)
        return prefix + PLACEHOLDERS["name"]

    def _cap_word(self, m: re.Match[str]) -> str:
        """One capitalised word inside a sentence that no handbook uses: a name ("ouders van Sanne")."""
        if _at_sentence_start(m) or not self._unknown(m.group(0)):
            return m.group(0)
        return PLACEHOLDERS["name"]


def _at_sentence_start(m: re.Match[str]) -> bool:
    return _SENTENCE_START.search(m.string[: m.start()]) is not None


def _sub_group(pattern: re.Pattern[str], text: str, placeholder: str,
               keep: Callable[[str], bool] = lambda _: True) -> str:
    """Replace group 1 of every match (the personal datum) and leave the cue words around it."""

    def replace(m: re.Match[str]) -> str:
        if not keep(m.group(1)):
            return m.group(0)
        start, end = m.span(1)
        return m.group(0)[: start - m.start()] + placeholder + m.group(0)[end - m.start():]

    return pattern.sub(replace, text)


def corpus_text(corpus_dir: Path) -> str:
    """The handbooks' text, lower case with collapsed whitespace."""
    parts = [p.read_text(encoding="utf-8", errors="ignore") for p in sorted(corpus_dir.glob("*.txt"))]
    return " ".join(" ".join(parts).lower().split())


@lru_cache(maxsize=4)
def redactor_for(corpus_dir: Path) -> PiiRedactor:
    """The redactor with the handbooks (and the manifest's region and municipality names) as allow-list."""
    text = corpus_text(corpus_dir)
    manifest = corpus_dir / "manifest.json"
    names = manifest.read_text(encoding="utf-8").lower() if manifest.exists() else ""
    return PiiRedactor(_tokens(text + " " + names), text)
