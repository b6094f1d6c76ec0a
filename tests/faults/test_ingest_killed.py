"""Ingest killed half-way (while embedding): the index on disk stays whole and serves; the next ingest finishes."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from assistant.engine import ChatRequest
from ingest.quotes import is_verbatim
from ingest.store import ChunkStore
from tests.procs import BIN, env_for, ingest, kill_quietly, small_corpus
from tests.security.conftest import make_assistant
from verwijswijzer.settings import PROJECT_ROOT, Settings


def vector_count(data: Path) -> int:
    client = chromadb.PersistentClient(path=str(data / "chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    return sum(client.get_collection(c.name).count() for c in client.list_collections())


def add_document(corpus: Path, doc_id: str) -> None:
    manifest = json.loads((PROJECT_ROOT / "corpus" / "manifest.json").read_text(encoding="utf-8"))
    doc = next(d for d in manifest["documents"] if d["id"] == doc_id)
    shutil.copy(PROJECT_ROOT / "corpus" / doc["file"], corpus / doc["file"])
    mine = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    mine["documents"].append(doc)
    (corpus / "manifest.json").write_text(json.dumps(mine, ensure_ascii=False), encoding="utf-8")


@pytest.mark.slow
def test_killed_ingest_keeps_a_whole_index_and_the_rerun_completes(tmp_path: Path) -> None:
    corpus, data = small_corpus(tmp_path / "corpus"), tmp_path / "data"
    settings = {"corpus_dir": str(corpus), "data_dir": str(data)}
    ingest(settings)
    store = ChunkStore(data)
    before = store.load()
    assert vector_count(data) == len(before.chunks) > 0

    add_document(corpus, "lelystad-eenvoudig-maatwerk")
    stamp = store.path.stat().st_mtime_ns
    proc = subprocess.Popen([str(BIN / "verwijswijzer"), "ingest"], env=env_for(settings),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 240
        while store.path.stat().st_mtime_ns == stamp and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "ingest finished before it could be killed half-way"
        proc.kill()  # SIGKILL: no clean-up code runs
        proc.wait(10)
    finally:
        kill_quietly(proc)

    after = store.load()  # a whole JSON document, never a torn write
    assert len(after.chunks) >= len(before.chunks)
    assert vector_count(data) < len(after.chunks), "the kill was meant to land while embedding"
    served = make_assistant(Settings(corpus_dir=corpus, data_dir=data, embedder="none",
                                     database_url=f"sqlite:///{tmp_path / 'c.sqlite3'}", audit_log=tmp_path / "a"))
    answer = served.chat(ChatRequest(message="Wanneer is een light-contract mogelijk?", region="haarlem"))
    assert answer.kind == "answer" and answer.citations
    for c in answer.citations:
        assert is_verbatim(served.source_lines(c.document_id), c.line_start, c.line_end, c.quote)

    ingest(settings)  # the next run finishes the job
    final = store.load()
    assert "lelystad-eenvoudig-maatwerk" in final.documents
    assert vector_count(data) == len(final.chunks)
