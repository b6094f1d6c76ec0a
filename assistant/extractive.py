"""The LLM-free answerer for handbook questions: pick the sentences that answer the question.

Sentences are scored by the idf-weighted question terms they contain, with a bonus when they hold what the
question asks for (an amount, a number, a date) and a prior for the passage's retrieval rank. The best sentence
keeps the neighbours that continue it (a list after a colon, a sentence that goes on), so the answer reads as an
answer, not a dump of chunks.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from assistant.injection import is_instruction
from assistant.text import Unit, content_stems, in_list, is_list_item, strip_bullet, units
from assistant.understanding import counted
from ingest.models import Chunk
from retrieval.query import Expansion
from verwijswijzer.dutch import AMOUNT

_NUMBER = re.compile(r"\d")
# A sentence that qualifies the one before it (a condition, an exception, the way it is done) belongs to the answer:
# "… mogen direct doorverwijzen. Uiteraard kan alleen worden doorverwezen naar aanbieders met een contract."
_QUALIFIER = re.compile(r"^(?:\S+\s+){0,4}?(?:alleen|uitsluitend|uiteraard|echter|wel|mits|tenzij|maar|behalve|"
                        r"voorwaarde|uitzondering|hiertoe|hiervoor|daarvoor|in plaats daarvan)\b", re.I)
# A sentence that opens by pointing back ("Dit komt er in het kort op neer …", "Deze maatregelen …") needs the
# sentence it points to.
_POINTS_BACK = re.compile(r"^(?:dit|deze|dat|daarbij|hierbij|hiervan|daarvan|hierdoor|daardoor|daarom)\b", re.I)
MAX_LIST_ITEMS = 12  # items of one list an answer quotes
EXPANSION_WEIGHT = 0.5  # a synonym the retriever added counts for half of the word the user typed
_DATE = re.compile(
    r"\b(?:\d{1,2}[-/ ](?:\d{1,2}|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
    r"november|december)[-/ ]\d{4}|(?:19|20)\d{2})\b",
    re.IGNORECASE,
)

Analyze = Callable[[str], list[str]]

ASKS = {
    "amount": re.compile(r"\b(wat kost(?:te|ten|en)?|hoe hoog|kost(?:te|ten)|kosten|\w*tarief|\w*tarieven|\w*prijs|"
                         r"\w*prijzen|\w*bedrag|vergoeding|krijgt .* aanbieder|ontvangen|betaald|"
                         r"uitbetaald)\b", re.I),
    "number": re.compile(r"\b(hoeveel|hoe lang|hoe vaak|maximaal|minimaal|tot welke leeftijd|vanaf welke "
                         r"leeftijd|welke leeftijd|hoe oud|looptijd|termijn|hoeveel tijd)\b", re.I),
    "date": re.compile(r"\b(vanaf welke datum|per wanneer|sinds wanneer|welke datum|wanneer)\b", re.I),
    "list": re.compile(r"\b(welke (stappen|onderdelen|voorwaarden|eisen|criteria|punten)|wat moet er .*\b(in|staan)\b|"
                       r"waaraan moet|wat zijn de (stappen|voorwaarden|eisen|criteria|onderdelen))", re.I),
    "contact": re.compile(r"\b(welk (?:telefoon)?nummer|telefoonnummer|nummer bel|bel ik|bellen|e-?mail\w*|"
                          r"mailadres|contactgegevens|bereikbaar|te bereiken|contact opnemen)\b", re.I),
}
# A phone number ("043-6045777", "088– 0073000", "0478-523 333", "0485494141") or an e-mail address.
_CONTACT = re.compile(r"(?<!\d)0\d{2,3}\s?[-–]?\s?\d{3}\s?\d{3,4}(?!\d)|[\w.-]+@[\w-]+\.\w+")
# Who asks for a phone number is not helped by a sentence without one: that ask weighs double.
_ASK_BONUS = {"contact": 1.0}
_ASK_PATTERN = {"amount": AMOUNT, "number": _NUMBER, "date": _DATE, "list": re.compile(r":\s*$"),
                "contact": _CONTACT}


# "Wat is JEL?", "Waar staat ZBL voor?": the sentence that spells the abbreviation out answers it.
_DEFINE = re.compile(r"^\s*(?i:wat (?:is|zijn|betekent|betekenen|doet|doen)|waar staat|wat houdt|wie (?:is|zijn))\s+"
                     r"(?i:de |het |een )?([A-Z][A-Z0-9]{1,5})\b")


def _ask_patterns(question: str) -> dict[str, re.Pattern[str]]:
    """The asks of the question with the pattern a sentence that meets them matches."""
    asks = {a: _ASK_PATTERN[a] for a in asks_for(question)}
    if noun := counted(question):  # "Hoeveel casussen …": a number of casussen ("16 casussen"), not any number
        asks["number"] = _count_of(noun)
    if m := _DEFINE.search(question):
        abbr = re.escape(m.group(1))
        asks["definition"] = re.compile(rf"\(\s*{abbr}\s*\)|\b{abbr}\s*\(")
    return asks


def asks_for(question: str) -> list[str]:
    """What kind of fact the question wants: an amount, a number, a date, a list, contact details."""
    return [kind for kind, pattern in ASKS.items() if pattern.search(question)]


@dataclass
class Sentence:
    chunk_rank: int
    index: int
    text: str
    stems: set[str]
    kind: str = "sentence"  # a Unit kind: "sentence" | "item" | "item-more" | "heading"
    score: float = 0.0
    pooled: set[str] = field(default_factory=set)  # terms of the list this sentence belongs to

    @property
    def lead_in(self) -> bool:
        """It announces a list ("Redenen hiervoor waren:")."""
        return self.text.rstrip().endswith(":")


@dataclass
class Evidence:
    """Sentences taken from one chunk, in document order."""

    chunk: Chunk
    sentences: list[str]
    score: float
    kinds: list[str] = field(default_factory=list)
    continues: bool = False  # the list a lead-in of the evidence before it announces, from the next passage


@dataclass
class Selection:
    evidence: list[Evidence] = field(default_factory=list)
    coverage: float = 0.0  # idf-weighted share of the question's terms (or their synonyms) found in the evidence
    satisfies_ask: bool = True
    best: str = ""  # the best-scoring sentence (it is in the first evidence)
    unanswered: str = ""  # what the question counts or prices that the evidence lacks ("het aantal werkdagen")


class IdfTable:
    """Inverse document frequency of stems over the chunks of the index."""

    def __init__(self, chunks: Iterable[Chunk], analyze: Analyze = content_stems) -> None:
        self.analyze = analyze
        df: dict[str, int] = {}
        n = 0
        for chunk in chunks:
            n += 1
            for stem in set(analyze(chunk.text)):
                df[stem] = df.get(stem, 0) + 1
        self._n = max(n, 1)
        self._df = df

    def __call__(self, stem: str) -> float:
        return math.log(1 + (self._n - self._df.get(stem, 0) + 0.5) / (self._df.get(stem, 0) + 0.5))


@dataclass
class Concept:
    """One thing the question names: the stems it was named with, and the synonyms the retriever added."""

    named: set[str]
    synonyms: dict[str, float]


@dataclass
class Query:
    """The question's terms with their idf weights, and the concepts the retriever expanded with synonyms."""

    asked: dict[str, float]
    concepts: list[Concept] = field(default_factory=list)

    def weight(self, stems: set[str]) -> float:
        """Weight of the question found in ``stems``. A synonym stands in for the words that named its concept:
        it adds only what it is worth beyond them, and a concept's synonyms count once, by the best one found
        ("light-contract" ~ maatwerkovereenkomst is one concept, not three stems)."""
        found = sum(w for s, w in self.asked.items() if s in stems)
        for c in self.concepts:
            best = max((w for s, w in c.synonyms.items() if s in stems), default=0.0)
            named = sum(self.asked.get(s, 0.0) for s in c.named if s in stems)
            found += max(0.0, best - named)
        return found

    @property
    def total(self) -> float:
        return sum(self.asked.values()) or 1.0


