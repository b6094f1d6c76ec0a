"""The embedder interface every dense-retrieval component depends on."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns text into L2-normalised float32 vectors.

    ``name`` is a stable id (model and version) and namespaces cached embeddings, so two models
    never share cached vectors. Documents and queries are embedded separately because asymmetric
    models (e5) prefix them differently.
    """

    name: str
    dim: int

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """Return shape (len(texts), dim), float32, each row L2-normalised."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """Return shape (dim,), float32, L2-normalised."""
        ...


def normalised(vectors: np.ndarray) -> np.ndarray:
    """Float32 copy with unit-length rows (zero rows stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)
