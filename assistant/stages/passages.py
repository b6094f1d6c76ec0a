"""The answer from the handbook passages, or a refusal that says what they lack (also used by the rule router)."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.deps import AnswerDeps
from assistant.draft import Draft
from assistant.extractive import (
    Evidence,
    Selection,
    Sentence,
    asks_for,
    points_back,
    priced,
    render_sentence,
    select_all,
)
from assistant.silence import silence
from assistant.state import ConversationState
from assistant.understanding import asks_about_changes, asks_price, understand
from assistant.wording import refusal, source_intro, source_line
from ingest.models import Chunk
from retrieval.service import SearchHit
from verwijswijzer.corpus import DocumentMeta
from verwijswijzer.dutch import AMOUNT

_REVISION_LOG = re.compile(r"^(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
                           r"december) \d{4}$", re.I)


def answer_from_passages(deps: AnswerDeps, state: ConversationState, question: str,
                         hits: list[SearchHit] | None = None) -> Draft:
    """The extractive answer from the handbook passages, or a refusal."""
    region, config = state.region, deps.settings.answer
    documents = deps.catalogue.documents_for_region(region)
    unknown = [c for c in (understand(question).codes) if not deps.in_corpus(c, region)]
    if unknown:
        where = f" voor {deps.region_name(region)}" if region else ""
        reason = f"De code {', '.join(unknown)} komt in de documenten{where} niet voor."
        return Draft(kind="refusal", text=refusal(deps.region_name(region), documents, reason))
    places = deps.catalogue.places_in(question)
    if "contact" not in asks_for(question):  # contact details are per municipality: then the name counts
        question = deps.catalogue.strip_places(question) or question
    hits = hits if hits is not None else deps.retriever.search(question, region, config.search_k)
    if not asks_about_changes(question):
        # A handbook's list of changes ("Augustus 2023: • Update: Hoofdstuk 1.3 …") says what was edited, not
        # what holds: it answers only a question about changes.
        hits = [h for h in hits if not _REVISION_LOG.match(h.chunk.section.split(" > ")[0])]
    chunks, expansions = [h.chunk for h in hits], deps.expansions(question, region)
    selection = select_all(question, chunks, deps.idf, expansions, following=lambda c: deps.following.get(c.id))
    if not selection.evidence or selection.coverage < config.min_coverage:
        return Draft(kind="refusal", text=refusal(deps.region_name(region), documents))
    only_an_amount = asks_price(question)
    must = priced(question, deps.idf, expansions) if only_an_amount else None
    if must and not (selection.satisfies_ask and _prices(selection, must, question, deps)):
        # The best sentences tell the story, or give an amount of something else ("wat kost logeren?" answered
        # with the cost of BSO+): the passages' own amount for what was asked, else no amount.
        with_price = select_all(question, chunks, deps.idf, expansions, must=must)
        priced_enough = with_price.coverage >= config.priced_min_coverage
        if with_price.evidence and with_price.satisfies_ask and priced_enough:
            selection = with_price
        elif selection.satisfies_ask:
            selection.satisfies_ask = False  # an amount, but not the one asked
    if selection.unanswered or (only_an_amount and not selection.satisfies_ask):
        # The topic is there, the amount (or the number of units asked) is not: say so, and what is there.
        missing = selection.unanswered or "een bedrag"
        return _refusal_quoting(deps, region, documents, selection.evidence[0].chunk, selection.best,
                                f"{missing[0].upper()}{missing[1:]} hiervoor noemen de documenten niet.")
    silent = silence(question, selection, deps.idf, places)
    if silent is not None:
        return _refusal_quoting(deps, region, documents, silent.chunk, silent.sentence, silent.reason)
    draft = _compose(deps, selection, question)
    codes = _product_codes(region, question)
    text = f"{draft.text}\n\n{codes}" if codes else draft.text
    return draft.model_copy(update={"text": text, "question": question, "chunks": [h.chunk for h in hits[:5]]})


_PRICE_WORDS = "kost kosten kostte kostten prijs prijzen tarief tarieven bedrag bedragen euro"


def _prices(selection: Selection, must: Callable[[Sentence], bool], question: str, deps: AnswerDeps) -> bool:
    """Whether an amount in the evidence is about what the question asks: its sentence names what is priced, or
    shares another word of the question with it ("de twee zoons"), beyond the words for money."""
    asked = set(deps.idf.analyze(question)) - set(deps.idf.analyze(_PRICE_WORDS))
    for ev in selection.evidence:
        for s in ev.sentences:
            stems = set(deps.idf.analyze(s))
            if must(Sentence(0, 0, s, stems)) or (AMOUNT.search(s) and stems & asked):
                return True
    return False


def _refusal_quoting(deps: AnswerDeps, region: str | None, documents: list[DocumentMeta], chunk: Chunk,
                     sentence: str, reason: str) -> Draft:
    """A refusal that quotes, with its citation, the closest the documents come to an answer."""
    builder = deps.new_citations()
    n = builder.cite_sentences(chunk, [sentence])
    said = f"{reason} Wel staat er: “{render_sentence(sentence)}” [{n}]"
    return Draft(kind="refusal", text=refusal(deps.region_name(region), documents, said), builder=builder)


def _compose(deps: AnswerDeps, selection: Selection, question: str) -> Draft:
    """The answer from the chosen sentences: the sentence that answers best first, then what carries it, and
    further passages only within the word budget (a list asked for is quoted whole)."""
    builder = deps.new_citations()
    parts: list[str] = []
    words, budget = 0, deps.settings.answer.max_words
    first_document = selection.evidence[0].chunk.document_id
    for i, ev in enumerate(selection.evidence):
        sentences, kinds = best_first(ev, selection.best) if i == 0 else (ev.sentences, ev.kinds)
        body = _join(sentences, kinds)
        if i > 0 and not ev.continues and words >= budget and "list" not in asks_for(question):
            break
        n = builder.cite_sentences(ev.chunk, ev.sentences)
        words += len(body.split())
        if ev.continues and parts:
            parts[-1] += f"\n{body} [{n}]"
        elif i == 0:  # the answering sentence opens; where it stands follows it
            parts.append(f"{body} [{n}]\n{source_line(ev.chunk.title, ev.chunk.section)}")
        else:
            intro = "Ook staat er" if ev.chunk.document_id == first_document else \
                source_intro(ev.chunk.title, ev.chunk.section)
            parts.append(f"{intro}: {body} [{n}]")
    return Draft(kind="answer", text="\n\n".join(parts), builder=builder)


def best_first(ev: Evidence, best: str) -> tuple[list[str], list[str]]:
    """The evidence with its best sentence moved to the front, when that sentence stands on its own (a running
    sentence that does not point back to the one before it); otherwise in document order."""
    if best not in ev.sentences:
        return ev.sentences, ev.kinds
    j = ev.sentences.index(best)
    if j == 0 or ev.kinds[j] != "sentence" or points_back(best):
        return ev.sentences, ev.kinds
    order = [j, *(k for k in range(len(ev.sentences)) if k != j)]
    return [ev.sentences[k] for k in order], [ev.kinds[k] for k in order]


def _join(sentences: list[str], kinds: list[str]) -> str:
    """Running sentences inline; list items each on a line of their own."""
    out: list[str] = []
    for text, kind in zip(sentences, kinds, strict=True):
        if kind == "item-more":
            out.append(f" {text}")
        elif kind == "item":
            item = render_sentence(text)
            out.append(f"\n{item}" if re.match(r"\d+[.)]\s", item) else f"\n• {item}")
        else:
            out.append((" " if out else "") + text)
    return "".join(out).strip()


def _product_codes(region: str | None, question: str) -> str:
    """The codes of the one product (or product family) a question is about, as referrers indicate by code."""
    if region is None:
        return ""
    from rules.products import find_products

    mentions = find_products(region, question)
    if len(mentions) != 1:
        return ""
    m = mentions[0]
    products = [m.product] if m.product else m.candidates
    listed = [f"{p.name} {'/'.join(p.codes)}" for p in products if p.codes]
    return f"Productcode{'s' if len(listed) > 1 else ''}: {'; '.join(listed)}." if listed else ""
