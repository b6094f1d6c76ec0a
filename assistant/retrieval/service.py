"""Hybrid retrieval: BM25 and dense candidates, fused by reciprocal rank, reranked by exact signals.

``get_retriever()`` is the process-wide entry point; ``Retriever.search(query, region, k)`` returns chunks
of the region's documents and the general ('algemeen') ones, best first. Safe for concurrent requests:
the indexes are read-only after loading and the query embedder is serialised by a lock.
"""

from __future__ import annotations

import re
import threading
from typing import Literal

import numpy as np
from pydantic import BaseModel

from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.query import ParsedQuery, parse_query
from ingest.models import Chunk
from ingest.store import ChunkStore
from verwijswijzer.corpus import GENERAL_REGION, load_catalogue
from verwijswijzer.settings import Settings, get_settings

Mode = Literal["hybrid", "bm25", "dense"]
# A question about money: tariff tables are the likely answer.
_AMOUNT_INTENT = re.compile(r"tarie|prijs|kost|bedrag|vergoed|betaal|betaling|declar|€|krijgt .* aanbieder", re.I)


class SearchHit(BaseModel):
    chunk: Chunk
    score: float


class UnknownRegionError(ValueError):
    def __init__(self, region: str, known: list[str]) -> None:
        super().__init__(f"Onbekende regio '{region}'. Bekende regio's: {', '.join(known)}.")
        self.region = region
        self.known = known


class IndexMissingError(RuntimeError):
    """No chunk index yet: the corpus has not been ingested."""


class RetrievalConfig(BaseModel):
    candidates: int = 40  # per retriever, before fusion
    rrf_k: int = 60
    bm25_weight: float = 1.0
    dense_weight: float = 1.0
    code_boost: float = 1.0  # in units of a first-rank RRF contribution
    section_boost: float = 0.5
    table_boost: float = 0.5  # tables (tariff lists) for questions about amounts


class Retriever:
    def __init__(self, chunks: list[Chunk], regions: list[str], embedder: object | None = None,
                 vector_store: object | None = None, mode: Mode = "hybrid",
                 config: RetrievalConfig | None = None) -> None:
        self._chunks = chunks
        self._by_id = {c.id: i for i, c in enumerate(chunks)}
        self.regions = regions
        self.config = config or RetrievalConfig()
        self.embedder = embedder
        self.vector_store = vector_store
        self.mode: Mode = mode if embedder is not None and vector_store is not None else "bm25"
        self.bm25 = BM25Index(chunks)
        self._region_of = np.array([c.region for c in chunks])
        self._section_tokens = [set(self.bm25.analyzer.tokens(c.section.split(">")[-1])) for c in chunks]
        self._embed_lock = threading.Lock()

    def chunks(self) -> list[Chunk]:
        return list(self._chunks)

    def chunk(self, chunk_id: str) -> Chunk:
        return self._chunks[self._by_id[chunk_id]]

    def _allowed(self, region: str | None) -> list[str] | None:
        if region is None:
            return None
        if region not in self.regions:
            raise UnknownRegionError(region, self.regions)
        return [region, GENERAL_REGION]

    def _bm25_ranking(self, parsed: ParsedQuery, allowed: list[str] | None) -> list[int]:
        scores = self.bm25.scores(parsed.expanded)
        if allowed is not None:
            scores = np.where(np.isin(self._region_of, allowed), scores, 0.0)
        top = np.argsort(-scores, kind="stable")[: self.config.candidates]
        return [int(i) for i in top if scores[i] > 0]

    def _dense_ranking(self, parsed: ParsedQuery, allowed: list[str] | None) -> list[int]:
        with self._embed_lock:
            vector = self.embedder.embed_query(parsed.expanded)  # type: ignore[union-attr]
        hits = self.vector_store.query(vector, self.config.candidates, allowed)  # type: ignore[union-attr]
        return [self._by_id[cid] for cid, _ in hits if cid in self._by_id]

    def search(self, query: str, region: str | None = None, k: int = 5) -> list[SearchHit]:
        allowed = self._allowed(region)
        query = query.strip()
        if not query or k <= 0:
            return []
        parsed = parse_query(query, region)
        cfg = self.config
        fused: dict[int, float] = {}
        rankings: list[tuple[list[int], float]] = []
        if self.mode in ("hybrid", "bm25"):
            rankings.append((self._bm25_ranking(parsed, allowed), cfg.bm25_weight))
        if self.mode in ("hybrid", "dense"):
            rankings.append((self._dense_ranking(parsed, allowed), cfg.dense_weight))
        for ranking, weight in rankings:
            for rank, i in enumerate(ranking):
                fused[i] = fused.get(i, 0.0) + weight / (cfg.rrf_k + rank + 1)
        unit = 1.0 / (cfg.rrf_k + 1)
        query_tokens = set(self.bm25.analyzer.tokens(parsed.text))
        amount_question = bool(_AMOUNT_INTENT.search(parsed.text))
        for i in fused:
            chunk = self._chunks[i]
            if amount_question and chunk.block == "table":
                fused[i] += cfg.table_boost * unit
            if parsed.product_codes and any(code in chunk.text for code in parsed.product_codes):
                fused[i] += cfg.code_boost * unit
            if query_tokens and self._section_tokens[i]:
                overlap = len(query_tokens & self._section_tokens[i]) / len(self._section_tokens[i])
                fused[i] += cfg.section_boost * unit * overlap
        best = sorted(fused.items(), key=lambda item: -item[1])[:k]
        return [SearchHit(chunk=self._chunks[i], score=round(score, 6)) for i, score in best]


def build_retriever(settings: Settings, embedder_spec: str | None = None, mode: Mode = "hybrid",
                    config: RetrievalConfig | None = None) -> Retriever:
    """Load the persisted chunk index and connect the dense side named by ``embedder_spec``."""
    from assistant.retrieval.embedders import make_embedder
    from assistant.retrieval.vector_store import make_vector_store

    store = ChunkStore(settings.data_dir)
    if not store.exists():
        raise IndexMissingError(
            f"Er is nog geen index in {store.dir}. Voer eerst 'verwijswijzer ingest' uit.")
    chunks = store.load().chunks
    regions = load_catalogue(settings.corpus_dir).region_ids
    embedder = make_embedder(embedder_spec or settings.embedder) if mode != "bm25" else None
    vector_store = make_vector_store(settings, embedder) if embedder is not None else None
    return Retriever(chunks, regions, embedder, vector_store, mode, config)


_lock = threading.Lock()
_retriever: Retriever | None = None


def get_retriever(settings: Settings | None = None) -> Retriever:
    """The process-wide retriever over the persisted index (raises IndexMissingError before any ingest)."""
    global _retriever
    with _lock:
        if _retriever is None:
            _retriever = build_retriever(settings or get_settings())
        return _retriever


def reset_retriever() -> None:
    """Forget the loaded index (after an ingest), so the next call loads the new one."""
    global _retriever
    with _lock:
        _retriever = None
