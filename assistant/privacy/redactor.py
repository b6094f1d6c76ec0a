"""Redaction: normalise, find every span of personal data, replace each by a placeholder in one pass.

Detectors run on the same normalised text and return spans; where two overlap, the more specific kind wins
(an IBAN's digits are not also a phone number). Long texts (uploaded documents) are redacted paragraph by
paragraph in pieces of at most ``MAX_PIECE`` characters, so no detector ever sees more than that.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel

from assistant.privacy.lookups import BEFORE_ARTICLE, INTERFIXES, NameLists, name_lists
from assistant.privacy.names import HandbookWords, NameFinder, Word, words_of
from assistant.privacy.normalise import normalise
from assistant.privacy.patterns import (
    Span,
    dates,
    emails,
    house_number_after,
    ibans,
    is_street_word,
    numbers,
    postcodes,
)

NOTICE = ("Let op: je bericht bevatte persoonsgegevens ({kinds}). Die zijn verwijderd voordat het bericht werd "
          "verwerkt of opgeslagen. Deel geen persoonsgegevens van cliënten in Verwijswijzer; een vraag zonder "
          "naam of nummer geeft hetzelfde antwoord.")

# In order of precedence when spans overlap; also the order kinds are reported in.
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
_RANK = {kind: rank for rank, kind in enumerate(PLACEHOLDERS)}
MAX_PIECE = 8000
_NAME_THEN_DATE = 4  # "Sanne Jansen 12-03-2015", "Jan (12-03-2015)": a date this close after a name is a birth date


class Redaction(BaseModel):
    text: str
    kinds: list[str] = []  # what was found, each once, in PLACEHOLDERS order
    counts: dict[str, int] = {}  # how often each kind was replaced

    @property
    def changed(self) -> bool:
        return bool(self.kinds)

    def notice(self) -> str:
        return NOTICE.format(kinds=", ".join(KIND_NAMES[k] for k in self.kinds)) if self.kinds else ""


class Redactor(Protocol):
    def redact(self, text: str) -> Redaction: ...


class PiiRedactor:
    """Pattern and checksum detectors plus name lists, with the handbooks' vocabulary as the allow-list."""

    def __init__(self, handbook: HandbookWords | None = None, lists: NameLists | None = None) -> None:
        self.handbook = handbook or HandbookWords()
        self.names = NameFinder(lists or name_lists(), self.handbook)

    def redact(self, text: str) -> Redaction:
        pieces: list[str] = []
        counts: dict[str, int] = {}
        for piece in _pieces(normalise(text)):
            spans = self.spans(piece)
            for span in spans:
                counts[span.kind] = counts.get(span.kind, 0) + 1
            pieces.append(_replace(piece, spans))
        kinds = [k for k in PLACEHOLDERS if k in counts]
        return Redaction(text="".join(pieces), kinds=kinds, counts={k: counts[k] for k in kinds})

    def spans(self, text: str) -> list[Span]:
        """The spans to replace, disjoint and in text order."""
        words = words_of(text)
        names = list(self.names.spans(text, words))
        candidates = [*emails(text), *ibans(text), *numbers(text), *postcodes(text), *self._streets(text, words),
                      *_birth_dates(text, names), *names]
        candidates.sort(key=lambda s: (_RANK[s.kind], s.start))
        taken = bytearray(len(text))
        kept: list[Span] = []
        for span in candidates:
            if not any(taken[span.start:span.end]):
                taken[span.start:span.end] = b"\x01" * (span.end - span.start)
                kept.append(span)
        return sorted(kept)

    def _streets(self, text: str, words: list[Word]) -> Iterator[Span]:
        """A street name (a word ending in -straat, -laan, … that the handbooks do not use) and a house number,
        with the capitalised words of the street's name before it ("Burgemeester van Haarenlaan 12")."""
        for i, w in enumerate(words):
            # "zorgpad 2" is a handbook noun and a step number; a street the handbooks print is still a street
            if not is_street_word(w.lower) or w.lower in self.handbook.lower_case:
                continue
            end = house_number_after(text, w.end)
            if end is None:
                continue
            first = i
            while first > 0 and i - first < 3 and text[words[first - 1].end:words[first].start] == " " and (
                    words[first - 1].capitalised or words[first - 1].lower in INTERFIXES) and w.capitalised:
                first -= 1
            while first < i and words[first].lower in INTERFIXES:
                first += 1
            yield Span(words[first].start, end, "address")


