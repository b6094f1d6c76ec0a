"""Hybrid retrieval: BM25, sentence-window BM25 and dense scores, fused linearly, with exact-signal boosts.

``retrieval.index.Index`` owns a process's loaded retriever. ``Retriever.search(query, region, k)``
returns chunks of the region's documents and the general ('algemeen') ones, best first. Safe for concurrent requests:
the indexes are read-only after loading and the query embedder (with its small LRU cache) is serialised by a lock.

Scoring, chosen with ``benchmarks/retrieval.py``: each signal is normalised over its own top ``candidates``
(best = 1, the candidates-th = 0), so a confident retriever counts more than one whose scores are flat, and the
signals are added with weights. A chunk's best sentence window scores next to the whole chunk, so one answering
sentence in a passage about other things still counts. Tables (tariff lists) take their lexical score on the
dense side too: an embedding of rows of amounts says little. Money questions favour passages with amounts, a
product code favours the passages naming it. Identical passages (printed twice in a handbook) come back once.
Rank fusion (RRF) with additive boosts lost to this: a boost in RRF units outweighed tens of ranks.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import Literal

import numpy as np
from pydantic import BaseModel

from ingest.models import Chunk
from ingest.store import ChunkStore
from retrieval.bm25 import BM25Index
from retrieval.query import ParsedQuery, harvest_definitions, load_synonyms, parse_query
from verwijswijzer.corpus import GENERAL_REGION, load_catalogue
from verwijswijzer.dutch import AMOUNT
from verwijswijzer.settings import Settings

Mode = Literal["hybrid", "bm25", "dense"]
# A question about money: passages with amounts (tariff tables) are the likely answer.
_AMOUNT_INTENT = re.compile(
    r"tarie|prijs|kost|bedrag|vergoed|betaal|betaling|declar|€|krijg|ontvang|uitbetaal|waard\b", re.I)


class SearchHit(BaseModel):
    chunk: Chunk
    score: float


class UnknownRegionError(ValueError):
    def __init__(self, region: str, known: list[str]) -> None:
        super().__init__(f"Onbekende regio. Bekende regio's: {', '.join(known)}.")  # never echo input
        self.region = region
        self.known = known


class IndexMissingError(RuntimeError):
    """No chunk index yet: the corpus has not been ingested."""


class RetrievalConfig(BaseModel):
    candidates: int = 80  # per retriever; also the depth each signal is normalised over
    passage_weight: float = 0.5  # best sentence window's BM25, next to the chunk's own BM25 (weight 1)
    dense_weight: float = 1.25
    amount_boost: float = 0.5  # a money question and a passage with amounts
    code_boost: float = 0.3  # a product code asked for and present in the chunk
    query_cache: int = 1024  # query embeddings kept (LRU)


def _normalised(scores: np.ndarray, allowed: np.ndarray, depth: int) -> np.ndarray:
    """Scores mapped so the best allowed one is 1 and the ``depth``-th best is 0 (lower ones clip to 0)."""
    ranked = np.sort(scores[allowed])[::-1]
    if ranked.size == 0 or ranked[0] <= 0:
        return np.zeros_like(scores, dtype=np.float64)
    low = ranked[min(depth, ranked.size - 1)]
    return np.clip((scores - low) / (ranked[0] - low + 1e-9), 0.0, None)


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
        # The reviewed synonyms plus the abbreviations the documents define ("Zorgbegeleider (ZBL)").
        self.synonyms = load_synonyms().with_definitions(harvest_definitions([c.text for c in chunks]))
        self._region_of = np.array([c.region for c in chunks])
        self._has_amount = np.array([bool(AMOUNT.search(c.text)) for c in chunks])
        self._is_table = np.array([c.block == "table" for c in chunks])
        self._embed_lock = threading.Lock()
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()

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

    def _query_vector(self, text: str) -> np.ndarray:
        with self._embed_lock:
            vector = self._query_vectors.pop(text, None)
            if vector is None:
                vector = self.embedder.embed_query(text)  # type: ignore[union-attr]
            self._query_vectors[text] = vector
            while len(self._query_vectors) > self.config.query_cache:
                self._query_vectors.popitem(last=False)
            return vector

    def _dense_scores(self, parsed: ParsedQuery, allowed: list[str] | None) -> np.ndarray:
        scores = np.zeros(len(self._chunks))
        vector = self._query_vector(parsed.expanded)
        for cid, similarity in self.vector_store.query(vector, self.config.candidates, allowed):  # type: ignore[union-attr]
            if cid in self._by_id:
                scores[self._by_id[cid]] = similarity
        return scores

    def search(self, query: str, region: str | None = None, k: int = 5) -> list[SearchHit]:
        allowed_regions = self._allowed(region)
        query = query.strip()
        if not query or k <= 0:
            return []
        parsed = parse_query(query, region, self.synonyms)
        cfg = self.config
        allowed = (np.isin(self._region_of, allowed_regions) if allowed_regions is not None
                   else np.ones(len(self._chunks), dtype=bool))
        score = np.zeros(len(self._chunks))
        lexical = np.zeros(len(self._chunks))
        if self.mode in ("hybrid", "bm25"):
            lexical = _normalised(self.bm25.scores(parsed.expanded), allowed, cfg.candidates)
            score += lexical + cfg.passage_weight * _normalised(
                self.bm25.passage_scores(parsed.expanded), allowed, cfg.candidates)
        if self.mode == "dense":
            score += _normalised(self._dense_scores(parsed, allowed_regions), allowed, cfg.candidates)
        elif self.mode == "hybrid":
            dense = _normalised(self._dense_scores(parsed, allowed_regions), allowed, cfg.candidates)
            # Embeddings of rows of amounts say little; a table's dense score defers to its lexical one.
            score += cfg.dense_weight * np.where(self._is_table, np.maximum(dense, lexical), dense)
        retrieved = allowed & (score > 0)
        if self.mode != "dense":
            if _AMOUNT_INTENT.search(parsed.text):
                score += cfg.amount_boost * (retrieved & self._has_amount)
            if parsed.product_codes:
                score += cfg.code_boost * np.array([bool(r) and any(code in c.text for code in parsed.product_codes)
                                                    for r, c in zip(retrieved, self._chunks, strict=True)])
        score = np.where(retrieved, score, -np.inf)
        order = np.argsort(-score, kind="stable")
        order = order[np.isfinite(score[order])]
        hits: list[SearchHit] = []
        seen: set[str] = set()
        for i in order:
            chunk = self._chunks[i]
            if chunk.text in seen:  # the same passage printed twice in a handbook: keep the better-placed one
                continue
            seen.add(chunk.text)
            hits.append(SearchHit(chunk=chunk, score=round(float(score[i]), 6)))
            if len(hits) == k:
                break
        return hits


def build_retriever(settings: Settings, embedder_spec: str | None = None, mode: Mode = "hybrid",
                    config: RetrievalConfig | None = None) -> Retriever:
    """Load the persisted chunk index and connect the dense side named by ``embedder_spec``."""
    from vectors.embedders import make_embedder
    from vectors.vector_store import make_vector_store

    store = ChunkStore(settings.data_dir)
    if not store.exists():
        raise IndexMissingError(
            f"Er is nog geen index in {store.dir}. Voer eerst 'verwijswijzer ingest' uit.")
    chunks = store.load().chunks
    regions = load_catalogue(settings.corpus_dir).region_ids
    embedder = make_embedder(embedder_spec or settings.embedder) if mode != "bm25" else None
    vector_store = make_vector_store(settings, embedder) if embedder is not None else None
    return Retriever(chunks, regions, embedder, vector_store, mode, config)

