"""Chroma ``EmbeddingFunction`` adapter around our Embedder.

Passing it to every collection keeps Chroma from instantiating its default embedding function,
which would download an English ONNX model at first use.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from vectors.embedders.base import Embedder

ADAPTER_NAME = "verwijswijzer"


class DetachedEmbedder:
    """Stands in when Chroma rebuilds the function from stored config: the model is not known by name."""

    def __init__(self, name: str, dim: int) -> None:
        self.name = name
        self.dim = dim

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        raise RuntimeError(f"Open this collection through ChromaStore with the embedder {self.name!r}.")

    def embed_query(self, text: str) -> np.ndarray:
        raise RuntimeError(f"Open this collection through ChromaStore with the embedder {self.name!r}.")


@register_embedding_function
class EmbedderFunction(EmbeddingFunction[Documents]):
    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self.embedder.embed_documents(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [self.embedder.embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return ADAPTER_NAME

    def get_config(self) -> dict[str, Any]:
        return {"embedder": self.embedder.name, "dim": self.embedder.dim}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> EmbedderFunction:
        return EmbedderFunction(DetachedEmbedder(str(config.get("embedder")), int(config.get("dim", 0))))

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine"]