def _birth_dates(text: str, names: list[Span]) -> Iterator[Span]:
    name_ends = {s.end for s in names}
    for start, end, cued in dates(text):
        before = text[max(0, start - _NAME_THEN_DATE):start]
        after_name = any(start - k in name_ends for k in range(len(before) + 1)) and before.strip(" ,(-:") == ""
        if cued or after_name:
            yield Span(start, end, "birth_date")


_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))


def without_placeholders(text: str) -> str:
    """The redacted text as the answerer should read it: the placeholders are no words of the question (a
    "[NAAM]" or "[BSN]" would count as terms the handbooks lack and weaken the answer)."""
    return " ".join(_PLACEHOLDER.sub(" ", text).split())


def _replace(text: str, spans: list[Span]) -> str:
    out, at = [], 0
    for span in spans:
        out.append(text[at:span.start])
        out.append(PLACEHOLDERS[span.kind])
        at = span.end
    out.append(text[at:])
    return "".join(out)


def _pieces(text: str) -> Iterator[str]:
    """The text in pieces of at most MAX_PIECE characters, cut after a line break where there is one."""
    while len(text) > MAX_PIECE:
        cut = text.rfind("\n", 0, MAX_PIECE) + 1 or text.rfind(" ", 0, MAX_PIECE) + 1 or MAX_PIECE
        yield text[:cut]
        text = text[cut:]
    yield text


def handbook_words(corpus_dir: Path) -> HandbookWords:
    """The handbooks' words and the name phrases they print, plus the manifest's region and municipality names."""
    words: set[str] = set()
    lower_case: set[str] = set()
    written: set[str] = set()
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="ignore")
        found = words_of(text)
        for w in found:
            words.add(w.lower)
            words.update(w.lower.split("-"))
            if not w.capitalised:
                lower_case.add(w.lower)
        written.update(_capitalised_runs(text, found))
    places: set[str] = set()
    manifest = corpus_dir / "manifest.json"
    if manifest.exists():
        for region in json.loads(manifest.read_text(encoding="utf-8")).get("regions", {}).values():
            for name in [region.get("name", ""), *region.get("municipalities", [])]:
                places.update(w.lower for w in words_of(name))
    return HandbookWords(words=frozenset(words), lower_case=frozenset(lower_case), written=frozenset(written),
                         place_names=frozenset(places))


def _capitalised_runs(text: str, words: list[Word]) -> Iterator[str]:
    """Runs of capitalised words (interfixes inside), each with its last two to four words, and each single
    capitalised word or run with the word before it: "nancy jansen", "familie derksen", "gezin derksen"."""
    run: list[str] = []
    for i, w in enumerate(words):
        joined = i > 0 and text[words[i - 1].end:w.start] == " "
        if w.capitalised and joined and run:
            run.append(w.lower)
        elif w.capitalised:
            run = [w.lower]
            if joined:
                yield f"{words[i - 1].lower} {w.lower}"
        elif not (joined and run and (w.lower in INTERFIXES or w.lower in BEFORE_ARTICLE)):
            run = []
        for n in range(2, min(len(run), 4) + 1):
            yield " ".join(run[-n:])
        if len(run) > 1 and i >= len(run):
            yield f"{words[i - len(run)].lower} {' '.join(run)}"


@lru_cache(maxsize=4)
def redactor_for(corpus_dir: Path) -> PiiRedactor:
    """The redactor with the handbooks' words as the allow-list (cached per corpus folder)."""
    return PiiRedactor(handbook_words(corpus_dir))
