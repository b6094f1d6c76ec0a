"""The persisted chunk index: every chunk plus, per document, the file hash it was built from.

One JSON file written atomically (temp file + rename): a killed ingest leaves the previous index complete.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, Field

from ingest.models import Chunk

INDEX_FILE = "chunks.json"


class DocumentState(BaseModel):
    document_id: str
    path: str
    sha256: str  # of the file bytes, the document metadata and the chunker code
    title: str
    region: str
    uploaded: bool = False
    chunk_ids: list[str] = Field(default_factory=list)


class IndexState(BaseModel):
    documents: dict[str, DocumentState] = Field(default_factory=dict)
    chunks: list[Chunk] = Field(default_factory=list)


class ChunkStore:
    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir / "index"
        self.path = self.dir / INDEX_FILE

    def exists(self) -> bool:
        return self.path.is_file()

    def load(self) -> IndexState:
        if not self.exists():
            return IndexState()
        return IndexState.model_validate_json(self.path.read_bytes())

    def save(self, state: IndexState) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".chunks-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(state.model_dump_json())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def document_path(self, document_id: str) -> Path | None:
        if not self.exists():
            return None
        raw = json.loads(self.path.read_bytes()).get("documents", {})
        doc = raw.get(document_id)
        return Path(doc["path"]) if doc else None
