"""Audit log: one JSON line per answer, enough to replay why it was given.

A line holds the time, the API key id (never the key), the conversation and turn, the redacted question and which
kinds of personal data were removed from it, the answer (kind, text, region), every citation with the document
version it was drawn from, and the rule functions' inputs and outputs. Replaying = asking the same question in the
same region against the same document versions and rule data, and comparing.

Several API workers may append to one file: each line is written with one ``write`` under an exclusive lock.
"""

from __future__ import annotations

import fcntl
import json
import threading
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field

from assistant.answer import Answer


class CitedSource(BaseModel):
    n: int
    document_id: str
    version: str | None
    line_start: int
    line_end: int


class AuditEntry(BaseModel):
    time: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="milliseconds"))
    key_id: str | None
    conversation_id: str
    turn: int | None = None
    question: str  # already redacted
    redacted: list[str] = []  # kinds of personal data removed from the question (never the values)
    kind: str
    region: str | None
    answer: str
    citations: list[CitedSource] = []
    documents_version: dict[str, str] = {}
    tool_calls: list[dict[str, Any]] = []

    @classmethod
    def of(cls, answer: Answer, question: str, key_id: str | None, redacted: list[str],
           turn: int | None = None) -> AuditEntry:
        versions = answer.documents_version
        return cls(key_id=key_id, conversation_id=answer.conversation_id, turn=turn, question=question,
                   redacted=redacted, kind=answer.kind, region=answer.region, answer=answer.text,
                   citations=[CitedSource(n=c.n, document_id=c.document_id, version=versions.get(c.document_id),
                                          line_start=c.line_start, line_end=c.line_end) for c in answer.citations],
                   documents_version=versions, tool_calls=[t.model_dump() for t in answer.tool_calls])


class AuditLog(Protocol):
    def record(self, entry: AuditEntry) -> None: ...


class JsonlAuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def record(self, entry: AuditEntry) -> None:
        line = (json.dumps(entry.model_dump(), ensure_ascii=False, default=str) + "\n").encode()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("ab") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            try:
                f.write(line)
                f.flush()
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    def entries(self) -> list[AuditEntry]:
        if not self.path.exists():
            return []
        return [AuditEntry.model_validate_json(line) for line in self.path.read_text(encoding="utf-8").splitlines()
                if line.strip()]


@lru_cache(maxsize=8)
def audit_log_at(path: Path) -> JsonlAuditLog:
    """One writer per file per process, so its thread lock covers every request of the process."""
    return JsonlAuditLog(path)
