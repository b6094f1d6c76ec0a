"""The one owner of a process's loaded search index: chat, /v1/search, the CLI and the eval harness read it.

It follows the index on disk: every read compares the chunk index file's version (modification time and size,
one ``stat``) with the one it loaded, and loads again when another process — an ingest, an upload in another
worker — has written a new one. Nothing has to tell it; an ingest only writes its files.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ingest.store import ChunkStore
from retrieval.service import Mode, Retriever, SearchHit, build_retriever
from verwijswijzer.settings import Settings

Version = tuple[int, int] | None


class Index:
    def __init__(self, settings: Settings, mode: Mode = "hybrid", loaded: Retriever | None = None,
                 build: Callable[[], Retriever] | None = None) -> None:
        self._store = ChunkStore(settings.data_dir)
        self._build = build or (lambda: build_retriever(settings, mode=mode))
        self._lock = threading.Lock()
        self._retriever = loaded
        self._version = self._on_disk() if loaded is not None else None

    @property
    def retriever(self) -> Retriever:
        """The retriever over the index as it is on disk now (loaded again when it changed)."""
        version = self._on_disk()
        with self._lock:
            if self._retriever is None or version != self._version:
                self._retriever, self._version = self._build(), version
            return self._retriever

    def search(self, query: str, region: str | None, k: int) -> list[SearchHit]:
        return self.retriever.search(query, region, k)

    def reload(self) -> None:
        """Load the index again on the next read, even when its file looks unchanged."""
        with self._lock:
            self._retriever = None

    def _on_disk(self) -> Version:
        try:
            stat = self._store.path.stat()
        except FileNotFoundError:
            return None
        return stat.st_mtime_ns, stat.st_size


_shared: dict[Path, Index] = {}
_shared_lock = threading.Lock()


def shared_index(settings: Settings) -> Index:
    """The process's index for these settings' data folder (for the CLI and the eval harness)."""
    with _shared_lock:
        return _shared.setdefault(settings.data_dir, Index(settings))
