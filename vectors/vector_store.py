"""Dense vector store: the Protocol retrieval depends on and its Chroma implementation.

Chroma runs embedded (``PersistentClient`` on ``settings.chroma_dir``) or, with
``chroma_mode="http"``, against a shared Chroma server. Each embedder gets its own collection
(``<chroma_collection>-<embedder>``), so switching models never mixes vector spaces or dimensions.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Protocol

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from vectors.chroma_embedding import EmbedderFunction
from vectors.embedders.base import Embedder
from verwijswijzer.settings import Settings

ChromaScalar = str | int | float | bool


class VectorStore(Protocol):
    def upsert(self, ids: list[str], embeddings: np.ndarray, metadatas: list[dict], documents: list[str]) -> None: ...

    def delete(self, ids: list[str]) -> None: ...

    def ids(self) -> set[str]: ...

    def query(self, embedding: np.ndarray, k: int, regions: list[str] | None) -> list[tuple[str, float]]:
        """Top-k (chunk id, cosine similarity), best first; ``regions`` keeps only chunks whose
        metadata ``region`` is one of them (callers add 'algemeen' themselves)."""
        ...

    def count(self) -> int: ...

    def ping(self) -> bool:
        """True when the store answers; False (never an exception) when it is unreachable."""
        ...


def collection_name(base: str, embedder_name: str) -> str:
    """Chroma-safe name: 3-512 chars of [a-zA-Z0-9._-], alphanumeric at both ends."""
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", embedder_name).strip("-._")[:48]
    digest = hashlib.sha256(embedder_name.encode()).hexdigest()[:8]
    return f"{base}-{slug}-{digest}"


def _clean_metadata(metadata: dict[str, Any]) -> dict[str, ChromaScalar]:
    # Chroma accepts only scalar values; None (e.g. no page for .txt sources) is simply left out.
    return {key: value for key, value in metadata.items() if isinstance(value, ChromaScalar)}


class ChromaStore:
    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        self.collection_name = collection_name(settings.chroma_collection, embedder.name)
        self._client: ClientAPI | None = None
        self._collection: Collection | None = None

    # The client is created on first use: an HTTP client checks the server when constructed, and
    # ``ping`` must be able to report an unreachable server instead of raising from ``__init__``.
    @property
    def client(self) -> ClientAPI:
        if self._client is None:
            chroma_settings = ChromaSettings(anonymized_telemetry=False)
            if self.settings.chroma_mode == "http":
                self._client = chromadb.HttpClient(
                    host=self.settings.chroma_host, port=self.settings.chroma_port, settings=chroma_settings
                )
            else:
                self.settings.chroma_dir.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(self.settings.chroma_dir), settings=chroma_settings)
        return self._client

    @property
    def collection(self) -> Collection:
        if self._collection is None:
            self._collection = self.client.get_or_create_collection(
                self.collection_name,
                embedding_function=EmbedderFunction(self.embedder),
                configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedder": self.embedder.name, "dim": self.embedder.dim},
            )
        return self._collection

    def upsert(self, ids: list[str], embeddings: np.ndarray, metadatas: list[dict], documents: list[str]) -> None:
        if not (len(ids) == len(embeddings) == len(metadatas) == len(documents)):
            raise ValueError("upsert needs as many embeddings, metadatas and documents as ids.")
        batch = self.client.get_max_batch_size()
        for start in range(0, len(ids), batch):
            end = start + batch
            self.collection.upsert(
                ids=ids[start:end],
                embeddings=np.asarray(embeddings[start:end], dtype=np.float32),
                metadatas=[_clean_metadata(m) for m in metadatas[start:end]],
                documents=documents[start:end],
            )

    def delete(self, ids: list[str]) -> None:
        batch = self.client.get_max_batch_size()
        for start in range(0, len(ids), batch):
            self.collection.delete(ids=ids[start : start + batch])

    def ids(self) -> set[str]:
        return set(self.collection.get(include=[])["ids"])

    def query(self, embedding: np.ndarray, k: int, regions: list[str] | None) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        where = {"region": {"$in": list(regions)}} if regions else None
        result = self.collection.query(
            query_embeddings=[np.asarray(embedding, dtype=np.float32)],
            n_results=k,
            where=where,
            include=["distances"],
        )
        distances = result["distances"] or [[]]
        # Chroma's cosine distance is 1 - cosine similarity.
        return [(chunk_id, 1.0 - float(d)) for chunk_id, d in zip(result["ids"][0], distances[0], strict=True)]

    def count(self) -> int:
        return self.collection.count()

    def ping(self) -> bool:
        try:
            self.client.heartbeat()
        except Exception:
            # Any failure (refused connection, timeout, bad server) means "not reachable" here.
            self._client = None
            self._collection = None
            return False
        return True


def make_vector_store(settings: Settings, embedder: Embedder) -> VectorStore:
    return ChromaStore(settings, embedder)
