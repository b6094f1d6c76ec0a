"""Dutch-aware text handling for retrieval: tokens, stems, compound splitting, product codes, synonyms.

The same ``Analyzer`` tokenises chunks and queries, so both sides agree on stems and compound parts: a query
for "pleegzorgaanbieder" also searches "pleegzorg" and "aanbieder"; a chunk saying "dyslexiezorg" is also
found by "dyslexie zorg".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import Stemmer
import yaml
from pydantic import BaseModel
from pydantic import Field as PydanticField

SYNONYMS_FILE = Path(__file__).with_name("synonyms.yaml")
PRODUCT_CODE = re.compile(r"\b(\d{2}[A-Za-z]\d{2})\b")
_TOKEN = re.compile(r"[a-z0-9]+(?:\+)?")
_STOPWORDS = frozenset(
    (  # noqa: SIM905 - a word list reads best as text
        "aan al als bij dan dat de deze die dit door dus een en er ge geen had heb hebben heeft het hier hij "
        "hoe hun ik in is je kan kun kunnen maar me meer met mij mijn moet moeten na naar niet nog nu of om "
        "ons onze ook op over te tegen toch tot u uit uw van veel voor want was wat we wel welk welke werd "
        "wie wij wil worden wordt zal ze zich zij zijn zo zoals zou"
    ).split()
)
_LINKS = ("", "s", "en", "e")  # Dutch linking morphemes between compound parts
# Separable verbs: "waar meld ik een kind aan?" is "aanmelden". A particle followed by a determiner is a
# preposition ("aan de aanbieder"), not the split-off part of a verb.
_PARTICLES = frozenset("aan af bij door in mee na om op over terug toe uit voor weg samen".split())  # noqa: SIM905
_DETERMINERS = frozenset(
    "de het een deze die dit dat mijn zijn haar hun ons onze uw je jouw elk elke ieder iedere alle welke".split()  # noqa: SIM905
)
_VERB_REACH = 6  # words back from the particle to its verb
MIN_PART = 4
MIN_COMPOUND = 9


def fold(text: str) -> str:
    """Lower-case without diacritics: cliënt → client, één → een."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


class Decompounder:
    """Splits a compound into two or three words the corpus uses on their own (``pleegzorgaanbieder``)."""

    def __init__(self, vocabulary: Counter[str]) -> None:
        self.vocab = {w for w, n in vocabulary.items() if len(w) >= MIN_PART and not w.isdigit()}

    def _known(self, word: str) -> bool:
        """A corpus word, also in a plural form the corpus does not use (aanbieders, tarieven)."""
        return word in self.vocab or any(word.endswith(s) and word[: -len(s)] in self.vocab for s in ("s", "en"))

    @lru_cache(maxsize=50_000)  # noqa: B019 - one instance per index, lives as long as the index
    def split(self, word: str) -> tuple[str, ...]:
        if len(word) < MIN_COMPOUND or not word.isalpha():
            return ()
        best: tuple[str, ...] = ()
        for i in range(MIN_PART, len(word) - MIN_PART + 1):
            head = word[:i]
            for link in _LINKS:
                if not word.startswith(link, i):
                    continue
                tail = word[i + len(link) :]
                if head not in self.vocab or len(tail) < MIN_PART:
                    continue
                parts = (head, tail) if self._known(tail) else ((head, *rest) if (rest := self.split(tail)) else ())
                # Prefer the split with the longest shortest part: fewer spurious short words.
                if parts and (not best or min(map(len, parts)) > min(map(len, best))):
                    best = parts
        return best


@dataclass
class Analyzer:
    """Tokens for BM25: stems of words without stop words, plus the stems of compound parts."""

    decompounder: Decompounder | None = None
    stemmer: Stemmer.Stemmer = field(default_factory=lambda: Stemmer.Stemmer("dutch"))

    def tokens(self, text: str) -> list[str]:
        out: list[str] = []
        ws = words(text)
        for i, word in enumerate(ws):
            if word in _PARTICLES and self.decompounder:
                out.extend(self._separable(ws, i))
            if word in _STOPWORDS:
                continue
            out.append(word)
            if self.decompounder:
                out.extend(self.decompounder.split(word))
        return self.stemmer.stemWords(out)

    def _separable(self, ws: list[str], i: int) -> list[str]:
        """The verb a split-off particle belongs to, as the corpus writes it whole ("meld … aan" → aanmelden)."""
        if i + 1 < len(ws) and (ws[i + 1] in _DETERMINERS or ws[i + 1].isdigit()):
            return []
        vocab = self.decompounder.vocab  # type: ignore[union-attr]
        particle = ws[i]
        for verb in reversed(ws[max(0, i - _VERB_REACH) : i]):
            if verb in _STOPWORDS or len(verb) < 3:
                continue
            stem = verb[:-1] if verb.endswith("t") else verb
            forms = {particle + verb, particle + stem, particle + stem + "en", particle + verb + "en",
                     particle + verb + verb[-1] + "en"}  # zet … in → inzetten
            if forms & vocab:
                # Both the verb and its noun ("aanmelden", "aanmelding"), which the stemmer reduces differently.
                return sorted(forms & vocab | {particle + stem})
        return []


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]
    add: str
    regions: frozenset[str]


@dataclass(frozen=True)
class Expansion:
    """Alternatives the retriever adds for the words of the query that named one concept."""

    trigger: str
    terms: list[str]