def _score(sentence: Sentence, query: Query, asks: dict[str, re.Pattern[str]], context: set[str]) -> float:
    if sentence.kind == "heading":
        return 0.0
    own = query.weight(sentence.stems)
    with_list = query.weight(sentence.stems | sentence.pooled)
    if own == 0 and with_list == 0:
        return 0.0
    # Terms of its list and of its heading count for half: the sentence is read in that context.
    in_context = query.weight(sentence.stems | sentence.pooled | context)
    overlap = own + 0.5 * (with_list - own) + 0.5 * (in_context - with_list)
    bonus = 1.0 + sum(_ASK_BONUS.get(a, 0.5) for a, pattern in asks.items() if pattern.search(sentence.text) or
                      (a == "list" and sentence.kind == "item"))
    rank_prior = 1.0 / (1.0 + 0.1 * sentence.chunk_rank)
    length = len(sentence.stems)
    brevity = 1.0 if length <= 40 else 40 / length  # very long "sentences" are usually tables
    asking = 0.5 if sentence.text.rstrip().endswith("?") else 1.0  # a question the handbook asks answers nothing
    return overlap * bonus * rank_prior * brevity * asking


def select(
    question: str,
    chunks: Sequence[Chunk],
    idf: IdfTable,
    max_sources: int = 2,
    max_words: int = 110,
    expansions: Sequence[Expansion] = (),
    following: Callable[[Chunk], Chunk | None] | None = None,
    must: Callable[[Sentence], bool] | None = None,
) -> Selection:
    """Choose the answer sentences from the retrieved ``chunks`` (best first).

    The question's terms are weighted by idf; ``expansions`` (per concept, the synonyms and abbreviations the
    retriever searched with) count too, at half weight, so "declareren" also finds "in rekening brengen".
    Only sentences that pass ``must`` are chosen for themselves (what continues them may still come along).
    """
    analyze = idf.analyze
    asked = {s: idf(s) for s in dict.fromkeys(analyze(question))}
    # "Bellen", "e-mailen" ask for contact details; their stems are not the topic ("bel" is also the BEL).
    cues = {s for m in ASKS["contact"].finditer(question) for s in analyze(m.group(0))}
    asked = {s: w for s, w in asked.items() if s not in cues} or asked
    concepts = [Concept(set(analyze(e.trigger)),
                        {s: EXPANSION_WEIGHT * idf(s) for s in analyze(" ".join(e.terms)) if s not in asked})
                for e in expansions]
    query = Query(asked, [c for c in concepts if c.synonyms])
    asks = _ask_patterns(question)

    per_chunk: list[list[Sentence]] = []
    for rank, chunk in enumerate(chunks):
        # Sentences that give the assistant orders (prompt injection) are never evidence.
        usable = [u for u in units(chunk.text, chunk.headings) if not is_instruction(u.text)]
        sents = [Sentence(rank, i, u.text, set(analyze(u.text)), u.kind) for i, u in enumerate(usable)]
        context = set(analyze(chunk.section)) | {t for s in sents if s.kind == "heading" for t in s.stems}
        _pool_lists(sents)
        for s in sents:
            s.score = _score(s, query, asks, context) if must is None or must(s) else 0.0
        per_chunk.append(sents)

    flat = [s for sents in per_chunk for s in sents if s.score > 0]
    if not flat:
        return Selection()
    flat.sort(key=lambda s: -s.score)
    best = flat[0]
    chosen: dict[int, set[int]] = {best.chunk_rank: _expand(per_chunk[best.chunk_rank], best.index)}
    for s in flat[1:]:
        if len(chosen) >= max_sources and s.chunk_rank not in chosen:
            continue
        if s.score < 0.6 * best.score:
            break
        chosen.setdefault(s.chunk_rank, set()).update(_expand(per_chunk[s.chunk_rank], s.index))
        if _words(per_chunk, chosen) >= max_words:
            break

    evidence: list[Evidence] = []
    covered: set[str] = set()
    # The best sentence's passage first, then by their best sentences.
    for rank in sorted(chosen, key=lambda r: (r != best.chunk_rank,
                                              min((-per_chunk[r][i].score for i in chosen[r]), default=0))):
        idxs = sorted(chosen[rank])
        sents = [per_chunk[rank][i] for i in idxs if per_chunk[rank][i].kind != "heading"]
        _trim(sents, max_words)
        for s in sents:
            covered |= s.stems
        evidence.append(Evidence(chunks[rank], [s.text for s in sents], max(s.score for s in sents),
                                 [s.kind for s in sents]))
        last = per_chunk[rank][-1] if per_chunk[rank] else None
        if following is not None and last is not None and last in sents and (
                last.lead_in or last.kind == "item"):
            # The passage ends in a list it quotes ("Redenen hiervoor waren: • …"): the list goes on in the next.
            after = following(chunks[rank])
            if after is not None and (items := _leading_list(after)):
                evidence.append(Evidence(after, [u.text for u in items], 0.0, [u.kind for u in items],
                                         continues=True))
    # A synonym found stands in for the word asked (at its lower weight).
    coverage = min(1.0, query.weight(covered) / query.total)
    satisfies, unanswered = _answers_asks(question, asks, [t for e in evidence for t in e.sentences])
    return Selection(evidence, coverage, satisfies, best.text, unanswered)


