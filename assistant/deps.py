"""What the stages of a turn work with, passed to them explicitly (never the engine): the settings, the catalogue,
the index and what is derived from it, citations and the optional LLM drafter."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from functools import cached_property

from assistant.citations import CitationBuilder
from assistant.extractive import IdfTable
from assistant.llm import Drafter
from assistant.text import content_stems
from assistant.topic import Topic
from ingest.models import Chunk
from retrieval.index import Index
from retrieval.query import Expansion, load_synonyms
from retrieval.service import Retriever
from verwijswijzer.corpus import Catalogue
from verwijswijzer.settings import Settings

_DERIVED = ("idf", "topic", "sections", "following")


def _source_lines(document_id: str) -> list[str]:
    from ingest.loaders import source_lines

    return source_lines(document_id)


class AnswerDeps:
    def __init__(self, settings: Settings, catalogue: Catalogue, index: Index) -> None:
        self.settings = settings
        self.catalogue = catalogue
        self.index = index
        self.source_lines: Callable[[str], list[str]] = _source_lines
        self._seen: Retriever | None = None
        self._text_cache: dict[str, str] = {}
        self._text_lock = threading.Lock()

    # -- the index and what is derived from it (built again when the index was reloaded) -------------------------
    @property
    def retriever(self) -> Retriever:
        retriever = self.index.retriever
        if retriever is not self._seen:
            self._seen = retriever
            for name in _DERIVED:
                self.__dict__.pop(name, None)
        return retriever

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
    def sections(self) -> dict[str, list[tuple[int, int, str]]]:
        index: dict[str, list[tuple[int, int, str]]] = {}
        for chunk in self.retriever.chunks():
            index.setdefault(chunk.document_id, []).append((chunk.line_start, chunk.line_end, chunk.section))
        return index

    @cached_property
    def following(self) -> dict[str, Chunk]:
        """Per chunk id, the chunk that follows it in its document."""
        by_document: dict[str, list[Chunk]] = {}
        for chunk in self.retriever.chunks():
            by_document.setdefault(chunk.document_id, []).append(chunk)
        following: dict[str, Chunk] = {}
        for chunks in by_document.values():
            chunks.sort(key=lambda c: c.line_start)
            following.update({a.id: b for a, b in itertools.pairwise(chunks)})
        return following

    @cached_property
    def drafter(self) -> Drafter | None:
        if not self.settings.llm_enabled:
            return None
        from assistant.llm import openai_drafter
        from rules.tools import rule_tools

        s = self.settings
        return openai_drafter(s.llm_base_url, s.llm_model, s.llm_api_key.get_secret_value(), s.llm_timeout_s,
                              rule_tools())

    # -- reading the documents --------------------------------------------------------------------------------------
    def new_citations(self) -> CitationBuilder:
        return CitationBuilder(self.source_lines, {d.id: d.title for d in self.catalogue.documents})

    def section_of(self, document_id: str, line: int) -> str:
        """The section path of the chunk that holds ``line`` (for citations of rule data)."""
        return next((sec for a, b, sec in self.sections.get(document_id, []) if a <= line <= b), "")

    def expansions(self, question: str, region: str | None) -> list[Expansion]:
        """The synonyms and abbreviations the retriever searches with (per concept), so answer sentences are
        read the same way."""
        synonyms = getattr(self.retriever, "synonyms", None) or load_synonyms()
        return synonyms.expansion_groups(question, region)

    def in_corpus(self, term: str, region: str | None) -> bool:
        """Whether the documents of the region (and the general ones) write ``term``."""
        return any(term.lower() in self._document_text(d.id) for d in self.catalogue.documents_for_region(region))

    def _document_text(self, document_id: str) -> str:
        with self._text_lock:
            if document_id not in self._text_cache:
                self._text_cache[document_id] = "\n".join(self.source_lines(document_id)).lower()
            return self._text_cache[document_id]

    def region_name(self, region: str | None) -> str | None:
        return self.catalogue.region_name(region) if region else None

    def reload(self, catalogue: Catalogue) -> None:
        """Documents were added: the new catalogue, the index read again, the document texts forgotten."""
        self.catalogue = catalogue
        self.index.reload()
        with self._text_lock:
            self._text_cache.clear()