@dataclass(frozen=True)
class Synonyms:
    abbreviations: dict[str, list[str]]
    case_sensitive: frozenset[str]
    groups: list[list[str]]
    patterns: list[Pattern] = field(default_factory=list)

    def expansions(self, query: str, region: str | None = None) -> list[str]:
        """Terms to add to ``query``: expansions of abbreviations and the other members of synonym groups.

        Region-scoped patterns apply in their regions, and all of them when no region is known.
        """
        return list(dict.fromkeys(t for e in self.expansion_groups(query, region) for t in e.terms))

    def expansion_groups(self, query: str, region: str | None = None) -> list[Expansion]:
        """The expansions per concept of ``query``: the words that named it and the alternatives added for them."""
        found: list[Expansion] = []
        for pattern in self.patterns:
            if region is None or region in pattern.regions:
                found.extend(Expansion(m.group(0), [m.expand(pattern.add)]) for m in pattern.regex.finditer(query))
        found.extend(Expansion(key, list(self.abbreviations[key])) for key in self.abbreviations_in(query))
        folded = fold(query)
        for group in self.groups:
            present = [t for t in group if re.search(rf"\b{re.escape(fold(t))}", folded)]
            if present:
                found.append(Expansion(" ".join(present), [t for t in group if fold(t) not in folded]))
        return [e for e in found if e.terms]

    def abbreviations_in(self, query: str) -> list[str]:
        """The abbreviations and referrer words of the lexicon that ``query`` uses."""
        found = []
        for key in self.abbreviations:
            flags = 0 if key in self.case_sensitive else re.IGNORECASE
            # Whole word, or the first part of a compound ("HET-overleg", "GGZ-traject").
            if re.search(rf"(?<![\w-]){re.escape(key)}(?:-(?=[a-zà-ÿ])|(?![\w+-]))", query, flags):
                found.append(key)
        return found

    def with_definitions(self, definitions: dict[str, str]) -> Synonyms:
        """These synonyms plus abbreviations the documents define themselves, both ways (``Zorgbegeleider (ZBL)``).

        Reviewed entries win: an abbreviation already in ``synonyms.yaml`` is left as it is there.
        """
        known = {k.lower() for k in self.abbreviations}
        extra: dict[str, list[str]] = {}
        for abbreviation, long_form in definitions.items():
            if abbreviation.lower() not in known:
                extra[abbreviation] = [long_form]
            if long_form.lower() not in known:
                extra[long_form] = [abbreviation]
        return replace(self, abbreviations={**self.abbreviations, **extra},
                       case_sensitive=self.case_sensitive | {a for a in definitions if a in extra})


_DEFINITION = re.compile(r"((?:[A-Za-zÀ-ÿ-]+ ){0,4}[A-Za-zÀ-ÿ-]+) \(([A-Z]{2,6})\)")


def harvest_definitions(texts: list[str]) -> dict[str, str]:
    """Abbreviations the texts define as "Long Form (ABBR)": the fewest words before the brackets whose first
    letter is the abbreviation's and that hold its letters in order."""
    found: dict[str, str] = {}
    for text in texts:
        for m in _DEFINITION.finditer(text):
            words_before, abbreviation = m.group(1).split(), m.group(2)
            for k in range(1, len(words_before) + 1):
                long_form = " ".join(words_before[-k:])
                if long_form[0].lower() == abbreviation[0].lower() and _in_order(abbreviation.lower(),
                                                                               long_form.lower()):
                    found.setdefault(abbreviation, long_form)
                    break
    return found


def _in_order(letters: str, text: str) -> bool:
    rest = iter(text)
    return all(letter in rest for letter in letters)


class ReferrerWord(BaseModel):
    """One entry of the reviewed lexicon: what referrers write, what the handbooks say, why, and an example."""

    says: str
    means: list[str] = PydanticField(min_length=1)
    why: str = PydanticField(min_length=10)
    example: str = PydanticField(min_length=5)
    case_sensitive: bool = False


class SynonymGroup(BaseModel):
    """Words that stand for one another, both ways, with why and an example."""

    words: list[str] = PydanticField(min_length=2)
    why: str = PydanticField(min_length=10)
    example: str = PydanticField(min_length=5)


class Lexicon(BaseModel):
    abbreviations: list[ReferrerWord] = []
    referrer_words: list[ReferrerWord] = []
    groups: list[SynonymGroup] = []
    patterns: list[dict[str, Any]] = []

    @property
    def words(self) -> list[ReferrerWord]:
        return [*self.abbreviations, *self.referrer_words]


def lexicon(path: Path = SYNONYMS_FILE) -> Lexicon:
    return Lexicon.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def referrer_words(path: Path = SYNONYMS_FILE) -> list[ReferrerWord]:
    return lexicon(path).words


@lru_cache
def load_synonyms(path: Path = SYNONYMS_FILE) -> Synonyms:
    data = lexicon(path)
    return Synonyms(
        abbreviations={w.says: w.means for w in data.words},
        case_sensitive=frozenset(w.says for w in data.words if w.case_sensitive),
        groups=[g.words for g in data.groups],
        patterns=[Pattern(re.compile(p["regex"]), p["add"], frozenset(p.get("regions") or [])) for p in data.patterns],
    )


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # as asked
    expanded: str  # with synonym/abbreviation expansions, for BM25 and the embedder
    product_codes: tuple[str, ...]  # upper-case, e.g. ("45L11",)


def parse_query(query: str, region: str | None = None, synonyms: Synonyms | None = None) -> ParsedQuery:
    synonyms = synonyms or load_synonyms()
    codes = tuple(dict.fromkeys(c.upper() for c in PRODUCT_CODE.findall(query)))
    extra = synonyms.expansions(query, region)
    expanded = f"{query} ({'; '.join(extra)})" if extra else query
    return ParsedQuery(text=query, expanded=expanded, product_codes=codes)