def _answers_asks(question: str, asks: dict[str, re.Pattern[str]], texts: list[str]) -> tuple[bool, str]:
    """Whether the answer ``texts`` hold what the question asks for, and if not what they lack when that can be
    named (a rate per unit, a number of units)."""
    all_text = " ".join(texts)
    satisfies = all(pattern.search(all_text) for a, pattern in asks.items() if a in _ASK_PATTERN and a != "list")
    unanswered = ""
    unit = rate_unit(question)
    if unit:  # an hourly rate is not answered by a yearly cost: the amount must come with the unit asked
        per_unit = re.compile(rf"(?:per|/)\s?{unit}|{unit}(?:tarief|prijs)", re.I)
        if not any(AMOUNT.search(t) and per_unit.search(t) for t in texts):
            satisfies, unanswered = False, f"een {unit}tarief" if unit != "dag" else "een dagprijs"
    noun = counted(question)
    # "Binnen hoeveel werkdagen": without a number of werkdagen the question is not answered.
    if (noun == "tijd" or noun in _UNIT_FORMS) and not any(_count_of(noun).search(t) for t in texts):
        satisfies, unanswered = False, f"het aantal {noun}"
    return satisfies, unanswered


_RATE = re.compile(r"\b(uur|dag|etmaal|dagdeel|week|maand)(?:tarief|tarieven|prijs|prijzen)\b|"
                   r"\bper (uur|dag|etmaal|dagdeel|week|maand)\b", re.I)
