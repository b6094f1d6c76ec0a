"""The conversation engine: one request in, one Answer out.

Per turn: settle the region (request, municipality, text, conversation), answer a pending clarification,
understand the message, route rule questions to the rule functions and everything else to the extractive
answerer, and refuse when the handbooks do not hold the answer. State is saved after every turn.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from typing import Any

from pydantic import BaseModel, Field

from assistant.answer import Answer
from assistant.audit import AuditEntry, AuditLog, audit_log_at
from assistant.citations import CitationBuilder
from assistant.draft import Draft
from assistant.extractive import (
    Evidence,
    IdfTable,
    Selection,
    asks_for,
    points_back,
    priced,
    render_sentence,
    select_all,
)
from assistant.guards import violations
from assistant.llm import Drafter
from assistant.privacy import Redactor, redactor_for
from assistant.scope import OutOfScope, place_outside, product_elsewhere
from assistant.silence import silence
from assistant.state import ConversationState, Pending, Turn
from assistant.store import ConversationStore, SqlStore
from assistant.text import content_stems, sentences
from assistant.topic import Topic
from assistant.understanding import Understanding, asks_about_changes, asks_price, understand
from assistant.wording import (
    ASK_REGION,
    ask_known_number,
    off_topic,
    refusal,
    scope_reason,
    source_intro,
    source_line,
)
from retrieval.index import Index
from retrieval.query import Expansion, load_synonyms
from rules.products import unknown_number
from verwijswijzer.corpus import GENERAL_REGION, Catalogue, load_catalogue
from verwijswijzer.settings import Settings, get_settings

_REVISION_LOG = re.compile(r"^(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
                           r"december) \d{4}$", re.I)


class ChatRequest(BaseModel):
    message: str = Field(min_length=1, max_length=4000)
    conversation_id: str | None = Field(default=None, max_length=64)
    region: str | None = None
    municipality: str | None = None


class Assistant:
    def __init__(self, settings: Settings | None = None, retriever: Any = None,
                 store: ConversationStore | None = None, index: Index | None = None) -> None:
        self.settings = settings or get_settings()
        self.catalogue: Catalogue = load_catalogue(self.settings.corpus_dir, self.settings.data_dir)
        # One index for chat and /v1/search; a retriever given here is its first load (tests: BM25 only).
        self.index = index or Index(self.settings, mode=retriever.mode if retriever else "hybrid", loaded=retriever)
        self._seen: Any = None
        self.store: ConversationStore = store or SqlStore(self.settings.effective_database_url)

    # -- collaborators ------------------------------------------------------------------------------------------
    @property
    def retriever(self) -> Any:
        retriever = self.index.retriever  # loaded again when documents were (re)ingested
        if retriever is not self._seen:
            self._seen = retriever
            self.__dict__.pop("idf", None)
            self.__dict__.pop("_sections", None)
            self.__dict__.pop("_following", None)
            self.__dict__.pop("topic", None)
        return retriever

    def reload(self) -> None:
        """Pick up documents added since start: catalogue, index and the statistics derived from it."""
        self.catalogue = load_catalogue(self.settings.corpus_dir, self.settings.data_dir)
        self.index.reload()
        _text_cache.clear()

    @cached_property
    def idf(self) -> IdfTable:
        # Score sentences with the retriever's own analysis (stems, compound parts), so both agree on terms.
        bm25 = getattr(self.retriever, "bm25", None)
        analyze = bm25.analyzer.tokens if bm25 is not None else content_stems
        return IdfTable(self.retriever.chunks(), analyze)

    @cached_property
    def topic(self) -> Topic:
        from rules.products import find_products

        def products(text: str) -> list[str]:
            return [m.text for r in self.catalogue.regions for m in find_products(r.id, text)]

        return Topic((c.text for c in self.retriever.chunks()), self.settings.answer, products=products)

    @cached_property
    def drafter(self) -> Drafter | None:
        if not self.settings.llm_enabled:
            return None
        from assistant.llm import openai_drafter
        from rules.tools import rule_tools

        s = self.settings
        return openai_drafter(s.llm_base_url, s.llm_model, s.llm_api_key.get_secret_value(), s.llm_timeout_s,
                              rule_tools())

    def source_lines(self, document_id: str) -> list[str]:
        from ingest.loaders import source_lines

        return source_lines(document_id)

    def new_citations(self) -> CitationBuilder:
        return CitationBuilder(self.source_lines, {d.id: d.title for d in self.catalogue.documents})

    def warm_up(self) -> None:
        """Load what the first question of each region would otherwise wait for (index, embedder, the sentence
        statistics, each region's product index): a server calls this before it takes requests."""
        from rules.products import find_products

        self.idf  # noqa: B018 - a cached property: reading it builds it
        self.topic.on_topic("jeugdhulp")  # the word lists behind it
        for region in self.catalogue.regions:
            self.retriever.search("tarief", region.id, self.settings.answer.search_k)
            find_products(region.id, "tarief")

    # -- the turn -----------------------------------------------------------------------------------------------
    @cached_property
    def redactor(self) -> Redactor:
        return redactor_for(self.settings.corpus_dir)

    @cached_property
    def audit(self) -> AuditLog:
        return audit_log_at(self.settings.effective_audit_log)

    def chat(self, request: ChatRequest, owner: str | None = None) -> Answer:
        # Personal data is removed before anything is stored, logged or sent to an LLM.
        redaction = self.redactor.redact(request.message)
        request = request.model_copy(update={"message": redaction.text})
        state = self._load(request.conversation_id, owner)
        region = self._request_region(request)
        if region:
            state.region = region
        message = request.message.strip()
        draft = self._resolve_pending(state, message) or self._turn(state, message)
        if draft.kind == "answer" and self.drafter is not None:
            draft = self._refine(draft, state.region)
        state.pending = draft.pending
        state.turns.append(Turn(role="user", text=message))
        state.turns.append(Turn(role="assistant", text=draft.text, kind=draft.kind))
        self.store.save(state)
        citations = draft.builder.citations if draft.builder else []
        docs = {c.document_id for c in citations} or {d.id for d in self.catalogue.documents_for_region(state.region)}
        answer = Answer(conversation_id=state.id, kind=draft.kind, text=draft.text, citations=citations,
                        tool_calls=draft.tool_calls, region=state.region, options=draft.options,
                        documents_version={d: self.catalogue.document(d).version for d in sorted(docs)})
        if redaction.changed:
            answer.text = f"{answer.text}\n\n{redaction.notice()}"
        self.audit.record(AuditEntry.of(answer, message, owner, redaction.kinds, turn=len(state.turns) // 2 - 1))
        return answer

    def _load(self, conversation_id: str | None, owner: str | None) -> ConversationState:
        if conversation_id:
            state = self.store.load(conversation_id)
            if state is not None:
                return state
        return ConversationState(id=conversation_id or uuid.uuid4().hex, owner=owner)

    def _request_region(self, request: ChatRequest) -> str | None:
        if request.region:
            if request.region not in self.catalogue.region_ids:
                raise UnknownRegion(request.region, self.catalogue.region_ids)
            return request.region
        if request.municipality:
            region = self.catalogue.region_for_municipality(request.municipality)
            if region is None:
                raise UnknownRegion(request.municipality, self.catalogue.region_ids)
            return region
        return None

    def _resolve_pending(self, state: ConversationState, message: str) -> Draft | None:
        pending = state.pending
        if pending is None:
            return None
        if pending.slot == "region":
            region = self._match_option(pending, message) or self.catalogue.find_region_in_text(message)
            if region is None:
                return None  # not an answer to the question: treat the message as a new question
            state.region = region
            return self._turn(state, pending.message)
        value = self._match_option(pending, message)
        if value is None:
            return None
        if pending.slot == "number":  # the question again, with the product it meant
            return self._turn(state, pending.message.replace(pending.slots["written"], value, 1))
        # The answered question becomes the conversation's: a follow-up ("bij een reguliere aanbieder") builds on it.
        state.intent, state.slots = pending.intent, {**pending.slots, pending.slot: value}
        return self._rule_turn(state, pending.intent, state.slots, pending.message)

    @staticmethod
    def _match_option(pending: Pending, message: str) -> str | None:
        text = message.strip().lower().rstrip("?.!")
        for option in pending.options:
            if text == option.lower() or text == pending.values.get(option, "").lower():
                return pending.values.get(option, option)
        hits = [o for o in pending.options if o.lower() in text or text in o.lower()]
        return pending.values.get(hits[0], hits[0]) if len(hits) == 1 else None

    def _turn(self, state: ConversationState, message: str) -> Draft:
        named = self.catalogue.find_region_in_text(message)
        if named:
            state.region = named
        u = understand(message)
        slots = self._slots(state, message, u)
        state.intent, state.slots = slots.pop("_intent"), slots
        if not self.topic.on_topic(slots["question"]):  # a follow-up is read with the question it follows
            return Draft(kind="refusal", text=off_topic(self.catalogue.documents_for_region(state.region)))
        if outside := place_outside(message, self.catalogue):
            return self._out_of_scope(state.region, outside)
        if state.region is None:
            draft = self._without_region(state, message)
            if draft is not None:
                return draft
        if unknown := unknown_number(state.region, message):
            # "Perspectief 3" where the region numbers Perspectief 1 and 2: another product's price or rule would
            # be an answer to a question not asked.
            return Draft(kind="clarification", options=unknown.options,
                         text=ask_known_number(unknown.written, self._region_name(state.region), unknown.options),
                         pending=Pending(slot="number", intent=state.intent or "general", options=unknown.options,
                                         message=message, slots={"written": unknown.written}))
        if state.region and (outside := product_elsewhere(message, state.region, self.catalogue,
                                                           lambda t: self._in_corpus(t, state.region))):
            return self._out_of_scope(state.region, outside)
        return self._rule_turn(state, state.intent or "general", slots, message)

    def _out_of_scope(self, region: str | None, outside: OutOfScope) -> Draft:
        name = self._region_name(region)
        return Draft(kind="refusal", text=refusal(name, self.catalogue.documents_for_region(region),
                                                  scope_reason(outside, name)))

    def _slots(self, state: ConversationState, message: str, u: Understanding) -> dict[str, Any]:
        """This turn's facts, completed from the previous turn when the message is a follow-up."""
        slots: dict[str, Any] = {"_intent": u.intent, "provider": u.provider, "same_provider": u.same_provider,
                                 "year": u.year, "quantity": u.quantity, "codes": u.codes, "question": message,
                                 "region": state.region}
        if u.follow_up and state.intent:
            slots["_intent"] = state.intent if u.intent == "general" else u.intent
            # Products and provider types are regional: after a region switch they are read anew from the text.
            regional = {"product", "provider"} if state.slots.get("region") != state.region else set()
            for key, value in state.slots.items():
                if slots.get(key) in (None, []) and key not in ("question", "region", *regional):
                    slots[key] = value
            slots["question"] = f"{state.slots.get('question', '')} {message}".strip()
            slots["follow_up"] = message
        return slots

    def _without_region(self, state: ConversationState, message: str) -> Draft | None:
        """Without a region, answer only from the general documents; otherwise ask for the region."""
        hits = self.retriever.search(message, None, 5)
        general = [h for h in hits if self.catalogue.document(h.chunk.document_id).region == GENERAL_REGION]
        if general:
            # The general framework applies in every region, so it answers without knowing the region.
            draft = self.answer_from_passages(state, message, general)
            if draft.kind == "answer":
                return draft
        # Ask for the region only when knowing it can give an answer: when no region's documents hold one, say so.
        if all(self.answer_from_passages(ConversationState(id=state.id, region=r.id), message).kind == "refusal"
               for r in self.catalogue.regions):
            return Draft(kind="refusal", text=refusal(None, self.catalogue.documents_for_region(None)))
        options = [r.name for r in self.catalogue.regions]
        return Draft(kind="clarification", text=ASK_REGION, options=options,
                     pending=Pending(slot="region", intent=state.intent or "general", options=options,
                                     values={r.name: r.id for r in self.catalogue.regions}, message=message))

    # -- routing ------------------------------------------------------------------------------------------------
    def _rule_turn(self, state: ConversationState, intent: str, slots: dict[str, Any], message: str) -> Draft:
        from assistant.rule_answers import answer_with_rules

        question = slots.get("question") or message
        draft = answer_with_rules(self, state, intent, slots, question)
        return draft if draft is not None else self.answer_from_passages(state, question)

    def answer_from_passages(self, state: ConversationState, question: str, hits: list | None = None) -> Draft:
        """The extractive answer from the handbook passages, or a refusal (also used by the rule router)."""
        region = state.region
        documents = self.catalogue.documents_for_region(region)
        unknown = [c for c in (understand(question).codes) if not self._in_corpus(c, region)]
        if unknown:
            return Draft(kind="refusal", text=refusal(self._region_name(region), documents,
                                                      f"De code {', '.join(unknown)} komt daarin niet voor."))
        places = self.catalogue.places_in(question)
        if "contact" not in asks_for(question):  # contact details are per municipality: then the name counts
            question = self.catalogue.strip_places(question) or question
        hits = hits if hits is not None else self.retriever.search(question, region, self.settings.answer.search_k)
        if not asks_about_changes(question):
            # A handbook's list of changes ("Augustus 2023: • Update: Hoofdstuk 1.3 …") says what was edited, not
            # what holds: it answers only a question about changes.
            hits = [h for h in hits if not _REVISION_LOG.match(h.chunk.section.split(" > ")[0])]
        chunks, expansions = [h.chunk for h in hits], self._expansions(question, region)
        selection = select_all(question, chunks, self.idf, expansions, following=lambda c: self._following.get(c.id))
        if not selection.evidence or selection.coverage < self.settings.answer.min_coverage:
            return Draft(kind="refusal", text=refusal(self._region_name(region), documents))
        only_an_amount = asks_price(question)
        if only_an_amount and not selection.satisfies_ask and (must := priced(question, self.idf, expansions)):
            # The best sentences tell the story but not the price: the passages' own amount for what was asked.
            with_price = select_all(question, chunks, self.idf, expansions, must=must)
            priced_enough = with_price.coverage >= self.settings.answer.priced_min_coverage
            if with_price.evidence and with_price.satisfies_ask and priced_enough:
                selection = with_price
        if selection.unanswered or (only_an_amount and not selection.satisfies_ask):
            # The topic is there, the amount (or the number of units asked) is not: say so, and what is there.
            missing = selection.unanswered or "een bedrag"
            return self._refusal_quoting(region, documents, selection.evidence[0].chunk, selection.best,
                                         f"{missing[0].upper()}{missing[1:]} hiervoor wordt daarin niet genoemd.")
        silent = silence(question, selection, self.idf, places)
        if silent is not None:
            return self._refusal_quoting(region, documents, silent.chunk, silent.sentence, silent.reason)
        draft = self._compose(selection, question)
        codes = _product_codes(region, question)
        text = f"{draft.text}\n\n{codes}" if codes else draft.text
        return draft.model_copy(update={"text": text, "question": question, "chunks": [h.chunk for h in hits[:5]]})

    def _refusal_quoting(self, region: str | None, documents: list[Any], chunk: Any, sentence: str,
                         reason: str) -> Draft:
        """A refusal that quotes, with its citation, the closest the documents come to an answer."""
        builder = self.new_citations()
        n = builder.cite_sentences(chunk, [sentence])
        said = f"{reason} Wel staat er: “{render_sentence(sentence)}” [{n}]"
        return Draft(kind="refusal", text=refusal(self._region_name(region), documents, said), builder=builder)

    def _compose(self, selection: Selection, question: str) -> Draft:
        """The answer from the chosen sentences: the sentence that answers best first, then what carries it, and
        further passages only within the word budget (a list asked for is quoted whole)."""
        builder = self.new_citations()
        parts: list[str] = []
        words, budget = 0, self.settings.answer.max_words
        first_document = selection.evidence[0].chunk.document_id
        for i, ev in enumerate(selection.evidence):
            sentences, kinds = _best_first(ev, selection.best) if i == 0 else (ev.sentences, ev.kinds)
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

    def _refine(self, draft: Draft, region: str | None) -> Draft:
        """Let the LLM redraft from the same passages; keep its text only if the guards find nothing wrong."""
        builder: CitationBuilder = draft.builder.copy()
        for chunk in draft.chunks[:3]:
            builder.cite_sentences(chunk, sentences(chunk.text))
        passages = {c.n: c.quote for c in builder.citations}
        outputs = [c.output for c in draft.tool_calls]
        drafter = self.drafter
        assert drafter is not None
        future = _llm_pool.submit(drafter.draft, draft.question, passages, outputs, self._region_name(region))
        try:
            text = future.result(timeout=self.settings.llm_timeout_s)
        except Exception as exc:  # time-out, connection error, garbage: the default answer stands
            log.warning("LLM draft failed (%s); default answer used", type(exc).__name__)
            return draft
        other = {r.id: [r.name, *r.municipalities] for r in self.catalogue.regions}
        problems = violations(text, passages, outputs, region, other)
        if problems:
            log.warning("LLM draft rejected by guards: %s", "; ".join(problems))
            return draft
        mapping = builder.keep({int(n) for n in re.findall(r"\[(\d+)\]", text)})
        text = re.sub(r"\[(\d+)\]", lambda m: f"[{mapping[int(m.group(1))]}]", text)
        return draft.model_copy(update={"text": text.strip(), "builder": builder})

    def _expansions(self, question: str, region: str | None) -> list[Expansion]:
        """The synonyms and abbreviations the retriever searches with (per concept), so answer sentences are
        read the same way."""
        synonyms = getattr(self.retriever, "synonyms", None) or load_synonyms()
        return synonyms.expansion_groups(question, region)

    @cached_property
    def _sections(self) -> dict[str, list[tuple[int, int, str]]]:
        index: dict[str, list[tuple[int, int, str]]] = {}
        for chunk in self.retriever.chunks():
            index.setdefault(chunk.document_id, []).append((chunk.line_start, chunk.line_end, chunk.section))
        return index

    @cached_property
    def _following(self) -> dict[str, Any]:
        """Per chunk id, the chunk that follows it in its document."""
        by_document: dict[str, list[Any]] = {}
        for chunk in self.retriever.chunks():
            by_document.setdefault(chunk.document_id, []).append(chunk)
        following: dict[str, Any] = {}
        for chunks in by_document.values():
            chunks.sort(key=lambda c: c.line_start)
            following.update({a.id: b for a, b in itertools.pairwise(chunks)})
        return following

    def section_of(self, document_id: str, line: int) -> str:
        """The section path of the chunk that holds ``line`` (for citations of rule data)."""
        return next((sec for a, b, sec in self._sections.get(document_id, []) if a <= line <= b), "")

    def _in_corpus(self, term: str, region: str | None) -> bool:
        return any(term.lower() in self._document_text(d.id) for d in self.catalogue.documents_for_region(region))

    def _document_text(self, document_id: str) -> str:
        with _text_lock:
            if document_id not in _text_cache:
                _text_cache[document_id] = "\n".join(self.source_lines(document_id)).lower()
            return _text_cache[document_id]

    def _region_name(self, region: str | None) -> str | None:
        return self.catalogue.region_name(region) if region else None


log = logging.getLogger(__name__)
_llm_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="llm")
_text_cache: dict[str, str] = {}
_text_lock = threading.Lock()


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


def _best_first(ev: Evidence, best: str) -> tuple[list[str], list[str]]:
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


class UnknownRegion(ValueError):
    def __init__(self, value: str, known: list[str]) -> None:
        # The value is not echoed: a municipality field may hold anything a user typed, personal data included.
        super().__init__(f"Onbekende regio of gemeente. Bekende regio's: {', '.join(known)}.")


_assistant: Assistant | None = None
_lock = threading.Lock()


def get_assistant() -> Assistant:
    global _assistant
    with _lock:
        if _assistant is None:
            _assistant = Assistant()
        return _assistant
