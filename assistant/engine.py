"""The conversation engine: one request in, one Answer out.

It redacts the message, loads the conversation, settles the region the request names, runs the turn's stages
(``assistant.stages``) with ``AnswerDeps``, lets an optional LLM redraft, saves the state and writes the audit
line. What a turn decides lives in the stages; this module only composes them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import cached_property
from typing import Any

from pydantic import BaseModel, Field

from assistant.answer import Answer
from assistant.audit import AuditEntry, AuditLog, audit_log_at
from assistant.deps import AnswerDeps
from assistant.llm import Drafter
from assistant.privacy import Redactor, redactor_for, without_placeholders
from assistant.stages import refine, turn
from assistant.state import ConversationState, Turn
from assistant.store import ConversationStore, SqlStore
from retrieval.index import Index
from verwijswijzer.corpus import Catalogue, load_catalogue
from verwijswijzer.settings import Settings, get_settings


class ChatRequest(BaseModel):
    message: str = Field(min_length=1, max_length=4000)
    conversation_id: str | None = Field(default=None, max_length=64)
    region: str | None = None
    municipality: str | None = None


class UnknownRegion(ValueError):
    def __init__(self, value: str, known: list[str]) -> None:
        # The value is not echoed: a municipality field may hold anything a user typed, personal data included.
        super().__init__(f"Onbekende regio of gemeente. Bekende regio's: {', '.join(known)}.")


class Assistant:
    def __init__(self, settings: Settings | None = None, retriever: Any = None,
                 store: ConversationStore | None = None, index: Index | None = None) -> None:
        self.settings = settings or get_settings()
        # One index for chat and /v1/search; a retriever given here is its first load (tests: BM25 only).
        index = index or Index(self.settings, mode=retriever.mode if retriever else "hybrid", loaded=retriever)
        self.deps = AnswerDeps(self.settings, load_catalogue(self.settings.corpus_dir, self.settings.data_dir), index)
        self.store: ConversationStore = store or SqlStore(self.settings.effective_database_url)

    # -- what others read of it ---------------------------------------------------------------------------------
    @property
    def catalogue(self) -> Catalogue:
        return self.deps.catalogue

    @property
    def index(self) -> Index:
        return self.deps.index

    @property
    def retriever(self) -> Any:
        return self.deps.retriever

    @property
    def drafter(self) -> Drafter | None:
        return self.deps.drafter

    @drafter.setter
    def drafter(self, drafter: Drafter | None) -> None:
        self.deps.drafter = drafter

    @property
    def source_lines(self) -> Callable[[str], list[str]]:
        return self.deps.source_lines

    @source_lines.setter
    def source_lines(self, read: Callable[[str], list[str]]) -> None:
        self.deps.source_lines = read

    @cached_property
    def redactor(self) -> Redactor:
        return redactor_for(self.settings.corpus_dir)

    @cached_property
    def audit(self) -> AuditLog:
        return audit_log_at(self.settings.effective_audit_log)

    def reload(self) -> None:
        """Pick up documents added since start: catalogue, index and the statistics derived from it."""
        self.deps.reload(load_catalogue(self.settings.corpus_dir, self.settings.data_dir))

    def warm_up(self) -> None:
        """Load what the first question of each region would otherwise wait for (index, embedder, the sentence
        statistics, the word lists, each region's product index): a server calls this before it takes requests."""
        from rules.products import find_products

        self.deps.idf  # noqa: B018 - a cached property: reading it builds it
        self.deps.topic.on_topic("jeugdhulp")
        for region in self.catalogue.regions:
            self.retriever.search("tarief", region.id, self.settings.answer.search_k)
            find_products(region.id, "tarief")

    # -- the turn -----------------------------------------------------------------------------------------------
    def chat(self, request: ChatRequest, owner: str | None = None) -> Answer:
        # Personal data is removed before anything is stored, logged or sent to an LLM.
        redaction = self.redactor.redact(request.message)
        state = self._load(request.conversation_id, owner)
        state.region = self._request_region(request) or state.region
        message = redaction.text.strip()
        # The stages read the question without the placeholders: they are no words of it.
        draft = refine.refine(self.deps, turn.run(self.deps, state, without_placeholders(message)), state.region)
        state.pending = draft.pending
        state.turns += [Turn(role="user", text=message), Turn(role="assistant", text=draft.text, kind=draft.kind)]
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
        if conversation_id and (state := self.store.load(conversation_id)) is not None:
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