# Units a question can count ("hoeveel etmalen"), with the forms the documents write them in.
_UNIT_FORMS = {
    "werkdagen": "werkdag(?:en)?", "dagen": "dag(?:en)?|werkdag(?:en)?", "weken": "we(?:e|)k(?:en)?",
    "maanden": "maand(?:en)?", "jaren": "jaar|jaren", "jaar": "jaar|jaren", "uur": "uur|uren", "uren": "uur|uren",
    "etmalen": "etmaal|etmalen", "dagdelen": "dagdeel|dagdelen", "tranches": "tranches?", "ritten": "rit(?:ten)?",
    "sessies": "sessies?", "keer": "keer|maal",
}
_TIME_UNITS = "werkdag(?:en)?|dag(?:en)?|we(?:e|)k(?:en)?|maand(?:en)?|jaar|jaren|uur|uren"
# Not "een": "een light-contract" counts nothing.
_NUMBER_WORDS = "één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|zestien|twintig"


def _count_of(noun: str) -> re.Pattern[str]:
    """A count of ``noun`` in the forms the documents write it ("10 werkdagen", "negen (nieuwe) casussen",
    "3-6 maanden"), not a year ("in 2021 naar casussen"); "tijd" is any count of time units."""
    forms = _TIME_UNITS if noun == "tijd" else _UNIT_FORMS.get(noun) or re.escape(re.sub(r"(?:en|s)$", "", noun))
    return re.compile(rf"\b(?:\d{{1,3}}|{_NUMBER_WORDS})(?:\s?[-–]\s?\d+)?\s+(?:\w+\s+)?(?:{forms})", re.I)


