"""BM25 over chunks and over their sentence windows, with Dutch stemming and compound splitting (bm25s + PyStemmer).

The indexes are rebuilt from the persisted chunks when a retriever loads: for this corpus that takes about a
second, and they can never disagree with the chunk index.
"""

from __future__ import annotations

from collections import Counter

import bm25s
import numpy as np

from ingest.models import Chunk
from retrieval.passages import windows
from retrieval.query import Analyzer, Decompounder, words


def _index(analyzer: Analyzer, texts: list[str]) -> bm25s.BM25:
    index = bm25s.BM25()
    index.index([analyzer.tokens(t) or [""] for t in texts], show_progress=False)
    return index


def _scores(index: bm25s.BM25, tokens: list[str], size: int) -> np.ndarray:
    known = [t for t in tokens if t in index.vocab_dict]
    return index.get_scores(known) if known else np.zeros(size, dtype=np.float32)


class BM25Index:
    def __init__(self, chunks: list[Chunk]) -> None:
        texts = [c.embed_text() for c in chunks]
        vocabulary: Counter[str] = Counter(w for text in texts for w in words(text))
        self.analyzer = Analyzer(Decompounder(vocabulary))
        self._bm25 = _index(self.analyzer, texts)
        self.size = len(chunks)
        passages = [(i, w) for i, c in enumerate(chunks) for w in windows(c)]
        self._owner = np.array([i for i, _ in passages], dtype=np.int64)
        self._passages = _index(self.analyzer, [w for _, w in passages])

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (in index order) for ``query``."""
        return _scores(self._bm25, self.analyzer.tokens(query), self.size)

    def passage_scores(self, query: str) -> np.ndarray:
        """Per chunk, the BM25 score of its best sentence window for ``query``."""
        per_passage = _scores(self._passages, self.analyzer.tokens(query), len(self._owner))
        best = np.zeros(self.size, dtype=np.float32)
        np.maximum.at(best, self._owner, per_passage)
        return best
