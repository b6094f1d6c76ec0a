"""Persistent embedding cache: unchanged text is never embedded twice.

Vectors live in one SQLite file keyed by (embedder name, sha256 of the text), so switching models
never mixes vectors and re-ingesting an unchanged corpus does no model work at all.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import numpy as np

from vectors.embedders.base import Embedder

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    namespace TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (namespace, text_sha256)
)
"""
# SQLite caps bound parameters per statement; look keys up in slices below that cap.
_LOOKUP_SLICE = 500


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class CachedEmbedder:
    """Wraps an Embedder; same Protocol. ``misses`` counts texts the inner model embedded, ``hits`` the rest."""

    def __init__(self, inner: Embedder, cache_dir: Path, batch_size: int = 64) -> None:
        self.inner = inner
        self.name: str = inner.name
        self.dim: int = inner.dim
        self.batch_size = batch_size
        self.hits = 0
        self.misses = 0
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.path = cache_dir / "embeddings.sqlite3"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)
        self._db.commit()

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        found = self._lookup(set(keys))
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        # A text repeated within one call is embedded once; its repeats count as hits.
        self.misses += len(missing)
        self.hits += len(keys) - len(missing)
        if missing:
            text_by_key = dict(zip(keys, texts, strict=True))
            for start in range(0, len(missing), self.batch_size):
                batch = missing[start : start + self.batch_size]
                vectors = self.inner.embed_documents([text_by_key[k] for k in batch])
                self._store(batch, vectors)
                found.update(zip(batch, vectors, strict=True))
        if not keys:
            return np.empty((0, self.dim), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)

    def embed_query(self, text: str) -> np.ndarray:
        # Queries are short and rarely repeat verbatim; a disk round-trip would cost more than it saves.
        return self.inner.embed_query(text)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _lookup(self, keys: set[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        ordered = sorted(keys)
        with self._lock:
            for start in range(0, len(ordered), _LOOKUP_SLICE):
                part = ordered[start : start + _LOOKUP_SLICE]
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    f"SELECT text_sha256, vector FROM embeddings WHERE namespace = ? AND text_sha256 IN ({marks})",
                    [self.name, *part],
                )
                for key, blob in rows:
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if vector.shape == (self.dim,):
                        found[key] = vector
        return found

    def _store(self, keys: list[str], vectors: np.ndarray) -> None:
        rows = [
            (self.name, key, np.ascontiguousarray(vector, dtype=np.float32).tobytes())
            for key, vector in zip(keys, vectors, strict=True)
        ]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)", rows)
            self._db.commit()
