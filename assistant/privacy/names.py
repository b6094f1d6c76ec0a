"""Person names in Dutch text, found word by word with name lists and cues, in one pass.

A name is:
- the words after a title or relation cue ("mevrouw Bakker", "dochter sanne", "naam: Jan de Vries"); after a
  relation cue only when a word of it is not a handbook word ("moeder Wmo-consulent" is no name);
- two or more capitalised words (with interfixes: "Jan de Vries", "Fatima El Amrani") of which one is unknown to
  the handbooks, or a first name followed by a surname that the handbooks never write together;
- a lower-case first name followed by a surname ("sanne jansen");
- one capitalised word inside a sentence that no handbook, place or institution list knows ("de ouders van
  Fatima"), or a listed first name or surname at the start of a sentence ("Sanne heeft …").

The handbooks' own vocabulary, Dutch places and care institutions are the allow-list, so "Utrecht", "Venlo",
"Pluryn" and the "familie Derksen" of a case study survive. Words are visited a bounded number of times each: the
scan never restarts inside a run it has read, so the time is linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from assistant.privacy.lookups import BEFORE_ARTICLE, INTERFIXES, NameLists
from assistant.privacy.patterns import Span

WORD = re.compile(r"[^\W\d_]++(?:['’\-][^\W\d_]++)*+")
_ARTICLES = frozenset({"de", "den", "der", "het", "t", "'t"})
TITLES = frozenset({"mevrouw", "mevr", "mw", "meneer", "mijnheer", "dhr", "heer", "juffrouw", "mej", "dr", "drs",
                    "mr", "ir", "ing", "prof"})
RELATIONS = frozenset({"cliënt", "cliënte", "client", "cliente", "jeugdige", "kind", "zoon", "zoontje", "dochter",
                       "dochtertje", "moeder", "vader", "broer", "broertje", "zus", "zusje", "pleegkind",
                       "pleegzoon", "pleegdochter", "jongere", "jongen", "meisje", "oma", "opa", "voogd",
                       "pleegmoeder", "pleegvader", "stiefvader", "stiefmoeder", "leerling", "naam", "achternaam",
                       "voornaam", "roepnaam", "heet", "genaamd", "mama", "papa", "tante", "oom", "neef", "nicht",
                       "baby", "peuter", "kleuter", "puber", "tiener", "gezin", "familie", "patiënt", "patient"})
_CUE_GAP = re.compile(r"[ \t]*+(?:[.:,(]|\bis\b)?[ \t]*+", re.I)  # "dhr. ", "naam: ", "moeder (", "heet "
_SENTENCE_GAP = re.compile(r"[.!?:;\n(\"“•]")
_MAX_NAME_WORDS = 6


class HandbookWords(BaseModel):
    """What the handbooks write: the allow-list of words and name phrases."""

    model_config = ConfigDict(frozen=True)

    words: frozenset[str] = frozenset()  # every word, lower-cased
    lower_case: frozenset[str] = frozenset()  # words they also write in lower case
    written: frozenset[str] = frozenset()  # capitalised runs, alone and with the word before ("familie derksen")
    place_names: frozenset[str] = frozenset()  # words of the regions' and municipalities' names


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    lower: str

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def abbreviation(self) -> bool:
        """All capitals, or a compound that opens with them ("GGZ", "ADHD-medicatie"): a term, not a name."""
        head = re.split(r"['’\-]", self.text, maxsplit=1)[0]
        return len(head) > 1 and head.isupper()


class NameFinder:
    def __init__(self, lists: NameLists, handbook: HandbookWords) -> None:
        self.lists = lists
        self.names = lists.first_names | lists.surnames
        always = lists.places | lists.institutions | lists.common_words | handbook.place_names
        # Words that are no name on their own: places, institutions, common words, and the handbooks' words —
        # of those that are also first names or surnames only the ones the handbooks write in lower case
        # ("jan", "bos"): a surname they print only as a name ("Jansen") is still a name in a question.
        self.known = always | (handbook.words - self.names) | (handbook.words & handbook.lower_case)
        # Name phrases the handbooks print ("familie derksen", "nancy jansen") and care institutions' names.
        self.written = handbook.written | lists.institution_phrases

    def spans(self, text: str, words: list[Word]) -> Iterator[Span]:
        i = 0
        while i < len(words):
            span, i = self._at(text, words, i)
            if span is not None:
                yield span

    # -- one step of the scan: a span (or None) and the index to go on from (always > i) ------------------------
    def _at(self, text: str, words: list[Word], i: int) -> tuple[Span | None, int]:
        w = words[i]
        if w.lower in TITLES or w.lower in RELATIONS:
            run = self._run(text, words, i + 1, after=w.end, cued=True)
            if run is not None:
                first, last = run
                parts = [words[j] for j in range(first, last + 1) if not self._interfix(words, j)]
                if w.lower in TITLES or (any(not self._known(x) for x in parts)
                                         and _phrase([w, *parts]) not in self.written):
                    return Span(words[first].start, words[last].end, "name"), last + 1
            return None, i + 1
        if w.capitalised and not w.abbreviation and not self._interfix(words, i):
            run = self._run(text, words, i, after=None, cued=False)
            last = run[1] if run else i
            return self._capitalised(text, words, i, last), last + 1
        if w.lower in self.lists.first_names and not self._known(w):
            last = self._surname_after(text, words, i)
            if last is not None:
                return Span(w.start, words[last].end, "name"), last + 1
        return None, i + 1

    def _surname_after(self, text: str, words: list[Word], i: int) -> int | None:
        """The index of a listed surname right after word ``i`` (interfixes between): "sanne de jong"."""
        j = i + 1
        while j < len(words) and j - i <= 4 and _joined(text, words[j - 1], words[j]):
            if not self._interfix(words, j):
                return j if words[j].lower in self.lists.surnames else None
            j += 1
        return None

    def _run(self, text: str, words: list[Word], i: int, after: int | None, cued: bool) -> tuple[int, int] | None:
        """The longest name-like word run from ``i``: name words joined by spaces, interfixes between them.

        ``after`` is the end of a cue word: the run must follow it with only a cue gap ("naam: ", "dhr. ").
        Cued runs accept lower-case words from the name lists; plain runs only capitalised words."""
        if i >= len(words) or (after is not None and not _CUE_GAP.fullmatch(text, after, words[i].start)):
            return None
        first = last = None
        j = i
        while j < len(words) and j - i < _MAX_NAME_WORDS * 2:
            if j > i and not _joined(text, words[j - 1], words[j]):
                break
            if self._interfix(words, j):
                if first is None:
                    first = j  # "dhr. van Dijk": the interfix belongs to the name
                j += 1
                continue
            if not self._name_like(words[j], cued):
                break
            first = j if first is None else first
            last = j
            j += 1
        return (first, last) if last is not None and first is not None else None

    def _capitalised(self, text: str, words: list[Word], i: int, last: int) -> Span | None:
        """The name in the capitalised run ``words[i..last]``, if it holds one."""
        parts = [j for j in range(i, last + 1) if not self._interfix(words, j)]
        start_of_sentence = _sentence_start(text, words, i)
        if self._written(words, parts[0], parts[-1]) or (
                start_of_sentence and len(parts) > 2 and self._written(words, parts[1], parts[-1])):
            return None  # "Stichting Vincent", "(Kan) Jan Arends B.V.": the handbooks print it
        first = words[parts[0]]
        if start_of_sentence and len(parts) > 1 and self._known(first) and first.lower not in self.names:
            parts = parts[1:]  # "Mag Sanne Jansen …": "Mag" is capitalised only because it opens the sentence
            start_of_sentence = False
        named = [words[j] for j in parts]
        if len(named) > 1:
            if self._written(words, parts[0], parts[-1]):
                return None
            if any(not self._known(p) for p in named) or (
                    named[0].lower in self.lists.first_names and named[-1].lower in self.lists.surnames):
                return Span(named[0].start, named[-1].end, "name")
            return None
        word = named[0]
        if self._known(word) or self._written(words, parts[0] - 1, parts[0]) or \
                self._written(words, parts[0], parts[0] + 1):
            return None  # "familie Derksen", "Lunet zorg": the word with its neighbour is a printed name
        if start_of_sentence and word.lower not in self.names:
            return None  # any word is capitalised at the start of a sentence
        return Span(word.start, word.end, "name")

    def _written(self, words: list[Word], first: int, last: int) -> bool:
        if first < 0 or last >= len(words):
            return False
        return _phrase([words[j] for j in range(first, last + 1) if not self._interfix(words, j)]) in self.written

    def _name_like(self, w: Word, cued: bool) -> bool:
        # After a cue a lower-case word is a name when it is a listed name and no common word ("dochter sanne",
        # not the "wil" of "dochter Roos wil …").
        return (w.capitalised and not w.abbreviation) or (cued and w.lower in self.names and not self._known(w))

    def _known(self, w: Word) -> bool:
        return w.lower in self.known or all(p in self.known for p in re.split(r"['’\-]", w.lower) if p)

    @staticmethod
    def _interfix(words: list[Word], j: int) -> bool:
        lower = words[j].lower
        if lower in INTERFIXES:
            return not words[j].capitalised or lower in {"el", "al", "van", "de", "la", "le", "da", "di", "du"}
        return lower in BEFORE_ARTICLE and j + 1 < len(words) and words[j + 1].lower in _ARTICLES


def _phrase(words: list[Word]) -> str:
    return " ".join(w.lower for w in words)


def words_of(text: str) -> list[Word]:
    return [Word(m.start(), m.end(), m.group(0), m.group(0).lower()) for m in WORD.finditer(text)]


def _joined(text: str, a: Word, b: Word) -> bool:
    gap = text[a.end:b.start]
    return gap == " " or (0 < len(gap) <= 2 and gap.strip(" ’'") == "")


def _sentence_start(text: str, words: list[Word], i: int) -> bool:
    previous_end = words[i - 1].end if i else 0
    return i == 0 or _SENTENCE_GAP.search(text, previous_end, words[i].start) is not None
