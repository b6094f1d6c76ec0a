"""Incremental ingest: corpus (and uploaded files) → chunks → chunk index + vector store.

A document is re-chunked only when its content hash changes (file bytes, its metadata and the chunker code).
The vector store is then brought in line with the chunk index: missing chunk ids are embedded (through the
persistent embedding cache, so unchanged text never reaches the model again) and ids no chunk has any more
are deleted. The chunk index is written atomically; a killed ingest leaves the previous index complete, and a
vector store that got ahead of it is repaired by the next run.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

import ingest.chunking
import ingest.cleaning
import ingest.structure
from ingest.chunking import chunk_source
from ingest.loaders import LoadError, load_source
from ingest.models import Chunk
from ingest.store import ChunkStore, DocumentState, IndexState
from verwijswijzer.corpus import DocumentMeta, load_catalogue
from verwijswijzer.settings import Settings, get_settings

EMBED_BATCH = 32


class IngestReport(BaseModel):
    new: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    failed: dict[str, str] = Field(default_factory=dict)
    chunks: int = 0
    embedder: str = "none"
    embedded: int = 0  # chunk vectors computed by the model
    cached: int = 0  # chunk vectors taken from the embedding cache
    deleted_vectors: int = 0
    seconds: float = 0.0


def _code_fingerprint() -> str:
    """Chunking code changes invalidate every document's chunks."""
    digest = hashlib.sha256()
    for module in (ingest.cleaning, ingest.structure, ingest.chunking):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


def document_hash(path: Path, meta: DocumentMeta) -> str:
    digest = hashlib.sha256(path.read_bytes())
    digest.update(f"{meta.id}|{meta.title}|{meta.region}|{_code_fingerprint()}".encode())
    return digest.hexdigest()


def chunk_document(path: Path, meta: DocumentMeta) -> list[Chunk]:
    """Load and chunk one file; raises LoadError for a broken or empty file."""
    chunks = chunk_source(load_source(path), meta.id, meta.region, meta.title)
    if not chunks:
        raise LoadError(f"{path.name}: geen bruikbare tekst gevonden")
    return chunks


def _metadata(chunk: Chunk) -> dict:
    return {"document_id": chunk.document_id, "region": chunk.region, "section": chunk.section[:500],
            "line_start": chunk.line_start, "line_end": chunk.line_end, "page": chunk.page, "block": chunk.block}


class _VectorSync:
    """Brings the vector store in line with the chunk index (lazy: no model is loaded when nothing is missing)."""

    def __init__(self, settings: Settings, embedder_spec: str, progress: Progress | None) -> None:
        self.settings = settings
        self.spec = embedder_spec
        self.progress = progress

    def run(self, chunks: list[Chunk], report: IngestReport) -> None:
        from vectors.embedders import make_embedder
        from vectors.embedding_cache import CachedEmbedder
        from vectors.vector_store import make_vector_store

        inner = make_embedder(self.spec)
        if inner is None:
            return
        embedder = CachedEmbedder(inner, self.settings.data_dir / "embedding-cache")
        report.embedder = embedder.name
        store = make_vector_store(self.settings, embedder)
        wanted = {c.id: c for c in chunks}
        present = store.ids()
        stale = sorted(present - wanted.keys())
        missing = [c for cid, c in wanted.items() if cid not in present]
        task = self.progress.add_task("Embedden", total=len(missing)) if self.progress and missing else None
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start : start + EMBED_BATCH]
            vectors = embedder.embed_documents([c.embed_text() for c in batch])
            store.upsert([c.id for c in batch], vectors, [_metadata(c) for c in batch],
                         [c.embed_text() for c in batch])
            if task is not None and self.progress:
                self.progress.advance(task, len(batch))
        if stale:
            store.delete(stale)
        report.embedded, report.cached, report.deleted_vectors = embedder.misses, embedder.hits, len(stale)
        embedder.close()


def _progress(enabled: bool) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    disable=not enabled, transient=True)


def _apply(state: IndexState, meta: DocumentMeta, path: Path, sha: str, chunks: list[Chunk], uploaded: bool) -> None:
    old = state.documents.get(meta.id)
    drop = set(old.chunk_ids) if old else set()
    state.chunks = [c for c in state.chunks if c.id not in drop and c.document_id != meta.id] + chunks
    state.documents[meta.id] = DocumentState(
        document_id=meta.id, path=str(path.resolve()), sha256=sha, title=meta.title, region=meta.region,
        uploaded=uploaded, chunk_ids=[c.id for c in chunks])


def _sources(settings: Settings, state: IndexState) -> Iterable[tuple[DocumentMeta, Path, bool]]:
    catalogue = load_catalogue(settings.corpus_dir)
    for meta in catalogue.documents:
        yield meta, catalogue.path(meta.id), False
    listed = {d.id for d in catalogue.documents}
    for doc in state.documents.values():
        if doc.uploaded and doc.document_id not in listed and Path(doc.path).is_file():
            meta = DocumentMeta(id=doc.document_id, file=Path(doc.path).name, title=doc.title, region=doc.region,
                                kind="upload", binding="uploaded document", version="upload")
            yield meta, Path(doc.path), True


def run_ingest(settings: Settings | None = None, progress: bool = True, embedder: str | None = None) -> IngestReport:
    """Index the corpus incrementally; ``embedder`` overrides ``settings.embedder`` (benchmarks)."""
    settings = settings or get_settings()
    started = time.perf_counter()
    store = ChunkStore(settings.data_dir)
    state = store.load()
    report = IngestReport()
    seen: set[str] = set()
    with _progress(progress) as bar:
        sources = list(_sources(settings, state))
        task = bar.add_task("Documenten", total=len(sources))
        for meta, path, uploaded in sources:
            seen.add(meta.id)
            old = state.documents.get(meta.id)
            try:
                sha = document_hash(path, meta)
                if old and old.sha256 == sha:
                    report.unchanged.append(meta.id)
                else:
                    _apply(state, meta, path, sha, chunk_document(path, meta), uploaded)
                    (report.changed if old else report.new).append(meta.id)
            except (LoadError, OSError) as exc:
                report.failed[meta.id] = str(exc)
            bar.advance(task)
        for doc_id in sorted(set(state.documents) - seen):
            drop = set(state.documents.pop(doc_id).chunk_ids)
            state.chunks = [c for c in state.chunks if c.id not in drop]
            report.removed.append(doc_id)
        if report.new or report.changed or report.removed or not store.exists():
            store.save(state)
        _VectorSync(settings, embedder or settings.embedder, bar).run(state.chunks, report)
    report.chunks = len(state.chunks)
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def ingest_file(path: Path, meta: DocumentMeta, settings: Settings | None = None) -> list[Chunk]:
    """Ingest one uploaded file under ``meta`` (id, title, region); returns its chunks.

    Raises LoadError with a clear message for a broken, empty or unsupported file; the index is untouched then.
    """
    settings = settings or get_settings()
    chunks = chunk_document(path, meta)
    store = ChunkStore(settings.data_dir)
    state = store.load()
    _apply(state, meta, path, document_hash(path, meta), chunks, uploaded=True)
    report = IngestReport()
    _VectorSync(settings, settings.embedder, None).run(state.chunks, report)
    store.save(state)
    return chunks