def rate_unit(question: str) -> str | None:
    """The unit of a rate the question asks for: "welk uurtarief" -> "uur"; None when it asks for no rate."""
    m = _RATE.search(question)
    return (m.group(1) or m.group(2)).lower() if m and asks_for(question).count("amount") else None


# "Wat kostte X, en wat had Y gekost?": two questions in one; each part needs its own answering sentence.
_SECOND_QUESTION = re.compile(r",?\s+en\s+(?=(?:wat|hoe|hoeveel|welke?|wie|waar|wanneer|mag|moet|kan|is|zijn)\b)",
                              re.I)


# What a price question prices: "Wat kostte de zorgbegeleider …", "Hoeveel kost een dag in de Time-out
# voorziening?", "… vergeleken met wat verblijf zou kosten?".
_PRICE_OF = re.compile(r"\b(?:wat|hoeveel)\s+(?:kost|kostte|kosten|kostten)\s+([^,?.]+)|"
                       r"\bwat\s+([^,?.]+?)\s+(?:zou|zal|zouden|zullen)?\s*(?:kost|kostte|kosten|kostten)\b", re.I)
_NOT_SUBJECT = frozenset(
    (  # noqa: SIM905 - a word list reads best as text
        "de het een dit dat deze die er nu dan in bij voor van per op aan met naar dag uur etmaal week maand jaar "
        "keer sessie traject"
    ).split()
)


def priced(question: str, idf: IdfTable, expansions: Sequence[Expansion] = ()) -> Callable[[Sentence], bool] | None:
    """For "wat kost X?": a test that a sentence gives an amount and names X (or what X is abbreviated to), so the
    price found is the price of what was asked. None when the question does not name what it prices."""
    stems: set[str] = set()
    for m in _PRICE_OF.finditer(question):
        head = next((w for w in re.findall(r"[\w-]+", m.group(1) or m.group(2)) if w.lower() not in _NOT_SUBJECT),
                    None)
        if head is None or not (named := idf.analyze(head)):
            continue
        stems.add(named[0])
        stems |= {first[0] for e in expansions if head.lower() in e.trigger.lower().split()
                  for t in e.terms if (first := idf.analyze(t))}
    if not stems:
        return None
    return lambda s: bool(AMOUNT.search(s.text)) and bool(stems & s.stems)


def question_parts(question: str) -> list[str]:
    """The questions a message asks, split where ", en wat/hoe/…" starts another one."""
    return [p.strip() for p in _SECOND_QUESTION.split(question) if p.strip()]


def select_all(question: str, chunks: Sequence[Chunk], idf: IdfTable, expansions: Sequence[Expansion] = (),
               following: Callable[[Chunk], Chunk | None] | None = None,
               must: Callable[[Sentence], bool] | None = None) -> Selection:
    """``select`` for the whole question; a part of it whose answer the selection lacks adds its own best
    sentences, from the same passages (they were retrieved for the whole question, so they share its subject)."""
    whole = select(question, chunks, idf, expansions=expansions, following=following, must=must)
    parts = question_parts(question)
    if len(parts) < 2 or not whole.evidence:
        return whole
    chosen = {s for e in whole.evidence for s in e.sentences}
    for part in parts[1:]:
        sub = select(part, chunks, idf, max_sources=1, expansions=expansions)
        if not sub.evidence or sub.best in chosen or not sub.satisfies_ask:
            continue
        ev = sub.evidence[0]
        new = [(t, k) for t, k in zip(ev.sentences, ev.kinds, strict=True) if t not in chosen]
        chosen.update(t for t, _ in new)
        same = next((e for e in whole.evidence if e.chunk.id == ev.chunk.id), None)
        if same is None:
            whole.evidence.append(Evidence(ev.chunk, [t for t, _ in new], ev.score, [k for _, k in new]))
        else:  # into its passage, in document order
            kinds = {**dict(zip(same.sentences, same.kinds, strict=True)), **dict(new)}
            same.sentences = sorted(kinds, key=lambda t: _position(same.chunk.text, t))
            same.kinds = [kinds[t] for t in same.sentences]
    whole.satisfies_ask, whole.unanswered = _answers_asks(question, _ask_patterns(question),
                                                          [t for e in whole.evidence for t in e.sentences])
    return whole


