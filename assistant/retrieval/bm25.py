"""BM25 over chunks with Dutch stemming and compound splitting (bm25s + PyStemmer).

The index is rebuilt from the persisted chunks when a retriever loads: for this corpus that takes well under a
second, and it can never disagree with the chunk index.
"""

from __future__ import annotations

from collections import Counter

import bm25s
import numpy as np

from assistant.retrieval.query import Analyzer, Decompounder, words
from ingest.models import Chunk


class BM25Index:
    def __init__(self, chunks: list[Chunk]) -> None:
        texts = [c.embed_text() for c in chunks]
        vocabulary: Counter[str] = Counter(w for text in texts for w in words(text))
        self.analyzer = Analyzer(Decompounder(vocabulary))
        self._bm25 = bm25s.BM25()
        self._bm25.index([self.analyzer.tokens(t) or [""] for t in texts], show_progress=False)
        self.size = len(chunks)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (in index order) for ``query``."""
        tokens = [t for t in self.analyzer.tokens(query) if t in self._bm25.vocab_dict]
        if not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return self._bm25.get_scores(tokens)
