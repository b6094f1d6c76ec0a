"""Any sentence-transformers model from a local directory (optional extra ``st``: it needs torch).

Loading is strictly offline: ``HF_HUB_OFFLINE=1`` and ``local_files_only=True``, so a wrong path
fails with a clear error instead of reaching for a model hub.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from vectors.embedders.base import normalised


def model_fingerprint(path: Path) -> str:
    """Short hash of the model directory's file names and sizes: changes when the model is replaced."""
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(f"{file.relative_to(path)}:{file.stat().st_size}\n".encode())
    return digest.hexdigest()[:12]


class SentenceTransformerEmbedder:
    def __init__(self, path: Path | str) -> None:
        path = Path(path).expanduser().resolve()
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise ValueError(
                f"No sentence-transformers model found at {path} (expected modules.json or config.json there)."
            )
        os.environ["HF_HUB_OFFLINE"] = "1"
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ValueError(
                f"Embedder 'st:' needs the optional extra 'st' (pip install 'verwijswijzer[st]'); "
                f"importing sentence-transformers failed: {exc}"
            ) from exc

        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.dim: int = int(self._model.get_embedding_dimension())
        self.name: str = f"st:{path.parent.name}/{path.name}:{model_fingerprint(path)}"

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        # encode_document/encode_query apply the model's own prompts (e.g. e5 prefixes) when it defines them.
        vectors = self._model.encode_document(list(texts), batch_size=32, convert_to_numpy=True)
        return normalised(vectors)

    def embed_query(self, text: str) -> np.ndarray:
        return normalised(self._model.encode_query(text, convert_to_numpy=True))