def _leading_list(chunk: Chunk, limit: int = MAX_LIST_ITEMS) -> list[Unit]:
    """The list items a passage opens with (what a lead-in at the end of the passage before announces)."""
    items: list[Unit] = []
    for u in units(chunk.text, chunk.headings):
        if not in_list(u.kind) or len(items) >= limit:
            break
        items.append(u)
    return items


def _position(text: str, sentence: str) -> int:
    """Where ``sentence`` stands in ``text`` (units may differ from the text in bullets and spacing)."""
    for probe in (sentence, sentence[:30], render_sentence(sentence)[:30]):
        if (at := text.find(probe)) >= 0:
            return at
    return len(text)


def _pool_lists(sents: list[Sentence]) -> None:
    """A list is read as one statement: its lead-in and items share their terms ("toegepast voor: • Pleegzorg")."""
    i = 0
    while i < len(sents):
        if sents[i].kind == "item":
            start = i - 1 if i > 0 and sents[i - 1].lead_in else i
            end = i
            while end + 1 < len(sents) and sents[end + 1].kind == "item":
                end += 1
            members = sents[start : end + 1]
            pooled = set().union(*(m.stems for m in members))
            for m in members:
                m.pooled = pooled - m.stems
            i = end + 1
        else:
            i += 1


def _expand(sents: list[Sentence], index: int) -> set[int]:
    """The sentence plus what continues it: the list after a lead-in, the lead-in of a list item."""
    keep = {index}
    if sents[index].lead_in or in_list(sents[index].kind):
        # The whole list: its lead-in and all its items (one condition of "alleen wanneer:" would mislead).
        start = index
        while start > 0 and in_list(sents[start].kind):
            start -= 1
        keep.add(start)
        j = start + 1
        while j < len(sents) and in_list(sents[j].kind) and j - start <= MAX_LIST_ITEMS:
            keep.add(j)
            j += 1
    else:
        # The sentences that go on about the question, up to two ahead (with what lies between).
        for j in (index + 1, index + 2):
            if j < len(sents) and sents[j].kind == "sentence" and sents[j].score >= 0.4 * sents[index].score:
                keep.update(range(index + 1, j + 1))
    first = min(keep)
    if first > 0 and points_back(sents[first].text) and sents[first - 1].kind == "sentence":
        keep.add(first - 1)
    following = max(keep) + 1  # what qualifies the last sentence kept qualifies the answer
    if following < len(sents) and sents[following].kind in ("sentence", "item-more") and \
            _QUALIFIER.search(sents[following].text):
        keep.add(following)
        if sents[following].lead_in:  # "Redenen hiervoor waren:" brings its list
            j = following + 1
            while j < len(sents) and sents[j].kind == "item" and j - following <= MAX_LIST_ITEMS:
                keep.add(j)
                j += 1
    return keep


def _words(per_chunk: list[list[Sentence]], chosen: dict[int, set[int]]) -> int:
    return sum(len(per_chunk[r][i].text.split()) for r, idxs in chosen.items() for i in idxs)


def _trim(sents: list[Sentence], max_words: int) -> None:
    """Drop the weakest sentences beyond the word budget (never the best one; a list counts half)."""
    def words(s: Sentence) -> float:
        return len(s.text.split()) * (0.5 if in_list(s.kind) else 1.0)

    def weakest_first(i: int) -> tuple[bool, float, int]:
        # A lead-in goes last: without it, the list it announces reads as loose lines.
        return (sents[i].lead_in, sents[i].score, -i)

    while len(sents) > 1 and sum(words(s) for s in sents) > max_words:
        weakest = min(range(len(sents)), key=weakest_first)
        if sents[weakest].score == max(s.score for s in sents):
            break
        sents.pop(weakest)


def points_back(sentence: str) -> bool:
    """Whether a sentence opens by pointing back to the one before it ("Dit …", "Deze maatregelen …")."""
    return _POINTS_BACK.match(sentence) is not None


def render_sentence(text: str) -> str:
    """A list item reads as part of a sentence in the answer."""
    return strip_bullet(text) if is_list_item(text) else text
